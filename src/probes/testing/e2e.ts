import { matchingLinesIn } from "../../facts/config-lines.js";
import { type CiStep, ciFindings, ciSteps, findingEvidence, pipelineOf } from "../../facts/ci.js";
import { justRecipes, makeTargets } from "../../facts/command-sources.js";
import { composeServices } from "../../facts/compose.js";
import { TEST_WORDS } from "../../facts/container-roles.js";
import { parseImageReference } from "../../facts/dockerfiles.js";
import { analyzeCommand, isTestCommand, kindsByName } from "../../facts/commands.js";
import { findDependency } from "../../facts/dependencies.js";
import { k6Scripts } from "../../facts/k6.js";
import { packageScripts } from "../../facts/package-json.js";
import { isProjectRow, projectNamed, projectPaths, projectRows } from "../../facts/project-files.js";
import { logicalLines, simpleCommands } from "../../facts/shell.js";
import { type TestFile, type TestStack, testFiles } from "../../facts/test-files.js";
import { basename, dirname, isNonProjectPath, segments } from "../../view/paths.js";
import type { PathRow } from "../../view/path-table.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Configuration files of browser, device and API end-to-end frameworks. */
const E2E_CONFIGS: [RegExp, string][] = [
  [/^playwright(?:[.-][\w-]+)?\.config\.[cm]?[jt]s$/, "Playwright config"],
  [/^cypress\.config\.[cm]?[jt]s$|^cypress\.json$/, "Cypress config"],
  [/^wdio(?:[.-][\w-]+)?\.conf\.[cm]?[jt]s$/, "WebdriverIO config"],
  [/^\.detoxrc(?:\.[cm]?js|\.json)?$|^detox\.config\.[cm]?js$/, "Detox config"],
  [/^jest-puppeteer\.config\.[cm]?js$/, "jest-puppeteer config"],
  [/^nightwatch(?:\.conf\.[cm]?js|\.json)$/, "Nightwatch config"],
  [/^\.testcaferc\.(?:json|[cm]?js)$/, "TestCafe config"],
  [/^protractor(?:[.-][\w-]+)?\.conf\.[cm]?[jt]s$/, "Protractor config"],
  [/^codecept\.conf\.[cm]?[jt]s$/, "CodeceptJS config"],
  [/^karate-config\.js$/, "Karate config"],
];

/** Test file names that declare an end-to-end test: app.e2e-spec.ts, login.cy.ts, e2e_test.go, test_e2e.py. */
const E2E_FILE_NAME = /[._-]e2e(?:-spec|-test)?\.[cm]?[jt]sx?$|\.cy\.[cm]?[jt]sx?$|(?:^|_)e2e_test\.go$|^test_e2e\w*\.py$|_e2e\.py$|^\w*(?:EndToEnd|E2E)\w*Tests?\.(?:cs|fs|java|kt|scala)$/;
/** Shell scripts that run an end-to-end suite: e2e.sh, run-e2e.sh, e2e-kind.sh. */
const E2E_SCRIPT_NAME = /(?:^|[-_.])e2e(?:[-_.][\w-]+)?\.(?:sh|bash)$/;
/** Folders of end-to-end suites. */
const E2E_DIR = /^(?:__e2e__|end-?to-?end|end2end|cypress|playwright)$|(?:^|[-_.])e2e(?:$|[-_.])|(?:^|[-_.])end-?to-?end(?:[-_.]?tests?)?$/i;
/**
 * Folders right under a test root that hold browser or black-box suites: Rails system tests and
 * feature specs (Capybara), Laravel Dusk, Codeception acceptance tests, Go acceptance suites.
 */
