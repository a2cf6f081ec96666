import type { AuditReport, ItemOutcome } from "../engine/report-model.js";
import { claimsText } from "./claims.js";
import { EVIDENCE_SHOWN, formatLocation, headline, itemsByOutcome, OUTCOME_HEADING, profileLine } from "./shared.js";

/** ANSI SGR codes; written by hand because util.styleText decides colour from process.stdout, not our stream. */
const SGR = { bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], gray: [90, 39] } as const;
type Style = keyof typeof SGR;

const MARK: Record<ItemOutcome, [string, Style]> = {
  fail: ["✗", "red"],
  partial: ["~", "yellow"],
  waived: ["○", "cyan"],
  pass: ["✓", "green"],
  not_applicable: ["-", "gray"],
};

const BAR_WIDTH = 10;

/** The terminal report: headline, category bars, then items, failing first. */
export function renderText(report: AuditReport, options: { color: boolean }): string {
  const paint = (style: Style, text: string) => (options.color ? `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : text);
  const scoreStyle: Style = report.conclusion === "failure" ? "red" : report.conclusion === "neutral" ? "yellow" : "green";
  const out: string[] = [];
  out.push(paint("bold", `${report.repository.label}: ${headline(report)}`));
  out.push(`profile: ${profileLine(report)}`);
  out.push(
    `conclusion: ${paint(scoreStyle, report.conclusion)}${report.threshold > 0 ? ` (threshold ${report.threshold}, ${report.mode})` : ""}`,
  );
  out.push("");
  const width = Math.max(...report.categories.map((c) => c.title.length));
  for (const category of report.categories) {
    const label = category.title.padEnd(width);
    if (category.score === null) {
      out.push(`  ${label}  ${paint("gray", "not applicable")}`);
      continue;
    }
    const filled = Math.round((category.score / 100) * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    const style: Style = category.score >= 75 ? "green" : category.score >= 50 ? "yellow" : "red";
    const counts = (["pass", "partial", "fail"] as const)
      .filter((o) => category.counts[o] > 0)
      .map((o) => `${category.counts[o]} ${o}`)
      .join(", ");
    out.push(`  ${label}  ${paint(style, bar)} ${String(category.score).padStart(3)}  ${paint("gray", counts)}`);
  }
  for (const [outcome, items] of itemsByOutcome(report)) {
    out.push("", paint("bold", `${OUTCOME_HEADING[outcome]} (${items.length})`));
    const [mark, style] = MARK[outcome];
    for (const item of items) {
      out.push(`  ${paint(style, mark)} ${item.id}  ${item.title}`);
      if (outcome === "not_applicable") {
        out.push(paint("gray", `      ${item.reason}`));
        continue;
      }
      out.push(`      ${item.reason}`);
      for (const evidence of item.evidence.slice(0, EVIDENCE_SHOWN)) {
        out.push(paint("gray", `      ${formatLocation(evidence)}${evidence.note ? `  ${evidence.note}` : ""}`));
      }
      if (item.evidence.length > EVIDENCE_SHOWN) out.push(paint("gray", `      … and ${item.evidence.length - EVIDENCE_SHOWN} more`));
      if (item.waiver) out.push(paint("cyan", `      waived until ${item.waiver.expires}: ${item.waiver.reason}`));
      if (outcome === "fail" || outcome === "partial") out.push(paint("cyan", `      fix: ${item.remediation}`));
    }
  }
  out.push(...claimsText(report, paint));
  if (report.notes.length > 0) {
    out.push("", paint("bold", "Notes"));
    for (const note of report.notes) out.push(`  • ${note}`);
  }
  return `${out.join("\n")}\n`;
}
