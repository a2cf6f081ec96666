import { createRequire } from "node:module";
import { auditClaims, claimsSettings } from "../claims/claims.js";
import { isReadinessDocumentRow } from "../claims/discovery.js";
import type { Synonyms } from "../claims/synonyms.js";
import type { Applicability, Checklist, ChecklistItem } from "../checklist/checklist.js";
import { DEFAULT_CONFIG, type ReadinessConfig } from "../config/config.js";
import { projectDockerfiles } from "../facts/dockerfiles.js";
import { PROBES } from "../probes/index.js";
import type { Finding } from "../findings/findings.js";
import type { Probe } from "../probes/probe.js";
import { detectProfile, type RepoProfile } from "../profile/profile.js";
import { scoreAudit } from "../score/score.js";
import type { RepositorySnapshot } from "../snapshot/snapshot.js";
import type { ContentBudget } from "../view/content-plan.js";
import { fittingRemediation } from "./remediation.js";
import type { ItemResult } from "../findings/findings.js";
import { type AuditReport, SCHEMA_VERSION } from "./report-model.js";
import { RepoView } from "../view/repo-view.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

export interface AuditOptions {
  checklist: Checklist;
  config?: ReadinessConfig;
  /** Today, for waiver expiry; injectable for tests. */
  now?: Date;
  budget?: ContentBudget;
  probes?: ReadonlyMap<string, Probe>;
  repository?: { ref?: string; sha?: string };
  /** The vocabulary that matches document claims to items; the one beside the default checklist when absent. */
  synonyms?: Synonyms;
}

/** Audits a loaded view: `auditView` here, or the same on another thread (the app). */
export type ViewAuditor = (view: RepoView, repository: AuditReport["repository"], options: AuditOptions) => AuditReport | Promise<AuditReport>;

/** snapshot → view → profile → probes → score: the one engine behind the CLI and the app. */
export async function runAudit(snapshot: RepositorySnapshot, options: AuditOptions, auditor: ViewAuditor = auditView): Promise<AuditReport> {
  const config = options.config ?? DEFAULT_CONFIG;
  const view = await RepoView.load(snapshot, { ignore: config.ignore, budget: options.budget, readEarly: isReadinessDocumentRow });
  return auditor(view, { label: snapshot.label, ...options.repository }, options);
}

export function auditView(view: RepoView, repository: AuditReport["repository"], options: AuditOptions): AuditReport {
  const config = options.config ?? DEFAULT_CONFIG;
  const probes = options.probes ?? PROBES;
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const profile = detectProfile(view);
  const notes: string[] = [];
  const known = new Set(options.checklist.items.map((i) => i.id));
  const mentioned = [...config.required, ...Object.keys(config.items), ...config.waivers.map((w) => w.item)];
  for (const id of new Set(mentioned)) if (!known.has(id)) notes.push(`the configuration names ${id}, which is not a checklist item; it has no effect`);

  const items = options.checklist.items.map((item): ItemResult => {
    const override = config.items[item.id];
    const base = {
      id: item.id,
      title: item.title,
      category: item.category,
      weight: override?.weight ?? item.weight,
      required: config.required.includes(item.id),
      why: item.why,
      remediation: item.remediation,
    };
    if (override?.enabled === false) return { ...base, outcome: "not_applicable", evidence: [], reason: "disabled in the configuration" };
    const finding = decide(item, probes.get(item.id), view, profile, notes);
    const waiver = config.waivers.find((w) => w.item === item.id);
    if (waiver && waiver.expires < today) {
      notes.push(`the waiver for ${item.id} expired on ${waiver.expires}; the item counts again`);
    } else if (waiver && finding.outcome !== "not_applicable") {
      return { ...base, ...finding, outcome: "waived", waiver: { reason: waiver.reason, expires: waiver.expires } };
    }
    return { ...base, ...finding };
  });

  // The checklist's generic fix, made specific where the audit knows better (a scratch image, the framework in use).
  for (const item of items) if (item.outcome === "fail" || item.outcome === "partial") item.remediation = fittingRemediation(item, items, view, profile) ?? item.remediation;

  const scan = view.scan;
  if (scan.leftOut > 0) notes.push(`${scan.leftOut} readable files were past the content budget and were not read (only their names were seen)`);
  if (scan.skipped.length > 0) notes.push(`${scan.skipped.length} files were not read: ${summariseSkips(scan.skipped)}`);

  const scored = scoreAudit(options.checklist, items, {
    threshold: config.threshold,
    mode: config.mode,
    levels: config.levels ?? options.checklist.levels,
  });
  const claimsConfig = claimsSettings(config);
  const claims = claimsConfig.enabled
    ? auditClaims(view, { items, ...scored }, { documents: claimsConfig.documents, categoryTitles: options.checklist.categories, synonyms: options.synonyms })
    : undefined;
  if (claims) notes.push(...claims.notes);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "readiness", version },
    repository,
    generatedAt: (options.now ?? new Date()).toISOString(),
    profile,
    ...scored,
    threshold: config.threshold,
    mode: config.mode,
    items,
    notes,
    scan,
    ...(claims ? { claims: claims.claims } : {}),
  };
}

