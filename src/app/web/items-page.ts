import type { ItemOutcome } from "../../findings/findings.js";
import { html } from "./html.js";
import { layout, paths, type Viewer } from "./layout.js";
import type { ItemCoverage } from "./overview.js";

const COLUMNS: { outcome: ItemOutcome; label: string }[] = [
  { outcome: "pass", label: "pass" },
  { outcome: "partial", label: "partial" },
  { outcome: "fail", label: "fail" },
  { outcome: "waived", label: "waived" },
  { outcome: "not_applicable", label: "not applicable" },
];

/** The campaign view: every checklist item across the organisation, each count a link to those repositories. */
export function itemsPage(org: string, coverage: ItemCoverage[], titles: Map<string, string>, repositories: number, viewer: Viewer | undefined): string {
  const link = (id: string, outcome: ItemOutcome) => `${paths.org(org)}?${new URLSearchParams({ item: id, outcome })}`;
  const body = html`<h1>${org}: items</h1>
<p class="muted">The latest audit of each of ${repositories} repositories, item by item; most failures first.</p>
<table><thead><tr><th>Item</th>${COLUMNS.map((c) => html`<th class="num">${c.label}</th>`)}<th>Failing</th></tr></thead><tbody>
${coverage.map(
  (item) => html`<tr><td><code>${item.id}</code><br><span class="muted">${titles.get(item.id) ?? ""}</span></td>${COLUMNS.map(
    (c) => html`<td class="num">${item.counts[c.outcome] > 0 ? html`<a class="outcome-${c.outcome}" href="${link(item.id, c.outcome)}">${item.counts[c.outcome]}</a>` : "0"}</td>`,
  )}<td>${item.counts.fail > 0 ? html`<a href="${link(item.id, "fail")}">${item.counts.fail} of ${item.audited} repositories fail</a>` : html`<span class="muted">none fail</span>`}</td></tr>`,
)}
</tbody></table>`;
  return layout(`${org} items`, viewer, body, { org, current: "items" });
}
