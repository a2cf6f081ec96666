import { testFrameworks } from "../../facts/test-frameworks.js";
import { type TestFile, testFiles } from "../../facts/test-files.js";
import { depth, dirname, isTestPath } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

const REPRESENTATIVES = 3;
const CONVENTIONS =
  "*.test.ts/*.spec.js, test_*.py/*_test.py, *_test.go, src/test/**/*Test.java, spec/**/*_spec.rb, test/**/*_test.rb, tests/**/*Test.php, Rust tests/ and #[cfg(test)], *Tests.cs";

/** Automated tests by each stack's naming conventions, outside vendored, fixture and example folders. */
export const testsPresent: Probe = {
  id: "testing.tests-present",
  run({ view }) {
    const files = testFiles(view);
    if (files.length === 0) {
      const idle = testDirsWithoutTests(view);
      const note = idle.length > 0 ? `; ${idle.join(", ")} hold${idle.length === 1 ? "s" : ""} no test code` : "";
      return fail(`no test files found (looked for ${CONVENTIONS}, outside fixtures and examples)${note}`);
    }
    const frameworks = [...new Set(testFrameworks(view).map((f) => f.name))];
    const label = frameworks.length > 0 ? frameworks.join(", ") : [...new Set(files.map((f) => f.stack))].join(", ");
    const evidence: Evidence[] = representatives(files).map((f) => ({ path: f.path, note: "test file" }));
    for (const { evidence: place } of testFrameworks(view)) {
      if (!evidence.some((e) => e.path === place.path && (e.line === place.line || e.line === undefined))) evidence.push(place);
    }
    return pass(`${files.length} test file${files.length === 1 ? "" : "s"}: ${label}`, evidence);
  },
};

/**
 * A few test files from different folders, so the evidence shows the suite's shape: files named
 * or placed as tests before source files that merely embed a test module, shallowest first.
 */
function representatives(files: readonly TestFile[]): TestFile[] {
  const rank = (f: TestFile) => (isTestPath(f.path) ? 0 : 100) + depth(f.path);
  const sorted = [...files].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  const picked: TestFile[] = [];
  const dirs = new Set<string>();
  for (const file of sorted) {
    if (picked.length === REPRESENTATIVES) break;
    if (dirs.has(dirname(file.path))) continue;
    dirs.add(dirname(file.path));
    picked.push(file);
  }
  for (const file of sorted) {
    if (picked.length === REPRESENTATIVES) break;
    if (!picked.includes(file)) picked.push(file);
  }
  return picked;
}

/** Top-level test folders that exist but hold no test code, described by what they do hold (e.g. "tests/ (14 files: .json, .txt)"). */
function testDirsWithoutTests(view: RepoView): string[] {
  const byDir = new Map<string, { count: number; kinds: Set<string> }>();
  for (const { path, depth, extension } of view.paths.rows) {
    if (depth === 0) continue;
    const first = path.slice(0, path.indexOf("/"));
    if (!/^(?:tests?|spec|__tests__)$/i.test(first)) continue;
    const entry = byDir.get(first) ?? { count: 0, kinds: new Set<string>() };
    entry.count++;
    entry.kinds.add(extension ? `.${extension}` : "no extension");
    byDir.set(first, entry);
  }
  return [...byDir].map(([dir, { count, kinds }]) => `${dir}/ (${count} file${count === 1 ? "" : "s"}: ${[...kinds].slice(0, 4).join(", ")})`);
}
