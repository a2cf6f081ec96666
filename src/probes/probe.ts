import type { RepoView } from "../engine/repo-view.js";
import type { RepoProfile } from "../profile/profile.js";

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

export interface ProbeContext {
  view: RepoView;
  profile: RepoProfile;
}

/**
 * One checklist item's detection. Its user-facing metadata (title, why, remediation,
 * weight, applicability) is the checklist's; the probe owns how the item is decided.
 */
export interface Probe {
  /** The checklist item id this probe decides, e.g. "container.non-root". */
  id: string;
  run(context: ProbeContext): Finding;
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
