import type { PathRow } from "../view/path-table.js";
import type { RepoView } from "../view/repo-view.js";

/** Under a folder named by a template placeholder (cookiecutter's {{cookiecutter.slug}}, copier's {% if %}): generated-project content. */
function inTemplateFolder(folder: string): boolean {
  return folder.includes("{{") || folder.includes("{%");
}

/** A file of the project's own: not a fixture, example or sample, nor in a project template. */
export function isProjectRow(row: PathRow): boolean {
  return !row.nonProject && !inTemplateFolder(row.folder);
}

/** The path table's rows of the project's own files (isProjectRow), once per audit. */
export function projectRows(view: RepoView): readonly PathRow[] {
  return view.memo("facts:project-rows", () => view.paths.rows.filter(isProjectRow));
}

/** The project's own paths (fixtures, examples, samples and project templates left out), computed once per audit. */
export function projectPaths(view: RepoView): readonly string[] {
  return view.memo("facts:project-paths", () => projectRows(view).map((row) => row.path));
}

/** Project paths whose file name is one of `names`: an index lookup, so probes can ask often on huge trees. */
export function projectNamed(view: RepoView, ...names: string[]): string[] {
  return names.flatMap((name) => view.paths.named(name).filter(isProjectRow).map((row) => row.path));
}
