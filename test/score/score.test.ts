import { describe, expect, it } from "vitest";
import type { Checklist } from "../../src/checklist/checklist.js";
import type { ItemOutcome, ItemResult } from "../../src/findings/findings.js";
import { levelFor, scoreAudit, weightedScore } from "../../src/score/score.js";

const checklist: Checklist = {
  version: 1,
  categories: { testing: "Testing", ops: "Operations" },
  levels: { Gold: 90, Silver: 75, Bronze: 50 },
  items: [],
};

function item(id: string, outcome: ItemOutcome, weight: number, extra: Partial<ItemResult> = {}): ItemResult {
  return { id, title: id, category: id.split(".")[0] as string, outcome, weight, required: false, evidence: [], reason: "", why: "", remediation: "", ...extra };
}

describe("score", () => {
  it("weights credit: pass 1, partial 0.5, fail 0; not applicable and waived leave the denominator", () => {
    const items = [item("testing.a", "pass", 3), item("testing.b", "partial", 2), item("ops.c", "fail", 1), item("ops.d", "not_applicable", 5), item("ops.e", "waived", 5)];
    // (3 + 1) / (3 + 2 + 1) = 66.7
    expect(weightedScore(items)).toBe(67);
  });

  it("gives each category its own score, and null when nothing in it applies", () => {
    const result = scoreAudit(checklist, [item("testing.a", "pass", 1), item("ops.d", "not_applicable", 1)], { threshold: 0, mode: "enforce", levels: checklist.levels });
    expect(result.categories).toEqual([
      { id: "testing", title: "Testing", score: 100, counts: { pass: 1, partial: 0, fail: 0, not_applicable: 0, waived: 0 } },
      { id: "ops", title: "Operations", score: null, counts: { pass: 0, partial: 0, fail: 0, not_applicable: 1, waived: 0 } },
    ]);
  });

  it("names the highest level reached", () => {
    expect(levelFor(90, checklist.levels)).toBe("Gold");
    expect(levelFor(89, checklist.levels)).toBe("Silver");
    expect(levelFor(49, checklist.levels)).toBe("Not ready");
  });

  it("fails below the threshold, or when a required item fails, and is neutral in advisory mode", () => {
    const items = [item("testing.a", "pass", 1), item("ops.c", "fail", 1)];
    expect(scoreAudit(checklist, items, { threshold: 50, mode: "enforce", levels: {} }).conclusion).toBe("success");
    expect(scoreAudit(checklist, items, { threshold: 51, mode: "enforce", levels: {} }).conclusion).toBe("failure");
    expect(scoreAudit(checklist, items, { threshold: 51, mode: "advisory", levels: {} }).conclusion).toBe("neutral");
    const required = [item("testing.a", "pass", 9), item("ops.c", "fail", 1, { required: true })];
    expect(scoreAudit(checklist, required, { threshold: 0, mode: "enforce", levels: {} }).conclusion).toBe("failure");
  });
});
