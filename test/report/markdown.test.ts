import { describe, expect, it } from "vitest";
import type { AuditReport, ItemResult } from "../../src/engine/report-model.js";
import { escapeMarkdown, renderMarkdown } from "../../src/report/markdown.js";
import { renderSarif } from "../../src/report/sarif.js";

function item(id: string, outcome: ItemResult["outcome"], extra: Partial<ItemResult> = {}): ItemResult {
  return { id, title: `Title of ${id}`, category: "ops", outcome, weight: 1, required: false, evidence: [], reason: `reason for ${id}`, why: "why", remediation: `fix ${id}`, ...extra };
}

function report(items: ItemResult[]): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: "readiness", version: "0.0.0" },
    repository: { label: "acme/api" },
    generatedAt: "2026-11-25T00:00:00.000Z",
    profile: { kind: "service", languages: ["typescript"], packageManagers: ["npm"], frameworks: ["express"], databases: [], isService: true, isWebService: true, hasDatabase: false, evidence: [] },
    score: 50,
    level: "Bronze",
    conclusion: "failure",
    threshold: 60,
    mode: "enforce",
    categories: [{ id: "ops", title: "Operations", score: 50, counts: { pass: 1, partial: 0, fail: 1, not_applicable: 0, waived: 0 } }],
    items,
    notes: [],
    scan: { filesListed: 2, filesVisible: 2, filesRead: 2, leftOut: 0, skipped: [] },
  };
}

describe("Markdown report", () => {
  it("leads with the headline and lists failing items with evidence and the fix", () => {
    const md = renderMarkdown(report([item("ops.a", "fail", { evidence: [{ path: "src/server.ts", line: 12, note: "no SIGTERM handler" }] }), item("ops.b", "pass")]));
    expect(md.startsWith("## Readiness 50/100 · Bronze · 1 failing")).toBe(true);
    expect(md).toContain("### ❌ Failing (1)");
    expect(md).toContain("src/server\\.ts:12 — no SIGTERM handler");
    expect(md).toContain("_Fix:_ fix ops\\.a");
    expect(md).toContain("<details><summary>✅ Passing (1)</summary>");
    expect(md).toContain("| Operations | 50 | 1 | 0 | 1 | 0 |");
  });

  it("escapes Markdown and HTML that comes from repository content", () => {
    const hostile = "docs/<img src=x onerror=alert(1)>/[click](javascript:x)|`code`.md";
    const md = renderMarkdown(report([item("ops.a", "fail", { evidence: [{ path: hostile, line: 1 }] })]));
    expect(md).not.toContain("<img");
    expect(md).not.toContain("[click](");
    expect(md).toContain(escapeMarkdown(hostile));
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
  });

  it("stays within the length limit, keeping failing items and saying it was truncated", () => {
    const many = Array.from({ length: 400 }, (_, i) => item(`ops.item-${i}`, i < 200 ? "fail" : "pass", { reason: "x".repeat(300) }));
    const md = renderMarkdown(report(many), { maxLength: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toContain("ops\\.item\\-0");
    expect(md).toMatch(/truncated to fit GitHub's 20000-character limit/);
  });
});

describe("SARIF report", () => {
  it("has one rule per item and results for failing and partial items at their evidence lines", () => {
    const sarif = JSON.parse(renderSarif(report([item("ops.a", "fail", { evidence: [{ path: "Dockerfile", line: 3 }] }), item("ops.b", "partial"), item("ops.c", "pass")])));
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["ops.a", "ops.b", "ops.c"]);
    expect(run.results).toHaveLength(2);
    expect(run.results[0]).toMatchObject({ ruleId: "ops.a", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "Dockerfile" }, region: { startLine: 3 } } }] });
    expect(run.results[1]).toMatchObject({ ruleId: "ops.b", level: "warning" });
  });
});
