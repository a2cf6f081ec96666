import type { RepoView } from "../view/repo-view.js";
import { basename, dirname, joinRepoPath } from "../view/paths.js";
import type { Evidence } from "../findings/findings.js";
import {
  composeServiceRuns,
  defaultMakeTarget,
  dockerInstructions,
  earthfileTargets,
  execForm,
  imagePathToRepo,
  isInterpretedScript,
  isShellScript,
  justRecipes,
  makeTargets,
  npsTask,
  type Recipe,
  shelledCommands,
  stagesUpTo,
} from "./command-sources.js";
import { isPlaceholderScript, jsonPropertyLine, type PackageManifest, packageManifests } from "./package-json.js";
import { logicalLines, type ShellLine, simpleCommands } from "./shell.js";

/**
 * What a shell command does, for CI and for package scripts: runs the tests, a linter or
 * type checker, coverage, a static security analyser, a dependency audit or an IaC scan.
 * Commands are followed into package.json scripts, Makefile/Justfile targets, composer
 * scripts, repository shell scripts, and compose services / Dockerfiles they start,
 * with every hop recorded so evidence can point at the line that really does the work.
 */

export type CommandKind = "test" | "lint" | "coverage" | "sast" | "dependency-audit" | "iac-scan";

export interface CommandFinding {
  kind: CommandKind;
  /** The tool, e.g. "jest", "pytest", "eslint", "bandit"; for name-based findings, the script or target. */
  tool: string;
  /** The simple command that does it, as written where it was found. */
  command: string;
  /** Where the command was reached, outermost first: script lines, package.json scripts, Makefile recipes. */
  trail: Evidence[];
  /** Browser or API end-to-end suites (Playwright, Cypress, Rails system tests...). */
  e2e?: boolean;
  /** Decided from a script or target name because its body could not be read or names no known tool. */
  byName?: boolean;
}

/** Every finding of a command line (or several lines), run from `cwd` (a repository folder, "" for the root). */
export function analyzeCommand(view: RepoView, command: string, cwd = ""): CommandFinding[] {
  return analyzeText(newContext(view, cwd), command);
}

/**
 * Findings of a script embedded in a file (a CI `run:` block, a Jenkinsfile `sh` string):
 * each finding's trail starts at the line of `path` the command is on.
 */
export function analyzeEmbeddedScript(view: RepoView, script: string, place: { path: string; lineNumbers?: readonly number[]; cwd?: string }): CommandFinding[] {
  return analyzeText(newContext(view, place.cwd ?? ""), script, place.lineNumbers, place.path);
}

/** Findings of a command given as words (exec form), e.g. a compose `command:` list. */
export function analyzeWords(view: RepoView, words: readonly string[], cwd = ""): CommandFinding[] {
  return analyzeSimple(newContext(view, cwd), [...words]);
}

export function isTestCommand(view: RepoView, command: string, cwd = ""): CommandFinding | undefined {
  return analyzeCommand(view, command, cwd).find((f) => f.kind === "test");
}

export function isLintCommand(view: RepoView, command: string, cwd = ""): CommandFinding | undefined {
  return analyzeCommand(view, command, cwd).find((f) => f.kind === "lint");
}

export function isCoverageCommand(view: RepoView, command: string, cwd = ""): CommandFinding | undefined {
  return analyzeCommand(view, command, cwd).find((f) => f.kind === "coverage");
}

export function isSastCommand(view: RepoView, command: string, cwd = ""): CommandFinding | undefined {
  return analyzeCommand(view, command, cwd).find((f) => f.kind === "sast");
}

/**
 * What a script, target or task name says it does (`test:e2e`, `lint`, `check-types`, `format:check`...).
 * A test word must lead or end the name: `test:unit` and `run-tests` run tests, `check-test-fixtures` does not.
 */
export function kindsByName(name: string): CommandKind[] {
  const tokens = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const has = (set: ReadonlySet<string>) => tokens.some((t) => set.has(t));
  const kinds: CommandKind[] = [];
  if (TEST_WORDS.has(tokens[0] ?? "") || TEST_WORDS.has(tokens.at(-1) ?? "")) kinds.push("test");
  if (has(LINT_WORDS) || (has(FORMAT_WORDS) && has(CHECK_WORDS)) || (has(TYPE_WORDS) && has(CHECK_WORDS))) kinds.push("lint");
  if (has(COVERAGE_WORDS)) kinds.push("coverage");
  // A task called "coverage" runs the suite to measure it; "codecov", "coverage:report" or "upload-coverage" only ship the numbers.
  if (!kinds.includes("test") && COVERAGE_RUN_WORDS.has(tokens[0] ?? "") && !has(COVERAGE_REPORT_WORDS)) kinds.push("test");
  return kinds;
}

const COVERAGE_RUN_WORDS = new Set(["cov", "coverage"]);
const COVERAGE_REPORT_WORDS = new Set(["report", "reports", "upload", "html", "xml", "lcov", "badge", "erase", "clean", "combine", "open", "show", "view", "codecov", "coveralls", "merge", "submit"]);

const TEST_WORDS = new Set(["test", "tests", "spec", "specs", "e2e", "unittest", "unittests", "runtests", "jest", "vitest", "pytest", "mocha", "cypress", "playwright", "rspec", "phpunit", "ginkgo", "jasmine", "minitest", "karma"]);
const LINT_WORDS = new Set(["lint", "linter", "linting", "eslint", "tslint", "stylelint", "rubocop", "flake8", "pylint", "mypy", "typecheck", "typechecking", "golangci", "vet", "clippy", "ruff", "pyright", "checkstyle", "ktlint", "detekt", "staticcheck"]);
const FORMAT_WORDS = new Set(["format", "fmt", "prettier", "black", "style", "formatting"]);
const CHECK_WORDS = new Set(["check", "checks", "checking", "verify", "validate", "ci", "diff", "lint"]);
const TYPE_WORDS = new Set(["type", "types", "typing", "typings"]);
const COVERAGE_WORDS = new Set(["cov", "coverage", "codecov", "coveralls"]);

/** npm's placeholder and other scripts that run nothing. */
/** Tested on the trimmed body: no `\s*` on either side of optional parts, so a long blank script is not re-scanned (was quadratic). */
const MAX_DEPTH = 10;
const MAX_STEPS = 600;

interface Context {
  view: RepoView;
  cwd: string;
  depth: number;
  /** Resolutions in progress (script, target, file): a cycle stops instead of looping. */
  active: Set<string>;
  budget: { steps: number };
}

function newContext(view: RepoView, cwd: string): Context {
  return { view, cwd, depth: 0, active: new Set(), budget: { steps: MAX_STEPS } };
}

function deeper(ctx: Context, cwd = ctx.cwd): Context {
  return { ...ctx, cwd, depth: ctx.depth + 1 };
}

/** Runs `resolve` once per key along the current path, within the depth and step budget. */
function guarded(ctx: Context, key: string, resolve: () => CommandFinding[]): CommandFinding[] {
  if (ctx.depth >= MAX_DEPTH || ctx.active.has(key) || ctx.budget.steps-- <= 0) return [];
  ctx.active.add(key);
  try {
    return resolve();
  } finally {
    ctx.active.delete(key);
  }
}

function at(place: Evidence, findings: CommandFinding[]): CommandFinding[] {
  return findings.map((f) => ({ ...f, trail: [place, ...f.trail] }));
}

function found(kind: CommandKind, tool: string, words: readonly string[], extra: Partial<CommandFinding> = {}): CommandFinding {
  return { kind, tool, command: words.join(" "), trail: [], ...extra };
}

/** Lines of shell: `cd` carries over to the following commands, as it does in a script or a `run:` block. */
function analyzeText(ctx: Context, text: string, lineNumbers?: readonly number[], sourcePath?: string): CommandFinding[] {
  return analyzeLines(ctx, logicalLines(text, lineNumbers), sourcePath);
}

/** `RUNNER=cargo` alone on a line: a variable a later line runs as its command (`$RUNNER test`). */
const COMMAND_VARIABLE = /^\s*([A-Za-z_]\w*)=["']?([\w./-]+)["']?\s*$/;
const VARIABLE_WORD = /^\$\{?([A-Za-z_]\w*)\}?$/;

/**
 * The command a variable in command position runs: its assignment in the script, else a tool the
 * variable is named after (`$CARGO test`, where CI's matrix sets CARGO to cargo or cross).
 */
function commandOfVariable(variable: string, variables: ReadonlyMap<string, string>): string | undefined {
  return variables.get(variable) ?? (Object.hasOwn(TOOLS, variable.toLowerCase()) ? variable.toLowerCase() : undefined);
}

/**
 * Commands of a script, line by line. A `cd` carries over to the next lines of a shell script; a
 * Makefile or Justfile recipe runs each line in a shell of its own, so there it lasts one line.
 */
function analyzeLines(ctx: Context, lines: readonly ShellLine[], sourcePath?: string, { shellPerLine = false } = {}): CommandFinding[] {
  const out: CommandFinding[] = [];
  const variables = new Map<string, string>();
  let cwd = ctx.cwd;
  for (const line of lines) {
    if (shellPerLine) cwd = ctx.cwd;
    const assigned = COMMAND_VARIABLE.exec(line.text);
    if (assigned && !variables.has(assigned[1] as string)) variables.set(assigned[1] as string, assigned[2] as string);
    for (const parsed of simpleCommands(line.text)) {
      const variable = VARIABLE_WORD.exec(parsed[0] ?? "")?.[1];
      const command = variable === undefined ? undefined : commandOfVariable(variable, variables);
      const words = command === undefined ? parsed : [command, ...parsed.slice(1)];
      if (words[0] === "cd" || words[0] === "pushd") {
        const target = words[1];
        cwd = target === undefined || target.startsWith("$") || target === "-" ? cwd : (joinRepoPath(cwd, target) ?? cwd);
        continue;
      }
      const findings = analyzeSimple({ ...ctx, cwd }, words);
      out.push(...(sourcePath ? at({ path: sourcePath, line: line.line }, findings) : findings));
    }
  }
  return out;
}

type Handler = (ctx: Context, args: string[], words: string[]) => CommandFinding[];

/** One simple command: unwraps runners (npx, poetry run, bundle exec...), then asks the tool's handler. */
function analyzeSimple(ctx: Context, input: string[]): CommandFinding[] {
  let words = input;
  for (let guard = 0; guard < 8 && words.length > 0; guard++) {
    const name = commandName(words[0] as string);
    if (name === undefined) {
      words = words.slice(1);
      continue;
    }
    const unwrap = WRAPPERS[name];
    const inner = unwrap?.(words.slice(1));
    if (inner === undefined) {
      // PowerShell build scripts wrap tools in Invoke-<Tool> functions (posh-build's Invoke-Dotnet).
      const handler = TOOLS[name] ?? TOOLS[/^Invoke-(\w+)$/i.exec(name)?.[1]?.toLowerCase() ?? ""];
      // `cargo clippy --version` prints the tool's version in a CI log; it checks nothing.
      if (handler && words.some((word) => word === "--version" || word === "--help")) return [];
      if (handler) return handler(ctx, words.slice(1), words);
      return repositoryScript(ctx, words);
    }
    words = inner;
  }
  return [];
}

/**
 * The tool a command word names: the basename, without `${PREFIX}`-style variable prefixes,
 * interpreter versions or Windows suffixes. Undefined for a bare variable (`$CMD`).
 */
function commandName(word: string): string | undefined {
  const stripped = word.replace(/^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$[A-Za-z_][A-Za-z0-9_]*)+/, "");
  if (stripped === "") return /PYTHON/i.test(word) ? "python" : undefined;
  const name = basename(stripped).toLowerCase().replace(/\.(?:exe|cmd|bat|ps1)$/, "");
  if (/^python[0-9.]*$|^py$/.test(name)) return "python";
  if (/^pip[0-9.]*$/.test(name)) return "pip";
  if (name === "gradlew") return "gradle";
  if (name === "mvnw") return "mvn";
  if (name === "docker-compose" || name === "podman-compose") return "docker-compose";
  if (name === "podman") return "docker";
  return name;
}

