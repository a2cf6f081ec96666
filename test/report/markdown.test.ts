import { describe, expect, it } from "vitest";
import { escapeMarkdown, renderMarkdown } from "../../src/report/markdown.js";
import { renderSarif } from "../../src/report/sarif.js";
import { item, report } from "../support/report-fixture.js";


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

  it("explains its symbols and says what to fix first, with the points each fix adds and a link to the item", () => {
    const md = renderMarkdown(report([item("ops.small", "fail"), item("ops.big", "fail", { weight: 3 }), item("ops.half", "partial"), item("ops.done", "pass")]));
    expect(md).toMatch(/✅ pass · ⚠️ partial \(half credit\) · ❌ fail/);
    const fixFirst = md.slice(md.indexOf("### 🎯 Fix first"), md.indexOf("### ❌ Failing"));
    expect(fixFirst.split("\n").filter((l) => l.startsWith("| +"))).toEqual([
      expect.stringMatching(/^\| \+50 \| ❌ \[ops\\\.big\]\(https:\/\/github\.com\/.+#opsbig\) \| fix ops\\\.big \|$/),
      expect.stringMatching(/^\| \+17 \| ❌ \[ops\\\.small\]/),
      expect.stringMatching(/^\| \+8 \| ⚠️ \[ops\\\.half\]/),
    ]);
    expect(md.indexOf("### 🎯 Fix first")).toBeLessThan(md.indexOf("### ❌ Failing"));
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
