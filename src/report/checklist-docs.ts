import type { Checklist } from "../checklist/checklist.js";

const APPLIES: Record<string, string> = {
  always: "every repository",
  service: "services (a long-lived network server)",
  "web-service": "web services (serving HTTP)",
  deployable: "deployable projects (services and apps)",
  database: "projects that use a database",
  dockerfile: "projects with a Dockerfile",
};

/** The checklist's own prose, kept readable in the raw file: only what Markdown or HTML would swallow is escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_]/g, "\\$&").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** docs/checklist.md: one section per item, the page each SARIF rule's helpUri and each report link opens. */
export function renderChecklistDocs(checklist: Checklist): string {
  const out = [
    "# The default checklist",
    "",
    "<!-- Generated from checklists/default.yml by `npm run docs:checklist`; edit the checklist, not this file. -->",
    "",
    "Every item has a stable id (used in `.github/readiness.yml` and in reports), a weight (its share of the score),",
    "why it matters, the first step to fix it, and where it applies; elsewhere it is *not applicable* and does not count.",
    `Levels: ${Object.entries(checklist.levels)
      .map(([name, min]) => `${name} ≥ ${min}`)
      .join(", ")}.`,
  ];
  for (const [category, title] of Object.entries(checklist.categories)) {
    out.push("", `## ${title}`);
    for (const item of checklist.items.filter((i) => i.category === category)) {
      out.push(
        "",
        `### ${item.id}`,
        "",
        `**${escapeMarkdown(item.title)}** · weight ${item.weight} · applies to ${item.applies.map((a) => APPLIES[a] ?? a).join(" and ")}${item.creditWhenPresent ? " (credited wherever present)" : ""}`,
        "",
        `Why: ${escapeMarkdown(item.why)}`,
        "",
        `Fix: ${escapeMarkdown(item.remediation)}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
