import type { RepoView } from "../../view/repo-view.js";
import { type ImageSelection, isDatastoreImage, type ParsedDockerfile, parsedDockerfiles } from "../../facts/dockerfiles.js";
import { type Finding, notApplicable } from "../../findings/findings.js";

/** How many places a reason names before it says "and N more": the evidence lists them all. */
const MAX_NAMED = 6;

/**
 * The answer when an image question cannot be asked: no Dockerfile at all, or only development,
 * test and CI images (they never run in production, so how they are built does not matter here).
 */
export function unanswerable(view: RepoView, selection: ImageSelection): Finding | undefined {
  const all = parsedDockerfiles(view);
  if (all.length === 0) return notApplicable("no Dockerfile or Containerfile in the project");
  if (selection.files.length > 0) return undefined;
  return notApplicable(`no runtime image to judge: ${summarise(all.map(describeFile), "; ")}`);
}

/** "path (why it is not a runtime image)", for reasons. */
export function describeFile(file: ParsedDockerfile): string {
  return file.problem ? `${file.path} ${file.problem}` : file.because ? `${file.path} is a ${file.because}` : file.path;
}

/** Items for a reason, the first few named and the rest counted. */
export function summarise(items: readonly string[], separator = ", "): string {
  if (items.length <= MAX_NAMED) return items.join(separator);
  return `${items.slice(0, MAX_NAMED).join(separator)} and ${items.length - MAX_NAMED} more`;
}

export function listPaths(files: readonly { path: string }[]): string {
  return summarise([...new Set(files.map((f) => f.path))]);
}

/** Dockerfiles left out of a judgement and why, said in the reason so nothing is silently skipped. */
export function describeLeftOut(view: RepoView, judged: readonly ParsedDockerfile[]): string {
  const chosen = new Set(judged.map((f) => f.path));
  const parts = parsedDockerfiles(view)
    .filter((f) => !chosen.has(f.path))
    .map((f) => `${f.path}: ${f.problem ?? f.because ?? (isDatastoreImage(f) ? "database, cache or broker image" : "not the production image")}`);
  return parts.length ? ` (not judged: ${summarise(parts, "; ")})` : "";
}