function decide(item: ChecklistItem, probe: Probe | undefined, view: RepoView, profile: RepoProfile, notes: string[]): Finding {
  const unmet = item.applies.find((condition) => !holds(condition, view, profile));
  if (unmet) {
    const notApplicable: Finding = { outcome: "not_applicable", evidence: [], reason: NOT_APPLICABLE_REASON[unmet](profile) };
    if (!item.creditWhenPresent || !probe) return notApplicable;
    // Not required here, but a library's Dockerfile or a CLI's end-to-end suite is still there: say so, and count it.
    const found = runProbe(item, probe, view, profile, notes);
    return found.outcome === "pass" || found.outcome === "partial" ? { ...found, reason: `${found.reason} (not required: ${notApplicable.reason})` } : notApplicable;
  }
  if (!probe) return { outcome: "not_applicable", evidence: [], reason: `no probe decides ${item.id} in this version of readiness` };
  return runProbe(item, probe, view, profile, notes);
}

function runProbe(item: ChecklistItem, probe: Probe, view: RepoView, profile: RepoProfile, notes: string[]): Finding {
  try {
    return probe.run({ view, profile });
  } catch (error) {
    notes.push(`the ${item.id} probe failed on this repository (${(error as Error).message}); the item is left out of the score`);
    return { outcome: "not_applicable", evidence: [], reason: "the probe failed on this repository; see the notes" };
  }
}

function holds(condition: Applicability, view: RepoView, profile: RepoProfile): boolean {
  switch (condition) {
    case "always":
      return true;
    case "service":
      return profile.isService;
    case "web-service":
      return profile.isWebService;
    case "deployable":
      return profile.isService || profile.kind === "app";
    case "database":
      return profile.hasDatabase;
    case "dockerfile":
      return projectDockerfiles(view).length > 0;
  }
}

const NOT_APPLICABLE_REASON: Record<Applicability, (profile: RepoProfile) => string> = {
  always: () => "",
  service: (p) => `applies to services; this repository looks like a ${p.kind} (no server framework or server start-up found)`,
  "web-service": (p) => `applies to web services; this repository looks like a ${p.kind} that serves no HTTP`,
  deployable: (p) => `applies to deployable services and apps; this repository looks like a ${p.kind}`,
  database: () => "applies where a database is used; no database driver or ORM is a dependency",
  dockerfile: () => "no Dockerfile or Containerfile in the project",
};

function summariseSkips(skipped: readonly { path: string; reason: string }[]): string {
  const shown = skipped.slice(0, 5).map((s) => `${s.path} (${s.reason})`);
  return skipped.length > 5 ? `${shown.join(", ")} and ${skipped.length - 5} more` : shown.join(", ");
}
