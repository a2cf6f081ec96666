import type { CategoryResult, ItemResult } from "../findings/findings.js";
import type { Evidence } from "../findings/findings.js";
import { weightedScore } from "../score/score.js";
import type { ExtractedClaim } from "./extract.js";
import type { Claim, ClaimVerdict } from "./model.js";
import { type Concept, isBroad } from "./vocabulary.js";

/** What the audit measured, as the verdicts need it. */
export interface MeasuredAudit {
  items: readonly ItemResult[];
  score: number;
  level: string;
  categories: readonly CategoryResult[];
}

/**
 * A self-given score this many points above the measured one is an overclaim. A score below the
 * measured one is never called wrong: the document may count practices this checklist does not.
 */
export const OVERCLAIM_POINTS = 15;
const EVIDENCE_PER_CLAIM = 3;
const WHOLE_CHECKLIST = "the whole checklist";

/**
 * One named thing against its items. Several items mean "any of these" (a "health check" is an
 * endpoint or a HEALTHCHECK): present when one passes or is partial, absent only when every
 * applicable one fails; complete when every applicable one passes.
 */
type ConceptVerdict =
  | { verdict: "present"; items: ItemResult[]; missing: ItemResult[]; complete: boolean }
  | { verdict: "absent"; items: ItemResult[] }
  | { verdict: "unknown"; why: string };

/**
 * Holds one extracted claim against the audit's item outcomes. `componentOf` says which component
 * folder a path belongs to (undefined for shared places), for claims scoped to one component.
 */
export function judge(claim: ExtractedClaim, audit: MeasuredAudit, componentOf: (path: string) => string | undefined = () => undefined): Claim {
  const byId = new Map(audit.items.map((i) => [i.id, i]));
  const base = {
    path: claim.path,
    line: claim.line,
    text: claim.text,
    kind: claim.kind,
  };
  if (claim.aboutAbsentFolder)
    return {
      ...base,
      items: unique(claim.concepts.flatMap((c) => c.items.filter((id) => byId.has(id)))),
      verdict: "not_verifiable",
      evidence: [],
      reason: `the section is about ${claim.aboutAbsentFolder}, which is not in this repository`,
    };
  if (claim.kind === "score") return { ...base, ...judgeScore(claim, audit, byId) };
  const checked = claim.concepts.filter((c) => c.items.some((id) => byId.has(id)));
  const items = unique(checked.flatMap((c) => c.items.filter((id) => byId.has(id))));
  if (checked.length === 0)
    return {
      ...base,
      items: [],
      verdict: "not_verifiable",
      evidence: [],
      reason: uncheckedReason(claim, audit),
    };
  if (claim.kind === "negative" && claim.aboutVerification)
    return {
      ...base,
      items,
      verdict: "not_verifiable",
      evidence: [],
      reason: "the gap is about testing or verifying it, which the code cannot show",
    };

  const counts = (path: string) => !claim.scope || path.startsWith(claim.scope) || componentOf(path) === undefined;
  const verdicts = checked.map((concept) => ({ concept, result: conceptVerdict(concept, byId, claim.scope, counts) }));
  const unchecked = claim.concepts.filter((c) => c.unchecked).map((c) => c.phrase);
  return {
    ...base,
    items,
    ...(claim.kind === "positive" ? positiveVerdict(verdicts, claim.cites ?? [], claim.explainedBy ?? []) : negativeVerdict(verdicts, [...unchecked, ...(claim.unnamed ?? [])], claim.narrowedTo)),
  };
}

type Judged = { concept: Concept; result: ConceptVerdict }[];

/**
 * A claim pointing at a file that exists is not flatly contradicted when the check finds nothing:
 * the file may do what the document says in a way the check does not recognise (a hand-written
 * rate limiter). It is left for a person to look at, with the file as evidence.
 */
function positiveVerdict(judged: Judged, cites: readonly string[], explainedBy: readonly string[]): Pick<Claim, "verdict" | "evidence" | "reason"> {
  const absent = judged.filter((j) => j.result.verdict === "absent");
  if (absent.length > 0 && explainedBy.length > 0) {
    const missing = absent.map(({ concept, result }) => `${concept.phrase}: ${reasons(result)}`).join("; ");
    return {
      verdict: "not_verifiable",
      evidence: [],
      reason: `the document describes it as ${explainedBy.join(", ")}, which this checklist does not check; the check found nothing (${missing})`,
    };
  }
  if (absent.length > 0 && cites.length > 0) {
    const missing = absent.map(({ concept, result }) => `${concept.phrase}: ${reasons(result)}`).join("; ");
    return {
      verdict: "not_verifiable",
      evidence: cites.slice(0, EVIDENCE_PER_CLAIM).map((path) => ({ path, note: "cited by the document" })),
      reason: `the document points at ${cites.join(", ")}, which exists, but the check found nothing (${missing}); look at it by hand`,
    };
  }
  if (absent.length > 0) {
    const reason = absent.map(({ concept, result }) => `claims ${concept.phrase} — ${reasons(result)}`).join("; ");
    return { verdict: "contradicted", evidence: evidenceOf(absent), reason };
  }
  const present = judged.filter((j) => j.result.verdict === "present");
  if (present.length > 0) {
    const reason = present.map(({ concept, result }) => `${concept.phrase}${isPartly(result) ? " (partly)" : ""}: ${reasons(result)}`).join("; ");
    return { verdict: "supported", evidence: evidenceOf(present), reason };
  }
  return { verdict: "not_verifiable", evidence: [], reason: unknownReasons(judged) };
}

