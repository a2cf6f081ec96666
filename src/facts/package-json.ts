import { escapeRegExp } from "../view/regex.js";
import type { RepoView } from "../view/repo-view.js";
import { projectNamed } from "./project-files.js";

/** One entry of a package.json "scripts" block, with the line that declares it. */
export interface PackageScript {
  path: string;
  name: string;
  command: string;
  line: number;
}

export interface PackageManifest {
  path: string;
  text: string;
  json: Record<string, unknown>;
}

/** The project's own package.json files (fixtures and examples excluded) that parse, root first. */
export function packageManifests(view: RepoView): PackageManifest[] {
  return view.memo("facts:package-manifests", () => {
    const out: PackageManifest[] = [];
    for (const path of projectNamed(view, "package.json")) {
      const text = view.text(path);
      if (text === undefined) continue;
      try {
        const json = JSON.parse(text) as unknown;
        if (json && typeof json === "object" && !Array.isArray(json)) out.push({ path, text, json: json as Record<string, unknown> });
      } catch {
        // A manifest that does not parse declares nothing; the dependency facts report the same file.
      }
    }
    return out.sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path));
  });
}

/**
 * A script that runs nothing: npm's `echo "Error: no test specified" && exit 1`, a bare echo,
 * `exit 0`. Every command of it is an echo, an exit or `true`.
 */
export function isPlaceholderScript(command: string): boolean {
  return command
    .split(/&&|\|\||;/)
    .map((part) => part.trim())
    .every((part) => part === "" || part === "true" || /^echo\b/.test(part) || /^exit\s+\d+$/.test(part));
}

/** Every script of every project package.json. */
export function packageScripts(view: RepoView): PackageScript[] {
  return view.memo("facts:package-scripts", () => {
    const out: PackageScript[] = [];
    for (const manifest of packageManifests(view)) {
      const scripts = manifest.json.scripts;
      if (!scripts || typeof scripts !== "object") continue;
      for (const [name, command] of Object.entries(scripts)) {
        if (typeof command !== "string") continue;
        out.push({ path: manifest.path, name, command, line: jsonPropertyLine(manifest.text, "scripts", name) });
      }
    }
    return out;
  });
}

/**
 * 1-based line of `"key":` inside the top-level object property `section` (or of the top-level
 * `"section":` itself when key is omitted); 1 when it cannot be placed.
 */
export function jsonPropertyLine(text: string, section: string, key?: string): number {
  const sectionAt = text.search(new RegExp(`"${escapeRegExp(section)}"\\s*:`));
  if (sectionAt === -1) return 1;
  let at = sectionAt;
  if (key !== undefined) {
    const keyAt = text.slice(sectionAt).search(new RegExp(`"${escapeRegExp(key)}"\\s*:`));
    if (keyAt !== -1) at = sectionAt + keyAt;
  }
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

