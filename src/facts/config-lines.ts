import type { RepoView } from "../view/repo-view.js";
import { extension, isSourcePath } from "../view/paths.js";
import type { Evidence } from "../findings/findings.js";

/** Extensions of configuration formats whose comments start a line with "#" or ";". */
const HASH_COMMENT_EXTENSIONS = new Set(["toml", "ini", "cfg", "yml", "yaml", "conf", "properties", "sh", "bash", ""]);

/**
 * The first line of a file that matches, ignoring comments: source files are searched with
 * comments blanked, config files (TOML, INI, YAML, Makefile, shell) skip "#"/";" comment lines.
 * `pattern` must be linear-time; it is tested against one line at a time.
 */
export function firstMatchingLine(view: RepoView, path: string, pattern: RegExp, note: string): Evidence | undefined {
  const text = isSourcePath(path) ? view.code(path) : view.text(path);
  if (text === undefined) return undefined;
  const skipCommentLines = !isSourcePath(path) && HASH_COMMENT_EXTENSIONS.has(extension(path));
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (skipCommentLines && /^\s*[#;]/.test(line)) continue;
    if (pattern.test(line)) return { path, line: index + 1, note };
  }
  return undefined;
}

/** The first matching line of each of the files, for every file that has one. */
export function matchingLinesIn(view: RepoView, paths: readonly string[], pattern: RegExp, note: string): Evidence[] {
  const out: Evidence[] = [];
  for (const path of paths) {
    const found = firstMatchingLine(view, path, pattern, note);
    if (found) out.push(found);
  }
  return out;
}

/** The sections ("[tool.pytest.ini_options]", "[coverage:run]") of an INI/TOML file, with their first line. */
export function iniSectionLine(view: RepoView, path: string, isWanted: (section: string) => boolean, note: string): Evidence | undefined {
  const text = view.text(path);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const header = /^\s*\[\[?([^\]]{1,200})\]/.exec(lines[index] as string);
    if (header && isWanted((header[1] as string).trim())) return { path, line: index + 1, note };
  }
  return undefined;
}

/** The body of an INI/TOML section, as [1-based line, text] pairs, comment lines left out. */
export function iniSectionBody(text: string, isWanted: (section: string) => boolean): [number, string][] {
  const out: [number, string][] = [];
  let inside = false;
  text.split("\n").forEach((line, index) => {
    const header = /^\s*\[\[?([^\]]{1,200})\]/.exec(line);
    if (header) inside = isWanted((header[1] as string).trim());
    else if (inside && !/^\s*[#;]/.test(line)) out.push([index + 1, line]);
  });
  return out;
}
