import type { ReadinessConfig } from "../config/config.js";
import type { RepoView } from "../view/repo-view.js";
import { discoverDocuments } from "./discovery.js";
import { extractClaims, type ReadinessDocument } from "./extract.js";
import type { Claim, ClaimsReport, ClaimVerdict } from "./model.js";
import { components } from "./scope.js";
import { defaultSynonyms } from "./default-synonyms.js";
import type { Synonyms } from "./synonyms.js";
import { judge, type MeasuredAudit } from "./verdict.js";
import { Vocabulary } from "./vocabulary.js";

/** Bounds that keep the claims pass cheap whatever the repository holds. */
export const CLAIM_LIMITS = { maxDocuments: 20, maxClaimsPerDocument: 400, maxDocumentChars: 1_000_000 };

export interface ClaimsSettings {
  enabled: boolean;
  /** Globs of documents to read whatever their name. */
  documents: string[];
}

/** `claims: false`, `claims: { enabled, documents }` or nothing (on, discovery only). */
export function claimsSettings(config: Pick<ReadinessConfig, "claims">): ClaimsSettings {
  const claims = config.claims;
  if (typeof claims === "boolean") return { enabled: claims, documents: [] };
  return { enabled: claims.enabled, documents: claims.documents };
}

export interface ClaimsAuditOptions {
  documents: readonly string[];
  /** Category id → title, so a document's "Containers: 8/10" finds its category. */
  categoryTitles: Record<string, string>;
  synonyms?: Synonyms;
}

/** Reads the repository's readiness documents and holds every claim in them against the audit. */
export function auditClaims(view: RepoView, audit: MeasuredAudit, options: ClaimsAuditOptions): { claims: ClaimsReport; notes: string[] } {
  let vocabulary: Vocabulary | undefined;
  const vocabularyOf = () => (vocabulary ??= new Vocabulary(options.synonyms ?? defaultSynonyms(), options.categoryTitles));
  // Broad words ("monitoring", "docs") name no one practice.
  const practicesNamed = (line: string) => vocabularyOf()
    .match(line)
    .flatMap((c) => (c.items.length < 3 ? c.items : []));
  const discovery = discoverDocuments(view, { documents: options.documents, maxDocuments: CLAIM_LIMITS.maxDocuments, practicesNamed });
  const notes = [...discovery.notes];
  const items = discovery.documents.length > 0 ? judgeDocuments(view, audit, vocabularyOf(), discovery.documents, notes) : [];
  const summary: Record<ClaimVerdict, number> = { supported: 0, contradicted: 0, not_verifiable: 0, confirmed: 0, stale: 0 };
  for (const claim of items) summary[claim.verdict]++;
  return { claims: { documents: discovery.documents.map((d) => d.path), items, summary }, notes };
}

/** The vocabulary is built only when there is something to read: most repositories have no readiness document, and pay nothing for it. */
function judgeDocuments(view: RepoView, audit: MeasuredAudit, vocabulary: Vocabulary, documents: readonly ReadinessDocument[], notes: string[]): Claim[] {
  const parts = components(view);
  const exists = (path: string) => view.has(path) || view.files.some((f) => f.path.startsWith(`${path}/`));
  const hasFolderNamed = (name: string) => view.memo("claims:folders", () => foldersOf(view)).has(name);
  return documents.flatMap((whole) => {
    const document = whole.text.length > CLAIM_LIMITS.maxDocumentChars ? { ...whole, text: whole.text.slice(0, CLAIM_LIMITS.maxDocumentChars) } : whole;
    if (document !== whole) notes.push(`${whole.path} is longer than ${CLAIM_LIMITS.maxDocumentChars} characters; only its beginning was checked for claims`);
    const documentScope = parts.ofPath(document.path);
    const { claims, truncated } = extractClaims(document, {
      vocabulary,
      scopeOf: parts.ofHeading,
      exists,
      hasFolderNamed,
      maxClaims: CLAIM_LIMITS.maxClaimsPerDocument,
      ...(documentScope ? { documentScope } : {}),
    });
    if (truncated) notes.push(`${document.path} has more than ${CLAIM_LIMITS.maxClaimsPerDocument} claims; only the first ${CLAIM_LIMITS.maxClaimsPerDocument} were checked`);
    return claims.map((claim) => judge(claim, audit, parts.ofPath));
  });
}

/**
 * The names of the folders a document may call a part of the project: top-level folders and their
 * children ("scheduler/" for scheduler/ or services/scheduler/, not src/app/api/scheduler/).
 */
function foldersOf(view: RepoView): Set<string> {
  const names = new Set<string>();
  for (const file of view.files) {
    const parts = file.path.split("/");
    for (let i = 0; i < Math.min(parts.length - 1, 2); i++) names.add(parts[i] as string);
  }
  return names;
}