/** Options that take a value, so the word after them is not the command. */
function skipOptions(args: string[], valued: ReadonlySet<string>): string[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a === "--") return args.slice(i + 1);
    if (!a.startsWith("-")) break;
    i += valued.has(a) ? 2 : 1;
  }
  return args.slice(i);
}

function afterAssignments(args: string[]): string[] {
  let i = 0;
  while (i < args.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i] as string) || (args[i] as string).startsWith("-"))) i++;
  return args.slice(i);
}

const NO_VALUES: ReadonlySet<string> = new Set();

/** Commands that run another command: what they run, or undefined when the word is not used as a wrapper. */
const WRAPPERS: Record<string, (args: string[]) => string[] | undefined> = {
  sudo: (a) => skipOptions(a, new Set(["-u", "-g", "-C", "-D"])),
  env: afterAssignments,
  "cross-env": afterAssignments,
  "cross-env-shell": afterAssignments,
  dotenv: (a) => (a.includes("--") ? a.slice(a.indexOf("--") + 1) : skipOptions(a, new Set(["-e", "-c", "-v"]))),
  "env-cmd": (a) => (a.includes("--") ? a.slice(a.indexOf("--") + 1) : skipOptions(a, new Set(["-f", "--file", "-e", "--environments", "-r", "--rc-file"]))),
  time: (a) => skipOptions(a, NO_VALUES),
  nice: (a) => skipOptions(a, new Set(["-n"])),
  timeout: (a) => skipOptions(a, new Set(["-s", "-k", "--signal", "--kill-after"])).slice(1),
  "xvfb-run": (a) => skipOptions(a, new Set(["-s", "--server-args", "-n", "--server-num", "-e", "--error-file", "-f", "--auth-file", "-w", "--wait"])),
  npx: (a) => skipOptions(a, new Set(["-p", "--package", "-c", "--call"])),
  bunx: (a) => skipOptions(a, NO_VALUES),
  pnpx: (a) => skipOptions(a, NO_VALUES),
  uvx: (a) => skipOptions(a, new Set(["--from", "--with", "--python", "-p"])),
  poetry: (a) => (a[0] === "run" ? skipOptions(a.slice(1), NO_VALUES) : undefined),
  pipenv: (a) => (a[0] === "run" ? a.slice(1) : undefined),
  // Reproducible dev shells run the real command inside: nix develop --command just test, devbox run test.
  nix: (a) => (a[0] === "develop" || a[0] === "shell" ? afterFlag(a, ["--command", "-c"]) : undefined),
  "nix-shell": (a) => afterFlag(a, ["--run", "--command"])?.join(" ").split(/\s+/),
  devbox: (a) => (a[0] === "run" ? a.slice(1) : undefined),
  rye: (a) => (a[0] === "run" ? a.slice(1) : undefined),
  pipx: (a) => (a[0] === "run" ? skipOptions(a.slice(1), new Set(["--spec"])) : undefined),
  uv: (a) => (a[0] === "run" ? skipOptions(a.slice(1), new Set(["--with", "--extra", "--group", "--python", "-p", "--project", "--directory", "--env-file", "--package", "--only-group", "--no-group"])) : undefined),
  bundle: (a) => (a[0] === "exec" ? a.slice(1) : undefined),
  bash: shellWrapper,
  sh: shellWrapper,
  pwsh: powershellWrapper,
  powershell: powershellWrapper,
  zsh: shellWrapper,
  eval: (a) => a.join(" ").split(/\s+/),
};

/** The words after the first of these flags, or undefined when none is given. */
function afterFlag(args: string[], flags: readonly string[]): string[] | undefined {
  const at = args.findIndex((a) => flags.includes(a));
  return at === -1 || at === args.length - 1 ? undefined : args.slice(at + 1);
}

/** `bash -c "..."` is handled by its handler; `bash -e script.sh` runs the script. */
function shellWrapper(args: string[]): string[] | undefined {
  if (args.some((a) => a === "-c" || /^-[a-z]*c$/.test(a))) return undefined;
  const rest = args.filter((a) => !a.startsWith("-"));
  return rest.length > 0 ? rest : undefined;
}

/** `pwsh -NoProfile -File ./build.ps1 -Target test` runs the script; `-Command "..."` is a line of its own. */
function powershellWrapper(args: string[]): string[] | undefined {
  const command = args.findIndex((a) => /^-(?:c|command)$/i.test(a));
  if (command !== -1) return args.slice(command + 1).join(" ").split(/\s+/);
  const rest = skipOptions(args, new Set(["-ExecutionPolicy", "-executionpolicy", "-ep"]));
  return rest.length > 0 ? rest : undefined;
}

function tool(kind: CommandKind, name: string, extra: Partial<CommandFinding> = {}): Handler {
  return (_ctx, _args, words) => [found(kind, name, words, extra)];
}

function when(condition: (args: string[]) => boolean, kind: CommandKind, name: string): Handler {
  return (_ctx, args, words) => (condition(args) ? [found(kind, name, words)] : []);
}

/** golangci-lint runs gosec, a SAST tool, when a flag turns it on: `-E gosec`, `--enable=gosec,errcheck`, `--presets bugs`. */
function golangciLint(_ctx: Context, args: string[], words: string[]): CommandFinding[] {
  if (!["run", undefined].includes(args.find((a) => !a.startsWith("-")))) return [];
  const values = (flags: string[]) => args.flatMap((a, i) => flags.flatMap((f) => (a === f ? [args[i + 1] ?? ""] : a.startsWith(`${f}=`) ? [a.slice(f.length + 1)] : []))).flatMap((v) => v.split(","));
  const disabled = values(["-D", "--disable"]).includes("gosec");
  const enabled = values(["-E", "--enable"]).includes("gosec") || values(["-p", "--presets"]).includes("bugs") || args.includes("--enable-all");
  return [found("lint", "golangci-lint", words), ...(enabled && !disabled ? [found("sast", "gosec through golangci-lint", words)] : [])];
}

const hasAny = (args: readonly string[], ...flags: string[]) => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
const positionals = (args: readonly string[]) => args.filter((a) => !a.startsWith("-"));

/** Test runners that also measure coverage when asked by a flag. */
/** Go's flag package takes -flag and --flag, and a test binary's flags also as -test.flag. */
const GO_COVERAGE_FLAGS = ["cover", "coverprofile", "covermode", "coverpkg"].flatMap((flag) => [`-${flag}`, `--${flag}`, `-test.${flag}`, `--test.${flag}`]);

/** A test path that names an end-to-end suite: `pytest bookmarks/tests_e2e`, `jest e2e/`, `./end-to-end/...`. */
const E2E_SUITE_PATH = /(?:^|\/)(?:[\w-]*[-_])?(?:e2e|end-?to-?end)(?:[-_][\w-]*)?(?:\/|$)/i;

/** A task runner whose tasks are defined in code: each task named on the command line is read by its name. */
function tasksByName(runner: string): Handler {
  return (_ctx, args, words) => positionals(args).flatMap((task) => nameKindsFindings(task, `${runner} ${task}`, words));
}

function testRunner(name: string, coverageFlags: string[], extra: Partial<CommandFinding> = {}): Handler {
  return (_ctx, args, words) => {
    const suite = positionals(args).some((a) => E2E_SUITE_PATH.test(a)) ? { e2e: true } : {};
    const out = [found("test", name, words, { ...suite, ...extra })];
    if (args.some((a) => coverageFlags.some((f) => a === f || a.startsWith(`${f}=`) || a.startsWith(`${f}:`)))) out.push(found("coverage", name, words));
    return out;
  };
}

/** `nyc mocha`, `c8 vitest`: coverage around whatever runs inside. */
function coverageWrapper(name: string): Handler {
  return (ctx, args, words) => {
    const inner = skipOptions(args, new Set(["--reporter", "-r", "--include", "-n", "--exclude", "-x", "--report-dir", "--temp-dir"]));
    const innerFindings = inner[0] === "report" || inner[0] === "check-coverage" ? [] : analyzeSimple(deeper(ctx), inner);
    return [found("coverage", name, words), ...innerFindings];
  };
}

const LINTER = (name: string) => tool("lint", name);
const COVERAGE_RUN_VALUED = new Set(["--source", "--rcfile", "--omit", "--include", "--context", "--data-file", "--concurrency"]);

