import { firstMatchingLine, iniSectionBody, iniSectionLine, matchingLinesIn } from "../../facts/config-lines.js";
import { justRecipes, makeTargets } from "../../facts/command-sources.js";
import { kindsByName } from "../../facts/commands.js";
import { findDependency } from "../../facts/dependencies.js";
import { isPlaceholderScript, jsonPropertyLine, type PackageScript, packageManifests, packageScripts } from "../../facts/package-json.js";
import { projectNamed, projectPaths } from "../../facts/project-files.js";
import { testFrameworks } from "../../facts/test-frameworks.js";
import { pytestConfigFiles, type TestFile, type TestStack, testFiles } from "../../facts/test-files.js";
import { basename } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Runner configuration files, by file name. */
const RUNNER_CONFIGS: [RegExp, string][] = [
  [/^jest(?:[.-][\w-]+)?\.config\.(?:[cm]?[jt]s|json)$|^jest-e2e\.json$/, "jest config"],
  [/^vitest(?:\.[\w-]+)?\.(?:config|workspace|projects)\.(?:[cm]?[jt]s|json)$/, "vitest config"],
  [/^\.mocharc(?:\.(?:[cm]?js|jsonc?|ya?ml))?$|^mocha\.opts$/, "mocha config"],
  [/^ava\.config\.[cm]?js$/, "ava config"],
  [/^karma\.conf\.[cm]?[jt]s$/, "karma config"],
  [/^jasmine\.json$/, "jasmine config"],
  [/^\.taprc$/, "tap config"],
  [/^playwright(?:\.[\w-]+)?\.config\.[cm]?[jt]s$/, "playwright config"],
  [/^cypress\.config\.[cm]?[jt]s$|^cypress\.json$/, "cypress config"],
  [/^wdio(?:\.[\w-]+)?\.conf\.[cm]?[jt]s$/, "webdriverio config"],
  [/^pytest\.ini$/, "pytest.ini"],
  [/^noxfile\.py$/, "nox sessions"],
  [/^conftest\.py$/, "pytest (conftest.py)"],
  [/^phpunit\.xml(?:\.dist)?$/, "phpunit config"],
  [/^\.rspec$/, "rspec options"],
];

/** Package.json keys that configure a test runner inline. */
const PACKAGE_JSON_RUNNER_KEYS = ["jest", "mocha", "ava", "vitest"];

