/**
 * Path conventions shared by the engine and the probes: what is vendored or generated
 * (never audited), what is a fixture or example (not the project's own), what language
 * a file is written in.
 */

import { dirname } from "../snapshot/repo-path.js";
import { escapeRegExp } from "./regex.js";

// Path arithmetic lives with the snapshot, which resolves symbolic links with it; the rest of the engine finds it here.
export { dirname, joinRepoPath } from "../snapshot/repo-path.js";

/** Folders whose content is third-party or generated: invisible to every probe. */
const VENDORED_DIRS = new Set([
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "vendors",
  "third_party",
  "third-party",
  "thirdparty",
  "site-packages",
  ".venv",
  "venv",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".gradle",
  "Pods",
  "coverage",
  ".yarn",
  ".pnpm-store",
]);

/**
 * Folders holding sample inputs, not the project: a Dockerfile in tests/fixtures is not the project's.
 * docs_src holds the runnable apps a library's documentation quotes (FastAPI, Typer, SQLModel).
 */
const NON_PROJECT_DIRS = new Set([
  "fixtures",
  "fixture",
  "__fixtures__",
  "testdata",
  "test-data",
  "test_data",
  // Whole projects that a tool's tests run against (dotnet-outdated's test-projects).
  "test-projects",
  "test_projects",
  "testprojects",
  "__snapshots__",
  "__mocks__",
  "examples",
  "example",
  "samples",
  "sample",
  "docs_src",
  "_templates",
  ".hygen",
]);

const GENERATED_FILE = /\.(?:min\.js|min\.css|map|snap)$|(?:^|\/)(?:dist|build)\/.*\.js$/;

/** Matches a path that has one of the folders anywhere above its file name. */
function folderPattern(folders: Iterable<string>, flags = ""): RegExp {
  const names = [...folders].map(escapeRegExp);
  return new RegExp(`(?:^|/)(?:${names.join("|")})/`, flags);
}

export function segments(path: string): string[] {
  return path.split("/");
}

export function basename(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? path : path.slice(slash + 1);
}

export function extension(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

export function depth(path: string): number {
  let count = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) count++;
  return count;
}

const VENDORED_FOLDER = folderPattern(VENDORED_DIRS);

export function isVendoredPath(path: string): boolean {
  return VENDORED_FOLDER.test(path) || GENERATED_FILE.test(path);
}

/** Language folders of a JVM source set (src/main/java): the folders below them are package names. */
const JVM_SOURCE_DIRS = new Set(["java", "kotlin", "scala", "groovy"]);

/**
 * Fixtures, examples and samples: present in the tree but not the project's own. Folders below
 * a JVM source root are package names, so com/example/demo and org/springframework/samples are
 * the project's code.
 */
const NON_PROJECT_FOLDER = folderPattern(NON_PROJECT_DIRS);
const JVM_SOURCE_ROOT = new RegExp(`(?:^|/)src/[^/]+/(?:${[...JVM_SOURCE_DIRS].join("|")})/`);

/** Looks at folders only (both patterns end in a slash), so the path table works it out once per folder (isNonProjectFolder). */
export function isNonProjectPath(path: string): boolean {
  // Lower-cased once rather than matched with the `i` flag: a third of the time on every path of the tree.
  const lower = path.toLowerCase();
  const nonProject = NON_PROJECT_FOLDER.exec(lower);
  if (!nonProject) return false;
  const jvmRoot = JVM_SOURCE_ROOT.exec(lower);
  return !jvmRoot || jvmRoot.index > nonProject.index;
}

/**
 * isNonProjectPath from the folders alone ("" for the root): its patterns each end in a slash, so
 * a path is a fixture, example or sample exactly when its folder is.
 */
export function isNonProjectFolder(folder: string): boolean {
  return folder !== "" && isNonProjectPath(`${folder}/`);
}

/** Folders that hold a CI system's own set-up: workflows, CI images, the test job's compose files. */
export const CI_DIRS: ReadonlySet<string> = new Set([".github", ".circleci", ".gitlab", ".buildkite", ".ci", "ci"]);

/** Folders of a documentation website (a Next.js or Docusaurus docs site in a library's monorepo). */
const DOCS_SITE_FOLDER = /(?:^|\/)(?:docs?|documentation|website|site|www|docs-(?:site|website)|docusaurus)\//i;

/** Code of the project's documentation website: it serves pages about the project, it is not the project's service. */
export function isDocsSitePath(path: string): boolean {
  return DOCS_SITE_FOLDER.test(path);
}

export type Language =
  | "javascript"
  | "typescript"
  | "python"
  | "go"
  | "java"
  | "kotlin"
  | "ruby"
  | "php"
  | "rust"
  | "csharp"
  | "scala"
  | "elixir";