const TOOLS: Record<string, Handler> = {
  // JavaScript / TypeScript test runners
  jest: testRunner("jest", ["--coverage", "--collectCoverage"]),
  vitest: (ctx, args, words) => (positionals(args)[0] === "bench" ? [] : testRunner("vitest", ["--coverage", "--coverage.enabled"])(ctx, args, words)),
  mocha: tool("test", "mocha"),
  ava: tool("test", "ava"),
  tap: testRunner("tap", ["--coverage-report", "--100"]),
  tape: tool("test", "tape"),
  jasmine: tool("test", "jasmine"),
  karma: when((a) => ["start", "run"].includes(positionals(a)[0] ?? ""), "test", "karma"),
  uvu: tool("test", "uvu"),
  qunit: tool("test", "qunit"),
  lab: tool("test", "lab"),
  "web-test-runner": tool("test", "web-test-runner"),
  wtr: tool("test", "web-test-runner"),
  playwright: (_ctx, args, words) => (positionals(args)[0] === "test" ? [found("test", "playwright", words, { e2e: true })] : []),
  cypress: (_ctx, args, words) => (positionals(args)[0] === "run" ? [found("test", "cypress", words, { e2e: true })] : []),
  wdio: tool("test", "webdriverio", { e2e: true }),
  newman: (_ctx, args, words) => (positionals(args)[0] === "run" ? [found("test", "newman", words, { e2e: true })] : []),
  testcafe: tool("test", "testcafe", { e2e: true }),
  "react-scripts": when((a) => positionals(a)[0] === "test", "test", "react-scripts test"),
  craco: when((a) => positionals(a)[0] === "test", "test", "craco test"),
  "vue-cli-service": (_ctx, args, words) => nameKindsFindings(positionals(args)[0] ?? "", "vue-cli-service", words),
  ng: (_ctx, args, words) => {
    const sub = positionals(args)[0];
    if (sub === "test") return [found("test", "ng test", words)];
    if (sub === "e2e") return [found("test", "ng e2e", words, { e2e: true })];
    if (sub === "lint") return [found("lint", "ng lint", words)];
    return [];
  },
  node: (ctx, args, words) => {
    if (hasAny(args, "--test")) return [found("test", "node --test", words)];
    const script = positionals(args)[0];
    return script ? scriptFileByName(ctx, script, words) : [];
  },
  nyc: coverageWrapper("nyc"),
  c8: coverageWrapper("c8"),
  istanbul: (_ctx, args, words) => (positionals(args)[0] === "cover" ? [found("coverage", "istanbul", words), found("test", "istanbul cover", words)] : []),
  "start-server-and-test": (ctx, args, words) => {
    const target = positionals(args).at(-1);
    const inner = target === undefined ? [] : target.includes(" ") ? analyzeText(deeper(ctx), target) : runPackageScript(ctx, ctx.cwd, target, []);
    return inner.some((f) => f.kind === "test") ? inner : [found("test", "start-server-and-test", words), ...inner];
  },
  concurrently: (ctx, args) =>
    positionals(args).flatMap((command) => (command.startsWith("npm:") ? runPackageScript(ctx, ctx.cwd, command.slice(4), []) : analyzeText(deeper(ctx), command))),
  "npm-run-all": runAllScripts,
  "npm-run-all2": runAllScripts,
  "run-s": runAllScripts,
  "run-p": runAllScripts,
  // JavaScript / TypeScript linters and type checkers
  eslint: LINTER("eslint"),
  tslint: LINTER("tslint"),
  stylelint: LINTER("stylelint"),
  xo: LINTER("xo"),
  standard: LINTER("standard"),
  jshint: LINTER("jshint"),
  oxlint: LINTER("oxlint"),
  knip: LINTER("knip"),
  prettier: when((a) => hasAny(a, "--check", "-c", "--list-different", "-l"), "lint", "prettier --check"),
  biome: (_ctx, args, words) => {
    const sub = positionals(args)[0] ?? "";
    if (["check", "lint", "ci"].includes(sub) || (sub === "format" && !hasAny(args, "--write", "--apply", "--fix"))) return [found("lint", `biome ${sub}`, words)];
    return [];
  },
  ultracite: when((a) => ["check", "lint"].includes(positionals(a)[0] ?? ""), "lint", "ultracite (biome)"),
  tsc: (_ctx, args, words) => (hasAny(args, "--noEmit", "-noEmit") ? [found("lint", "tsc --noEmit", words)] : []),
  "vue-tsc": LINTER("vue-tsc"),
  "svelte-check": LINTER("svelte-check"),
  astro: when((a) => positionals(a)[0] === "check", "lint", "astro check"),
  next: when((a) => positionals(a)[0] === "lint", "lint", "next lint"),
  dprint: when((a) => positionals(a)[0] === "check", "lint", "dprint check"),
  markdownlint: LINTER("markdownlint"),
  "markdownlint-cli2": LINTER("markdownlint"),
  deno: (_ctx, args, words) => {
    const sub = positionals(args)[0];
    if (sub === "test") return [found("test", "deno test", words)];
    if (sub === "lint" || sub === "check" || (sub === "fmt" && hasAny(args, "--check"))) return [found("lint", `deno ${sub}`, words)];
    return [];
  },
  // JavaScript package managers and monorepo task runners
  npm: packageManager("npm"),
  pnpm: packageManager("pnpm"),
  yarn: packageManager("yarn"),
  bun: packageManager("bun"),
  turbo: workspaceTasks("turbo"),
  lerna: workspaceTasks("lerna"),
  nx: workspaceTasks("nx"),
  nps: npsCommand,
  // Python
  pytest: testRunner("pytest", ["--cov"]),
  "py.test": testRunner("pytest", ["--cov"]),
  python: pythonCommand,
  coverage: (ctx, args, words) => {
    if (positionals(args)[0] !== "run") return [found("coverage", "coverage.py", words)];
    const runArgs = args.slice(args.indexOf("run") + 1);
    const moduleAt = runArgs.indexOf("-m");
    const program = moduleAt === -1 ? ["python", ...skipOptions(runArgs, COVERAGE_RUN_VALUED)] : ["python", ...runArgs.slice(moduleAt)];
    return [found("coverage", "coverage.py", words), ...analyzeSimple(deeper(ctx), program)];
  },
  tox: (_ctx, args, words) => environmentRunner("tox", args, words, ["-e", "--env", "-m"]),
  nox: (_ctx, args, words) => environmentRunner("nox", args, words, ["-s", "--session", "--sessions", "-t", "--tags", "-k"]),
  green: tool("test", "green"),
  nose2: tool("test", "nose2"),
  nosetests: testRunner("nose", ["--with-coverage"]),
  trial: tool("test", "trial"),
  behave: tool("test", "behave"),
  ward: tool("test", "ward"),
  robot: tool("test", "robot framework", { e2e: true }),
  hatch: (ctx, args, words) => {
    const sub = positionals(args)[0];
    if (sub === "test") return testRunner("hatch test", ["--cover", "-c"])(ctx, args, words);
    if (sub === "fmt") return hasAny(args, "--check") ? [found("lint", "hatch fmt --check", words)] : [];
    if (sub !== "run") return [];
    const rest = args.slice(args.indexOf("run") + 1);
    const script = rest[0] ?? "";
    const inner = analyzeSimple(deeper(ctx), script.includes(":") ? [script.slice(script.indexOf(":") + 1), ...rest.slice(1)] : rest);
    return inner.length > 0 ? inner : nameKindsFindings(script, `hatch run ${script}`, words);
  },
  pdm: (ctx, args, words) => (args[0] === "run" ? namedOrCommand(ctx, args.slice(1), words, "pdm run") : []),
  poe: (_ctx, args, words) => nameKindsFindings(positionals(args)[0] ?? "", "poe", words),
  invoke: (_ctx, args, words) => positionals(args).flatMap((task) => nameKindsFindings(task, `invoke ${task}`, words)),
  inv: (_ctx, args, words) => positionals(args).flatMap((task) => nameKindsFindings(task, `invoke ${task}`, words)),
  ruff: (_ctx, args, words) => {
    const sub = positionals(args)[0];
    if (sub === "format") return hasAny(args, "--check", "--diff") ? [found("lint", "ruff format --check", words)] : [];
    if (sub === undefined || sub === "check" || !["rule", "config", "linter", "version", "clean", "server", "analyze"].includes(sub)) return [found("lint", "ruff", words)];
    return [];
  },
  flake8: LINTER("flake8"),
  pylint: LINTER("pylint"),
  pycodestyle: LINTER("pycodestyle"),
  pydocstyle: LINTER("pydocstyle"),
  pyflakes: LINTER("pyflakes"),
  pylama: LINTER("pylama"),
  prospector: LINTER("prospector"),
  mypy: LINTER("mypy"),
  dmypy: LINTER("mypy"),
  pyright: LINTER("pyright"),
  basedpyright: LINTER("pyright"),
  pyre: LINTER("pyre"),
  pytype: LINTER("pytype"),
  black: when((a) => hasAny(a, "--check", "--diff"), "lint", "black --check"),
  isort: when((a) => hasAny(a, "--check", "--check-only", "-c", "--diff"), "lint", "isort --check"),
  yapf: when((a) => hasAny(a, "--diff", "-d"), "lint", "yapf --diff"),
  "pre-commit": preCommit,
  prek: preCommit,
  bandit: tool("sast", "bandit"),
  semgrep: (_ctx, args, words) => (["install-semgrep-pro", "login", "logout", "publish", "--version"].includes(args[0] ?? "") ? [] : [found("sast", "semgrep", words)]),
  safety: tool("dependency-audit", "safety"),
  "pip-audit": tool("dependency-audit", "pip-audit"),
  pip: (_ctx, args, words) => (positionals(args)[0] === "audit" ? [found("dependency-audit", "pip audit", words)] : []),
  // Go
  go: goCommand,
  gotestsum: testRunner("gotestsum", GO_COVERAGE_FLAGS),
  ginkgo: tool("test", "ginkgo"),
  richgo: when((a) => positionals(a)[0] === "test", "test", "richgo test"),
  "golangci-lint": golangciLint,
  staticcheck: LINTER("staticcheck"),
  revive: LINTER("revive"),
  golint: LINTER("golint"),
  errcheck: LINTER("errcheck"),
  gofmt: when((a) => hasAny(a, "-l", "-d"), "lint", "gofmt -l"),
  goimports: when((a) => hasAny(a, "-l", "-d"), "lint", "goimports -l"),
  gofumpt: when((a) => hasAny(a, "-l", "-d"), "lint", "gofumpt -l"),
  gosec: tool("sast", "gosec"),
  govulncheck: tool("dependency-audit", "govulncheck"),
  nancy: tool("dependency-audit", "nancy"),
  // JVM
  mvn: mavenCommand,
  gradle: gradleCommand,
  sbt: (_ctx, args, words) => sbtCommand(args, words),
  lein: when((a) => positionals(a)[0] === "test", "test", "lein test"),
  // Ruby
  rspec: tool("test", "rspec"),
  rails: railsCommand,
  rake: rakeCommand,
  cucumber: tool("test", "cucumber", { e2e: true }),
  ruby: (ctx, args, words) => scriptFileByName(ctx, positionals(args).find((a) => a.endsWith(".rb")) ?? "", words),
  rubocop: LINTER("rubocop"),
  standardrb: LINTER("standardrb"),
  erblint: LINTER("erb_lint"),
  erb_lint: LINTER("erb_lint"),
  reek: LINTER("reek"),
  brakeman: tool("sast", "brakeman"),
  "bundler-audit": tool("dependency-audit", "bundler-audit"),
  "bundle-audit": tool("dependency-audit", "bundler-audit"),
  importmap: when((a) => positionals(a)[0] === "audit", "dependency-audit", "importmap audit"),
  // Rust, .NET, PHP, Elixir and others
  // Task runners whose tasks live in code (gulpfile.js, Gruntfile.js): read by the task's name.
  gulp: tasksByName("gulp"),
  grunt: tasksByName("grunt"),
  cargo: cargoCommand,
  // cross runs cargo's subcommands in a target's container: `cross test --target aarch64-unknown-linux-gnu`.
  cross: cargoCommand,
  dotnet: dotnetCommand,
  csharpier: csharpierCommand,
  phpunit: testRunner("phpunit", ["--coverage-clover", "--coverage-html", "--coverage-text", "--coverage-xml", "--coverage-cobertura"]),
  pest: testRunner("pest", ["--coverage"]),
  paratest: tool("test", "paratest"),
  codecept: when((a) => positionals(a)[0] === "run", "test", "codeception"),
  composer: composerCommand,
  php: phpCommand,
  pint: when((a) => hasAny(a, "--test"), "lint", "pint --test"),
  phpcs: LINTER("phpcs"),
  "php-cs-fixer": when((a) => hasAny(a, "--dry-run"), "lint", "php-cs-fixer --dry-run"),
  phpstan: LINTER("phpstan"),
  // Easy Coding Standard checks unless told to --fix; Rector changes nothing with --dry-run.
  ecs: (_ctx, args, words) => (positionals(args)[0] === "check" && !hasAny(args, "--fix") ? [found("lint", "ecs check", words)] : []),
  rector: (_ctx, args, words) => (hasAny(args, "--dry-run") ? [found("lint", "rector --dry-run", words)] : []),
  // Symfony's console linters: bin/console lint:yaml, lint:twig, lint:container.
  console: when((a) => /^lint:/.test(positionals(a)[0] ?? ""), "lint", "bin/console lint"),
  psalm: (_ctx, args, words) => [found("lint", "psalm", words), ...(hasAny(args, "--taint-analysis") ? [found("sast", "psalm taint analysis", words)] : [])],
  phpmd: LINTER("phpmd"),
  mix: mixCommand,
  swift: when((a) => positionals(a)[0] === "test", "test", "swift test"),
  flutter: (_ctx, args, words) => flutterCommand("flutter", args, words),
  dart: (_ctx, args, words) => flutterCommand("dart", args, words),
  ctest: tool("test", "ctest"),
  bats: tool("test", "bats"),
  helm: (_ctx, args, words) => {
    const sub = positionals(args)[0];
    if (sub === "test") return [found("test", "helm test", words, { e2e: true })];
    if (sub === "lint") return [found("lint", "helm lint", words)];
    return [];
  },
  timoni: when((a) => positionals(a)[0] === "mod" && positionals(a)[1] === "lint", "lint", "timoni mod lint"),
  shellcheck: LINTER("shellcheck"),
  hadolint: LINTER("hadolint"),
  yamllint: LINTER("yamllint"),
  actionlint: LINTER("actionlint"),
  tflint: LINTER("tflint"),
  swiftlint: LINTER("swiftlint"),
  ktlint: LINTER("ktlint"),
  detekt: LINTER("detekt"),
  "detekt-cli": LINTER("detekt"),
  cpplint: LINTER("cpplint"),
  "clang-tidy": LINTER("clang-tidy"),
  "clang-format": when((a) => hasAny(a, "--dry-run", "-n", "--Werror"), "lint", "clang-format --dry-run"),
  buf: when((a) => positionals(a)[0] === "lint", "lint", "buf lint"),
  sqlfluff: when((a) => positionals(a)[0] === "lint", "lint", "sqlfluff lint"),
  terraform: (_ctx, args, words) => {
    const sub = positionals(args)[0];
    return sub === "validate" || (sub === "fmt" && hasAny(args, "-check", "--check")) ? [found("lint", `terraform ${sub}`, words)] : [];
  },
  // Security scanners
  njsscan: tool("sast", "njsscan"),
  nodejsscan: tool("sast", "nodejsscan"),
  horusec: tool("sast", "horusec"),
  bearer: when((a) => positionals(a)[0] === "scan", "sast", "bearer"),
  "sonar-scanner": tool("sast", "sonar-scanner"),
  "dotnet-sonarscanner": tool("sast", "sonar"),
  codeql: when((a) => positionals(a).includes("analyze"), "sast", "codeql"),
  snyk: (_ctx, args, words) => {
    const [first, second] = positionals(args);
    if (first === "code") return [found("sast", "snyk code", words)];
    if (first === "iac") return [found("iac-scan", "snyk iac", words)];
    if (first === "test" || first === "monitor" || (first === "container" && second === "test")) return [found("dependency-audit", `snyk ${first}`, words)];
    return [];
  },
  trivy: (_ctx, args, words) => {
    const sub = positionals(args)[0] ?? "";
    if (sub === "config" || args.some((a) => /^--scanners(?:=|$)/.test(a) && a.includes("misconfig"))) return [found("iac-scan", "trivy config", words)];
    if (["fs", "filesystem", "image", "repo", "repository", "rootfs", "sbom", "i"].includes(sub)) return [found("dependency-audit", `trivy ${sub}`, words)];
    return [];
  },
  checkov: tool("iac-scan", "checkov"),
  tfsec: tool("iac-scan", "tfsec"),
  kics: tool("iac-scan", "kics"),
  terrascan: tool("iac-scan", "terrascan"),
  // Workflow scanners read the CI definitions, not the application's code.
  zizmor: tool("iac-scan", "zizmor (CI workflows)"),
  poutine: tool("iac-scan", "poutine (CI workflows)"),
  grype: tool("dependency-audit", "grype"),
  "osv-scanner": tool("dependency-audit", "osv-scanner"),
  "dependency-check": tool("dependency-audit", "OWASP dependency-check"),
  "dependency-check.sh": tool("dependency-audit", "OWASP dependency-check"),
  "audit-ci": tool("dependency-audit", "audit-ci"),
  "better-npm-audit": tool("dependency-audit", "better-npm-audit"),
  retire: tool("dependency-audit", "retire.js"),
  // Build tools that run named targets
  make: makeCommand,
  gmake: makeCommand,
  just: justCommand,
  earthly: earthlyCommand,
  task: (_ctx, args, words) => positionals(args).flatMap((t) => nameKindsFindings(t, `task ${t}`, words)),
  mage: (_ctx, args, words) => positionals(args).flatMap((t) => nameKindsFindings(t, `mage ${t}`, words)),
  // Containers
  docker: dockerCommand,
  "docker-compose": (ctx, args) => composeCommand(ctx, args),
  // Shells running a string
  bash: shellString,
  sh: shellString,
  zsh: shellString,
};

