import type { ItemOutcome, ItemResult } from "../findings/findings.js";
import type { AuditReport } from "../audit/report-model.js";
import { claimsMarkdown } from "./claims.js";
import { itemDocsUrl } from "./links.js";
import { EVIDENCE_SHOWN, FIXES_SHOWN, fixFirst, formatLocation, headline, itemsByOutcome, OUTCOME_HEADING, profileLine } from "./shared.js";

/** GitHub's limit on a check run's output.summary and output.text. */
export const GITHUB_TEXT_LIMIT = 65_535;

const ICON: Record<ItemOutcome, string> = { fail: "❌", partial: "⚠️", waived: "🕊️", pass: "✅", not_applicable: "➖" };

const LEGEND = `<sub>${ICON.pass} pass · ${ICON.partial} partial (half credit) · ${ICON.fail} fail · ${ICON.not_applicable} not applicable or ${ICON.waived} waived (not scored)</sub>`;

/** What to fix first: failing and partial items by the points each would add, each linked to its documentation. */
function fixFirstSection(report: AuditReport): string[] {
  const fixes = fixFirst(report);
  if (fixes.length === 0) return [];
  return [
    "### 🎯 Fix first",
    "",
    "| Points | Item | Fix |",
    "|---:|---|---|",
    ...fixes.slice(0, FIXES_SHOWN).map(
      ({ item, points }) =>
        `| +${points} | ${ICON[item.outcome]} [${escapeMarkdown(item.id)}](${itemDocsUrl(item.id)})${item.required ? " **required**" : ""} | ${escapeMarkdown(item.remediation)} |`,
    ),
    ...(fixes.length > FIXES_SHOWN ? [`| | _… and ${fixes.length - FIXES_SHOWN} more below_ | |`] : []),
    "",
  ];
}

/** Repository content (paths, notes) must never become markup: a file named `<img src=x>` stays text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~]/g, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface MarkdownOptions {
  /** Upper bound on the output's length; sections that do not fit are summarised, most important kept. */
  maxLength?: number;
  /** Extra sections placed right after the score table (e.g. the change against the base branch). */
  preface?: string[];
}

/** The Markdown report: what the check run's summary shows. */
export function renderMarkdown(report: AuditReport, options: MarkdownOptions = {}): string {
  const limit = options.maxLength ?? GITHUB_TEXT_LIMIT;
  const head = [
    `## ${escapeMarkdown(headline(report))}`,
    "",
    `**Profile:** ${escapeMarkdown(profileLine(report))}  `,
    `**Conclusion:** ${report.conclusion}${report.threshold > 0 ? ` (threshold ${report.threshold}, ${report.mode})` : ""}`,
    "",
    "| Category | Score | ✅ | ⚠️ | ❌ | ➖ |",
    "|---|---:|---:|---:|---:|---:|",
    ...report.categories.map(
      (c) =>
        `| ${escapeMarkdown(c.title)} | ${c.score ?? "n/a"} | ${c.counts.pass} | ${c.counts.partial} | ${c.counts.fail} | ${c.counts.not_applicable + c.counts.waived} |`,
    ),
    "",
    LEGEND,
    "",
    ...(options.preface ?? []),
    ...fixFirstSection(report),
  ].join("\n");

  const sections = itemsByOutcome(report).map(([outcome, items]) => {
    const collapsed = outcome === "pass" || outcome === "not_applicable";
    const title = `${ICON[outcome]} ${OUTCOME_HEADING[outcome]} (${items.length})`;
    const body = items.map((item) => renderItem(item, outcome)).join("\n");
    return collapsed ? `<details><summary>${title}</summary>\n\n${body}\n</details>\n` : `### ${title}\n\n${body}\n`;
  });
  // Claims come before the collapsed passing and not-applicable lists, so truncation keeps them.
  const claims = claimsMarkdown(report, escapeMarkdown);
  if (claims) {
    const firstCollapsed = itemsByOutcome(report).findIndex(([outcome]) => outcome === "pass" || outcome === "not_applicable");
    sections.splice(firstCollapsed === -1 ? sections.length : firstCollapsed, 0, claims);
  }
  if (report.notes.length > 0) sections.push(`### Notes\n\n${report.notes.map((n) => `- ${escapeMarkdown(n)}`).join("\n")}\n`);

  let out = `${head}\n`;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i] as string;
    const omitted = sections.length - i - 1;
    const room = limit - out.length - (omitted > 0 ? 200 : 0);
    if (section.length <= room) {
      out += `${section}\n`;
      continue;
    }
    const note = `\n_… truncated to fit GitHub's ${limit}-character limit; run \`readiness audit\` for the full report._\n`;
    out += section.slice(0, Math.max(0, limit - out.length - note.length - 1)).replace(/\n[^\n]*$/, "") + note;
    break;
  }
  return out.length > limit ? out.slice(0, limit) : out;
}

function renderItem(item: ItemResult, outcome: ItemOutcome): string {
  const lines = [`- **${escapeMarkdown(item.id)}** — ${escapeMarkdown(item.title)}  `, `  ${escapeMarkdown(item.reason)}  `];
  if (outcome !== "not_applicable") {
    for (const evidence of item.evidence.slice(0, EVIDENCE_SHOWN)) {
      lines.push(`  ↳ ${escapeMarkdown(formatLocation(evidence))}${evidence.note ? ` — ${escapeMarkdown(evidence.note)}` : ""}  `);
    }
    if (item.evidence.length > EVIDENCE_SHOWN) lines.push(`  ↳ … and ${item.evidence.length - EVIDENCE_SHOWN} more  `);
  }
  if (item.waiver) lines.push(`  _Waived until ${item.waiver.expires}:_ ${escapeMarkdown(item.waiver.reason)}  `);
  if (outcome === "fail" || outcome === "partial") lines.push(`  _Fix:_ ${escapeMarkdown(item.remediation)}`);
  return lines.join("\n");
}
