import { distributionChart, levelColour, sparkline } from "./charts.js";
import { type Html, html } from "./html.js";
import { type GitHubLinks, layout, paths, shortDate, type Viewer } from "./layout.js";
import type { Overview, OverviewQuery, OverviewRow } from "./overview.js";

export function levelBadge(level: string | null): Html {
  return level === null ? html`<span class="muted">–</span>` : html`<span class="level" data-level="${level}">${level}</span>`;
}

/** The query string of the overview with some parameters changed (empty values dropped). */
export function withQuery(base: string, query: OverviewQuery, changes: Partial<Record<keyof OverviewQuery | "dir", string>>): string {
  const params = new URLSearchParams();
  const current: Record<string, string> = {
    name: query.name,
    level: query.level,
    item: query.item,
    outcome: query.item && query.outcome !== "fail" ? query.outcome : "",
    kind: query.kind,
    language: query.language,
    sort: query.sort === "name" ? "" : query.sort,
    dir: query.descending ? "desc" : "",
    page: query.page > 1 ? String(query.page) : "",
  };
  for (const [key, value] of Object.entries({ ...current, ...changes })) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

function select(name: string, label: string, current: string, options: string[], any: string): Html {
  return html`<label>${label}<select name="${name}"><option value="">${any}</option>${options.map((o) => html`<option value="${o}"${o === current ? html` selected` : ""}>${o}</option>`)}</select></label>`;
}

export function overviewPage(org: string, overview: Overview, query: OverviewQuery, viewer: Viewer | undefined, links: GitHubLinks): string {
  const base = paths.org(org);
  const levelOrder = overview.levels.map((l) => l.level);
  // The chart and its legend also name levels repositories have since left.
  const chartLevels = [...new Set([...levelOrder, ...overview.timeline.flatMap((p) => Object.keys(p.levels))])];
  const body = html`<h1>${org}</h1>
<p class="muted">${overview.total} repositories you can see, ${overview.audited} audited.</p>
<div class="cards"><div class="card"><b>${overview.median === null ? "–" : Math.round(overview.median)}</b>median score</div>${overview.levels.map(
    (l) => html`<a class="card" href="${withQuery(base, query, { level: l.level, page: "" })}"><b>${l.count}</b>${levelBadge(l.level)}</a>`,
  )}</div>
<div class="panel"><h2>Levels and median score, last 90 days</h2>${distributionChart(overview.timeline, chartLevels)}<p class="legend">${chartLevels.map(
    (level) => html`<span><svg class="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="${levelColour(level)}"/></svg>${level}</span>`,
  )}<span><svg width="16" height="10" viewBox="0 0 16 10" aria-hidden="true"><line x1="0" x2="16" y1="5" y2="5" stroke="#1d2b3a" stroke-width="2.5"/></svg> median score</span></p></div>
<form class="filters" method="get" action="${base}">
<label>Name<input type="search" name="name" value="${query.name}" placeholder="repository name"></label>
${select("level", "Level", query.level, levelOrder, "any level")}
${select("item", "Failing item", query.item, overview.facets.items, "any item")}
${select("kind", "Kind", query.kind, overview.facets.kinds, "any kind")}
${select("language", "Language", query.language, overview.facets.languages, "any language")}
<label>Sort<select name="sort">${(["name", "score", "level", "audited"] as const).map((s) => html`<option value="${s}"${s === query.sort ? html` selected` : ""}>${s === "audited" ? "last audit" : s}</option>`)}</select></label>
<label>Order<select name="dir"><option value="">ascending</option><option value="desc"${query.descending ? html` selected` : ""}>descending</option></select></label>
<button type="submit">Apply</button> <a href="${base}">Clear</a> <a href="${withQuery(`${base}/repositories.csv`, query, { page: "" })}">Download CSV</a>
</form>
<p class="muted" id="count">${overview.matching.length} of ${overview.total} repositories${query.item ? html` where <code>${query.item}</code> is ${query.outcome.replace("_", " ")}` : ""}.</p>
<table><thead><tr><th>Repository</th><th class="num">Score</th><th>Level</th><th>Trend</th><th>Failing items</th><th>Last audit</th><th>Check run</th></tr></thead><tbody>
${overview.rows.map((row) => rowHtml(row, base, query, links))}
</tbody></table>
${pager(base, query, overview)}`;
  return layout(org, viewer, body, { org, current: "overview" });
}

function rowHtml(row: OverviewRow, base: string, query: OverviewQuery, links: GitHubLinks): Html {
  return html`<tr><td><a href="${paths.repository(row.fullName)}">${row.fullName}</a>${row.visibility === "public" ? "" : html` <span class="muted">${row.visibility}</span>`}<br><span class="muted">${[row.kind, ...row.languages].filter(Boolean).join(" · ")}</span></td>
<td class="num">${row.score === null ? "–" : Math.round(row.score)}</td><td>${levelBadge(row.level)}</td><td>${sparkline(row.trend)}</td>
<td>${row.failing.map((id) => html`<a class="chip" href="${withQuery(base, query, { item: id, outcome: "", page: "" })}">${id}</a>`)}</td>
<td>${row.sha && row.finishedAt ? html`<a href="${links.commit(row.fullName, row.sha)}"><code>${row.sha.slice(0, 7)}</code></a><br><span class="muted">${shortDate(row.finishedAt)}</span>` : html`<span class="muted">never</span>`}</td>
<td>${row.checkRunId ? html`<a href="${links.checkRun(row.fullName, row.checkRunId)}">check run</a>` : ""}</td></tr>`;
}

function pager(base: string, query: OverviewQuery, overview: Overview): Html {
  if (overview.pages <= 1) return html``;
  return html`<nav class="pager">${overview.page > 1 ? html`<a href="${withQuery(base, query, { page: String(overview.page - 1) })}">← previous</a>` : ""}<span>page ${overview.page} of ${overview.pages}</span>${
    overview.page < overview.pages ? html`<a href="${withQuery(base, query, { page: String(overview.page + 1) })}">next →</a>` : ""
  }</nav>`;
}