/** nps: each named task (`nps test.unit`, `nps "test --coverage"`) read from package-scripts.js, or judged by its name. */
function npsCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const tasks = positionals(args).map((t) => t.split(" ")[0] ?? t);
  return (tasks.length > 0 ? tasks : [""]).flatMap((name) => {
    const task = npsTask(ctx.view, nearestManifest(ctx.view, ctx.cwd) ? dirname(nearestManifest(ctx.view, ctx.cwd)?.path ?? "") : ctx.cwd, name);
    if (!task) return nameKindsFindings(name, `nps ${name}`, words);
    return guarded(ctx, `nps:${task.path}:${name}`, () => {
      const inner = deeper(ctx, dirname(task.path));
      const findings = [
        ...task.commands.filter(looksLikeCommand).flatMap((command) => analyzeText(inner, command)),
        ...task.calls.filter((call) => TOOLS[call.toLowerCase()] && !WRAPPERS[call.toLowerCase()]).flatMap((call) => analyzeSimple(inner, [call.toLowerCase()])),
      ];
      const named = kindsByName(name.split(".").at(-1) ?? name).filter((kind) => !findings.some((f) => f.kind === kind));
      return at({ path: task.path, line: task.line, note: `nps task ${name || "default"}` }, [...findings, ...named.map((kind) => found(kind, `nps ${name}`, words, { byName: true }))]);
    });
  });
}

/** A string in a scripts file that reads as a command, not a glob or a path argument. */
function looksLikeCommand(text: string): boolean {
  if (text.includes("*")) return false;
  return text.trim().includes(" ") || TOOLS[commandName(text.trim()) ?? ""] !== undefined;
}

function shellString(ctx: Context, args: string[]): CommandFinding[] {
  const flag = args.findIndex((a) => a === "-c" || /^-[a-z]*c$/.test(a));
  const script = flag === -1 ? undefined : args[flag + 1];
  return script === undefined ? [] : analyzeText(deeper(ctx), script);
}

/** Findings implied by a script, target or session name alone. */
function nameKindsFindings(name: string, toolName: string, words: readonly string[]): CommandFinding[] {
  return kindsByName(name).map((kind) => found(kind, toolName, words, { byName: true, e2e: kind === "test" && /e2e|system|acceptance|playwright|cypress/i.test(name) ? true : undefined }));
}

/** `pdm run X`: a named script (by name) or a command (by its tool). */
function namedOrCommand(ctx: Context, args: string[], words: string[], runner: string): CommandFinding[] {
  const inner = analyzeSimple(deeper(ctx), args);
  return inner.length > 0 ? inner : nameKindsFindings(args[0] ?? "", `${runner} ${args[0] ?? ""}`, words);
}

/** tox 4 and nox name an environment after the Python version it tests on, alone: `tox -e 3.12`, `3.14t`. */
const PYTHON_VERSION_ENV = /^\d+(?:\.\d+)*t?$/;
/**
 * A selector that is a whole CI expression or shell variable (`-e ${{ matrix.py }}`, `-e $TOXENV`) is
 * chosen at run time, almost always from a list of Python versions: read it as the test suite, like no
 * selector. A partial one (`${{ matrix.env }}-lint`) is still classified by its literal words.
 */
const UNRESOLVED_ENV = /^(?:\$\{\{[^{}]*\}\}|\$\{?\w+\}?)$/;

/** tox/nox: the environments or sessions named on the command line, or the default list (the test suite). */
function environmentRunner(name: string, args: string[], words: string[], selectors: string[]): CommandFinding[] {
  const selected: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    // `-e flake8`, `--env=flake8`, and a short option's attached value: `-eflake8`.
    const selector = selectors.find((s) => a === s || a.startsWith(`${s}=`) || (!s.startsWith("--") && a.startsWith(s)));
    if (!selector) continue;
    const value = a === selector ? args[++i] : a.slice(a.startsWith(`${selector}=`) ? selector.length + 1 : selector.length);
    if (value) selected.push(...value.split(","));
  }
  if (selected.length === 0) return [found("test", name, words)];
  return selected.flatMap((env) => {
    if (UNRESOLVED_ENV.test(env.trim())) return [found("test", name, words)];
    if (PYTHON_VERSION_ENV.test(env)) return [found("test", `${name} ${env}`, words)];
    const kinds = kindsByName(env.replace(/^py\d*-?/, ""));
    if (/^(?:py\d*|pypy\d*|unit|integration|tests?)$/i.test(env) || (/^py/i.test(env) && !kinds.includes("lint"))) kinds.push("test");
    if (/^(?:typing|type|static|style|pep8|pre-?commit|quality|format)$/i.test(env)) kinds.push("lint");
    return [...new Set(kinds)].map((kind) => found(kind, `${name} ${env}`, words));
  });
}

function pythonCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const rest = skipOptions(args, new Set(["-W", "-X"]));
  const moduleAt = args.indexOf("-m");
  if (moduleAt !== -1) {
    const module = args[moduleAt + 1] ?? "";
    const moduleArgs = args.slice(moduleAt + 2);
    if (module === "unittest") return [found("test", "unittest", words)];
    if (module === "django") return positionals(moduleArgs)[0] === "test" ? [found("test", "django test", words)] : [];
    if (module === "pip") return positionals(moduleArgs)[0] === "audit" ? [found("dependency-audit", "pip audit", words)] : [];
    return analyzeSimple(deeper(ctx), [module.replace(/_/g, "-"), ...moduleArgs]).map((f) => ({ ...f, command: words.join(" ") }));
  }
  const script = rest[0];
  if (script === undefined || script === "-c") return [];
  const sub = positionals(rest.slice(1))[0];
  if (basename(script) === "manage.py") return sub === "test" ? [found("test", "django test", words)] : [];
  if (basename(script) === "setup.py") return sub === "test" ? [found("test", "setup.py test", words)] : [];
  return scriptFileByName(ctx, script, words);
}

function goCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const sub = args[0];
  if (sub === "test") return testRunner("go test", GO_COVERAGE_FLAGS)(ctx, args, words);
  if (sub === "vet") return [found("lint", "go vet", words)];
  if (sub === "tool" && args[1]) return analyzeSimple(deeper(ctx), args.slice(1));
  if (sub === "run") {
    const target = positionals(args.slice(1))[0] ?? "";
    const toolName = target.split("@")[0]?.split("/").filter((p) => !/^v\d+$|^cmd$/.test(p)).at(-1);
    if (toolName && TOOLS[toolName] && toolName !== "go") return analyzeSimple(deeper(ctx), [toolName, ...args.slice(args.indexOf(target) + 1)]);
  }
  return [];
}

const MAVEN_TEST_PHASES = new Set(["test", "integration-test", "verify", "package", "install", "deploy", "surefire:test", "failsafe:integration-test"]);
const MAVEN_VALUED = new Set(["-P", "-pl", "--projects", "-f", "--file", "-s", "--settings", "-T", "--threads", "-rf", "-gs", "-t"]);

const POM_SKIPS_TESTS = /<(maven\.test\.skip|skipTests)>\s*true\s*<\/\1>/;

function mavenCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const goals: string[] = [];
  let pomPath = joinRepoPath(ctx.cwd, "pom.xml");
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-f" || a === "--file") {
      const file = args[i + 1] ?? "";
      pomPath = joinRepoPath(ctx.cwd, file.endsWith(".xml") ? file : `${file}/pom.xml`);
    }
    if (MAVEN_VALUED.has(a)) i++;
    else if (!a.startsWith("-")) goals.push(a);
  }
  const onCommandLine = args.find((a) => /^-D(?:skipTests|maven\.test\.skip)(?:=\w+)?$/.test(a));
  // The POM's own <maven.test.skip>true</maven.test.skip> skips them on every build the command line does not overrule.
  const skipped = onCommandLine !== undefined ? !/=false$/.test(onCommandLine) : pomPath !== undefined && POM_SKIPS_TESTS.test(ctx.view.text(pomPath) ?? "");
  const out: CommandFinding[] = [];
  if (!skipped && goals.some((g) => MAVEN_TEST_PHASES.has(g))) out.push(found("test", "maven", words));
  if (goals.some(isMavenLintGoal)) out.push(found("lint", "maven lint plugin", words));
  if (goals.some((g) => MAVEN_TEST_PHASES.has(g) || g === "validate" || g === "compile") && pomPath) out.push(...boundBuildChecks(ctx.view, pomPath, words, MAVEN_BOUND_CHECK));
  if (goals.some((g) => /jacoco/i.test(g))) out.push(found("coverage", "jacoco", words));
  if (goals.some((g) => /sonar/i.test(g))) out.push(found("sast", "sonar", words));
  if (goals.some((g) => /dependency-check/i.test(g))) out.push(found("dependency-audit", "OWASP dependency-check", words));
  return out;
}

