import { firstMatchingLine, iniSectionLine, matchingLinesIn } from "../../facts/config-lines.js";
import { ciFindings, findingEvidence } from "../../facts/ci.js";
import { isShellScript, justRecipes, makeTargets } from "../../facts/command-sources.js";
import { analyzeCommand, analyzeEmbeddedScript, kindsByName } from "../../facts/commands.js";
import { findDependency } from "../../facts/dependencies.js";
import { jsonPropertyLine, packageManifests, packageScripts } from "../../facts/package-json.js";
import { projectNamed, projectRows } from "../../facts/project-files.js";
import { pytestConfigFiles } from "../../facts/test-files.js";
import { basename, dirname, languageOf } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Task files that are not shell scripts but hold commands in strings or values (nps, tox, nox, rake, Task). */
const TASK_FILE_NAMES = new Set(["package-scripts.js", "package-scripts.cjs", "package-scripts.yml", "tox.ini", "noxfile.py", "Rakefile", "Taskfile.yml", "Taskfile.yaml"]);
const MAKE_FILE_NAMES = ["Makefile", "makefile", "GNUmakefile"];
const JUST_FILE_NAMES = ["justfile", "Justfile", ".justfile"];

const COVERAGE_CONFIG_FILES: [RegExp, string][] = [
  [/^\.nycrc(?:\.(?:json|ya?ml|[cm]?js))?$|^nyc\.config\.[cm]?js$/, "nyc config"],
  [/^\.c8rc(?:\.json)?$/, "c8 config"],
  [/^\.coveragerc$/, "coverage.py config"],
  [/^\.?codecov\.ya?ml$/, "Codecov config"],
  [/^\.coveralls\.ya?ml$/, "Coveralls config"],
  [/^\.simplecov$/, "SimpleCov config"],
  [/^\.?tarpaulin\.toml$/, "cargo-tarpaulin config"],
];

/**
 * Files, by name, whose coverage plugin or setting shows on one line: [file name, setting line, what it is].
 * Jest/Vitest count only settings that turn coverage on or enforce it (collectCoverage: true, a
 * threshold, a Vitest coverage block): `jest --init` writes coverageDirectory and coverageProvider
 * beside collectCoverage: false, and those only shape a run that --coverage starts.
 */
