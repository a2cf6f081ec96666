import type { ItemResult } from "../../src/findings/findings.js";
import type { AuditReport } from "../../src/audit/report-model.js";

/** A checklist item's result with readable defaults: weight 1, no evidence. */
export function item(id: string, outcome: ItemResult["outcome"], extra: Partial<ItemResult> = {}): ItemResult {
  return { id, title: `Title of ${id}`, category: "ops", outcome, weight: 1, required: false, evidence: [], reason: `reason for ${id}`, why: "why", remediation: `fix ${id}`, ...extra };
}

/** A report around `items`; the score and counts are fixed, not computed from them. */
export function report(items: ItemResult[]): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: "readiness", version: "0.0.0" },
    repository: { label: "acme/api" },
    generatedAt: "2026-11-25T00:00:00.000Z",
    profile: { kind: "service", languages: ["typescript"], packageManagers: ["npm"], frameworks: ["express"], databases: [], isService: true, isWebService: true, hasDatabase: false, evidence: [] },
    score: 50,
    level: "Bronze",
    conclusion: "failure",
    threshold: 60,
    mode: "enforce",
    categories: [{ id: "ops", title: "Operations", score: 50, counts: { pass: 1, partial: 0, fail: 1, not_applicable: 0, waived: 0 } }],
    items,
    notes: [],
    scan: { filesListed: 2, filesVisible: 2, filesRead: 2, leftOut: 0, skipped: [] },
  };
}
