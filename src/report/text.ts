import { stripVTControlCharacters } from "node:util";
import wrapAnsi from "wrap-ansi";
import type { ItemOutcome, ItemResult } from "../findings/findings.js";
import type { AuditReport } from "../audit/report-model.js";
import { claimsText } from "./claims.js";
import { EVIDENCE_SHOWN, FIXES_SHOWN, fixFirst, formatLocation, headline, itemsByOutcome, OUTCOME_HEADING, profileLine } from "./shared.js";

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
const REQUIRED = " (required)";
/** Narrower than this, wrapping makes the report harder to read, not easier. */
const MIN_WIDTH = 40;

export interface TextOptions {
  color: boolean;
  /** Columns to wrap to (the terminal's width); lines are not wrapped without it. */
  width?: number;
  /** Evidence and reasons for passing and not-applicable items too, not only for what fails. */
  verbose?: boolean;
}

/**
 * The terminal report, ordered so that what a reader acts on stays on screen after it scrolls:
 * what passes (one line each), then what fails with its evidence and fix, then the category bars,
 * the score, and last "Fix first": failing items by the points each would add.
 */
export function renderText(report: AuditReport, options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : text);
  const width = options.width === undefined ? Number.POSITIVE_INFINITY : Math.max(MIN_WIDTH, options.width);
  const out: string[] = [paint("bold", report.repository.label), `profile: ${profileLine(report)}`];

  const groups = itemsByOutcome(report);
  const problems = groups.filter(([outcome]) => outcome === "fail" || outcome === "partial").reverse();
  for (const [outcome, items] of groups.filter((group) => !problems.includes(group))) {
    out.push("", paint("bold", `${OUTCOME_HEADING[outcome]} (${items.length})`));
    for (const item of items) out.push(...renderItem(item, paint, options.verbose || outcome === "waived" ? "full" : "line"));
  }
  out.push(...claimsText(report, paint));
  if (report.notes.length > 0) out.push("", paint("bold", "Notes"), ...report.notes.map((note) => `  • ${note}`));
  for (const [outcome, items] of problems) {
    out.push("", paint("bold", `${OUTCOME_HEADING[outcome]} (${items.length})`));
    for (const item of items) out.push(...renderItem(item, paint, "full"));
  }

  out.push("", ...categoryBars(report, paint), "");
  const scoreStyle: Style = report.conclusion === "failure" ? "red" : report.conclusion === "neutral" ? "yellow" : "green";
  out.push(paint("bold", headline(report)));
  out.push(`conclusion: ${paint(scoreStyle, report.conclusion)}${report.threshold > 0 ? ` (threshold ${report.threshold}, ${report.mode})` : ""}`);
  const all = fixFirst(report);
  const fixes = all.slice(0, FIXES_SHOWN);
  if (fixes.length > 0) {
    out.push("", paint("bold", "Fix first") + paint("gray", " (points each fix adds to the score)"));
    const pointsWidth = Math.max(...fixes.map((f) => String(f.points).length)) + 1;
    const idWidth = Math.max(...fixes.map((f) => f.item.id.length + (f.item.required ? REQUIRED.length : 0)));
    for (const { item, points } of fixes) {
      const gain = `+${points}`;
      const id = `${item.id}${item.required ? paint("red", REQUIRED) : ""}`;
      const padding = " ".repeat(idWidth - item.id.length - (item.required ? REQUIRED.length : 0));
      const line = `  ${" ".repeat(pointsWidth - gain.length)}${paint("green", gain)}  ${id}${padding}  ${paint("gray", item.title)}`;
      out.push(...wrap(line, width, 2 + pointsWidth + 2 + idWidth + 2));
    }
    if (all.length > fixes.length) out.push(paint("gray", `  … and ${all.length - fixes.length} more, listed above`));
  }
  return `${out.flatMap((line) => wrap(line, width)).join("\n")}\n`;
}

type Paint = (style: Style, text: string) => string;

function renderItem(item: ItemResult, paint: Paint, detail: "line" | "full"): string[] {
  const [mark, style] = MARK[item.outcome];
  const lines = [`  ${paint(style, mark)} ${item.id}  ${item.title}`];
  if (detail === "line") return lines;
  if (item.outcome === "not_applicable") return [...lines, `      ${paint("gray", item.reason)}`];
  lines.push(`      ${item.reason}`);
  for (const evidence of item.evidence.slice(0, EVIDENCE_SHOWN))
    lines.push(`      ${paint("gray", `${formatLocation(evidence)}${evidence.note ? `  ${evidence.note}` : ""}`)}`);
  if (item.evidence.length > EVIDENCE_SHOWN) lines.push(`      ${paint("gray", `… and ${item.evidence.length - EVIDENCE_SHOWN} more`)}`);
  if (item.waiver) lines.push(`      ${paint("cyan", `waived until ${item.waiver.expires}: ${item.waiver.reason}`)}`);
  if (item.outcome === "fail" || item.outcome === "partial") lines.push(`      ${paint("cyan", `fix: ${item.remediation}`)}`);
  return lines;
}

function categoryBars(report: AuditReport, paint: Paint): string[] {
  const width = Math.max(...report.categories.map((c) => c.title.length));
  return report.categories.map((category) => {
    const label = category.title.padEnd(width);
    if (category.score === null) return `  ${label}  ${paint("gray", "not applicable")}`;
    const filled = Math.round((category.score / 100) * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    const style: Style = category.score >= 75 ? "green" : category.score >= 50 ? "yellow" : "red";
    const counts = (["pass", "partial", "fail"] as const)
      .filter((o) => category.counts[o] > 0)
      .map((o) => `${category.counts[o]} ${o}`)
      .join(", ");
    return `  ${label}  ${paint(style, bar)} ${String(category.score).padStart(3)}  ${paint("gray", counts)}`;
  });
}

/** Wraps at word boundaries (long paths are broken), continuing under the text: past an item's mark, or at `hanging`. */
function wrap(line: string, width: number, hanging?: number): string[] {
  const plain = stripVTControlCharacters(line);
  if (plain.length <= width) return [line];
  const indent = plain.length - plain.trimStart().length;
  hanging ??= indent + (/^\s*[✗~○✓•-] /.test(plain) ? 2 : 0);
  const options = { hard: true, trim: true };
  const [first = "", ...rest] = wrapAnsi(line.slice(indent), width - indent, options).split("\n");
  const continued = rest.length > 0 ? wrapAnsi(rest.join(" "), width - hanging, options).split("\n") : [];
  return [`${" ".repeat(indent)}${first}`, ...continued.map((part) => `${" ".repeat(hanging)}${part}`)];
}
