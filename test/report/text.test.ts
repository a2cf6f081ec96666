import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/report/text.js";
import { item, report } from "../support/report-fixture.js";

const longReason = "no deployment guide (docs/deployment.md, DEPLOYMENT.md, a hosting or production guide, a Helm chart README) and no README section on deploying";
const sample = report([
  item("ops.done", "pass", { evidence: [{ path: "src/server.ts", line: 4, note: "SIGTERM handler" }] }),
  item("ops.skipped", "not_applicable", { reason: "no database is used" }),
  item("ops.small", "fail", { reason: longReason, evidence: [{ path: "src/a/very/long/path/that/goes/on/and/on/and/never/seems/to/end/server.ts", line: 9 }] }),
  item("ops.big", "fail", { weight: 3, required: true }),
  item("ops.half", "partial"),
]);

describe("text report", () => {
  it("wraps every line to the width, continuing under the text rather than under the mark", () => {
    for (const width of [60, 80, 120]) {
      const lines = stripVTControlCharacters(renderText(sample, { color: true, width })).split("\n");
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
    }
    const lines = renderText(sample, { color: false, width: 60 }).split("\n");
    const reason = lines.findIndex((l) => l.startsWith("      no deployment guide"));
    expect(lines[reason + 1]).toMatch(/^ {6}\S/);
  });

  it("ends with the score and Fix first: failing items by the points each adds, required flagged", () => {
    const text = renderText(sample, { color: false, width: 80 });
    const tail = text.slice(text.indexOf("Readiness "));
    expect(tail.split("\n").slice(0, 2)).toEqual(["Readiness 50/100 · Bronze · 2 failing", "conclusion: failure (threshold 60, enforce)"]);
    const fixes = tail.slice(tail.indexOf("Fix first")).trimEnd().split("\n").slice(1);
    expect(fixes).toEqual([
      expect.stringMatching(/^ {2}\+50 {2}ops\.big \(required\) {2}Title of ops\.big$/),
      expect.stringMatching(/^ {2}\+17 {2}ops\.small {11}Title of ops\.small$/),
      expect.stringMatching(/^ {3}\+8 {2}ops\.half/),
    ]);
    expect(text.indexOf("Failing (2)")).toBeGreaterThan(text.indexOf("Passing (1)"));
    expect(text.indexOf("Failing (2)")).toBeLessThan(text.indexOf("Readiness "));
  });

  it("collapses passing and not-applicable items to one line each; --verbose shows their evidence and reasons", () => {
    const brief = renderText(sample, { color: false });
    expect(brief).toContain("  ✓ ops.done  Title of ops.done\n\nNot applicable (1)\n  - ops.skipped  Title of ops.skipped\n");
    expect(brief).not.toContain("SIGTERM handler");
    const verbose = renderText(sample, { color: false, verbose: true });
    expect(verbose).toContain("      src/server.ts:4  SIGTERM handler");
    expect(verbose).toContain("      no database is used");
  });
});
