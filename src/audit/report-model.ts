import type { ClaimsReport } from "../claims/model.js";
import type { CategoryResult, Conclusion, ItemResult } from "../findings/findings.js";
import type { RepoProfile } from "../profile/profile.js";
import type { ScanSummary } from "../view/repo-view.js";

/** Version of the JSON report's shape; bumped on any breaking change. */
export const SCHEMA_VERSION = 1;

export interface AuditReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: "readiness"; version: string };
  repository: { label: string; ref?: string; sha?: string };
  generatedAt: string;
  profile: RepoProfile;
  score: number;
  level: string;
  conclusion: Conclusion;
  threshold: number;
  mode: "enforce" | "advisory";
  categories: CategoryResult[];
  items: ItemResult[];
  /** Things the reader should know: expired waivers, unknown config ids, unread files. */
  notes: string[];
  scan: ScanSummary;
  /** The readiness documents' claims held against the evidence; absent when `claims: false`. */
  claims?: ClaimsReport;
}
