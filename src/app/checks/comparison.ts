import type { ItemOutcome, ItemResult } from "../../findings/findings.js";
import type { AuditReport } from "../../audit/report-model.js";
import { escapeMarkdown } from "../../report/markdown.js";

const CREDIT: Partial<Record<ItemOutcome, number>> = { pass: 1, partial: 0.5, fail: 0 };

const NOW: Record<ItemOutcome, string> = {
  pass: "now passes",
  partial: "is now partial",
  fail: "now fails",
  waived: "is now waived",
  not_applicable: "no longer applies",
};

const WAS: Record<ItemOutcome, string> = {
  pass: "passing",
  partial: "partial",
  fail: "failing",
  waived: "waived",
  not_applicable: "not applicable",
};

/**
 * What a pull request changes in readiness, as lines for the top of the check's summary:
 * the score's move and, per item whose outcome changed, its share of that move
 * ("−5: container.healthcheck now fails (was passing)"), biggest first.
 */
export function comparisonSection(head: AuditReport, base: AuditReport, baseLabel: string): string[] {
  const before = new Map(base.items.map((item) => [item.id, item]));
  const changes = head.items
    .map((item) => ({ item, previous: before.get(item.id) }))
    .filter((c): c is { item: ItemResult; previous: ItemResult } => c.previous !== undefined && c.previous.outcome !== c.item.outcome)
    .map(({ item, previous }) => ({
      item,
      previous,
      delta: Math.round(contribution(head, item) - contribution(base, previous)),
    }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.item.id.localeCompare(b.item.id));
  const move = head.score - base.score;
  const lines = [`### Change against ${escapeMarkdown(baseLabel)}`, ""];
  if (changes.length === 0 && move === 0) {
    lines.push("No change: every item has the same outcome as on the base branch.", "");
    return lines;
  }
  lines.push(`**${signed(move)}** (${base.score} → ${head.score})`, "");
  for (const { item, previous, delta } of changes) lines.push(`- ${signed(delta)}: ${item.id} ${NOW[item.outcome]} (was ${WAS[previous.outcome]})`);
  lines.push("");
  return lines;
}

/** The points an item adds to its report's score. */
function contribution(report: AuditReport, item: ItemResult): number {
  const credit = CREDIT[item.outcome];
  if (credit === undefined) return 0;
  const total = report.items.reduce((sum, i) => sum + (CREDIT[i.outcome] === undefined ? 0 : i.weight), 0);
  return total === 0 ? 0 : (100 * item.weight * credit) / total;
}

function signed(value: number): string {
  if (value === 0) return "±0";
  return value > 0 ? `+${value}` : `−${Math.abs(value)}`;
}