/** `checkstyle:check`, `spotless:check`, `com.github.spotbugs:spotbugs-maven-plugin:check`, `pmd:cpd-check`... */
function isMavenLintGoal(goal: string): boolean {
  const parts = goal.toLowerCase().split(":");
  const last = parts.at(-1) ?? "";
  if (parts.length < 2 || !["check", "cpd-check", "validate"].includes(last)) return false;
  return MAVEN_LINT_PLUGINS.some((plugin) => parts.slice(0, -1).some((part) => part.includes(plugin)));
}

const MAVEN_LINT_PLUGINS = ["checkstyle", "spotless", "pmd", "spotbugs", "ktlint", "detekt", "fmt", "editorconfig", "sortpom"];

const GRADLE_VALUED = new Set(["-x", "--exclude-task", "-p", "--project-dir", "-b", "--build-file", "-c", "--settings-file", "-I", "--init-script", "-g", "--gradle-user-home", "--max-workers"]);

/**
 * Checks a build file binds to the lifecycle, so they run whenever the build runs: a Maven plugin
 * (its artifactId line, then a `<goal>` among the next lines of its <plugin>), or a Gradle plugin
 * whose tasks `check` depends on.
 */
interface BoundCheck {
  plugin: RegExp;
  goal?: RegExp;
  kindOf: (plugin: string) => CommandKind;
}

const MAVEN_BOUND_CHECK: BoundCheck = {
  plugin: /<artifactId>\s*(maven-checkstyle-plugin|spotless-maven-plugin|spring-javaformat-maven-plugin|maven-pmd-plugin|spotbugs-maven-plugin|ktlint-maven-plugin|detekt-maven-plugin|fmt-maven-plugin|jacoco-maven-plugin)\s*<\/artifactId>/,
  goal: /<goal>\s*(?:check|validate|cpd-check|report|prepare-agent)\s*<\/goal>/,
  kindOf: (plugin) => (plugin.startsWith("jacoco") ? "coverage" : "lint"),
};

const GRADLE_BOUND_CHECK: BoundCheck = {
  plugin: /^\s*(?:id\s*\(?\s*|apply\s+plugin:\s*)?["']?(checkstyle|pmd|com\.github\.spotbugs|com\.diffplug\.spotless|org\.jlleitschuh\.gradle\.ktlint|io\.gitlab\.arturbosch\.detekt|io\.spring\.javaformat)["']?\s*\)?(?:\s+version\b.{0,80})?$/,
  kindOf: () => "lint",
};

function boundBuildChecks(view: RepoView, buildFile: string, words: readonly string[], check: BoundCheck): CommandFinding[] {
  const lines = view.text(buildFile)?.split("\n") ?? [];
  const out: CommandFinding[] = [];
  lines.forEach((line, index) => {
    const plugin = check.plugin.exec(line)?.[1];
    if (!plugin) return;
    if (check.goal) {
      const end = lines.findIndex((l, k) => k > index && l.includes("</plugin>"));
      const body = lines.slice(index + 1, end === -1 ? index + 40 : end);
      if (!body.some((l) => check.goal?.test(l))) return;
    }
    out.push({ ...found(check.kindOf(plugin), plugin, words), trail: [{ path: buildFile, line: index + 1, note: `${plugin} runs with the build` }] });
  });
  return out;
}

function gradleCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const tasks: string[] = [];
  const excluded: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-x" || a === "--exclude-task") excluded.push((args[++i] ?? "").split(":").at(-1) ?? "");
    else if (GRADLE_VALUED.has(a)) i++;
    else if (!a.startsWith("-")) tasks.push(a.split(":").at(-1) ?? a);
  }
  const testsExcluded = excluded.some((t) => t === "test" || t === "check");
  const out: CommandFinding[] = [];
  if (!testsExcluded && tasks.some((t) => ["test", "check", "build", "integrationTest", "connectedCheck", "allTests"].includes(t) || /^test[A-Z]|Test$/.test(t)))
    out.push(found("test", "gradle", words));
  if (tasks.some((t) => /^(?:lint\w*|ktlintCheck|detekt\w*|spotlessCheck|checkstyle\w*|pmd\w*|spotbugs\w*)$/.test(t))) out.push(found("lint", "gradle lint task", words));
  if (tasks.some((t) => /^(?:jacoco\w*|kover\w*)$/.test(t))) out.push(found("coverage", "gradle coverage task", words));
  if (tasks.some((t) => /^sonar(?:qube)?$/.test(t))) out.push(found("sast", "sonar", words));
  if (tasks.some((t) => /^dependencyCheck\w*$/.test(t))) out.push(found("dependency-audit", "OWASP dependency-check", words));
  if (tasks.some((t) => t === "check" || t === "build")) {
    const buildFile = ["build.gradle", "build.gradle.kts"].map((n) => joinRepoPath(ctx.cwd, n)).find((p) => p !== undefined && ctx.view.text(p) !== undefined);
    if (buildFile) out.push(...boundBuildChecks(ctx.view, buildFile, words, GRADLE_BOUND_CHECK));
  }
  return out;
}

function sbtCommand(args: string[], words: string[]): CommandFinding[] {
  const tasks = args.flatMap((a) => a.split(/\s*;\s*/)).map((a) => a.trim());
  const out: CommandFinding[] = [];
  if (tasks.some((t) => /^(?:[\w-]+\/)?(?:test|testOnly|it:test|IntegrationTest\/test)\b/.test(t))) out.push(found("test", "sbt test", words));
  if (tasks.some((t) => /^(?:scalafmtCheck\w*|scalafmtSbtCheck|scalastyle|scalafixAll\s+--check)/.test(t))) out.push(found("lint", "sbt lint", words));
  if (tasks.some((t) => /^coverage/.test(t))) out.push(found("coverage", "scoverage", words));
  return out;
}

/** `rails test`, `rails test:system`, and tasks chained before them: `bin/rails db:setup test`. */
function railsCommand(_ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const task = positionals(args).find((t) => /^(?:test|spec)(?::|$)/.test(t));
  return task ? [found("test", `rails ${task}`, words, { e2e: /system/.test(task) || undefined })] : [];
}

const ARTISAN_TEST = testRunner("php artisan test", ["--coverage"]);

/** `php artisan test` (Laravel's runner); `php vendor/bin/phpunit` is the script it runs. */
function phpCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const [first, second] = positionals(args);
  if (first === "artisan") return second === "test" ? ARTISAN_TEST(ctx, args, words) : [];
  return analyzeSimple(deeper(ctx), skipOptions(args, PHP_VALUED_OPTIONS));
}

/** php's options that take a value: `php -d memory_limit=1G vendor/bin/phpstan analyse`. */
const PHP_VALUED_OPTIONS = new Set(["-d", "-c", "-z"]);

function rakeCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const tasks = positionals(args).filter((t) => !t.includes("="));
  const rakefile = ctx.view.text(joinRepoPath(ctx.cwd, "Rakefile") ?? "Rakefile") ?? "";
  const defined = rakeTestTasks(rakefile);
  const run = (task: string, tool: string) => (defined.has(task) ? [found("test", tool, words)] : nameKindsFindings(task, tool, words));
  if (tasks.length === 0) return defaultRakeTasks(rakefile).flatMap((task) => run(task, `rake (default: ${task})`));
  return tasks.flatMap((task) => run(task, `rake ${task}`));
}