const STACK_E2E_DIRS: Partial<Record<TestStack, RegExp>> = {
  ruby: /^(?:system|features)$/,
  php: /^(?:Browser|acceptance|Acceptance)$/,
  go: /^acceptance$/,
};
/** Test code that drives a browser or device. */
const BROWSER_DRIVER =
  /from\s+["'](?:@playwright\/test|playwright|puppeteer|selenium-webdriver|webdriverio|cypress|detox|testcafe)["']|require\(\s*["'](?:@playwright\/test|playwright|puppeteer|selenium-webdriver|webdriverio)["']\s*\)|^[^\S\r\n]*(?:from|import)\s+(?:selenium|playwright|splinter)\b|\borg\.openqa\.selenium\b|\bcom\.microsoft\.playwright\b|^[^\S\r\n]*using\s+(?:Microsoft\.Playwright|OpenQA\.Selenium)\b|\bcom\.codeborne\.selenide\b|\bdriven_by\s+:(?:selenium|cuprite|playwright)|\bandroidx\.test\.espresso\b|\bXCUIApplication\s*\(|^[^\S\r\n]*use\s+(?:thirtyfour|fantoccini|headless_chrome|chromiumoxide)\b|\brequire\(\s*["']browser-ui-test["']\s*\)/m;
/**
 * Go test files built only for an end-to-end run, kept out of `go test ./...` because they need a
 * live target: `//go:build e2e` or `acceptance` (a comment, so searched in the raw text).
 */
const GO_E2E_BUILD_TAG = /^\/\/go:build\s[^\n]{0,80}\b(?:e2e|acceptance)\b/m;
/**
 * Black-box tests: the test starts the built program or its image as a separate process and drives it
 * from outside (a terminal through tmux, HTTP, the command line). Tests that call an app object in
 * process (supertest, Spring's RANDOM_PORT, WebApplicationFactory, rack-test) stay unit or integration tests.
 */
/**
 * tmux run by the test (a process call, a shell line, backticks), not a tmux command line the program
 * under test is expected to generate (`expect(window.commands).to eq ["tmux send-keys ..."]`).
 */
const TMUX_DRIVEN =
  /\b(?:system|exec\w*|spawn\w*|run|popen|Popen|check_output|check_call|call|Command|capture[23]e?|sh)\b[^\n]{0,40}\btmux\b[^\n]{0,120}\b(?:new-session|send-keys|capture-pane)\b|^[ \t]*tmux[ \t][^\n]{0,120}\b(?:new-session|send-keys|capture-pane)\b|`tmux[^`\n]{0,120}\b(?:new-session|send-keys|capture-pane)\b|\blibtmux\b/m;
const RUST_BINARY_NOTE = "integration test runs the built command-line binary";
const RUST_TESTS_FOLDER = /(?:^|\/)tests\//;
/**
 * Running the crate's own binary (assert_cmd also drives other programs, such as a shell sourcing
 * completion scripts), or finding the binary cargo built under target/ (target/debug/<name>,
 * CARGO_TARGET_TMPDIR/../debug/<name>).
 */