const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  py: "python",
  go: "go",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  rb: "ruby",
  php: "php",
  rs: "rust",
  cs: "csharp",
  scala: "scala",
  ex: "elixir",
  exs: "elixir",
};

export function languageOf(path: string): Language | undefined {
  const ext = extension(path);
  if (ext === "kts" && basename(path).startsWith("build.gradle")) return undefined;
  if (path.endsWith(".d.ts")) return undefined;
  return LANGUAGE_BY_EXTENSION[ext];
}

export function isSourcePath(path: string): boolean {
  return languageOf(path) !== undefined;
}

const TEST_DIRS = new Set([
  ...["test", "tests", "__tests__", "spec", "specs", "e2e", "testing", "it", "integration-tests", "cypress", "playwright"],
  // Helpers only tests use: a subscriber set up in test_utils/ is not the service's logging.
  ...["test_utils", "test-utils", "testutils", "testutil", "test_helpers", "test-helpers", "testhelpers"],
]);
const TEST_FILE =
  /(?:\.(?:test|spec|e2e-spec|e2e|cy)\.[cm]?[jt]sx?$|^test_.*\.py$|_test\.py$|_test\.go$|(?:Test|Tests|IT|Spec)\.(?:java|kt|scala)$|_spec\.rb$|_test\.rb$|Test\.php$|_test\.exs$)/;

/** A test file by its stack's naming conventions, or any source file under a test folder. */
const TEST_FOLDER = folderPattern(TEST_DIRS, "i");
/** Gradle's test source sets: src/test, src/androidTest, and those a build adds (src/integrationTest, src/functionalTest, src/smokeTest). */
const JVM_TEST_SOURCE_SET = /(?:^|\/)src\/(?:test|[a-z][A-Za-z0-9]*Test)\//;

/** .NET test projects are folders named after the project they test: Api.Tests/, Core.UnitTests/, Web.IntegrationTests/. */
const DOTNET_TEST_PROJECT = /(?:^|\/)[\w.-]+\.(?:Unit|Integration|Functional|Acceptance|EndToEnd|E2E|Architecture|Api|Component)?(?:Tests?|Specs?)\//;

/** A top-level integration/ folder holds the project's integration suites (often in other languages); deeper down it may be product code (src/integration/). */
const TOP_LEVEL_INTEGRATION = /^integration\//;

/**
 * A test path by its name or by its folders. The two halves are apart so that the path table works
 * out the folders' half once per folder: a rule on folders goes in isTestFolder, one on names in
 * isTestFileName.
 */
export function isTestPath(path: string): boolean {
  return isTestFileName(basename(path)) || isTestFolder(dirname(path));
}

/** isTestPath's verdict from the file name alone. */
export function isTestFileName(name: string): boolean {
  return TEST_FILE.test(name);
}

/** isTestPath's verdict from the folders alone ("" for the root): every pattern here ends in a slash. */
export function isTestFolder(folder: string): boolean {
  if (folder === "") return false;
  const path = `${folder}/`;
  return TEST_FOLDER.test(path) || JVM_TEST_SOURCE_SET.test(path) || DOTNET_TEST_PROJECT.test(path) || TOP_LEVEL_INTEGRATION.test(path);
}

/** Folders that hold load and performance tests (k6, Locust, Gatling, JMeter, Artillery scripts). */
const LOAD_TEST_DIR = /^(?:load|load[-_]?tests?|loadtest(?:s|ing|er)?|perf|performance|perf[-_]?tests?|stress|stress[-_]?tests?|soak|k6|locust|gatling|jmeter|artillery|vegeta)$/i;

/** A file in a load-test folder, or a Locust file: few per repository, and read early so large repositories still show them. */
const LOAD_TEST_FOLDER = new RegExp(`(?:^|/)${LOAD_TEST_DIR.source.slice(1, -1)}/`, "i");

export function isLoadTestPath(path: string): boolean {
  return isLoadTestName(basename(path)) || isLoadTestFolder(dirname(path));
}

/** Scripts named for load testing (loadtest.sh, stress-test.js), and Locust files. */
const LOAD_TEST_NAME = /^locustfile.*\.py$|^(?:load|stress|soak|perf(?:ormance)?)[-_]?tests?\.(?:sh|bash|js|mjs|ts|py|ya?ml)$/i;

/** isLoadTestPath's verdict from the file name alone. */
export function isLoadTestName(name: string): boolean {
  return LOAD_TEST_NAME.test(name);
}

/** isLoadTestPath's verdict from the folders alone ("" for the root); the pattern ends in a slash, as isTestFolder's do. */
export function isLoadTestFolder(folder: string): boolean {
  return folder !== "" && LOAD_TEST_FOLDER.test(`${folder}/`);
}
