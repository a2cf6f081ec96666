import { html } from "./html.js";
import { layout, paths, type Viewer } from "./layout.js";

export function signInPage(signInEnabled: boolean, message?: string): string {
  const body = html`<div class="sign-in"><h1>Readiness</h1><p>Production readiness of every repository of your organisation, with the evidence.</p>${message ? html`<p class="outcome-fail">${message}</p>` : ""}${
    signInEnabled
      ? html`<p><a class="button" href="/auth/sign-in">Sign in with GitHub</a></p><p class="muted">You see the repositories your GitHub account can see, nothing more.</p>`
      : html`<p class="muted">Sign-in is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (the app's OAuth client) and restart.</p>`
  }</div>`;
  return layout("Sign in", undefined, body);
}

export function organisationsPage(organisations: string[], viewer: Viewer): string {
  const body = html`<h1>Organisations</h1>${
    organisations.length === 0
      ? html`<p class="muted">Readiness is not installed on any organisation or account you can see.</p>`
      : html`<ul>${organisations.map((login) => html`<li><a href="${paths.org(login)}">${login}</a></li>`)}</ul>`
  }`;
  return layout("Organisations", viewer, body);
}

export function messagePage(title: string, text: string, viewer: Viewer | undefined): string {
  return layout(title, viewer, html`<h1>${title}</h1><p>${text}</p>`);
}
