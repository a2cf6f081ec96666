import type { RepoView } from "../view/repo-view.js";
import { segments } from "../view/paths.js";
import { subjectWords } from "./status.js";
import { words } from "./text.js";

/** Manifests that make a folder a component (a package) of the repository. */
const MANIFESTS = new Set([
  "package.json",
  "go.mod",
  "pyproject.toml",
  "setup.py",
  "requirements.txt",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "Cargo.toml",
  "Gemfile",
  "composer.json",
]);
/** Folders that hold the packages of a monorepo: apps/web, packages/api, services/billing. */
const COMPONENT_PARENTS = new Set(["apps", "packages", "services", "projects", "modules", "libs"]);
/** Words a heading may add to a component's folder name: "Mobile App" for mobile/, "CMS Service" for cms/. */
const COMPONENT_SUFFIXES = new Set(["app", "application", "service", "server", "package", "module"]);

/**
 * The components of a monorepo (folders with their own manifest, at the top level or under
 * apps/, packages/, services/...), so that claims about one component are held against that
 * component's evidence: "### Mobile App" then "❌ Testing" is not stale because the web app has tests.
 */
export interface Components {
  /** The component folder ("mobile-app/") a heading names, if any. */
  ofHeading(heading: string): string | undefined;
  /** The component folder a path is in; undefined for shared places (the root, .github/, docs/). */
  ofPath(path: string): string | undefined;
}

export function components(view: RepoView): Components {
  return view.memo("claims:components", () => {
    const folders = new Set<string>();
    for (const row of view.paths.rows) {
      if (!MANIFESTS.has(row.name)) continue;
      const parts = segments(row.path);
      if (parts.length === 2) folders.add(`${parts[0]}/`);
      else if (parts.length === 3 && COMPONENT_PARENTS.has(parts[0] as string)) folders.add(`${parts[0]}/${parts[1]}/`);
    }
    const byWords = new Map<string, string>();
    for (const folder of folders) byWords.set(words(folder.slice(folder.lastIndexOf("/", folder.length - 2) + 1)).join(" "), folder);
    return {
      ofHeading(heading: string) {
        const subject = subjectWords(heading);
        if (subject.length === 0) return undefined;
        const exact = byWords.get(subject.join(" "));
        if (exact || !COMPONENT_SUFFIXES.has(subject[subject.length - 1] as string)) return exact;
        return byWords.get(subject.slice(0, -1).join(" "));
      },
      ofPath(path: string) {
        for (const folder of folders) if (path.startsWith(folder)) return folder;
        return undefined;
      },
    };
  });
}
