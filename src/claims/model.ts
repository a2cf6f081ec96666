import type { Evidence } from "../findings/findings.js";

/** What a line of a readiness document asserts. */
export type ClaimKind = "positive" | "negative" | "score";

/**
 * positive: supported | contradicted | not_verifiable. negative (the document admits a gap):
 * confirmed | stale | not_verifiable. score: supported | contradicted | stale | not_verifiable.
 */
export type ClaimVerdict = "supported" | "contradicted" | "not_verifiable" | "confirmed" | "stale";

export const CLAIM_VERDICTS: readonly ClaimVerdict[] = ["contradicted", "stale", "supported", "confirmed", "not_verifiable"];

export interface ClaimScore {
  /** As the document gave it: 10 for "10/10", 85 for "85%", "S+" for "Grade: S+". */
  value: number | string;
  /** 5, 10, 100 (fractions of 100 and percentages), or "grade". */
  scale: 5 | 10 | 100 | "grade";
  /** The audit's score out of 100 for what the claim scores (overall, a category, or the named items); null when none of it applies. */
  measured: number | null;
}

export interface Claim {
  /** The document, repository-relative. */
  path: string;
  /** 1-based line of the claim in the document. */
  line: number;
  /** The claim as it reads, Markdown removed and mojibake repaired. */
  text: string;
  kind: ClaimKind;
  /** Checklist items the claim was matched to (for a score: the items that make up the measured score). */
  items: string[];
  verdict: ClaimVerdict;
  /** What the code shows: the matched items' evidence. */
  evidence: Evidence[];
  /** One sentence: why this verdict. */
  reason: string;
  score?: ClaimScore;
}

export interface ClaimsReport {
  /** Every readiness document read, repository-relative, in the order they were read. */
  documents: string[];
  /** Every claim found, in document order. */
  items: Claim[];
  summary: Record<ClaimVerdict, number>;
}
