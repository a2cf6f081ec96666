import type { RepoView } from "../view/repo-view.js";
import { basename, dirname, isNonProjectPath } from "../view/paths.js";

/** Under a folder named by a template placeholder (cookiecutter's {{cookiecutter.slug}}, copier's {% if %}): generated-project content. */
function inTemplateFolder(path: string): boolean {
  const folder = dirname(path);
  return folder.includes("{{") || folder.includes("{%");
}

/** The project's own paths (fixtures, examples, samples and project templates left out), computed once per audit. */
export function projectPaths(view: RepoView): readonly string[] {
  return view.memo("facts:project-paths", () => view.find((path) => !isNonProjectPath(path) && !inTemplateFolder(path)));
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