/**
 * A document admitting a gap is stale only when the code now has everything the claim names
 * ("❌ HEALTHCHECK in the Dockerfile" is not stale because a Dockerfile exists); otherwise the gap is confirmed.
 */
function negativeVerdict(judged: Judged, unchecked: readonly string[], narrowedTo: string | undefined): Pick<Claim, "verdict" | "evidence" | "reason"> {
  const known = judged.filter((j) => j.result.verdict !== "unknown");
  const everyComplete = known.length > 0 && known.every((j) => j.result.verdict === "present" && j.result.complete);
  const stale = everyComplete ? known : [];
  // "JSON logs ⚠️ needs log shipping", "🟡 configuration validation, test coverage": the admitted
  // gap may be the part this checklist cannot see.
  if (stale.length > 0 && unchecked.length > 0) {
    const reason = `the code has ${stale.map((j) => j.concept.phrase).join(", ")}; the gap may be about ${unchecked.join(", ")}, which this checklist does not check`;
    return { verdict: "not_verifiable", evidence: evidenceOf(stale), reason };
  }
  // "Documentation: (pending)": a README does not show that every kind of documentation is written.
  if (stale.length > 0 && stale.every((j) => isBroad(j.concept))) {
    const reason = `${stale.map((j) => j.concept.phrase).join(", ")} covers more than the checklist checks; the code has ${stale.flatMap((j) => (j.result.verdict === "present" ? j.result.items.map((i) => i.id) : [])).join(", ")}, but the gap may be elsewhere`;
    return { verdict: "not_verifiable", evidence: evidenceOf(stale), reason };
  }
  // "Add unit tests for auth utilities": tests elsewhere do not show the gap is closed.
  if (stale.length > 0 && narrowedTo) {
    const reason = `the code has ${stale.map((j) => j.concept.phrase).join(", ")}; the gap is about "${narrowedTo}" in particular, which the check cannot tell apart`;
    return { verdict: "not_verifiable", evidence: evidenceOf(stale), reason };
  }
  if (stale.length > 0) {
    const reason = stale.map(({ concept, result }) => `says ${concept.phrase} is missing, but the code has it now: ${reasons(result)}`).join("; ");
    return { verdict: "stale", evidence: evidenceOf(stale), reason };
  }
  const confirmed = known.filter((j) => j.result.verdict === "absent" || (j.result.verdict === "present" && !j.result.complete));
  if (confirmed.length > 0) {
    const reason = confirmed.map(({ concept, result }) => `${concept.phrase} is indeed missing: ${missingReasons(result)}`).join("; ");
    return { verdict: "confirmed", evidence: evidenceOf(confirmed), reason };
  }
  return { verdict: "not_verifiable", evidence: [], reason: unknownReasons(judged) };
}

function conceptVerdict(concept: Concept, byId: ReadonlyMap<string, ItemResult>, scope: string | undefined, counts: (path: string) => boolean): ConceptVerdict {
  const alternatives = concept.items.map((id) => byId.get(id)).filter((i): i is ItemResult => i !== undefined);
  const applicable = alternatives.filter((i) => i.outcome === "pass" || i.outcome === "partial" || i.outcome === "fail");
  if (applicable.length === 0) {
    const item = alternatives[0] as ItemResult;
    const why = item.outcome === "waived" ? `${item.id} is waived in the configuration` : `${item.id} does not apply here: ${item.reason}`;
    return { verdict: "unknown", why };
  }
  const present = applicable.filter((i) => i.outcome !== "fail");
  if (present.length === 0) return { verdict: "absent", items: applicable };
  if (scope && !present.some((i) => i.evidence.some((e) => counts(e.path)))) {
    return { verdict: "unknown", why: `the section is about ${scope}, and the evidence for ${concept.phrase} is elsewhere` };
  }
  const passing = present.filter((i) => i.outcome === "pass");
  return {
    verdict: "present",
    items: passing.length > 0 ? passing : present,
    missing: applicable.filter((i) => i.outcome !== "pass"),
    complete: passing.length === applicable.length,
  };
}

