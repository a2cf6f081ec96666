import type { RepoView } from "../view/repo-view.js";
import type { PathRow } from "../view/path-table.js";
import { basename, segments } from "../view/paths.js";
import { iniSectionBody } from "./config-lines.js";
import { projectNamed, projectRows } from "./project-files.js";

export type TestStack =
  | "javascript"
  | "python"
  | "go"
  | "jvm"
  | "ruby"
  | "php"
  | "rust"
  | "dotnet"
  | "elixir"
  | "dart"
  | "swift"
  | "c/c++"
  | "lua"
  | "shell"
  | "clojure"
  | "haskell";

export interface TestFile {
  path: string;
  stack: TestStack;
}

/** Folders conventionally holding test code. */
const TEST_DIRS = new Set([
  "test",
  "tests",
  "__tests__",
  "spec",
  "specs",
  "e2e",
  "__e2e__",
  "integration",
  "integration-tests",
  "integration_tests",
  "testing",
  "cypress",
  "playwright",
]);

/** Folders under a test folder that hold inputs and expected outputs, not tests. */
const TEST_DATA_DIRS = new Set(["resources", "data", "assets", "golden", "goldens", "snapshots", "cassettes", "inputs", "expected", "baselines"]);

const JS_TEST_NAME = /[._](?:test|spec|e2e-spec|e2e-test|e2e|cy)\.[cm]?[jt]sx?$/;
const JS_DASHED_TEST_NAME = /-(?:test|spec)\.[cm]?[jt]sx?$/;
const JS_SOURCE = /\.[cm]?[jt]sx?$/;
/** A test declared at the start of a line: describe(, it.only(, test.each(, Deno.test(, t.test(... */
const JS_TEST_CALL = /^[ \t]{0,40}(?:describe|it|test|suite|context|Deno\.test|t\.test|tap\.test)(?:\.(?:only|skip|each|concurrent|serial|todo|describe|sequential))?\s{0,4}\(/m;
const PY_TEST_NAME = /^test_[^/]*\.py$|^[^/]+_test\.py$|^tests\.py$/;
const GO_TEST_NAME = /_test\.go$/;
const JVM_TEST_NAME = /^(?:[A-Z]\w*(?:Test|Tests|TestCase|IT|ITCase)|Test[A-Z]\w*)\.(?:java|kt|groovy|scala)$|^[A-Z]\w*(?:Spec|Suite)\.(?:groovy|scala|kt)$/;
const DOTNET_TEST_NAME = /^[A-Z]\w*(?:Test|Tests|Spec|Specs)\.(?:cs|fs|vb)$/;
/** Test classes whose names follow no convention still carry their framework's marker. */
const JVM_TEST_ANNOTATION = /^[^\S\r\n]*@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\b/m;
const DOTNET_TEST_ATTRIBUTE = /^\s*\[<?(?:Fact|Theory|Test|TestMethod|DataTestMethod|TestCase)\b/m;
const RUBY_TEST_NAME = /_spec\.rb$|_test\.rb$/;
const RUBY_PREFIXED_TEST_NAME = /^test_\w*\.rb$/;
/** A Minitest or RSpec example: test "...", def test_..., it/specify/scenario/example blocks, shared examples, shoulda's should. */
const RUBY_TEST_DEFINITION = /^[ \t]*(?:test[ \t(]+["':]|def[ \t]+test_|(?:it|specify|scenario|example|its|should|it_behaves_like|include_examples)\b)/m;
/** test_helper.rb, spec_helper.rb: suite set-up, not tests. */
const RUBY_HELPER_NAME = /_helper\.rb$/;
const PHP_TEST_NAME = /Test\.php$/;
const CPP_TEST_NAME = /(?:_test|_tests|_unittest)\.(?:c|cc|cpp|cxx)$/;
const CPP_PREFIXED_TEST_NAME = /^test_\w*\.(?:c|cc|cpp|cxx)$/;
/**
 * Where a Rust file's unit tests start: the inline `#[cfg(test)] mod tests {`, by convention at the
 * end of the file it tests (the text's length when the file has none). `#[cfg(test)] mod tests;`
 * only names a module kept in a file of its own.
 */
export function rustUnitTestsStart(text: string): number {
  return /^[ \t]*#\[cfg\(test\)\]\s*(?:#\[[^\]\n]*\]\s*)*mod\s+\w+\s*\{/m.exec(text)?.index ?? text.length;
}

/** A test module, or a test function on its own: #[test], #[tokio::test], #[sqlx::test], #[actix_web::test], #[rstest]. */
const RUST_TEST_MODULE = /#\[cfg\(test\)\]|^[ \t]*#\[(?:\w+::)?(?:test|rstest)\b/m;

/**
 * The project's test files by each stack's conventions: fixtures, examples, templates and
 * the data folders of test suites left out, so a tests/ folder of JSON inputs is not a test suite.
 */
export function testFiles(view: RepoView): TestFile[] {
  return view.memo("facts:test-files", () => {
    const pythonPatterns = pytestFilePatterns(view);
    // What the folders say is worked out once per folder, not once per file.
    const folders = new Map<string, TestFolder>();
    const out: TestFile[] = [];
    for (const row of projectRows(view)) {
      let folder = folders.get(row.folder);
      if (folder === undefined) {
        folder = testFolder(row.folder);
        folders.set(row.folder, folder);
      }
      if (!folder.candidate) continue;
      const stack = testStackOf(view, row, folder, pythonPatterns);
      if (stack) out.push({ path: row.path, stack });
    }
    return out;
  });
}

/** What a file's folders say about it being a test. */
interface TestFolder {
  /** Not in a data folder of a test suite (tests/fixtures-like inputs). */
  candidate: boolean;
  /** Under a conventional test folder (TEST_DIRS). */
  inTestDir: boolean;
  /** Under a folder whose name has "test" or "spec" in it. */
  inTestishDir: boolean;
  /** The innermost folder's name ("" at the root). */
  last: string;
}

function testFolder(folder: string): TestFolder {
  const dirs = folder === "" ? [] : segments(folder);
  let underTestDir = false;
  let candidate = true;
  for (const part of dirs) {
    const lower = part.toLowerCase();
    if (underTestDir && TEST_DATA_DIRS.has(lower)) {
      candidate = false;
      break;
    }
    if (TEST_DIRS.has(lower) || /test/i.test(part)) underTestDir = true;
  }
  return {
    candidate,
    inTestDir: dirs.some((part) => TEST_DIRS.has(part.toLowerCase())),
    inTestishDir: dirs.some((part) => /test|spec/i.test(part)),
    last: dirs[dirs.length - 1] ?? "",
  };
}

function testStackOf(view: RepoView, row: PathRow, folder: TestFolder, pythonPatterns: RegExp[]): TestStack | undefined {
  const { path, name, extension: ext } = row;
  const { inTestDir, inTestishDir } = folder;
  if (JS_SOURCE.test(name) && !name.endsWith(".d.ts")) {
    if (JS_TEST_NAME.test(name) || (inTestDir && JS_DASHED_TEST_NAME.test(name))) return "javascript";
    return inTestDir && hasCode(view, path, JS_TEST_CALL) ? "javascript" : undefined;
  }
  switch (ext) {
    case "py":
      return PY_TEST_NAME.test(name) || pythonPatterns.some((p) => p.test(name)) ? "python" : undefined;
    case "go":
      return GO_TEST_NAME.test(name) ? "go" : undefined;
    case "java":
    case "kt":
    case "groovy":
    case "scala":
      return inTestishDir && (JVM_TEST_NAME.test(name) || hasCode(view, path, JVM_TEST_ANNOTATION)) ? "jvm" : undefined;
    case "cs":
    case "fs":
    case "vb":
      return inTestishDir && (DOTNET_TEST_NAME.test(name) || hasCode(view, path, DOTNET_TEST_ATTRIBUTE)) ? "dotnet" : undefined;
    case "rb": {
      if (RUBY_HELPER_NAME.test(name) || !(RUBY_TEST_NAME.test(name) || (inTestDir && RUBY_PREFIXED_TEST_NAME.test(name)))) return undefined;
      // Rails generators write test files whose only test is commented out: a stub, not a test.
      const code = view.code(path);
      return code === undefined || RUBY_TEST_DEFINITION.test(code) ? "ruby" : undefined;
    }
    case "php":
      return inTestishDir && PHP_TEST_NAME.test(name) ? "php" : undefined;
    case "phpt":
      return "php";
    case "rs":
      return isRustTest(view, path, folder) ? "rust" : undefined;
    case "exs":
      return name.endsWith("_test.exs") ? "elixir" : undefined;
    case "dart":
      return name.endsWith("_test.dart") ? "dart" : undefined;
    case "swift":
      return inTestishDir && /Tests?\.swift$/.test(name) ? "swift" : undefined;
    case "c":
    case "cc":
    case "cpp":
    case "cxx":
      return CPP_TEST_NAME.test(name) || (inTestDir && CPP_PREFIXED_TEST_NAME.test(name)) ? "c/c++" : undefined;
    case "lua":
      return name.endsWith("_spec.lua") ? "lua" : undefined;
    case "bats":
      return "shell";
    case "clj":
    case "cljc":
      return /_test\.cljc?$/.test(name) ? "clojure" : undefined;
    case "hs":
      return inTestDir && name.endsWith("Spec.hs") ? "haskell" : undefined;
    default:
      return undefined;
  }
}

function hasCode(view: RepoView, path: string, pattern: RegExp): boolean {
  const code = view.code(path);
  return code !== undefined && pattern.test(code);
}

/** Cargo integration tests (each tests/*.rs is a test crate) and source files with a #[cfg(test)] module. */
function isRustTest(view: RepoView, path: string, folder: TestFolder): boolean {
  if (folder.last === "tests") return true;
  return hasCode(view, path, RUST_TEST_MODULE);
}

/** Extra test-module name patterns a pytest config declares (python_files = check_*.py ...), as basename matchers. */
export function pytestFilePatterns(view: RepoView): RegExp[] {
  return view.memo("facts:pytest-file-patterns", () => {
    const out: RegExp[] = [];
    for (const { path, isPytestSection } of pytestConfigFiles(view)) {
      const text = view.text(path);
      if (text === undefined) continue;
      const body = iniSectionBody(text, isPytestSection);
      for (let i = 0; i < body.length; i++) {
        const [, line] = body[i] as [number, string];
        const setting = /^\s*python_files\s*=\s*(.*)$/.exec(line);
        if (!setting) continue;
        let value = setting[1] as string;
        for (let j = i + 1; j < body.length && /^\s+\S/.test((body[j] as [number, string])[1]); j++) value += ` ${(body[j] as [number, string])[1]}`;
        for (const glob of value.split(/[\s,[\]"']+/)) {
          const matcher = basenameGlob(glob);
          if (matcher) out.push(matcher);
        }
      }
    }
    return out;
  });
}

/** Files that can hold pytest settings, with the section that holds them in each. */
export function pytestConfigFiles(view: RepoView): { path: string; isPytestSection: (section: string) => boolean }[] {
  const sections: Record<string, (section: string) => boolean> = {
    "pytest.ini": (s) => s === "pytest",
    "pyproject.toml": (s) => s === "tool.pytest.ini_options" || s === "tool.pytest",
    "setup.cfg": (s) => s === "tool:pytest",
    "tox.ini": (s) => s === "pytest",
  };
  return projectNamed(view, ...Object.keys(sections)).map((path) => ({ path, isPytestSection: sections[basename(path)] as (section: string) => boolean }));
}

/** A simple basename glob ("test_*.py", "*_check.py") as an anchored matcher; undefined for anything else. */
function basenameGlob(glob: string): RegExp | undefined {
  if (!/^[\w*.-]{1,80}\.py$/.test(glob) || glob.split("*").length > 4) return undefined;
  const source = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${source}$`);
}
