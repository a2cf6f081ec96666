import type { Finding } from "../findings/findings.js";
import type { RepoProfile } from "../profile/profile.js";
import type { RepoView } from "../view/repo-view.js";

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