const MAKE_FILE_NAMES = ["Makefile", "makefile", "GNUmakefile"];
const JUST_FILE_NAMES = ["justfile", "Justfile", ".justfile"];
const TASKFILE_TEST_TASK = /^\s{2,4}test[\w:-]*:\s*$/;
const RAKE_TEST_TASK = /Rake::TestTask|RSpec::Core::RakeTask|\btask\s{0,8}\(?\s{0,8}:?["']?(?:test|spec)\b/;
const GRADLE_TEST_TASK = /^\s*(?:test\s*\{|tasks\.(?:named\s*\(\s*["']test["']|withType\s*[(<]\s*Test\b|test\b)|useJUnitPlatform\s*\(|useTestNG\s*\()/;

/** What a stack's developers add so the suite runs with one command. */
const REMEDIATION: Partial<Record<TestStack, string>> = {
  javascript: 'add a "test" script to package.json (e.g. "vitest run" or "jest")',
  python: "add [tool.pytest.ini_options] to pyproject.toml (or a pytest.ini / tox.ini) and pytest to the dev dependencies",
  jvm: "apply the java plugin's test task (Gradle) or the surefire plugin (Maven)",
  ruby: "add a Rakefile test task or an .rspec file",
  php: "add a phpunit.xml and a composer \"test\" script",
  dotnet: "reference Microsoft.NET.Test.Sdk from the test project so `dotnet test` runs it",
};

/** A declared, runnable test command: package scripts, runner configs, build-tool test tasks, or a toolchain's built-in runner. */
export const runnerConfigured: Probe = {
  id: "testing.runner-configured",
  run({ view }) {
    const declarations = runnerDeclarations(view);
    const files = testFiles(view);
    const placeholders = packageScripts(view).filter((s) => s.name === "test" && isPlaceholderScript(s.command));
    if (declarations.length > 0) {
      const first = declarations[0] as Evidence;
      const nothingToRun = files.length === 0 ? "; no test files were found for it to run" : "";
      return pass(`test command declared: ${first.note} (${first.path}${first.line ? `:${first.line}` : ""})${nothingToRun}`, declarations.slice(0, 4));
    }
    const placeholderNote = placeholders.map((s) => `${s.path}:${s.line} "test" is a placeholder (${s.command.trim()})`);
    if (files.length > 0) {
      const stacks = [...new Set(files.map((f) => f.stack))];
      const advice = stacks.map((s) => REMEDIATION[s]).filter(Boolean);
      const dependencyOnly = declaredButUnscripted(view);
      const reason = [
        `${files.length} test file${files.length === 1 ? "" : "s"} (${stacks.join(", ")}) but nothing declares how to run them`,
        ...placeholderNote,
        ...dependencyOnly.map((e) => `${e.note} is a dependency (${e.path}:${e.line}) but no script runs it`),
      ].join("; ");
      return partial(`${reason}${advice.length > 0 ? `: ${advice.join("; ")}` : ""}`, [
        ...placeholders.map((s) => ({ path: s.path, line: s.line, note: "placeholder test script" })),
        ...dependencyOnly,
        { path: (files[0] as TestFile).path, note: "test file" },
      ]);
    }
    if (placeholders.length > 0) {
      return fail(`no test runner: ${placeholderNote.join("; ")}, and no test files exist`, placeholders.map((s) => ({ path: s.path, line: s.line, note: "placeholder test script" })));
    }
    return fail(
      "no test command: looked for a package.json test script, jest/vitest/mocha/playwright config, pytest/tox/nox config or conftest.py, a Makefile/justfile test target, Rakefile/.rspec, Maven/Gradle test tasks, and test files for go test / cargo test",
    );
  },
};

/** Every declaration, explicit commands first: scripts and task-runner targets, then runner configs, build tools, toolchains. */
function runnerDeclarations(view: RepoView): Evidence[] {
  return [...scriptDeclarations(view), ...taskRunnerDeclarations(view), ...configDeclarations(view), ...buildToolDeclarations(view), ...builtInRunners(view)];
}

/** Makefile targets and justfile recipes named for tests (test, tests, test-unit, e2e...), pyproject, Taskfile and Rake test tasks. */
function taskRunnerDeclarations(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const path of projectNamed(view, ...MAKE_FILE_NAMES, ...JUST_FILE_NAMES)) {
    const recipes = MAKE_FILE_NAMES.includes(basename(path)) ? makeTargets(view, path) : justRecipes(view, path);
    const recipe = [...recipes.values()].find((r) => kindsByName(r.name).includes("test") && r.commands.length + r.prerequisites.length > 0);
    if (recipe) out.push({ path, line: recipe.line, note: `${basename(path)} target "${recipe.name}"` });
  }
  for (const path of projectNamed(view, "pyproject.toml")) {
    const task = pythonTaskRunnerTest(view, path);
    if (task) out.push(task);
  }
  out.push(...matchingLinesIn(view, projectNamed(view, "Taskfile.yml", "Taskfile.yaml"), TASKFILE_TEST_TASK, "Taskfile test task"));
  out.push(...matchingLinesIn(view, projectNamed(view, "Rakefile"), RAKE_TEST_TASK, "Rakefile test task"));
  return out;
}

function scriptDeclarations(view: RepoView): Evidence[] {
  const scripts = packageScripts(view).filter((s) => !isPlaceholderScript(s.command));
  const test = scripts.filter((s) => s.name === "test");
  const chosen = test.length > 0 ? test : scripts.filter((s) => /^test[:_-]/.test(s.name)).slice(0, 2);
  const out: Evidence[] = chosen.map((s: PackageScript) => ({ path: s.path, line: s.line, note: `"${s.name}": "${s.command}"` }));
  out.push(...matchingLinesIn(view, projectNamed(view, "composer.json", "deno.json", "deno.jsonc"), /^\s*"test"\s*:\s*"[^"]*\w/, "composer/deno test script"));
  return out;
}

function configDeclarations(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const manifest of packageManifests(view)) {
    for (const key of PACKAGE_JSON_RUNNER_KEYS) {
      if (manifest.json[key] && typeof manifest.json[key] === "object") out.push({ path: manifest.path, line: jsonPropertyLine(manifest.text, key), note: `${key} config in package.json` });
    }
  }
  for (const path of projectPaths(view)) {
    const name = basename(path);
    const kind = RUNNER_CONFIGS.find(([pattern]) => pattern.test(name))?.[1];
    if (kind) out.push({ path, line: 1, note: kind });
    else if (/^vite\.config\.[cm]?[jt]s$/.test(name)) {
      const inline = firstMatchingLine(view, path, /^\s*test\s*:\s*\{/, "vitest config in vite.config");
      if (inline) out.push(inline);
    }
  }
  for (const { path, isPytestSection } of pytestConfigFiles(view)) {
    if (basename(path) === "pytest.ini") continue;
    const section = iniSectionLine(view, path, isPytestSection, `pytest config in ${basename(path)}`);
    if (section) out.push(section);
  }
  for (const path of projectNamed(view, "tox.ini")) {
    const env = iniSectionLine(view, path, (s) => s === "tox" || s.startsWith("testenv"), "tox environments");
    if (env) out.push(env);
  }
  for (const [dep, note] of [
    [findDependency(view, ["pytest"])[0], "pytest"],
    [findDependency(view, ["Microsoft.NET.Test.Sdk"])[0], "dotnet test"],
  ] as const) {
    if (dep) out.push({ path: dep.path, line: dep.line, note: `${note} (dependency; runs the suite by its default discovery)` });
  }
  return out;
}

function buildToolDeclarations(view: RepoView): Evidence[] {
  return [
    ...matchingLinesIn(view, projectNamed(view, "pom.xml"), /<artifactId>\s*maven-(?:surefire|failsafe)-plugin\s*</, "Maven surefire/failsafe plugin"),
    ...matchingLinesIn(view, projectNamed(view, "build.gradle", "build.gradle.kts"), GRADLE_TEST_TASK, "Gradle test task"),
    ...matchingLinesIn(view, projectNamed(view, "Package.swift"), /\.testTarget\s*\(/, "SwiftPM test target"),
    ...matchingLinesIn(
      view,
      projectPaths(view).filter((p) => /\.(?:cs|fs|vb)proj$/.test(p)),
      /Include="Microsoft\.NET\.Test\.Sdk"/,
      "dotnet test (Microsoft.NET.Test.Sdk)",
    ),
  ];
}

/** Toolchains whose test command needs no declaration once tests of their stack exist. */
function builtInRunners(view: RepoView): Evidence[] {
  const stacks = new Set(testFiles(view).map((f) => f.stack));
  const out: Evidence[] = [];
  const frameworks = testFrameworks(view);
  const manifest = (names: string[], stack: TestStack, note: string) => {
    if (!stacks.has(stack)) return;
    const path = projectNamed(view, ...names)[0];
    if (!path) return;
    const declared = frameworks.find((f) => f.evidence.path === path);
    out.push({ path, line: declared?.evidence.line ?? 1, note });
  };
  manifest(["go.mod"], "go", "go test ./... (built into Go)");
  manifest(["Cargo.toml"], "rust", "cargo test (built into Cargo)");
  manifest(["mix.exs"], "elixir", "mix test (built into Mix)");
  manifest(["pom.xml"], "jvm", "mvn test (surefire runs src/test by default)");
  manifest(["build.gradle", "build.gradle.kts"], "jvm", "gradle test (the java plugin's test task)");
  manifest(["build.sbt"], "jvm", "sbt test (built into sbt)");
  manifest(["manage.py"], "python", "python manage.py test (Django's test runner)");
  if (stacks.has("ruby") && view.has("bin/rails")) out.push({ path: "bin/rails", line: 1, note: "bin/rails test (Rails' test runner)" });
  return out;
}

/** A `test` task of hatch, PDM, poethepoet or taskipy declared in pyproject.toml. */
function pythonTaskRunnerTest(view: RepoView, path: string): Evidence | undefined {
  const text = view.text(path);
  if (text === undefined) return undefined;
  const taskTable = (section: string) => /^tool\.(?:hatch\.envs\.[\w-]+\.scripts|pdm\.scripts|poe\.tasks|taskipy\.tasks)$/.test(section);
  const task = iniSectionBody(text, taskTable).find(([, line]) => /^\s*["']?test[\w:-]*["']?\s*=/.test(line));
  return task ? { path, line: task[0], note: `test task in ${path}: ${task[1].trim()}` } : undefined;
}

/** Test frameworks installed as JS dependencies that no script invokes. */
function declaredButUnscripted(view: RepoView): Evidence[] {
  return testFrameworks(view)
    .filter((f) => ["jest", "vitest", "mocha", "ava", "jasmine", "tap"].includes(f.name))
    .map((f) => ({ ...f.evidence, note: f.name }));
}
