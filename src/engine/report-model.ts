import type { ClaimsReport } from "../claims/model.js";
import type { ScanSummary } from "./repo-view.js";
import type { RepoProfile } from "../profile/profile.js";
import type { Evidence, ProbeOutcome } from "../probes/probe.js";

/** Version of the JSON report's shape; bumped on any breaking change. */
export const SCHEMA_VERSION = 1;

export type ItemOutcome = ProbeOutcome | "waived";
export type Conclusion = "success" | "failure" | "neutral";

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
