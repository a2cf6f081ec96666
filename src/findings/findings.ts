/**
 * What the audit finds, as every layer speaks of it: facts cite evidence, probes decide
 * outcomes, the score and the claims weigh item results, the reports print them.
 */

/** A place in the repository that supports a finding. */
export interface Evidence {
  /** Repository-relative path. */
  path: string;
  /** 1-based line, when the evidence is a line. */
  line?: number;
  /** What this place shows, e.g. the route or the command found there. */
  note?: string;
}

export type ProbeOutcome = "pass" | "partial" | "fail" | "not_applicable";

export interface Finding {
  outcome: ProbeOutcome;
  /** One sentence a developer understands: what was found, or what is missing and where it was looked for. */
  reason: string;
  evidence: Evidence[];
}

export function pass(reason: string, evidence: Evidence[]): Finding {
  return { outcome: "pass", reason, evidence };
}

export function partial(reason: string, evidence: Evidence[]): Finding {
  return { outcome: "partial", reason, evidence };
}

export function fail(reason: string, evidence: Evidence[] = []): Finding {
  return { outcome: "fail", reason, evidence };
}

export function notApplicable(reason: string): Finding {
  return { outcome: "not_applicable", reason, evidence: [] };
}

export type ItemOutcome = ProbeOutcome | "waived";
export type Conclusion = "success" | "failure" | "neutral";

/** One checklist item's finding with the checklist's words and the weight that counted. */
export interface ItemResult {
  id: string;
  title: string;
  category: string;
  outcome: ItemOutcome;
  /** The weight that counted, after config overrides. */
  weight: number;
  required: boolean;
  evidence: Evidence[];
  reason: string;
  why: string;
  remediation: string;
  waiver?: { reason: string; expires: string };
}

export interface CategoryResult {
  id: string;
  title: string;
  /** 0–100, or null when nothing in the category applies. */
  score: number | null;
  counts: Record<ItemOutcome, number>;
}