/** `task default: %i[rubocop spec]`, `task :default => [:test]`, `task default: :spec`: what a bare `rake` runs. */
const DEFAULT_RAKE_TASK = /\btask\s*\(?\s*(?:default:|:default\s*=>)\s*(%[iw]\[[^\]\n]*\]|\[[^\]\n]*\]|:?["']?[\w:]+["']?)/;

function defaultRakeTasks(rakefile: string): string[] {
  const list = DEFAULT_RAKE_TASK.exec(rakefile)?.[1] ?? "";
  return (list.replace(/^%[iw]/, "").match(/[\w:]+/g) ?? []).filter(Boolean);
}

/** Test tasks a Rakefile defines under any name: `RSpec::Core::RakeTask.new(:unit)`, `Rake::TestTask.new(:integration)`. */
const RAKE_TEST_TASK = /\b(RSpec::Core::RakeTask|Rake::TestTask|Minitest::TestTask)\.(?:new|create)\b\s*(?:\(\s*)?(?::(\w+)|["'](\w+)["'])?/g;

function rakeTestTasks(rakefile: string): Set<string> {
  const tasks = new Set<string>();
  for (const match of rakefile.matchAll(RAKE_TEST_TASK)) tasks.add(match[2] ?? match[3] ?? (match[1] === "RSpec::Core::RakeTask" ? "spec" : "test"));
  return tasks;
}

function cargoCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const sub = positionals(args.filter((a) => !a.startsWith("+")))[0];
  // cargo-hack runs a cargo subcommand once per feature set: `cargo hack clippy --each-feature`.
  if (sub === "hack") return cargoCommand(ctx, args.slice(args.indexOf(sub) + 1), words);
  if (sub === "test" || sub === "nextest") return [found("test", `cargo ${sub}`, words)];
  // cargo-insta runs the tests to review their snapshots; cargo-make runs a task by its name.
  if (sub === "insta" && positionals(args)[1] === "test") return [found("test", "cargo insta test", words)];
  if (sub === "make") return nameKindsFindings(positionals(args)[1] ?? "", `cargo make ${positionals(args)[1] ?? ""}`, words);
  if (sub === "tarpaulin" || sub === "llvm-cov") return [found("test", `cargo ${sub}`, words), found("coverage", `cargo ${sub}`, words)];
  if (sub === "clippy") return [found("lint", "cargo clippy", words)];
  if (sub === "fmt" && hasAny(args, "--check")) return [found("lint", "cargo fmt --check", words)];
  if (sub === "audit" || sub === "deny") return [found("dependency-audit", `cargo ${sub}`, words)];
  return [];
}

/**
 * MSBuild settings that make a .NET build a lint gate: code-style rules enforced in the build, or
 * analyzers the project opts into (an analysis mode, an analyzer package) with their warnings
 * made errors. Warnings as errors alone only hardens the compiler, as `go build` would.
 */
const DOTNET_STYLE_ENFORCED = /<EnforceCodeStyleInBuild>\s*true\s*</i;
const DOTNET_WARNINGS_AS_ERRORS = /<(?:TreatWarningsAsErrors|CodeAnalysisTreatWarningsAsErrors)>\s*true\s*</i;
const DOTNET_ANALYZERS = /<Analysis(?:Mode|Level)\w*>\s*(?!none\b|default\b)\w|<PackageReference\s+Include="(?:StyleCop\.Analyzers|Roslynator\.Analyzers|SonarAnalyzer\.CSharp|Meziantou\.Analyzer|Microsoft\.CodeAnalysis\.NetAnalyzers|Microsoft\.VisualStudio\.Threading\.Analyzers|AsyncFixer|IDisposableAnalyzers)"/i;

function dotnetAnalyzerGate(view: RepoView): string | undefined {
  return view.memo("facts:dotnet-analyzer-gate", () => {
    let errors: string | undefined;
    let analyzers = false;
    for (const { path, nonProject, test } of view.paths.rows) {
      if (!/(?:^|\/)Directory\.(?:Build|Packages)\.props$|\.(?:cs|fs|vb)proj$/.test(path) || nonProject || test) continue;
      const text = view.text(path);
      if (text === undefined) continue;
      const style = DOTNET_STYLE_ENFORCED.exec(text);
      if (style) return `${path}:${view.lineAt(path, style.index)}`;
      const gate = DOTNET_WARNINGS_AS_ERRORS.exec(text);
      if (gate && !errors) errors = `${path}:${view.lineAt(path, gate.index)}`;
      analyzers ||= DOTNET_ANALYZERS.test(text);
    }
    return analyzers ? errors : undefined;
  });
}

const WARNINGS_AS_ERRORS = /^[-/](?:warnaserror|p:TreatWarningsAsErrors=true)$/i;

function dotnetCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const sub = positionals(args)[0];
  // A build (test and publish build too, unless told not to) fails on analyzer warnings where the project says so.
  const builds = sub === "build" || ((sub === "test" || sub === "publish") && !hasAny(args, "--no-build"));
  const gate = builds ? (args.some((a) => WARNINGS_AS_ERRORS.test(a)) ? "on the command line" : dotnetAnalyzerGate(ctx.view)) : undefined;
  const analyzers = gate ? [found("lint", `dotnet ${sub} with analyzer warnings as errors (${gate})`, words)] : [];
  if (sub === "test") {
    const out = [found("test", "dotnet test", words), ...analyzers];
    if (args.some((a) => /--collect|CollectCoverage=true|coverlet/i.test(a))) out.push(found("coverage", "dotnet test coverage", words));
    return out;
  }
  if (sub === "build" || sub === "publish") return analyzers;
  if (sub === "format" && hasAny(args, "--verify-no-changes")) return [found("lint", "dotnet format --verify-no-changes", words)];
  // A local tool runs as `dotnet <tool>`: `dotnet csharpier --check .`.
  if (sub === "csharpier") return csharpierCommand(ctx, args.slice(args.indexOf(sub) + 1), words);
  if (sub === "sonarscanner") return [found("sast", "sonar", words)];
  return [];
}

/** CSharpier, C#'s opinionated formatter: `csharpier --check .` (0.x) or `csharpier check .` (1.x) fails on unformatted code. */
function csharpierCommand(_ctx: Context, args: string[], words: string[]): CommandFinding[] {
  return hasAny(args, "--check") || positionals(args)[0] === "check" ? [found("lint", "csharpier check", words)] : [];
}

function mixCommand(_ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const sub = positionals(args)[0];
  if (sub === "test") return testRunner("mix test", ["--cover"])(_ctx, args, words);
  if ((sub === "format" && hasAny(args, "--check-formatted")) || sub === "credo" || sub === "dialyzer") return [found("lint", `mix ${sub}`, words)];
  if (sub === "sobelow") return [found("sast", "sobelow", words)];
  if (sub === "deps.audit" || sub === "hex.audit") return [found("dependency-audit", `mix ${sub}`, words)];
  return [];
}

function flutterCommand(name: string, args: string[], words: string[]): CommandFinding[] {
  const sub = positionals(args)[0];
  if (sub === "test") return [found("test", `${name} test`, words), ...(hasAny(args, "--coverage") ? [found("coverage", `${name} test --coverage`, words)] : [])];
  if (sub === "analyze" || (sub === "format" && hasAny(args, "--set-exit-if-changed"))) return [found("lint", `${name} ${sub}`, words)];
  return [];
}

/** `pre-commit run`: a lint step, plus whatever security hooks its config declares. */
function preCommit(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  if (positionals(args)[0] !== "run") return [];
  const out = [found("lint", "pre-commit", words)];
  const configPath = [".pre-commit-config.yaml", ".pre-commit-config.yml"].find((p) => ctx.view.has(p));
  const config = configPath ? ctx.view.text(configPath) : undefined;
  if (configPath && config) {
    config.split("\n").forEach((line, index) => {
      const hook = /^\s*-?\s*id:\s*["']?([\w.-]+)/.exec(line)?.[1];
      const kind = hook && SECURITY_HOOKS.test(hook) ? "sast" : hook && WORKFLOW_SCAN_HOOKS.test(hook) ? "iac-scan" : undefined;
      if (hook && kind) out.push({ ...found(kind, `pre-commit hook ${hook}`, words), trail: [{ path: configPath, line: index + 1, note: `hook ${hook}` }] });
    });
  }
  return out;
}

const SECURITY_HOOKS = /^(?:bandit|semgrep|gosec|brakeman|njsscan|semgrep-ci)$/;
/** Hooks that scan the CI workflow definitions, not the application's code. */
const WORKFLOW_SCAN_HOOKS = /^(?:zizmor|poutine)$/;

/** `npm`, `pnpm`, `yarn`, `bun`: scripts by name, workspaces, `npm audit`. */
function packageManager(manager: "npm" | "pnpm" | "yarn" | "bun"): Handler {
  const valued = new Set(["--prefix", "-C", "--dir", "--filter", "-F", "--cwd", "--workspace", "-w", "--filter-prod"]);
  return (ctx, args, words) => {
    let dir = ctx.cwd;
    const filters: string[] = [];
    let everyWorkspace = false;
    const rest: string[] = [];
    let passThrough = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (passThrough) rest.push(a);
      else if (a === "--") {
        passThrough = true;
        rest.push(a);
      } else if (valued.has(flag) && !(manager === "pnpm" && flag === "-w")) {
        const value = inline ?? args[++i] ?? "";
        if (flag === "--prefix" || flag === "-C" || flag === "--dir" || flag === "--cwd") dir = joinRepoPath(ctx.cwd, value) ?? dir;
        else filters.push(value);
      } else if (["-r", "--recursive", "--workspaces", "-ws"].includes(flag)) everyWorkspace = true;
      else if (rest.length === 0 && flag.startsWith("-")) continue;
      else rest.push(a);
    }
    const sub = rest[0];
    if (sub === undefined) return [];
    const runScript = (name: string | undefined, extra: string[]) => {
      if (!name) return [];
      if (filters.length === 0 && !everyWorkspace) return runPackageScript(ctx, dir, name, extra);
      return workspaceScripts(ctx, dir, name, extra, filters);
    };
    if (sub === "test" || sub === "t" || sub === "tst") {
      if (manager === "bun") return testRunner("bun test", ["--coverage"])(ctx, args, words);
      return runScript("test", rest.slice(1));
    }
    // pnpm, yarn and bun run an installed binary when no script has the name: `yarn eslint .`, `yarn run prettier --check src`, `pnpm nx affected -t test`.
    const binaryWhenScriptless = (name: string, command: string[], extra: string[]) => {
      const manifest = nearestManifest(ctx.view, dir);
      const scriptless = manifest !== undefined && typeof scriptsOf(manifest)[name] !== "string";
      if (manager !== "npm" && filters.length === 0 && !everyWorkspace && scriptless) return analyzeSimple(deeper(ctx, dir), command);
      return runScript(name, extra);
    };
    if (sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn") {
      const name = positionals(rest.slice(1))[0];
      return name === undefined ? [] : binaryWhenScriptless(name, rest.slice(rest.indexOf(name, 1)), rest.slice(2));
    }
    if (sub === "start") return runScript("start", rest.slice(1));
    if (sub === "audit" || (sub === "npm" && rest[1] === "audit")) return [found("dependency-audit", `${manager} audit`, words)];
    if (sub === "exec" || sub === "dlx" || sub === "x") return analyzeSimple(deeper(ctx, dir), skipOptions(rest.slice(1), NO_VALUES));
    if (manager === "yarn" && sub === "workspace") return workspaceScripts(ctx, dir, rest[2] === "run" ? (rest[3] ?? "") : (rest[2] ?? ""), rest.slice(3), [rest[1] ?? ""]);
    if (manager === "yarn" && sub === "workspaces") {
      const runAt = rest.indexOf("run");
      return runAt === -1 ? [] : workspaceScripts(ctx, dir, rest[runAt + 1] ?? "", rest.slice(runAt + 2), []);
    }
    if (BUILTIN_SUBCOMMANDS[manager].has(sub)) return [];
    return binaryWhenScriptless(sub, rest, rest.slice(1));
  };
}

const BUILTIN_SUBCOMMANDS: Record<"npm" | "pnpm" | "yarn" | "bun", ReadonlySet<string>> = {
  npm: new Set(["install", "i", "ci", "add", "uninstall", "remove", "update", "publish", "pack", "version", "link", "init", "config", "cache", "ls", "list", "outdated", "prune", "rebuild", "dedupe", "login", "whoami", "set-script", "pkg", "explain", "view", "info", "doctor", "help", "fund", "sbom", "query", "stop", "restart"]),
  pnpm: new Set(["install", "i", "add", "remove", "rm", "update", "up", "outdated", "list", "ls", "why", "create", "publish", "pack", "link", "unlink", "rebuild", "store", "prune", "init", "env", "setup", "config", "import", "fetch", "deploy", "patch", "patch-commit", "server", "licenses", "root", "bin", "doctor", "approve-builds", "self-update"]),
  yarn: new Set(["install", "add", "remove", "upgrade", "up", "info", "init", "link", "unlink", "publish", "pack", "cache", "config", "why", "global", "bin", "dedupe", "constraints", "plugin", "set", "version", "import", "outdated", "list", "upgrade-interactive", "generate-lock-entry", "check", "autoclean", "licenses", "login", "logout", "node", "policies", "tag", "team", "owner"]),
  bun: new Set(["install", "i", "add", "remove", "rm", "update", "build", "pm", "init", "create", "upgrade", "link", "unlink", "publish", "outdated", "patch"]),
};

/** The package.json that npm would use from `dir`: the nearest one at or above it. */
function nearestManifest(view: RepoView, dir: string): PackageManifest | undefined {
  const byDir = view.memo("commands:manifests-by-dir", () => new Map(packageManifests(view).map((m) => [dirname(m.path), m])));
  let current = dir;
  for (;;) {
    const manifest = byDir.get(current);
    if (manifest) return manifest;
    if (current === "") return undefined;
    current = dirname(current);
  }
}

function scriptsOf(manifest: PackageManifest): Record<string, unknown> {
  const scripts = manifest.json.scripts;
  return scripts && typeof scripts === "object" ? (scripts as Record<string, unknown>) : {};
}

/**
 * `npm run NAME`: the script's own commands (with its pre/post hooks), run from its package's
 * folder. A test- or lint-named script whose body names no known tool still counts by name;
 * npm's "no test specified" placeholder never does.
 */
function runPackageScript(ctx: Context, dir: string, name: string, extra: readonly string[]): CommandFinding[] {
  const manifest = nearestManifest(ctx.view, dir);
  if (!manifest) return nameKindsFindings(name, `script ${name}`, [name]);
  return guarded(ctx, `npm:${manifest.path}:${name}`, () => {
    const scripts = scriptsOf(manifest);
    const body = scripts[name];
    if (typeof body !== "string" || isPlaceholderScript(body)) return [];
    const folder = dirname(manifest.path);
    const inner = deeper(ctx, folder);
    const findings = analyzeText(inner, [body, ...extra.filter((e) => e !== "--")].join(" "));
    const place = { path: manifest.path, line: jsonPropertyLine(manifest.text, "scripts", name), note: `"${name}": ${body}` };
    const named = kindsByName(name).filter((kind) => !findings.some((f) => f.kind === kind));
    const own = [...findings, ...named.map((kind) => found(kind, `script ${name}`, [body], { byName: true }))];
    const hooks = [`pre${name}`, `post${name}`].flatMap((hook) =>
      typeof scripts[hook] === "string" ? at({ path: manifest.path, line: jsonPropertyLine(manifest.text, "scripts", hook), note: `"${hook}": ${scripts[hook]}` }, analyzeText(inner, scripts[hook] as string)) : [],
    );
    return [...at(place, own), ...hooks];
  });
}

/** A script run in several workspace packages (`pnpm -r test`, `turbo run test`, `yarn workspace web test`). */
function workspaceScripts(ctx: Context, dir: string, name: string, extra: readonly string[], filters: readonly string[]): CommandFinding[] {
  if (!name) return [];
  const candidates = packageManifests(ctx.view).filter((m) => (dir === "" || m.path.startsWith(`${dir}/`)) && typeof scriptsOf(m)[name] === "string");
  const selected = filters.length === 0 ? candidates : candidates.filter((m) => filters.some((f) => matchesFilter(m, f)));
  const chosen = (selected.length > 0 ? selected : candidates).slice(0, 12);
  if (chosen.length === 0) return nameKindsFindings(name, `workspace script ${name}`, [name]);
  return chosen.flatMap((m) => runPackageScript(ctx, dirname(m.path), name, extra));
}

/** pnpm/turbo/yarn filters: a package name (globs allowed), a `./path`, `{path}`, with `...` graph suffixes. */
function matchesFilter(manifest: PackageManifest, filter: string): boolean {
  const cleaned = filter.replace(/^\.\.\.|\.\.\.$/g, "").replace(/^\{|\}$/g, "").replace(/\^$/, "");
  if (cleaned.startsWith("!")) return false;
  if (cleaned.startsWith(".") || cleaned.includes("/") && !cleaned.startsWith("@")) {
    const folder = joinRepoPath("", cleaned.replace(/\/\*+$/, ""));
    return folder !== undefined && (dirname(manifest.path) === folder || dirname(manifest.path).startsWith(`${folder}/`));
  }
  const packageName = typeof manifest.json.name === "string" ? manifest.json.name : "";
  if (!cleaned.includes("*")) return packageName === cleaned;
  const [prefix = "", suffix = ""] = cleaned.split("*", 2);
  return packageName.startsWith(prefix) && packageName.endsWith(suffix);
}

function runAllScripts(ctx: Context, args: string[]): CommandFinding[] {
  const names = positionals(skipOptions(args, new Set(["--npm-path", "-l", "--max-parallel"])));
  const manifest = nearestManifest(ctx.view, ctx.cwd);
  const scripts = manifest ? Object.keys(scriptsOf(manifest)) : [];
  return names.flatMap((pattern) => {
    if (!pattern.includes("*")) return runPackageScript(ctx, ctx.cwd, pattern, []);
    const [prefix = "", suffix = ""] = pattern.split("*", 2);
    return scripts.filter((s) => s.startsWith(prefix) && s.endsWith(suffix)).flatMap((s) => runPackageScript(ctx, ctx.cwd, s, []));
  });
}

/** turbo / lerna / nx: tasks are package scripts, run in every (filtered) workspace that has them. */
function workspaceTasks(runner: "turbo" | "lerna" | "nx"): Handler {
  return (ctx, args, words) => {
    const tasks: string[] = [];
    const filters: string[] = [];
    const passThrough = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];
    const own = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
    for (let i = 0; i < own.length; i++) {
      const a = own[i] as string;
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (["--filter", "-F", "--scope", "--projects", "-p"].includes(flag)) filters.push(...(inline ?? own[++i] ?? "").split(","));
      else if (["-t", "--target", "--targets"].includes(flag)) tasks.push(...(inline ?? own[++i] ?? "").split(","));
      else if (!flag.startsWith("-")) tasks.push(a);
      else if (inline === undefined && ["--concurrency", "--cache-dir", "--output-logs", "--log-order", "--parallel", "--configuration", "-c"].includes(flag)) i++;
    }
    const names = tasks.filter((t) => !["run", "run-many", "affected", "exec"].includes(t)).map((t) => t.split(":").at(-1) ?? t);
    if (runner === "nx" && tasks[0] !== "run-many" && tasks[0] !== "affected" && tasks[0] !== "run" && names.length > 1) names.splice(1);
    if (runner === "nx" && tasks[0] === "run" && names.length > 0) names.splice(1);
    const findings = names.flatMap((name) => workspaceScripts(ctx, ctx.cwd, name, passThrough, filters));
    const decided = new Set(findings.map((f) => f.kind));
    const byName = names.flatMap((name) => nameKindsFindings(name, `${runner} ${name}`, words)).filter((f) => !decided.has(f.kind));
    // Nx hands flags it does not know to the target's executor: `nx affected -t test --codeCoverage` switches coverage on.
    const coverageFlag = runner === "nx" && !decided.has("coverage") ? own.find((a) => NX_COVERAGE_FLAG.test(a)) : undefined;
    const coverage = coverageFlag && names.some((name) => kindsByName(name).includes("test")) ? [found("coverage", `nx ${names.join(",")} ${coverageFlag}`, words)] : [];
    return [...findings, ...byName, ...coverage];
  };
}

const NX_COVERAGE_FLAG = /^--(?:coverage|codeCoverage|code-coverage)(?:=true|\.enabled(?:=true)?)?$/;

function makeCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  let dir = ctx.cwd;
  let file: string | undefined;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-C" || a === "--directory") dir = joinRepoPath(ctx.cwd, args[++i] ?? "") ?? dir;
    else if (a.startsWith("--directory=")) dir = joinRepoPath(ctx.cwd, a.slice(12)) ?? dir;
    else if (a === "-f" || a === "--file" || a === "--makefile") file = args[++i];
    else if (a === "-j" || a === "-l" || a === "-o" || a === "-W") i++;
    else if (!a.startsWith("-") && !a.includes("=")) targets.push(a);
  }
  const makefile = file ? joinRepoPath(dir, file) : ["GNUmakefile", "makefile", "Makefile"].map((n) => joinRepoPath(dir, n) ?? n).find((p) => ctx.view.text(p) !== undefined);
  if (!makefile || ctx.view.text(makefile) === undefined) return targets.flatMap((t) => nameKindsFindings(gnuTargetName(t), `make ${t}`, words));
  const wanted = targets.length > 0 ? targets : [defaultMakeTarget(ctx.view, makefile)].filter((t): t is string => t !== undefined);
  return wanted.flatMap((target) => runRecipe(ctx, makefile, makeTargets(ctx.view, makefile), target, "make", dirname(makefile)));
}

