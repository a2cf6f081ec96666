import type { RepoView } from "../engine/repo-view.js";
import { basename, isNonProjectPath } from "../engine/paths.js";

/** The project's own paths (fixtures, examples and samples left out), computed once per audit. */
export function projectPaths(view: RepoView): readonly string[] {
  return view.memo("facts:project-paths", () => view.find((path) => !isNonProjectPath(path)));
}

/** Project paths whose file name is one of `names`: an index lookup, so probes can ask often on huge trees. */
export function projectNamed(view: RepoView, ...names: string[]): string[] {
  const byName = view.memo("facts:project-paths-by-name", () => {
    const index = new Map<string, string[]>();
    for (const path of projectPaths(view)) {
      const name = basename(path);
      const list = index.get(name);
      if (list) list.push(path);
      else index.set(name, [path]);
    }
    return index;
  });
  return names.flatMap((name) => byName.get(name) ?? []);
}