const COVERAGE_SETTINGS: [RegExp, RegExp, string][] = [
  [/^(?:vitest|vite|jest|karma)\b[\w.-]*\.(?:[cm]?[jt]s|json)$/, /^\s*["']?(?:collectCoverage["']?\s*:\s*true\b|coverageThreshold["']?\s*:|coverage["']?\s*:\s*\{)/, "test runner coverage settings"],
  // Referenced for every test project from a Directory.Build.props, or switched on for a project's runs. A test
  // project's own coverlet.collector reference is `dotnet new xunit`'s default: only installed, like any coverage package.
  [/^Directory\.Build\.props$/, /Include="coverlet\./i, "coverlet (dotnet test coverage)"],
  [/\.(?:cs|fs|vb)proj$/, /<CollectCoverage>\s*true\b/i, "coverlet switched on for the project's test runs"],
  [/\.runsettings$/, /<DataCollector\b[^>]*\b(?:friendlyName|uri)="[^"]*(?:Code Coverage|XPlat code coverage|coverlet)/i, "code coverage collector in the test run settings"],
  [/^(?:spec|test|rails)_helper\.rb$/, /\bSimpleCov\.start\b/, "SimpleCov.start"],
  // An empty <coverage/> configures nothing; a <coverage> block (reports, include filters) or a coverage log does.
  // PHPUnit 9.3+ <coverage>, or the <whitelist> of sources (in <filter>) that PHPUnit 8 measures coverage of.
  [/^phpunit\.xml(?:\.dist)?$/, /<coverage\b(?![^>]*\/>)|<log\s+type="coverage-|<whitelist\b/, "phpunit coverage settings"],
  [/^pom\.xml$/, /<artifactId>\s*jacoco-maven-plugin\s*</, "JaCoCo Maven plugin"],
  [/^build\.gradle(?:\.kts)?$/, /\bjacoco\b|kotlinx\.kover|\bkover\s*\{/, "JaCoCo/Kover Gradle plugin"],
  [/^plugins\.sbt$/, /\bsbt-scoverage\b/, "sbt-scoverage plugin"],
  [/^mix\.exs$/, /\btest_coverage:|:excoveralls\b/, "Elixir test coverage settings"],
  // Nx and Angular executors (@nx/jest:jest, @nx/vite:test, @angular-devkit/build-angular:karma) in a target's options or nx.json targetDefaults.
  [/^(?:project|nx|angular|workspace)\.json$/, /^\s*"(?:codeCoverage|coverage(?:\.enabled)?)"\s*:\s*true\b|"coverage"\s*:\s*\{\s*"enabled"\s*:\s*true\b/, "coverage switched on in the test executor's options"],
  [/^sonar-project\.properties$/, /^\s*sonar\.[\w.]*(?:coverage|lcov|jacoco)[\w.]*\s*=/i, "coverage report imported by SonarQube"],
];

const COVERAGE_PACKAGES = [
  "nyc",
  "c8",
  "istanbul",
  "@vitest/coverage-*",
  "@jest/coverage*",
  "karma-coverage*",
  "coverage",
  "pytest-cov",
  "covdefaults",
  "simplecov",
  "codecov",
  "coveralls",
  "python-coveralls",
  "phpunit/php-code-coverage",
  "coverlet.*",
];

/** Coverage measured: tool config, a script or command that runs it, or a CI step that collects or uploads it. */
export const coverage: Probe = {
  id: "testing.coverage",
  run({ view }) {
    const configured = [...configEvidence(view), ...commandEvidence(view)];
    if (configured.length > 0) {
      const first = configured[0] as Evidence;
      return pass(`coverage configured: ${first.note} (${first.path}${first.line ? `:${first.line}` : ""})`, configured.slice(0, 4));
    }
    const installed = findDependency(view, COVERAGE_PACKAGES);
    if (installed.length > 0) {
      const names = [...new Set(installed.map((d) => d.name))].join(", ");
      // A coverage tool nothing runs measures nothing, like a logger never set up.
      return fail(
        `coverage tooling is a dependency (${names}) but no config, script or CI step runs it: collect coverage in the test command CI runs`,
        installed.slice(0, 3).map((d) => ({ path: d.path, line: d.line, note: `coverage tool ${d.name}` })),
      );
    }
    return fail(
      "no coverage configuration: looked for nyc/c8/jest/vitest coverage settings, .coveragerc or [tool.coverage], pytest --cov, go test -cover, JaCoCo/Kover, SimpleCov, and coverage scripts or Codecov/Coveralls uploads",
    );
  },
};

function configEvidence(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const { path, name } of projectRows(view)) {
    const kind = COVERAGE_CONFIG_FILES.find(([pattern]) => pattern.test(name))?.[1];
    if (kind) out.push({ path, line: 1, note: kind });
    const setting = COVERAGE_SETTINGS.find(([fileName]) => fileName.test(name));
    const found = setting && firstMatchingLine(view, path, setting[1], setting[2]);
    if (found) out.push(found);
  }
  for (const manifest of packageManifests(view)) {
    for (const key of ["nyc", "c8"]) {
      if (manifest.json[key]) out.push({ path: manifest.path, line: jsonPropertyLine(manifest.text, key), note: `${key} config in package.json` });
    }
    const jest = manifest.json.jest;
    const settings = jest && typeof jest === "object" ? (jest as Record<string, unknown>) : {};
    const coverageKey = Object.keys(settings).find((k) => (k === "collectCoverage" && settings[k] === true) || k === "coverageThreshold");
    if (coverageKey) out.push({ path: manifest.path, line: jsonPropertyLine(manifest.text, "jest", coverageKey), note: `jest ${coverageKey}` });
  }
  for (const path of projectNamed(view, "pyproject.toml", "setup.cfg", "tox.ini")) {
    const section = iniSectionLine(view, path, (s) => s === "tool.coverage" || s.startsWith("tool.coverage.") || s.startsWith("coverage:"), `coverage.py config in ${basename(path)}`);
    if (section) out.push(section);
  }
  out.push(...matchingLinesIn(view, pytestConfigFiles(view).map((f) => f.path), /^\s*addopts\s*=.*--cov\b/, "pytest-cov enabled in addopts"));
  return out;
}

/** Coverage run by a package script, a Makefile/justfile recipe, a shell script, a task file, or a CI step. */
function commandEvidence(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const script of packageScripts(view)) {
    if (kindsByName(script.name).includes("coverage") || measuresCoverage(view, script.command, dirname(script.path))) {
      out.push({ path: script.path, line: script.line, note: `"${script.name}": "${script.command}"` });
    }
  }
  for (const path of projectNamed(view, ...MAKE_FILE_NAMES, ...JUST_FILE_NAMES)) {
    const recipes = [...(MAKE_FILE_NAMES.includes(basename(path)) ? makeTargets(view, path) : justRecipes(view, path)).values()];
    const command = recipes.flatMap((r) => r.commands).find((c) => measuresCoverage(view, c.text, dirname(path)));
    const named = recipes.find((r) => kindsByName(r.name).includes("coverage") && r.commands.length > 0);
    if (command) out.push({ path, line: command.line, note: `coverage command: ${command.text}` });
    else if (named) out.push({ path, line: named.line, note: `${basename(path)} target "${named.name}"` });
  }
  for (const { path, name, folder } of projectRows(view)) {
    if (TASK_FILE_NAMES.has(name)) {
      const found = taskFileCoverage(view, path);
      if (found) out.push(found);
    } else if (!MAKE_FILE_NAMES.includes(name) && isShellScript(view, path)) {
      const finding = analyzeEmbeddedScript(view, view.text(path) ?? "", { path, cwd: folder }).find((f) => f.kind === "coverage");
      const place = finding?.trail[0];
      if (finding && place) out.push({ ...place, note: `coverage command: ${finding.command}` });
    }
  }
  for (const finding of ciFindings(view)) {
    if (finding.kind === "coverage") out.push(...findingEvidence(finding, "CI measures coverage").slice(0, 1));
  }
  return out;
}

function measuresCoverage(view: RepoView, command: string, cwd: string): boolean {
  return analyzeCommand(view, command, cwd).some((f) => f.kind === "coverage");
}

/** Task names on a task-file line: `coverage: {` (nps, Task), `[testenv:coverage]` (tox), `def coverage(session)` (nox), `task :coverage` (rake). */
const TASK_NAME_ON_LINE = [/^\s*\[([^\]]{1,80})\]/, /^\s*["']?([\w.:-]{1,80})["']?\s*:/, /^\s*def\s+(\w{1,80})\s{0,8}\(\s{0,8}session\b/, /^\s*task\s{0,8}\(?\s{0,8}:?["']?([\w:-]{1,80})/];

/**
 * A coverage task in a task file, read line by line: a task named for coverage, or a command
 * that measures it, taken from the line's string literals (`session.run("pytest", "--cov")`,
 * `script: 'c8 mocha'`) or its value (`commands = pytest --cov`, `- go test -cover ./...`).
 */
function taskFileCoverage(view: RepoView, path: string): Evidence | undefined {
  const text = languageOf(path) ? view.code(path) : view.text(path);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (/^\s*[#;]/.test(line)) continue;
    const taskName = TASK_NAME_ON_LINE.map((pattern) => pattern.exec(line)?.[1]).find((name) => name !== undefined);
    if (taskName && kindsByName(taskName).includes("coverage")) return { path, line: index + 1, note: `coverage task "${taskName}" in ${basename(path)}` };
    const literals = [...line.matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2] ?? "");
    const command = literals.length > 0 ? literals.join(" ") : (/^\s*(?:-\s+)?(?:[\w.-]+\s*[=:]\s*)?(.*)$/.exec(line)?.[1] ?? "");
    if (command.trim() && measuresCoverage(view, command, dirname(path))) return { path, line: index + 1, note: `coverage command in ${basename(path)}` };
  }
  return undefined;
}
