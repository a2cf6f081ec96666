import type { Claim } from "../../claims/model.js";
import type { ItemResult } from "../../findings/findings.js";
import type { AuditReport } from "../../audit/report-model.js";
import type { Evidence } from "../../findings/findings.js";
import type { AuditSummary, StoredRepository } from "../store/dashboard.js";
import type { ItemChange } from "./changes.js";
import { historyChart } from "./charts.js";
import { type Html, html } from "./html.js";
import { type GitHubLinks, layout, shortDate, type Viewer } from "./layout.js";
import { levelBadge } from "./overview-page.js";

/** How many item changes the page lists. */
const CHANGES_SHOWN = 50;

const OUTCOME_WORDS: Record<string, string> = { pass: "passes", partial: "partially passes", fail: "fails", waived: "is waived", not_applicable: "does not apply" };
const ORDER = ["fail", "partial", "waived", "pass", "not_applicable"];

export interface RepositoryView {
  repository: StoredRepository;
  org: string;
  audits: AuditSummary[];
  changes: ItemChange[];
  report: AuditReport | undefined;
}

export function repositoryPage(view: RepositoryView, viewer: Viewer | undefined, links: GitHubLinks): string {
  const { repository, audits, report } = view;
  const latest = audits[audits.length - 1];
  const name = repository.fullName;
  const evidence = (sha: string, items: Evidence[]): Html =>
    items.length === 0
      ? html``
      : html`<ul class="evidence">${items.map(
          (e) => html`<li><a href="${links.file(name, sha, e.path, e.line)}"><code>${e.path}${e.line ? `:${e.line}` : ""}</code></a>${e.note ? html` <span class="muted">${e.note}</span>` : ""}</li>`,
        )}</ul>`;
  const body = html`<h1>${name}</h1>
<p><a href="${links.repository(name)}">on GitHub</a>${latest ? html` · latest audit <a href="${links.commit(name, latest.sha)}"><code>${latest.sha.slice(0, 7)}</code></a>, ${shortDate(latest.finishedAt)}${latest.checkRunId ? html` · <a href="${links.checkRun(name, latest.checkRunId)}">check run</a>` : ""}` : ""}</p>
${latest ? html`<div class="cards"><div class="card"><b>${Math.round(latest.score)}</b>score</div><div class="card"><b>${levelBadge(latest.level)}</b>level</div><div class="card"><b>${audits.length}</b>audits kept</div></div>` : html`<p class="muted">Not audited yet.</p>`}
<div class="panel"><h2>Score history</h2>${historyChart(audits.map((a) => ({ at: a.finishedAt, score: a.score, sha: a.sha, level: a.level })))}</div>
<h2>What changed</h2>
${view.changes.length === 0 ? html`<p class="muted">No item has changed between audits.</p>` : html`<ul class="changes">${view.changes.slice(0, CHANGES_SHOWN).map(
    (c) => html`<li><code>${c.item}</code> <span class="outcome-${c.to ?? "not_applicable"}">${c.to ? OUTCOME_WORDS[c.to] : "left the checklist"}</span> since <a href="${links.commit(name, c.sha)}"><code>${c.sha.slice(0, 7)}</code></a>, ${shortDate(c.at)}${c.from ? html` <span class="muted">(${OUTCOME_WORDS[c.from]} before)</span>` : ""}</li>`,
  )}</ul>`}
${report && latest ? reportSection(report, latest.sha, evidence) : html`<p class="muted">The latest report is no longer kept.</p>`}`;
  return layout(name, viewer, body, { org: view.org, current: "repository" });
}

function reportSection(report: AuditReport, sha: string, evidence: (sha: string, items: Evidence[]) => Html): Html {
  const items = [...report.items].sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome));
  return html`<h2>Latest report</h2>
<p class="muted">${report.profile.kind}${report.profile.languages.length ? ` · ${report.profile.languages.join(", ")}` : ""}${report.profile.frameworks.length ? ` · ${report.profile.frameworks.join(", ")}` : ""}</p>
<div class="panel">${items.map((item) => itemHtml(item, sha, evidence))}</div>
${report.notes.length ? html`<h2>Notes</h2><ul>${report.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ""}
${report.claims ? claimsSection(report.claims.items, sha, evidence) : ""}`;
}

function itemHtml(item: ItemResult, sha: string, evidence: (sha: string, items: Evidence[]) => Html): Html {
  return html`<div class="item" id="item-${item.id}"><h3><span class="outcome-${item.outcome}">${item.outcome.replace("_", " ")}</span> <code>${item.id}</code> ${item.title}</h3>
<div>${item.reason}</div>${evidence(sha, item.evidence)}${item.outcome === "fail" || item.outcome === "partial" ? html`<div class="muted">Fix: ${item.remediation}</div>` : ""}${item.waiver ? html`<div class="muted">Waived until ${item.waiver.expires}: ${item.waiver.reason}</div>` : ""}</div>`;
}

function claimsSection(claims: Claim[], sha: string, evidence: (sha: string, items: Evidence[]) => Html): Html {
  if (claims.length === 0) return html`<h2>Claims</h2><p class="muted">The readiness documents make no claim the checklist covers.</p>`;
  return html`<h2>Claims</h2><table><thead><tr><th>Claim</th><th>Verdict</th><th>Why</th></tr></thead><tbody>${claims.map(
    (c) => html`<tr><td>${c.text}<br>${evidence(sha, [{ path: c.path, line: c.line }])}</td><td>${c.verdict.replace("_", " ")}</td><td>${c.reason}${evidence(sha, c.evidence)}</td></tr>`,
  )}</tbody></table>`;
}
