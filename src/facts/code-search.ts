import type { Language } from "../view/paths.js";
import { includesAny } from "../view/regex.js";
import type { RepoView } from "../view/repo-view.js";

/** A place in the project's code that matched a search. */
export interface CodeMatch {
  path: string;
  /** 1-based line of the match's first character. */
  line: number;
  /** Offset of the match in the file. */
  index: number;
  /** The regular expression's match: [0] is the matched text, then the capture groups. */
  match: RegExpExecArray;
}

/** One search over the project's code. */
export interface CodeQuery {
  /** Languages of the source files to search. */
  languages?: readonly Language[];
  /** Or: the files to search instead of source files (configuration such as application.yml). */
  files?: (view: RepoView) => readonly string[];
  /**
   * Plain strings of which at least one must occur in a file's raw text before the pattern runs on
   * it: a linear scan that keeps the regular expression (and the comment blanking) off most files.
   */
  needles: readonly string[];
  /** Linear-time pattern, run on the text with comments blanked. */
  pattern: RegExp;
}

/** Folders of developer tooling: scripts, docs sites, benchmarks. Their code does not run in production. */
const TOOLING_DIRS = new Set(["scripts", "script", "tools", "tooling", "hack", "docs", "doc", "benchmarks", "benchmark", "bench", ".github", ".husky", ".vscode", ".devcontainer"]);

export function isToolingPath(path: string): boolean {
  const parts = path.split("/");
  for (let i = 0; i < parts.length - 1; i++) if (TOOLING_DIRS.has(parts[i] as string)) return true;
  return false;
}

/** isToolingPath from a file's folder ("" for the root): it only looks at the folders. */
function isToolingFolder(folder: string): boolean {
  return folder !== "" && folder.split("/").some((part) => TOOLING_DIRS.has(part));
}

/**
 * The project's own source files that were read, with their language: tests, fixtures, examples,
 * developer tooling and vendored code left out. One pass over the listing per audit; every search starts here.
 */
function projectSources(view: RepoView): { path: string; language: Language }[] {
  return view.memo("facts:project-sources", () => {
    const out: { path: string; language: Language }[] = [];
    // Whether a folder is developer tooling is worked out once per folder.
    const tooling = new Map<string, boolean>();
    for (const { path, language, test, nonProject, folder } of view.paths.rows) {
      if (language === undefined || view.text(path) === undefined || test || nonProject) continue;
      let inTooling = tooling.get(folder);
      if (inTooling === undefined) {
        inTooling = isToolingFolder(folder);
        tooling.set(folder, inTooling);
      }
      if (!inTooling) out.push({ path, language });
    }
    return out;
  });
}

/** The project's own source files of the given languages (see projectSources). */
export function projectSourceFiles(view: RepoView, languages: readonly Language[]): string[] {
  const key = [...languages].sort().join(",");
  return view.memo(`facts:project-sources:${key}`, () => {
    const wanted = new Set(languages);
    return projectSources(view)
      .filter((source) => wanted.has(source.language))
      .map((source) => source.path);
  });
}

export interface SearchLimits {
  /** Stop after this many matches. */
  limit?: number;
  /** Keep only the first match of each file: one place per file is enough evidence. */
  firstInFile?: boolean;
}

/** Every match of the query (within the limits), file by file in listing order. */
export function searchCode(view: RepoView, query: CodeQuery, { limit = Number.POSITIVE_INFINITY, firstInFile = false }: SearchLimits = {}): CodeMatch[] {
  const files = query.files ? query.files(view) : projectSourceFiles(view, query.languages ?? []);
  const pattern = globalCopy(query.pattern);
  const out: CodeMatch[] = [];
  for (const path of files) {
    const text = view.text(path);
    if (text === undefined || !includesAny(text, query.needles)) continue;
    // Blanking comments costs more than a search: only files whose raw text matches are blanked and searched again.
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    const code = view.code(path) ?? text;
    pattern.lastIndex = 0;
    // In source files a match inside a string of prose is text (a message, an example, a remediation quoting code), not code.
    const codeOnly = query.files === undefined;
    for (let match = pattern.exec(code); match !== null; match = pattern.exec(code)) {
      if (match[0] === "") pattern.lastIndex++;
      if (codeOnly && view.inProse(path, match.index)) continue;
      out.push({ path, line: view.lineAt(path, match.index), index: match.index, match });
      if (out.length >= limit) return out;
      if (firstInFile) break;
    }
  }
  return out;
}

/** The first match of the query, if any. */
export function firstMatch(view: RepoView, query: CodeQuery): CodeMatch | undefined {
  return searchCode(view, query, { limit: 1 })[0];
}

/** The first match of the first query that matches: queries are listed most telling first. */
export function firstMatchOf(view: RepoView, queries: readonly CodeQuery[]): CodeMatch | undefined {
  for (const query of queries) {
    const found = firstMatch(view, query);
    if (found) return found;
  }
  return undefined;
}

/**
 * A file set for `CodeQuery.files`: the project's own files (not tests, fixtures or examples) that
 * were read and whose name matches, e.g. /^application.*\.ya?ml$/ for Spring configuration.
 */
export function filesNamed(name: RegExp): (view: RepoView) => string[] {
  return (view) =>
    view.memo(`facts:files-named:${name.source}`, () =>
      view.findRows((row) => name.test(row.name) && !row.test && !row.nonProject && view.text(row.path) !== undefined),
    );
}

function globalCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
}
