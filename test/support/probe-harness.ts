import { fileURLToPath } from "node:url";
import { RepoView } from "../../src/view/repo-view.js";
import { detectProfile } from "../../src/profile/profile.js";
import type { ProbeContext } from "../../src/probes/probe.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";

/** Absolute path of a repository tree under test/fixtures/repos. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/repos/${name}`, import.meta.url));
}

/** What a probe sees when the engine audits one of the fixture repositories. */
export async function fixtureContext(name: string): Promise<ProbeContext> {
  const view = await RepoView.load(new LocalSnapshot(fixturePath(name)));
  return { view, profile: detectProfile(view) };
}

/** What a probe sees for a small in-memory tree: for focused positive/negative cases. */
export function contextOf(files: Record<string, string>): ProbeContext {
  const view = RepoView.fromFiles(files);
  return { view, profile: detectProfile(view) };
}
