import { CLAIM_VERDICTS, type Claim, type ClaimsReport, type ClaimVerdict } from "./model.js";

/** Verdicts that mean the document misleads: what the reports put first and the check run annotates. */
export const MISLEADING: ReadonlySet<ClaimVerdict> = new Set(["contradicted", "stale"]);

export const VERDICT_LABEL: Record<ClaimVerdict, string> = {
  contradicted: "contradicted",
  stale: "stale",
  supported: "supported",
  confirmed: "confirmed",
  not_verifiable: "not verifiable",
};

export interface DocumentClaims {
  path: string;
  /** "4 of 15 claims are not supported by the code": the document's line under its path. */
  summary: string;
  /** Contradicted and stale first, then supported, confirmed and not verifiable; by line within each. */
  claims: Claim[];
}

function misleadingCount(claims: readonly Claim[]): number {
  return claims.filter((c) => MISLEADING.has(c.verdict)).length;
}

/** "7 of 19 claims in PRODUCTION_READINESS.md are not supported by the code"; without `path`, "7 of 19 claims are not…". */
export function documentHeadline(path: string | undefined, claims: readonly Claim[]): string {
  const where = path ? ` in ${path}` : "";
  if (claims.length === 0) return `no claims found${where}`;
  const one = claims.length === 1;
  return `${misleadingCount(claims)} of ${claims.length} ${one ? "claim" : "claims"}${where} ${one ? "is" : "are"} not supported by the code`;
}

/** The one-line summary of all readiness documents; undefined when the repository has none. */
export function claimsHeadline(claims: ClaimsReport): string | undefined {
  if (claims.documents.length === 0) return undefined;
  if (claims.documents.length === 1) return documentHeadline(claims.documents[0] as string, claims.items);
  const wrong = misleadingCount(claims.items);
  return `${wrong} of ${claims.items.length} claims in ${claims.documents.length} readiness documents are not supported by the code`;
}

/** "3 contradicted, 1 stale, 12 supported": every verdict that occurs. */
export function verdictCounts(claims: readonly Claim[]): string {
  return CLAIM_VERDICTS.map((v) => [v, claims.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${VERDICT_LABEL[v]}`)
    .join(", ");
}

export function claimsByDocument(claims: ClaimsReport): DocumentClaims[] {
  return claims.documents.map((path) => {
    const inDocument = claims.items.filter((c) => c.path === path);
    const ordered = [...inDocument].sort((a, b) => CLAIM_VERDICTS.indexOf(a.verdict) - CLAIM_VERDICTS.indexOf(b.verdict) || a.line - b.line);
    return { path, summary: documentHeadline(undefined, inDocument), claims: ordered };
  });
}

export interface ClaimAnnotation {
  path: string;
  line: number;
  level: "warning";
  title: string;
  message: string;
}

/**
 * What the GitHub check run shows for claims: the headline for its summary, and a warning
 * annotation on the line of every contradicted or stale claim. Undefined when claims are off
 * or the repository has no readiness document.
 */
export function claimsCheckRunOutput(report: { claims?: ClaimsReport }): { headline: string; annotations: ClaimAnnotation[] } | undefined {
  const claims = report.claims;
  const headline = claims ? claimsHeadline(claims) : undefined;
  if (!claims || !headline) return undefined;
  const annotations = claims.items
    .filter((c) => MISLEADING.has(c.verdict))
    .map(
      (c): ClaimAnnotation => ({
        path: c.path,
        line: c.line,
        level: "warning",
        title: c.verdict === "contradicted" ? "Readiness claim not supported by the code" : "Readiness document out of date",
        message: c.reason,
      }),
    );
  return { headline, annotations };
}
