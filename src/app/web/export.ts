import type { Overview, OverviewRow } from "./overview.js";

/** The overview's repositories as the JSON API gives them. */
export function repositoryJson(row: OverviewRow, links: { checkRun(fullName: string, id: number): string }) {
  return {
    fullName: row.fullName,
    visibility: row.visibility,
    score: row.score,
    level: row.level,
    sha: row.sha,
    auditedAt: row.finishedAt === null ? null : new Date(row.finishedAt).toISOString(),
    checkRunUrl: row.checkRunId ? links.checkRun(row.fullName, row.checkRunId) : null,
    kind: row.kind,
    languages: row.languages,
    failing: row.failing,
    items: row.items,
    trend: row.trend,
  };
}

export function overviewJson(org: string, overview: Overview, links: { checkRun(fullName: string, id: number): string }) {
  return {
    organisation: org,
    total: overview.total,
    audited: overview.audited,
    matching: overview.matching.length,
    median: overview.median,
    levels: overview.levels,
    timeline: overview.timeline.map((p) => ({ at: new Date(p.at).toISOString(), median: p.median, levels: p.levels })),
    repositories: overview.matching.map((row) => repositoryJson(row, links)),
  };
}

const CSV_COLUMNS = ["repository", "visibility", "score", "level", "kind", "languages", "failing_items", "sha", "audited_at", "check_run_url"];

/** Every repository the filters match (not one page), one line each, RFC 4180 quoting. */
export function overviewCsv(overview: Overview, links: { checkRun(fullName: string, id: number): string }): string {
  const lines = overview.matching.map((row) =>
    [
      row.fullName,
      row.visibility,
      row.score === null ? "" : row.score.toFixed(1),
      row.level ?? "",
      row.kind ?? "",
      row.languages.join(" "),
      row.failing.join(" "),
      row.sha ?? "",
      row.finishedAt === null ? "" : new Date(row.finishedAt).toISOString(),
      row.checkRunId ? links.checkRun(row.fullName, row.checkRunId) : "",
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
}

/**
 * Quoted when needed; a value a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
 * prefixed with an apostrophe: repository names come from the organisation's members.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