const RUNS_BUILT_RUST_BINARY =
  /\bCommand::cargo_bin\s*\(|\bcargo_bin!\s*\(|\bcargo_bin_cmd!\s*\(|\bescargot::|\btrycmd::TestCases\b|\benv!\s*\(\s*"CARGO_BIN_EXE_|["'](?:\.\.?\/)*target\/(?:debug|release)\/[\w-]+["']|\bCARGO_TARGET_(?:TMP)?DIR\b[\s\S]{0,200}?\.join\s*\(\s*"(?:debug|release)\/[\w-]+"/;
const BLACK_BOX: { note: string; applies: (file: TestFile) => boolean; usage: RegExp; also?: RegExp }[] = [
  { note: "test drives the program in a terminal through tmux", applies: () => true, usage: TMUX_DRIVEN },
  {
    note: "test starts the project's own image with Testcontainers",
    applies: () => true,
    usage: /\bImageFromDockerfile(?:Builder)?\b|\bFromDockerfile\s*[:{(]|\bGenericContainer\.fromDockerfile\s*\(|\.WithDockerfile\s*\(|\bDockerImage\s*\(\s*path\s*=/,
  },
  {
    note: "test starts the server process and calls it over HTTP",
    applies: (file) => file.stack === "javascript" || file.stack === "python",
    usage:
      /\b(?:spawn|fork|execa)\s*\(\s*(?:["'`](?:node|npm|npx|yarn|pnpm|bun|deno|tsx|ts-node|python3?|uvicorn|gunicorn|\.{1,2}\/|bin\/|dist\/|build\/)|process\.execPath)|\bsubprocess\.Popen\s*\(/,
    also: /["'`]https?:\/\/(?:localhost|127\.0\.0\.1)[:/]/,
  },
  {
    note: "integration test runs the built binary",
    applies: (file) => file.stack === "go" && /(?:^|[/_.-])(?:e2e|integration|acceptance|blackbox)(?:[/_.-]|$)/i.test(file.path),
    usage: /\bexec\.Command(?:Context)?\s*\(/,
  },
  {
    note: RUST_BINARY_NOTE,
    applies: (file) => file.stack === "rust" && RUST_TESTS_FOLDER.test(file.path),
    usage: RUNS_BUILT_RUST_BINARY,
  },
];
const HELM_TEST_HOOK = /helm\.sh\/hook["']?\s*:\s*["']?test(?:-success)?\b/;
/** Packages that only exist to run end-to-end tests. */
const E2E_PACKAGES = [
  "@playwright/test",
  "cypress",
  "webdriverio",
  "@wdio/cli",
  "detox",
  "testcafe",
  "nightwatch",
  "protractor",
  "codeceptjs",
  "pytest-playwright",
  "capybara",
  "com.intuit.karate:*",
  "org.seleniumhq.selenium:*",
  "com.microsoft.playwright:playwright",
  "Microsoft.Playwright*",
  "Selenium.WebDriver",
  "codeception/codeception",
  "laravel/dusk",
  "thirtyfour",
  "fantoccini",
  "browser-ui-test",
];
const NEWMAN_RUN = /\bnewman\s+run\b/;
/** A single `&` that sends a command to the background: not `&&`, nor the `&` of `2>&1` or `&>`. */
const BACKGROUND = /(?<![&>])&(?![&>])/g;
/** The project's own server started from the checkout, not a database container or a tool. */
const SERVER_START =
  /^(?:go run\b|cargo run\b|dotnet run\b|\.\/\S|(?:npm|yarn|pnpm) (?:run )?start\b|node \S|java -jar\b|mvn spring-boot:run\b|\.\/gradlew bootRun\b|python3? manage\.py runserver\b|(?:uvicorn|gunicorn|hypercorn) \S|(?:bundle exec )?rails s(?:erver)?\b|php artisan serve\b)/;
/** Waiting for the server: polling its port or URL, or a pause of some seconds for it to start. */
const WAIT_FOR_PORT = /\bnc -z\b|\bwait-for(?:-it)?\b|\bwait-on\b|\bdockerize -wait\b|^\s*sleep\s+[1-9]\d*s?\s*(?:#.*)?$/;
const MAX_EVIDENCE = 4;

/** End-to-end suites: browser/device frameworks, API suites in e2e folders, Helm test hooks, Newman runs of Postman collections. */
export const e2eTests: Probe = {
  id: "testing.e2e",
  run({ view, profile }) {
    const configs = e2eConfigs(view);
    // A command-line tool run with arguments by its tests is integration-tested; a server started and driven from outside is tested end to end.
    const specs = e2eSpecs(view).filter((spec) => profile.isService || spec.note !== RUST_BINARY_NOTE);
    const deployed = [...helmTestHooks(view), ...newmanRuns(view), ...scenarioSuites(view), ...k6FunctionalChecks(view), ...robotSuites(view), ...(profile.isService ? rustTestHarness(view, specs) : []), ...ciEndToEndRuns(view), ...liveServerRuns(view), ...composeTestRuns(view)];
    if (configs.length + specs.length + deployed.length === 0) deployed.push(...namedEndToEndJobs(view));
    const found = [...configs, ...specs.slice(0, 2), ...deployed];
    if (found.length > 0) {
      const what = [
        configs.length > 0 ? configs.map((c) => c.note).join(", ") : "",
        specs.length > 0 ? `${specs.length} end-to-end test file${specs.length === 1 ? "" : "s"}` : "",
        deployed.length > 0 ? [...new Set(deployed.map((d) => d.note))].join(", ") : "",
      ].filter(Boolean);
      return pass(`end-to-end tests: ${[...new Set(what)].join("; ")}`, found.slice(0, MAX_EVIDENCE));
    }
    const hints = [
      ...findDependency(view, E2E_PACKAGES).map((d) => ({ path: d.path, line: d.line, note: `${d.name} dependency` })),
      ...packageScripts(view)
        .filter((s) => /e2e/i.test(s.name) || analyzeCommand(view, s.command, dirname(s.path)).some((f) => f.e2e))
        .map((s) => ({ path: s.path, line: s.line, note: `"${s.name}": "${s.command}"` })),
    ];
    if (hints.length > 0) {
      return partial(`an end-to-end tool or script is declared (${hints[0]?.note}) but no end-to-end test files were found`, hints.slice(0, MAX_EVIDENCE));
    }
    return fail(
      "no end-to-end tests: looked for Playwright/Cypress/WebdriverIO/Detox/Puppeteer configs, e2e/ and __e2e__/ suites, *.e2e-spec.ts and *.cy.ts, Rails system tests, Selenium-driven tests, Go e2e/acceptance build tags, Helm test hooks, Newman runs, and recipes or CI jobs that start the server and test against it",
    );
  },
};

/** Robot Framework's browser, device and API libraries: a suite that imports one drives the running application. */
const ROBOT_DRIVER = /^Library\s+(?:SeleniumLibrary|Browser|AppiumLibrary|RequestsLibrary)\b/m;

/** Robot Framework suites (.robot files with test cases) whose suite or shared resources drive a browser, a device or the API. */
function robotSuites(view: RepoView): Evidence[] {
  const files = view.paths.withExtension("robot").concat(view.paths.withExtension("resource")).map((row) => row.path).filter((path) => !isNonProjectPath(path));
  const driver = files.map((path) => ({ path, match: ROBOT_DRIVER.exec(view.text(path) ?? "") })).find((f) => f.match !== null);
  const suite = files.find((path) => path.endsWith(".robot") && /^\*{3}\s*Test Cases\s*\*{3}/im.test(view.text(path) ?? ""));
  if (!driver?.match || !suite) return [];
  return [{ path: suite, note: "Robot Framework suite" }, { path: driver.path, line: view.lineAt(driver.path, driver.match.index), note: `Robot Framework ${driver.match[0].split(/\s+/)[1]}` }];
}

/**
 * A Rust test harness under tests/ (a shared module such as tests/common/mod.rs, not itself a test
 * file) that starts the binary cargo built, for the tests beside it to drive.
 */
function rustTestHarness(view: RepoView, specs: readonly Evidence[]): Evidence[] {
  if (specs.length > 0) return [];
  for (const { path, nonProject } of view.paths.withExtension("rs")) {
    if (nonProject || !RUST_TESTS_FOLDER.test(path)) continue;
    const match = RUNS_BUILT_RUST_BINARY.exec(view.code(path) ?? "");
    if (match) return [{ path, line: view.lineAt(path, match.index), note: "test harness runs the built binary" }];
  }
  return [];
}

function e2eConfigs(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const { path, name } of projectRows(view)) {
    const kind = E2E_CONFIGS.find(([pattern]) => pattern.test(name))?.[1];
    if (kind) out.push({ path, note: kind });
  }
  return out;
}

/** Test files that are end-to-end by name, by folder, or because they drive a browser. */
function e2eSpecs(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const file of testFiles(view)) {
    if (isE2eByPath(file)) {
      out.push({ path: file.path, note: "end-to-end test" });
      continue;
    }
    const code = view.code(file.path);
    const driver = code === undefined ? null : BROWSER_DRIVER.exec(code);
    if (driver) out.push({ path: file.path, line: view.lineAt(file.path, driver.index + driver[0].search(/\S/)), note: "test drives a browser or device" });
    else if (code !== undefined) out.push(...blackBoxUse(view, file, code));
    const tag = file.stack === "go" ? GO_E2E_BUILD_TAG.exec(view.text(file.path) ?? "") : null;
    if (tag) out.push({ path: file.path, line: view.lineAt(file.path, tag.index), note: "end-to-end build tag" });
  }
  for (const { path, name } of projectRows(view)) {
    if (E2E_SCRIPT_NAME.test(name)) out.push({ path, note: "end-to-end test script" });
  }
  return out;
}

function blackBoxUse(view: RepoView, file: TestFile, code: string): Evidence[] {
  for (const { note, applies, usage, also } of BLACK_BOX) {
    if (!applies(file)) continue;
    const match = usage.exec(code);
    if (match && (also === undefined || also.test(code))) return [{ path: file.path, line: view.lineAt(file.path, match.index), note }];
  }
  const images = ownImages(view);
  if (images.size === 0) return [];
  for (const match of code.matchAll(CONTAINER_IMAGE)) {
    if (images.has(parseImageReference(match[1] ?? match[2] ?? "").name)) return [{ path: file.path, line: view.lineAt(file.path, match.index), note: "test starts the project's own image with Testcontainers" }];
  }
  return [];
}

/** Images Testcontainers starts by name: `new GenericContainer("api:test")`, `DockerImageName.parse(…)`, Go's `Image: "…"`, Python's `DockerContainer("…")`. */
const CONTAINER_IMAGE = /\b(?:GenericContainer|DockerContainer|DockerImageName\.parse|ContainerBuilder\(\)\.WithImage)\s*(?:<[^>]{0,40}>)?\s*\(\s*["']([^"'\s]{1,200})["']|\bImage:\s*"([^"\s]{1,200})"/g;
const IMAGE_TAG_FLAG = /\bdocker\s+(?:buildx\s+)?build\b[^\n]{0,300}?\s(?:-t|--tag)[ =]["']?([^\s"']+)/g;

/** Names of the images the repository builds: compose services with both `build:` and `image:`, and CI's `docker build -t`/build-push-action tags. */
function ownImages(view: RepoView): ReadonlySet<string> {
  return view.memo("e2e:own-images", () => {
    const names = new Set<string>();
    const add = (reference: string) => names.add(parseImageReference(reference.trim()).name);
    for (const service of composeServices(view)) if (service.build && service.image && !service.image.includes("$")) add(service.image);
    for (const step of ciSteps(view)) {
      for (const match of (step.run ?? "").matchAll(IMAGE_TAG_FLAG)) add(match[1] as string);
      if (/docker\/build-push-action/i.test(step.uses ?? "")) for (const tag of (step.with?.tags ?? "").split(/[\s,]+/)) if (tag && !tag.includes("$")) add(tag);
    }
    names.delete("");
    return names;
  });
}

function isE2eByPath(file: TestFile): boolean {
  if (E2E_FILE_NAME.test(basename(file.path))) return true;
  const dirs = segments(file.path).slice(0, -1);
  if (dirs.some((d) => E2E_DIR.test(d))) return true;
  const stackDirs = STACK_E2E_DIRS[file.stack];
  if (!stackDirs) return false;
  const testRoot = dirs.findIndex((d) => /^(?:test|tests|spec)$/.test(d));
  // Go keeps tests beside the code, so its suite folders also sit at the repository's top (acceptance/).
  const suiteDir = testRoot !== -1 ? dirs[testRoot + 1] : file.stack === "go" ? dirs[0] : undefined;
  return stackDirs.test(suiteDir ?? "");
}

/** Helm chart test hooks: pods `helm test` runs against the deployed release. */
function helmTestHooks(view: RepoView): Evidence[] {
  const hookFiles = projectPaths(view).filter((path) => /\/templates\/tests\/[^/]+\.ya?ml$/.test(path));
  return matchingLinesIn(view, hookFiles, HELM_TEST_HOOK, "Helm test hook (runs against the deployed release)");
}

/** Postman collections that Newman runs from a package script, a task runner, a shell script or CI. */
function newmanRuns(view: RepoView): Evidence[] {
  const collection = projectPaths(view).find((p) => p.endsWith(".postman_collection.json"));
  if (!collection) return [];
  const collectionEvidence = { path: collection, note: "Postman collection" };
  const note = "Newman runs a Postman collection";
  const script = packageScripts(view).find((s) => NEWMAN_RUN.test(s.command));
  if (script) return [{ path: script.path, line: script.line, note }, collectionEvidence];
  const scripts = shellScripts(view).map((row) => row.path);
  const taskRun = matchingLinesIn(view, [...projectNamed(view, "Makefile", "justfile", "Taskfile.yml"), ...scripts], NEWMAN_RUN, note)[0];
  if (taskRun) return [taskRun, collectionEvidence];
  const step = ciSteps(view).find((s) => (s.run !== undefined && NEWMAN_RUN.test(s.run)) || /newman/i.test(s.uses ?? ""));
  return step ? [{ path: step.path, line: step.line, note }, collectionEvidence] : [];
}

/** k6 scripts of one user and one iteration: functional checks of the deployed API, not load. */
function k6FunctionalChecks(view: RepoView): Evidence[] {
  return k6Scripts(view)
    .filter((script) => script.singlePass)
    .slice(0, 2)
    .map((script) => ({ path: script.path, line: script.line, note: "k6 functional check (one user, one iteration) against the running API" }));
}

/** Tools whose end-to-end scenarios are files of their own kind, run against the application. */
const SCENARIO_TOOLS = [
  { packages: ["com.intuit.karate:*", "io.karatelabs:*"], extension: ".feature", note: "Karate API scenario" },
  { packages: ["browser-ui-test"], extension: ".goml", note: "browser-ui-test script (drives the site in a browser)" },
];

/** Karate's .feature files, browser-ui-test's .goml scripts: scenario files in a project that depends on their tool. */
function scenarioSuites(view: RepoView): Evidence[] {
  for (const { packages, extension, note } of SCENARIO_TOOLS) {
    const tool = findDependency(view, packages)[0];
    const scenario = tool && projectPaths(view).find((p) => p.endsWith(extension));
    if (tool && scenario) return [{ path: scenario, note }, { path: tool.path, line: tool.line, note: `${tool.name} dependency` }];
  }
  return [];
}

/** CI steps that run an end-to-end suite (playwright test, cypress run, rails test:system, helm test...). */
function ciEndToEndRuns(view: RepoView): Evidence[] {
  return ciFindings(view)
    .filter((f) => f.e2e && !f.byName)
    .slice(0, 1)
    .flatMap((f) => findingEvidence(f, "CI runs end-to-end tests").slice(0, 1));
}

interface CommandLine {
  path: string;
  line: number;
  text: string;
  cwd: string;
}

/**
 * Tests run against the project's server started for them: a Makefile or Justfile recipe, or a CI
 * job, that backgrounds the server, waits for its port, then runs the tests (API end-to-end tests
 * against a running instance). Evidence is the test command.
 */
function liveServerRuns(view: RepoView): Evidence[] {
  const binaries = ownBinaries(view);
  for (const lines of commandSequences(view)) {
    const started = lines.findIndex((l) => backgroundsServer(l.text, binaries));
    const waited = started === -1 ? -1 : lines.findIndex((l, i) => i >= started && waitsForPort(l.text));
    const tested = waited === -1 ? undefined : lines.find((l, i) => i > waited && (isTestCommand(view, l.text, l.cwd) || namedForTests(l.text)));
    if (tested) return [{ path: tested.path, line: tested.line, note: "tests run against the server started for them" }];
  }
  return [];
}

/** Recipes, shell scripts and CI jobs as ordered command lines; a CI job's steps share one shell session's background processes. */
function commandSequences(view: RepoView): CommandLine[][] {
  return view.memo("e2e:command-sequences", () => readCommandSequences(view));
}

/** The project's own shell scripts. */
function shellScripts(view: RepoView): PathRow[] {
  return view.paths.withExtension("sh").filter(isProjectRow);
}

function readCommandSequences(view: RepoView): CommandLine[][] {
  const scripts = shellScripts(view).map(({ path, folder }) => logicalLines(view.text(path) ?? "").map((l) => ({ path, line: l.line, text: l.text, cwd: folder })));
  const recipes = [
    ...projectNamed(view, "Makefile", "GNUmakefile").flatMap((path) => [...makeTargets(view, path).values()].map((r) => ({ path, recipe: r }))),
    ...projectNamed(view, "justfile", "Justfile").flatMap((path) => [...justRecipes(view, path).values()].map((r) => ({ path, recipe: r }))),
  ].map(({ path, recipe }) => recipe.commands.map((c) => ({ path, line: c.line, text: c.text, cwd: dirname(path) })));
  const jobs = new Map<string, CommandLine[]>();
  for (const step of ciSteps(view)) {
    if (step.run === undefined) continue;
    const key = `${pipelineOf(step)}\n${step.job ?? ""}`;
    const lines = logicalLines(step.run, step.runLines).map((l) => ({ path: step.path, line: l.line, text: l.text, cwd: step.cwd ?? "" }));
    const job = jobs.get(key);
    if (job) job.push(...lines);
    else jobs.set(key, lines);
  }
  return [...recipes, ...scripts, ...jobs.values()];
}

/** `docker compose up --exit-code-from integration-test`: the stack started, a test service of it driving the others. */
const COMPOSE_TEST_SERVICE = /\bup\b[^\n]*?--exit-code-from[ =]["']?([\w.-]+)/;
/** A CI job the project names as its end-to-end run: `e2e`, `end-to-end`, `test-e2e`. */
const E2E_JOB = /(?:^|[-_ ])(?:e2e|end[-_ ]?to[-_ ]?end)(?:$|[-_ ])/i;

/** Compose stacks whose test service's exit code is the run's: a black-box suite against the started application. */
function composeTestRuns(view: RepoView): Evidence[] {
  for (const lines of commandSequences(view)) {
    for (const line of lines) {
      const service = COMPOSE_TEST_SERVICE.exec(line.text)?.[1];
      if (service?.split(/[-_.]/).some((word) => TEST_WORDS.has(word.toLowerCase()))) {
        return [{ path: line.path, line: line.line, note: `Compose runs the ${service} service against the started stack` }];
      }
    }
  }
  return [];
}

/**
 * The weakest sign, taken only when nothing else is found: a CI job, or a workflow file, the project
 * names end-to-end (deploying to a cluster and checking it, or running a scenario against a Compose stack).
 */
function namedEndToEndJobs(view: RepoView): Evidence[] {
  const workflow = (step: CiStep) => basename(step.path).replace(/\.ya?ml$/, "");
  const step = ciSteps(view).find((s) => s.run !== undefined && (E2E_JOB.test(s.job ?? "") || (s.system === "github-actions" && E2E_JOB.test(workflow(s)))));
  if (!step) return [];
  const named = E2E_JOB.test(step.job ?? "") ? `CI job ${step.job}` : `CI workflow ${workflow(step)}`;
  return [{ path: step.path, line: step.line, note: `${named} runs against the deployed application` }];
}

/** A command the script names for its tests (`run_test`, `./run-tests`), such as a shell function defined beside it. */
function namedForTests(line: string): boolean {
  const program = simpleCommands(line)[0]?.[0];
  return program !== undefined && kindsByName(basename(program)).includes("test");
}

function backgroundsServer(line: string, binaries: ReadonlySet<string>): boolean {
  return line
    .split(BACKGROUND)
    .slice(0, -1)
    .some((part) => {
      const command = simpleCommands(part).at(-1) ?? [];
      return SERVER_START.test(command.join(" ")) || binaries.has(command[0] ?? "") || CARGO_BUILT_BINARY.test(command[0] ?? "");
    });
}

/** The binary cargo built, run by its path: `"$PROJECT_DIR/target/debug/rustypaste" &`. */
const CARGO_BUILT_BINARY = /(?:^|\/)target\/(?:debug|release)\/[\w-]+$/;
const CARGO_TARGET_NAME = /^\[(?:package|\[bin\])\][^[]*?^name\s*=\s*"([\w-]+)"/gm;

/** The programs the project builds and installs under their own names (a crate's package and [[bin]] names): `plume &` starts the server. */
function ownBinaries(view: RepoView): ReadonlySet<string> {
  const names = new Set<string>();
  for (const path of projectNamed(view, "Cargo.toml")) for (const match of (view.text(path) ?? "").matchAll(CARGO_TARGET_NAME)) names.add(match[1] as string);
  return names;
}

function waitsForPort(line: string): boolean {
  return WAIT_FOR_PORT.test(line) || (/\bcurl\b/.test(line) && /--retry\b|\b(?:until|while)\b/.test(line));
}
