import type { AuditReport, ItemOutcome, ItemResult } from "../engine/report-model.js";
import type { Evidence } from "../probes/probe.js";

/** The order a reader wants: what to fix first. */
export const OUTCOME_ORDER: ItemOutcome[] = ["fail", "partial", "waived", "pass", "not_applicable"];

export const OUTCOME_HEADING: Record<ItemOutcome, string> = {
  fail: "Failing",
  partial: "Partial",
  waived: "Waived",
  pass: "Passing",
  not_applicable: "Not applicable",
};

export function itemsByOutcome(report: AuditReport): [ItemOutcome, ItemResult[]][] {
  return OUTCOME_ORDER.map((outcome): [ItemOutcome, ItemResult[]] => [outcome, report.items.filter((i) => i.outcome === outcome)]).filter(
    ([, items]) => items.length > 0,
  );
}

export function formatLocation(evidence: Evidence): string {
  return evidence.line ? `${evidence.path}:${evidence.line}` : evidence.path;
}

export function profileLine(report: AuditReport): string {
  const p = report.profile;
  const parts = [p.kind, p.languages.slice(0, 4).join(", ") || "no source code"];
  if (p.packageManagers.length) parts.push(p.packageManagers.join(", "));
  if (p.frameworks.length) parts.push(p.frameworks.join(", "));
  if (p.databases.length) parts.push(`databases: ${p.databases.join(", ")}`);
  return parts.join(" · ");
}

export function failingCount(report: AuditReport): number {
  return report.items.filter((i) => i.outcome === "fail").length;
}

/** "Readiness 82/100 · Silver · 3 failing": the check run's title and the text report's headline. */
export function headline(report: AuditReport): string {
  const failing = failingCount(report);
  return `Readiness ${report.score}/100 · ${report.level} · ${failing === 0 ? "nothing failing" : `${failing} failing`}`;
}

/** How many evidence entries a report shows per item before summarising the rest. */
export const EVIDENCE_SHOWN = 3;
