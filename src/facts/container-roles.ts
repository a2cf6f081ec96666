import { basename, CI_DIRS, isTestPath, segments } from "../view/paths.js";

/**
 * What an image is for: only runtime images ship. The others build a developer's, a test's or a CI
 * job's environment, or a base/builder image the project's runtime images start FROM.
 */
export type DockerfileRole = "runtime" | "development" | "test" | "ci" | "base";

export interface ContainerFileClass {
  role: DockerfileRole;
  /** Why the file has this role, e.g. "dev container (.devcontainer/)". */
  because?: string;
}

const DEVELOPMENT_DIRS = new Set([".devcontainer", ".cursor", ".gitpod", ".idea", ".vscode", "dev", "development", "devenv"]);
export const DEVELOPMENT_WORDS = new Set(["dev", "devel", "develop", "development", "devcontainer", "gitpod", "debug"]);
export const TEST_WORDS = new Set(["test", "tests", "testing", "e2e", "integration", "cypress", "playwright"]);
/** Words of a folder's name that make it a test set-up (db-test-setup/, e2e-stack/); "integration" alone names product code too. */
const TEST_DIR_WORDS = new Set(["test", "tests", "testing", "e2e"]);
export const CI_WORDS = new Set(["ci"]);
const BASE_WORDS = new Set(["base", "builder", "build", "toolchain"]);
export const PRODUCTION_WORDS = new Set(["prod", "production", "release"]);

/** Lower-case words of a Dockerfile's name other than "dockerfile" itself: `document.e2e.Dockerfile` → document, e2e. */
export function nameWords(path: string): string[] {
  return basename(path)
    .toLowerCase()
    .split(/[._-]/)
    .filter((word) => word !== "" && word !== "dockerfile" && word !== "containerfile");
}

/**
 * What a Dockerfile or compose file is for, decided by where it lives and how it is named
 * (`.devcontainer/Dockerfile`, `relational.e2e.Dockerfile`, `docker-compose.dev.yml`), never guessed from content.
 */
export function classifyContainerFile(path: string): ContainerFileClass {
  const dirs = segments(path).slice(0, -1);
  for (const dir of dirs) {
    const lower = dir.toLowerCase();
    if (DEVELOPMENT_DIRS.has(lower)) return { role: "development", because: `development environment image (${dir}/)` };
    if (CI_DIRS.has(lower)) return { role: "ci", because: `CI image (${dir}/)` };
    if (lower.split(/[-_]/).some((word) => TEST_DIR_WORDS.has(word))) return { role: "test", because: `test image (${dir}/)` };
  }
  if (isTestPath(path)) return { role: "test", because: `test image (${dirs.find((d) => isTestPath(`${d}/x`)) ?? "test folder"}/)` };
  const words = nameWords(path);
  const word = (set: Set<string>) => words.find((w) => set.has(w));
  const dev = word(DEVELOPMENT_WORDS);
  if (dev) return { role: "development", because: `development image (named "${dev}")` };
  const test = word(TEST_WORDS);
  if (test) return { role: "test", because: `test image (named "${test}")` };
  const ci = word(CI_WORDS);
  if (ci) return { role: "ci", because: `CI image (named "${ci}")` };
  const base = word(BASE_WORDS);
  if (base) return { role: "base", because: `base or builder image (named "${base}")` };
  return { role: "runtime" };
}
