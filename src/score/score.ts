import type { Checklist } from "../checklist/checklist.js";
import type { CategoryResult, Conclusion, ItemOutcome, ItemResult } from "../findings/findings.js";

const CREDIT: Partial<Record<ItemOutcome, number>> = { pass: 1, partial: 0.5, fail: 0 };

export interface Score {
  score: number;
  level: string;
  conclusion: Conclusion;
  categories: CategoryResult[];
}

export interface ScoreRules {
  threshold: number;
  mode: "enforce" | "advisory";
  levels: Record<string, number>;
}

/** 100 × Σ(weight × credit) / Σ(weight of applicable, unwaived items), rounded to a whole number. */
export function weightedScore(items: readonly ItemResult[]): number | null {
  let earned = 0;
  let possible = 0;
  for (const item of items) {
    const credit = CREDIT[item.outcome];
    if (credit === undefined) continue;
    earned += item.weight * credit;
    possible += item.weight;
  }
  return possible === 0 ? null : Math.round((100 * earned) / possible);
}

export function levelFor(score: number, levels: Record<string, number>): string {
  const reached = Object.entries(levels)
    .filter(([, min]) => score >= min)
    .sort((a, b) => b[1] - a[1]);
  return reached[0]?.[0] ?? "Not ready";
}

export function scoreAudit(checklist: Checklist, items: readonly ItemResult[], rules: ScoreRules): Score {
  const score = weightedScore(items) ?? 100;
  const categories = Object.entries(checklist.categories).map(([id, title]): CategoryResult => {
    const inCategory = items.filter((i) => i.category === id);
    const counts: Record<ItemOutcome, number> = { pass: 0, partial: 0, fail: 0, not_applicable: 0, waived: 0 };
    for (const item of inCategory) counts[item.outcome]++;
    return { id, title, score: weightedScore(inCategory), counts };
  });
  return { score, level: levelFor(score, rules.levels), conclusion: conclusionFor(score, items, rules), categories };
}

/** failure below the threshold or when a required item fails (neutral instead in advisory mode), else success. */
export function conclusionFor(score: number, items: readonly ItemResult[], rules: Pick<ScoreRules, "threshold" | "mode">): Conclusion {
  const failing = score < rules.threshold || items.some((i) => i.required && i.outcome === "fail");
  return !failing ? "success" : rules.mode === "advisory" ? "neutral" : "failure";
}