/** GNU's standard `check` target runs the test suite. */
function gnuTargetName(target: string): string {
  return target === "check" ? "test" : target;
}

function justCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const justfile = ["justfile", "Justfile", ".justfile"].map((n) => joinRepoPath(ctx.cwd, n) ?? n).find((p) => ctx.view.text(p) !== undefined);
  const targets = positionals(args);
  if (!justfile) return targets.flatMap((t) => nameKindsFindings(t, `just ${t}`, words));
  const recipes = justRecipes(ctx.view, justfile);
  const wanted = targets.length > 0 ? targets.filter((t) => recipes.has(t)) : [recipes.keys().next().value].filter((t): t is string => t !== undefined);
  return wanted.flatMap((target) => runRecipe(ctx, justfile, recipes, target, "just", dirname(justfile)));
}

/** `earthly +tests`: the Earthfile target in the working folder, as a recipe; `earthly ./api+test` names another folder's. */
function earthlyCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  return positionals(args)
    .filter((a) => a.includes("+"))
    .flatMap((reference) => {
      const [folder = "", target = ""] = reference.split("+");
      const dir = joinRepoPath(ctx.cwd, folder || ".") ?? ctx.cwd;
      const earthfile = joinRepoPath(dir, "Earthfile") ?? "Earthfile";
      if (ctx.view.text(earthfile) === undefined) return nameKindsFindings(target, `earthly +${target}`, words);
      return runRecipe(ctx, earthfile, earthfileTargets(ctx.view, earthfile), target, "earthly", dir);
    });
}

/** A Makefile target or Justfile recipe: its prerequisites first, then its own commands; its name when they say nothing. */
function runRecipe(ctx: Context, file: string, recipes: Map<string, Recipe>, target: string, runner: string, folder: string): CommandFinding[] {
  const recipe = recipes.get(target);
  if (!recipe) return nameKindsFindings(target, `${runner} ${target}`, [runner, target]);
  return guarded(ctx, `${runner}:${file}:${target}`, () => {
    const inner = deeper(ctx, folder);
    const fromPrerequisites = recipe.prerequisites.filter((p) => recipes.has(p)).flatMap((p) => runRecipe(inner, file, recipes, p, runner, folder));
    const own = analyzeLines(inner, recipe.commands.map((c) => ({ text: c.text.replace(/^\$\(MAKE\)|^\$\{MAKE\}/, "make"), line: c.line })), file, { shellPerLine: true });
    const findings = [...fromPrerequisites, ...own];
    const named = kindsByName(runner === "make" ? gnuTargetName(target) : target).filter((kind) => !findings.some((f) => f.kind === kind));
    return [...findings, ...named.map((kind) => ({ ...found(kind, `${runner} ${target}`, [runner, target], { byName: true }), trail: [{ path: file, line: recipe.line, note: `target ${target}` }] }))];
  });
}

/** A line of a composer script: `@php vendor/bin/phpstan` runs PHP, `@composer x` runs composer, `@other` runs another script. */
function composerScriptLine(ctx: Context, line: string, words: string[]): CommandFinding[] {
  if (!line.startsWith("@")) return analyzeText(deeper(ctx), line);
  const [reference, ...rest] = line.slice(1).split(" ");
  if (reference === "php" || reference === "composer") return analyzeText(deeper(ctx), `${reference} ${rest.join(" ")}`);
  return composerCommand(deeper(ctx), [reference ?? ""], words);
}