function isPartly(result: ConceptVerdict): boolean {
  return result.verdict === "present" && result.items.every((i) => i.outcome === "partial");
}

function judgeScore(claim: ExtractedClaim, audit: MeasuredAudit, byId: ReadonlyMap<string, ItemResult>): Omit<Claim, "path" | "line" | "text" | "kind"> {
  const self = claim.score as NonNullable<ExtractedClaim["score"]>;
  const scope = scoreScope(claim, audit, byId);
  const score = {
    value: self.value,
    scale: self.scale,
    measured: scope?.measured ?? null,
  };
  if (!scope) {
    return {
      items: [],
      verdict: "not_verifiable",
      evidence: [],
      reason: `scores "${claim.subject}", which is not a checklist category or item`,
      score,
    };
  }
  if (claim.narrowedTo && scope.label !== WHOLE_CHECKLIST)
    return {
      items: scope.items,
      verdict: "not_verifiable",
      evidence: [],
      reason: `scores "${claim.subject}", a part of ${scope.label} ("${claim.narrowedTo}"), not what the checklist measures`,
      score,
    };
  if (scope.measured === null)
    return {
      items: scope.items,
      verdict: "not_verifiable",
      evidence: [],
      reason: `nothing in ${scope.label} applies to this repository`,
      score,
    };
  const verdict: ClaimVerdict = self.percent - scope.measured > OVERCLAIM_POINTS ? "contradicted" : "supported";
  const failing = scope.items.filter((id) => byId.get(id)?.outcome === "fail");
  const detail = verdict === "contradicted" && failing.length > 0 ? ` — failing: ${failing.slice(0, 5).join(", ")}${failing.length > 5 ? ", …" : ""}` : "";
  return {
    items: scope.items,
    verdict,
    evidence: [],
    reason: `claims ${self.written.trim()}; measured ${scope.measured}/100 for ${scope.label}${detail}`,
    score,
  };
}

/** What a self-given score is about: a category, the named items, or the whole assessment. */
function scoreScope(
  claim: ExtractedClaim,
  audit: MeasuredAudit,
  byId: ReadonlyMap<string, ItemResult>,
): { label: string; items: string[]; measured: number | null } | undefined {
  const categories = unique(claim.concepts.flatMap((c) => c.categories)).filter((id) => audit.categories.some((c) => c.id === id));
  if (categories.length > 0) {
    const inScope = audit.items.filter((i) => categories.includes(i.category));
    const titles = categories.map((id) => audit.categories.find((c) => c.id === id)?.title ?? id);
    return {
      label: titles.join(" and "),
      items: counted(inScope),
      measured: weightedScore(inScope),
    };
  }
  const itemIds = unique(claim.concepts.flatMap((c) => c.items)).filter((id) => byId.has(id));
  if (itemIds.length > 0) {
    const inScope = itemIds.map((id) => byId.get(id) as ItemResult);
    return {
      label: itemIds.join(", "),
      items: counted(inScope),
      measured: weightedScore(inScope),
    };
  }
  if (claim.wholeAssessment || claim.concepts.some((c) => c.overall)) return { label: WHOLE_CHECKLIST, items: [], measured: audit.score };
  return undefined;
}

function counted(items: readonly ItemResult[]): string[] {
  return items.filter((i) => i.outcome === "pass" || i.outcome === "partial" || i.outcome === "fail").map((i) => i.id);
}

function uncheckedReason(claim: ExtractedClaim, audit: MeasuredAudit): string {
  const unchecked = claim.concepts.filter((c) => c.unchecked).map((c) => c.phrase);
  if (unchecked.length > 0) return `${unchecked.join(", ")}: not something this checklist checks`;
  if (claim.concepts.some((c) => c.overall)) return `an overall claim; the measured score is ${audit.score}/100 (${audit.level})`;
  const categories = unique(claim.concepts.flatMap((c) => c.categories));
  if (categories.length > 0) return `names a whole category (${categories.join(", ")}), not a practice this checklist can check`;
  return "names nothing this checklist checks";
}

function reasons(result: ConceptVerdict): string {
  if (result.verdict === "unknown") return result.why;
  return unique(result.items.map((i) => i.reason)).join("; ");
}

function missingReasons(result: ConceptVerdict): string {
  if (result.verdict !== "present") return reasons(result);
  return unique(result.missing.map((i) => i.reason)).join("; ");
}

function unknownReasons(judged: Judged): string {
  return unique(judged.map(({ result }) => (result.verdict === "unknown" ? result.why : "")))
    .filter(Boolean)
    .join("; ");
}

function evidenceOf(judged: Judged): Evidence[] {
  const all = judged.flatMap(({ result }) => (result.verdict === "unknown" ? [] : result.items.flatMap((i) => i.evidence)));
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of all) {
    const key = `${e.path}:${e.line ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length >= EVIDENCE_PER_CLAIM) break;
  }
  return out;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
