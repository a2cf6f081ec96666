import { fileURLToPath } from "node:url";
import { type Checklist, loadChecklist } from "../../src/checklist/checklist.js";
import { auditClaims } from "../../src/claims/claims.js";
import { extractClaims } from "../../src/claims/extract.js";
import type { Claim } from "../../src/claims/model.js";
import { defaultSynonyms } from "../../src/claims/default-synonyms.js";
import { Vocabulary } from "../../src/claims/vocabulary.js";
import { runAudit } from "../../src/audit/audit.js";
import type { ItemOutcome, ItemResult } from "../../src/findings/findings.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { RepoView } from "../../src/view/repo-view.js";
import { scoreAudit } from "../../src/score/score.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";

let checklist: Checklist | undefined;

export async function defaultChecklist(): Promise<Checklist> {
  checklist ??= await loadChecklist();
  return checklist;
}

export async function vocabulary(): Promise<Vocabulary> {
  return new Vocabulary(defaultSynonyms(), (await defaultChecklist()).categories);
}

/** The claims a document makes, as extraction sees them: line, kind, and what each names. */
export async function extracted(text: string, path = "PRODUCTION_READINESS.md") {
  const { claims } = extractClaims({ path, text }, { vocabulary: await vocabulary(), maxClaims: 400 });
  return claims.map((c) => ({ line: c.line, kind: c.kind, items: [...new Set(c.concepts.flatMap((k) => k.items))].sort() }));
}

/**
 * A synthetic audit of the default checklist: every item passes with evidence unless `outcomes`
 * says otherwise, so verdicts can be tested without depending on the probes.
 */
export async function syntheticItems(outcomes: Record<string, ItemOutcome> = {}): Promise<ItemResult[]> {
  const list = await defaultChecklist();
  return list.items.map((item) => {
    const outcome = outcomes[item.id] ?? "pass";
    const evidence = outcome === "pass" || outcome === "partial" ? [{ path: `evidence/${item.id}.txt`, line: 7, note: `${item.id} found` }] : [];
    return {
      id: item.id,
      title: item.title,
      category: item.category,
      outcome,
      weight: item.weight,
      required: false,
      evidence,
      reason: outcome === "fail" ? `no ${item.id} found` : outcome === "not_applicable" ? `${item.id} does not apply` : `${item.id} found`,
      why: item.why,
      remediation: item.remediation,
    };
  });
}

/** Claims of documents judged against a synthetic audit. */
export async function judged(files: Record<string, string>, outcomes: Record<string, ItemOutcome> = {}, documents: string[] = []): Promise<Claim[]> {
  const list = await defaultChecklist();
  const items = await syntheticItems(outcomes);
  const scored = scoreAudit(list, items, { threshold: 0, mode: "enforce", levels: list.levels });
  const { claims } = auditClaims(RepoView.fromFiles(files), { items, ...scored }, { documents, categoryTitles: list.categories });
  return claims.items;
}

export function verdicts(claims: readonly Claim[]) {
  return claims.map((c) => ({ line: c.line, kind: c.kind, verdict: c.verdict }));
}

/** A tree under test/fixtures/claims audited end to end, with the real probes. */
export async function auditClaimsFixture(name: string, config?: Parameters<typeof runAudit>[1]["config"]): Promise<AuditReport> {
  const root = fileURLToPath(new URL(`../fixtures/claims/${name}`, import.meta.url));
  return runAudit(new LocalSnapshot(root), { checklist: await defaultChecklist(), ...(config ? { config } : {}) });
}
