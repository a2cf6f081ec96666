import { type Html, html } from "./html.js";

export interface Viewer {
  login: string;
  csrf: string;
}

/** GitHub web addresses for what the dashboard links to; every path segment is encoded. */
export class GitHubLinks {
  constructor(private readonly webUrl: string) {}

  repository(fullName: string): string {
    return `${this.webUrl}/${segments(fullName)}`;
  }

  file(fullName: string, sha: string, path: string, line?: number): string {
    return `${this.repository(fullName)}/blob/${encodeURIComponent(sha)}/${segments(path)}${line ? `#L${line}` : ""}`;
  }

  commit(fullName: string, sha: string): string {
    return `${this.repository(fullName)}/commit/${encodeURIComponent(sha)}`;
  }

  checkRun(fullName: string, id: number): string {
    return `${this.repository(fullName)}/runs/${id}`;
  }
}

/** The dashboard's own address of a repository or organisation. */
export const paths = {
  org: (login: string) => `/orgs/${encodeURIComponent(login)}`,
  items: (login: string) => `/orgs/${encodeURIComponent(login)}/items`,
  repository: (fullName: string) => `/repos/${segments(fullName)}`,
};

export function segments(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

export const shortDate = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function layout(title: string, viewer: Viewer | undefined, body: Html, nav?: { org: string; current: "overview" | "items" | "repository" }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Readiness</title><link rel="stylesheet" href="/dashboard.css"></head>
<body><header class="top"><a class="brand" href="/">Readiness</a>${
    nav
      ? html`<nav><a href="${paths.org(nav.org)}"${nav.current === "overview" ? html` aria-current="page"` : ""}>Overview</a><a href="${paths.items(nav.org)}"${nav.current === "items" ? html` aria-current="page"` : ""}>Items</a></nav>`
      : ""
  }<span class="grow"></span>${
    viewer
      ? html`<span class="who">${viewer.login}</span><form method="post" action="/auth/sign-out"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit">Sign out</button></form>`
      : ""
  }</header><main>${body}</main></body></html>`.value;
}
