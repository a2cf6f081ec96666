import { joinRepoPath } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { composeServices } from "../../facts/compose.js";
import { contextFolders, type ParsedDockerfile, productionImages } from "../../facts/dockerfiles.js";
import { fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { describeLeftOut, listPaths, summarise, unanswerable } from "./images.js";

/**
 * Where Docker would read the ignore file for this Dockerfile: `<Dockerfile>.dockerignore` beside it
 * (BuildKit), or `.dockerignore` at the root of a build context: a compose `build.context` naming this
 * Dockerfile, the Dockerfile's folder or a folder above it (`docker build -f docker/Dockerfile .`).
 */
function ignoreFileFor(view: RepoView, file: ParsedDockerfile): string | undefined {
  const beside = `${file.path}.dockerignore`;
  if (view.has(beside)) return beside;
  const composeContexts = composeServices(view)
    .filter((s) => s.build?.dockerfile === file.path && s.build.context !== undefined)
    .map((s) => s.build?.context as string);
  for (const folder of [...composeContexts, ...contextFolders(file.path)]) {
    const candidate = joinRepoPath(folder, ".dockerignore") as string;
    if (view.has(candidate)) return candidate;
  }
  return undefined;
}

/** A .dockerignore keeps .git, .env files and node_modules out of the build context of every shipped image. */
export const containerDockerignore: Probe = {
  id: "container.dockerignore",
  run({ view }) {
    const selection = productionImages(view);
    const none = unanswerable(view, selection);
    if (none) return none;
    const found = selection.files.map((file) => ({ file, ignore: ignoreFileFor(view, file) }));
    const covered = found.filter((f) => f.ignore !== undefined);
    const missing = found.filter((f) => f.ignore === undefined).map((f) => f.file);
    const ignoreFiles = [...new Set(covered.map((f) => f.ignore as string))];
    const evidence = ignoreFiles.map((path) => ({ path, note: `build context of ${listPaths(covered.filter((f) => f.ignore === path).map((f) => f.file))}` }));
    const leftOut = describeLeftOut(view, selection.files);
    if (missing.length === 0)
      return pass(`.dockerignore for ${selection.basis}: ${summarise(evidence.map((e) => `${e.path} (${e.note})`))}${leftOut}`, evidence);
    const looked = `no .dockerignore beside ${listPaths(missing)} or in a folder above (nor a <Dockerfile>.dockerignore)`;
    if (covered.length > 0) return partial(`${summarise(ignoreFiles)} covers ${listPaths(covered.map((f) => f.file))}, but ${looked}${leftOut}`, evidence);
    return fail(`${looked}${leftOut}`);
  },
};