/** composer.json scripts: a string or a list of commands, `@other` naming another script. */
function composerCommand(ctx: Context, args: string[], words: string[]): CommandFinding[] {
  const sub = positionals(args)[0];
  if (sub === undefined) return [];
  if (sub === "audit") return [found("dependency-audit", "composer audit", words)];
  // `composer exec phpunit -- --exclude-group x`: a vendor binary and its arguments.
  if (sub === "exec") return analyzeSimple(deeper(ctx), args.slice(args.indexOf("exec") + 1).filter((a) => a !== "--"));
  const name = sub === "run-script" || sub === "run" ? positionals(args)[1] : sub;
  if (!name) return [];
  const path = joinRepoPath(ctx.cwd, "composer.json") ?? "composer.json";
  const text = ctx.view.text(path);
  let scripts: Record<string, unknown> = {};
  try {
    scripts = ((text ? JSON.parse(text) : {}) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    scripts = {};
  }
  const body = scripts[name];
  if (body === undefined) return ["install", "update", "require", "validate", "dump-autoload", "config"].includes(name) ? [] : nameKindsFindings(name, `composer ${name}`, words);
  return guarded(ctx, `composer:${path}:${name}`, () => {
    const commands = (Array.isArray(body) ? body : [body]).filter((c): c is string => typeof c === "string");
    const findings = commands.flatMap((c) => composerScriptLine(ctx, c, words));
    const place = { path, line: jsonPropertyLine(text ?? "", "scripts", name), note: `composer script ${name}` };
    const named = kindsByName(name).filter((kind) => !findings.some((f) => f.kind === kind));
    return at(place, [...findings, ...named.map((kind) => found(kind, `composer ${name}`, words, { byName: true }))]);
  });
}

/** A repository file run as a command (`./scripts/test`, `bash ci.sh`): its lines when it is shell, else its name. */
function repositoryScript(ctx: Context, words: string[]): CommandFinding[] {
  const command = words[0] as string;
  if (!command.includes("/") && !/\.(?:sh|bash)$/.test(command)) return [];
  return scriptFileByName(ctx, command, words);
}

function scriptFileByName(ctx: Context, script: string, words: readonly string[]): CommandFinding[] {
  if (!script || script.startsWith("$")) return [];
  const path = joinRepoPath(ctx.cwd, script);
  if (path === undefined) return [];
  const nameFindings = () => nameKindsFindings(script.replace(/\.[a-z]+$/, ""), script, words);
  if (ctx.view.text(path) !== undefined && isInterpretedScript(ctx.view, path)) {
    const lines = shelledCommands(ctx.view.text(path) as string);
    const findings = guarded(ctx, `script:${path}`, () => analyzeLines(deeper(ctx), lines, path));
    return findings.length > 0 ? findings : nameFindings();
  }
  if (ctx.view.text(path) === undefined || !isShellScript(ctx.view, path)) return nameFindings();
  return guarded(ctx, `script:${path}`, () => {
    const findings = analyzeText(deeper(ctx), ctx.view.text(path) as string, undefined, path);
    const named = kindsByName(basename(path).replace(/\.[a-z]+$/, "")).filter((kind) => !findings.some((f) => f.kind === kind));
    return [...findings, ...named.map((kind) => ({ ...found(kind, script, words, { byName: true }), trail: [{ path, line: 1, note: `script ${script}` }] }))];
  });
}

/** Options of `docker run`/`exec` that take a value: skipped with it when looking for the image or the command. */
export const DOCKER_RUN_VALUED: ReadonlySet<string> = new Set(["-e", "--env", "--env-file", "-v", "--volume", "-p", "--publish", "-w", "--workdir", "--name", "--network", "--net", "-u", "--user", "--entrypoint", "--mount", "-l", "--label", "--platform", "--add-host", "--cpus", "-m", "--memory", "--shm-size", "-h", "--hostname", "--link", "--gpus", "--ulimit", "--device", "--cap-add", "--cap-drop", "--security-opt", "--tmpfs", "--log-driver", "--restart", "--pull", "--ipc", "--pid", "--runtime", "--volumes-from", "--index"]);

function dockerCommand(ctx: Context, args: string[]): CommandFinding[] {
  const sub = args[0];
  if (sub === "compose") return composeCommand(ctx, args.slice(1));
  if (sub === "exec" || sub === "run") {
    const rest = skipOptions(args.slice(1), DOCKER_RUN_VALUED);
    const { volumes, workdir } = runOptions(args.slice(1, args.length - rest.length));
    const cwd = containerFolder(ctx.cwd, volumes, workdir) ?? ctx.cwd;
    return rest.length > 1 ? analyzeSimple(deeper(ctx, cwd), rest.slice(1)) : [];
  }
  if (sub === "build" || (sub === "buildx" && args[1] === "build") || sub === "image") return dockerBuild(ctx, args.slice(sub === "build" ? 1 : 2));
  return [];
}

/** `docker build -f X --target T ctx`: the RUN lines of the stages it builds run in CI too. */
function dockerBuild(ctx: Context, args: string[]): CommandFinding[] {
  let file: string | undefined;
  let target: string | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-f" || a === "--file") file = args[++i];
    else if (a.startsWith("--file=")) file = a.slice(7);
    else if (a === "--target") target = args[++i];
    else if (a.startsWith("--target=")) target = a.slice(9);
    else if (a.startsWith("-")) {
      if (!a.includes("=") && DOCKER_BUILD_VALUED.has(a)) i++;
    } else operands.push(a);
  }
  const context = joinRepoPath(ctx.cwd, operands[0] ?? ".") ?? ctx.cwd;
  const dockerfile = file ? joinRepoPath(ctx.cwd, file) : joinRepoPath(context, "Dockerfile");
  if (!dockerfile || ctx.view.text(dockerfile) === undefined) return [];
  return guarded(ctx, `docker-build:${dockerfile}:${target ?? ""}`, () => {
    const instructions = dockerInstructions(ctx.view, dockerfile);
    const last = stagesUpTo(instructions, target);
    const inner = deeper(ctx, context);
    return instructions
      .filter((i) => i.keyword === "RUN" && i.stage <= last)
      .flatMap((i) => at({ path: dockerfile, line: i.line }, analyzeText(inner, execForm(i.args)?.join(" ") ?? i.args.replace(/^(?:--\S+\s+)+/, ""))));
  });
}

/** `-v host:container` and `-w dir` of `docker run` / `docker compose run`, in any of their spellings. */
function runOptions(options: string[]): { volumes: string[]; workdir?: string } {
  const volumes: string[] = [];
  let workdir: string | undefined;
  for (let i = 0; i < options.length; i++) {
    const [flag, inline] = (options[i] as string).split(/=(.*)/s) as [string, string | undefined];
    const value = () => inline ?? options[++i] ?? "";
    if (flag === "-v" || flag === "--volume") volumes.push(value());
    else if (flag === "-w" || flag === "--workdir") workdir = value();
  }
  return { volumes, workdir };
}

/** A host folder as CI writes it in a bind mount: `$PWD`, `$(pwd)`, `${{ github.workspace }}`, `$CI_PROJECT_DIR`, `.`. */
const WORKSPACE_FOLDER = /^(?:\$\{?PWD\}?|\$\(pwd\)|`pwd`|\$\{\{\s*github\.workspace\s*\}\}|\$\{?GITHUB_WORKSPACE\}?|\$\{?CI_PROJECT_DIR\}?|\.)(?=\/|$)/;

/**
 * The repository folder a command run in a container works in: the bind-mounted folder that holds
 * its working directory, or the only bind mount when the image decides the working directory.
 */
function containerFolder(hostCwd: string, volumes: readonly string[], workdir: string | undefined): string | undefined {
  const mounts = volumes.flatMap((volume) => {
    const [host = "", container = ""] = volume.split(":");
    const relative = host.replace(WORKSPACE_FOLDER, ".");
    const folder = relative.startsWith(".") && container.startsWith("/") ? joinRepoPath(hostCwd, relative) : undefined;
    return folder === undefined ? [] : [{ folder, container: container.replace(/\/+$/, "") }];
  });
  if (workdir === undefined) return mounts.length === 1 ? mounts[0]?.folder : undefined;
  const holding = mounts.find((m) => workdir === m.container || workdir.startsWith(`${m.container}/`));
  return holding && joinRepoPath(holding.folder, workdir.slice(holding.container.length + 1));
}

const DOCKER_BUILD_VALUED = new Set(["-t", "--tag", "--build-arg", "--cache-from", "--cache-to", "--platform", "--label", "--secret", "--ssh", "--output", "-o", "--progress", "--network", "--iidfile", "--add-host", "--build-context"]);
const COMPOSE_VALUED = new Set(["-f", "--file", "-p", "--project-name", "--env-file", "--project-directory", "--profile", "--ansi", "--progress", "--parallel"]);

/** docker compose: `up --exit-code-from svc`, `run svc cmd`, `exec svc cmd`, following the service to its command or image. */
function composeCommand(ctx: Context, args: string[]): CommandFinding[] {
  const files: string[] = [];
  let i = 0;
  let projectDir = ctx.cwd;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-f" || a === "--file") files.push(args[++i] ?? "");
    else if (a === "--project-directory") projectDir = joinRepoPath(ctx.cwd, args[++i] ?? "") ?? projectDir;
    else if (COMPOSE_VALUED.has(a)) i++;
    else if (!a.startsWith("-")) break;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  const composePaths = (files.length > 0 ? files.map((f) => joinRepoPath(ctx.cwd, f)) : ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"].map((n) => joinRepoPath(projectDir, n)))
    .filter((p): p is string => p !== undefined && ctx.view.text(p) !== undefined)
    .slice(0, files.length > 0 ? files.length : 1);
  if (sub === "up") {
    const exitFrom = rest.find((a, k) => a.startsWith("--exit-code-from=") || rest[k - 1] === "--exit-code-from");
    const service = exitFrom?.startsWith("--exit-code-from=") ? exitFrom.slice(17) : exitFrom;
    if (service) return serviceFindings(ctx, composePaths, service);
    if (!hasAny(rest, "--abort-on-container-exit")) return [];
    const named = positionals(rest);
    const services = composePaths.flatMap((p) => [...composeServiceRuns(ctx.view, p).keys()]);
    return [...new Set(named.length > 0 ? named : services)].flatMap((s) => serviceFindings(ctx, composePaths, s));
  }
  if (sub === "run" || sub === "exec") {
    const operands = skipOptions(rest, DOCKER_RUN_VALUED);
    const service = operands[0];
    if (!service) return [];
    if (operands.length > 1) return analyzeSimple(deeper(ctx, serviceFolder(ctx, composePaths, service, rest.slice(0, rest.length - operands.length))), operands.slice(1));
    return sub === "run" ? serviceFindings(ctx, composePaths, service) : [];
  }
  return [];
}

/** The repository folder a command run in a compose service sees: its bind-mounted working directory, else its build context. */
function serviceFolder(ctx: Context, composePaths: readonly string[], service: string, options: string[]): string {
  const run = composePaths.map((p) => composeServiceRuns(ctx.view, p).get(service)).find((r) => r !== undefined);
  if (!run) return ctx.cwd;
  const { volumes, workdir } = runOptions(options);
  const mounted = containerFolder(dirname(run.composePath), [...volumes, ...run.volumes], workdir ?? run.workingDir);
  return mounted ?? run.build?.context ?? ctx.cwd;
}

/** What a compose service runs: its `command:`, or its image's CMD/ENTRYPOINT when it is built here; a test-named service counts by name. */
function serviceFindings(ctx: Context, composePaths: readonly string[], service: string): CommandFinding[] {
  const runs = composePaths.map((p) => composeServiceRuns(ctx.view, p).get(service)).filter((r) => r !== undefined);
  const merged = { command: runs.findLast((r) => r.command)?.command, entrypoint: runs.findLast((r) => r.entrypoint)?.entrypoint, build: runs.findLast((r) => r.build)?.build, first: runs[0] };
  if (!merged.first) return nameKindsFindings(service, `compose service ${service}`, [service]);
  return guarded(ctx, `compose:${composePaths.join(",")}:${service}`, () => {
    const place = { path: merged.first?.composePath as string, line: merged.first?.line as number, note: `service ${service}` };
    const inner = deeper(ctx, merged.build?.context ?? dirname(place.path));
    let findings: CommandFinding[] = [];
    const commandFindings = (value: string | string[], line: number, path: string) =>
      at({ path, line }, typeof value === "string" ? analyzeText(inner, value) : analyzeSimple(inner, value));
    if (merged.entrypoint) findings.push(...commandFindings(merged.entrypoint.value, merged.entrypoint.line, place.path));
    if (merged.command) findings.push(...commandFindings(merged.command.value, merged.command.line, place.path));
    if (!merged.command && !merged.entrypoint && merged.build) findings = imageCommandFindings(inner, merged.build);
    const named = kindsByName(service).filter((kind) => !findings.some((f) => f.kind === kind));
    return at(place, [...findings, ...named.map((kind) => found(kind, `compose service ${service}`, [service], { byName: true }))]);
  });
}

/** The ENTRYPOINT/CMD an image built from the repository runs, scripts copied into it followed back to their files. */
function imageCommandFindings(ctx: Context, build: { context: string; dockerfile: string; target?: string }): CommandFinding[] {
  const instructions = dockerInstructions(ctx.view, build.dockerfile);
  const stage = stagesUpTo(instructions, build.target);
  const entry = instructions.filter((i) => i.stage === stage && (i.keyword === "CMD" || i.keyword === "ENTRYPOINT"));
  return entry.flatMap((instruction) => {
    const words = execForm(instruction.args) ?? simpleCommands(instruction.args)[0] ?? [];
    const program = words[0];
    const local = program?.startsWith("/") || program?.startsWith("./") ? imagePathToRepo(ctx.view, instructions, stage, build.context, program) : undefined;
    const place = { path: build.dockerfile, line: instruction.line, note: `${instruction.keyword} ${instruction.args}` };
    if (local) return at(place, scriptFileByName({ ...ctx, cwd: "" }, local, words));
    return at(place, execForm(instruction.args) ? analyzeSimple(ctx, words) : analyzeText(ctx, instruction.args));
  });
}
