import type { ItemOutcome, ItemResult } from "../findings/findings.js";
import type { AuditReport } from "../audit/report-model.js";
import type { Evidence } from "../findings/findings.js";
import { weightedScore } from "../score/score.js";

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

/** How many fixes a "Fix first" list shows; the rest are in the failing and partial lists. */
export const FIXES_SHOWN = 10;

/** A failing or partial item and the score the report would have if it passed. */
export interface Fix {
  item: ItemResult;
  /** Whole points the score gains when this item passes (the score is rounded, so small items may gain 0). */
  points: number;
  scoreAfter: number;
}

/** "Fix first": failing and partial items, most points first; a required failure leads its equals (it decides the conclusion). */
export function fixFirst(report: AuditReport): Fix[] {
  const now = weightedScore(report.items) ?? report.score;
  return report.items
    .filter((item) => item.outcome === "fail" || item.outcome === "partial")
    .map((item): Fix => {
      const scoreAfter = weightedScore(report.items.map((other) => (other === item ? { ...other, outcome: "pass" as const } : other))) ?? report.score;
      return { item, points: scoreAfter - now, scoreAfter };
    })
    .sort((a, b) => b.points - a.points || Number(b.item.required) - Number(a.item.required) || b.item.weight - a.item.weight);
}
