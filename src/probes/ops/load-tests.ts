import { ciSteps } from "../../facts/ci.js";
import { k6Scripts } from "../../facts/k6.js";
import { isDocExtension } from "../../facts/markdown.js";
import type { PathRow } from "../../view/path-table.js";
import { includesAny } from "../../view/regex.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** An import or require of the module at the start of a line: a string that merely mentions one is not an import. */
function jsImportAt(module: string): RegExp {
  return new RegExp(`^[ \\t]*(?:import\\s[^\\n]{0,200}?from\\s*|import\\s*|(?:const|let|var)\\s[^\\n]{0,100}?require\\s*\\(\\s*)["']${module}["']`, "m");
}

/** How each load-testing tool shows in the code that drives it (searched with comments blanked). */
const CODE_SIGNATURES: { tool: string; languages: string[]; hints: string[]; usage: RegExp }[] = [
  { tool: "Locust", languages: ["python"], hints: ["locust"], usage: /^[ \t]*(?:from[ \t]+locust\b[^\n]{0,200}\bimport\b|import[ \t]+locust\b)/m },
  { tool: "Gatling", languages: ["scala", "java", "kotlin"], hints: ["gatling", "Simulation"], usage: /^[ \t]*import\s+(?:static\s+)?io\.gatling\.|\bextends\s+Simulation\b/m },
  { tool: "Vegeta", languages: ["go"], hints: ["vegeta"], usage: /^[ \t]*(?:import\s+)?(?:\w+\s+)?"github\.com\/tsenart\/vegeta(?:\/v\d+)?\/lib"/m },
  { tool: "autocannon", languages: ["javascript", "typescript"], hints: ["autocannon"], usage: jsImportAt("autocannon") },
];
/** Command-line load generators (also run as ./vegeta, never a folder such as /zap/wrk), when a script (shell, Makefile, wrk Lua, package.json) in a load/perf folder or CI runs them. */
const LOAD_COMMAND = /(?:^|[\s"'`;&|(])(?:\.\/)?(k6 run|artillery (?:run|quick)|locust\b|vegeta attack|wrk2?(?![\w:/.-])|(?:hey|oha|bombardier) -[a-z]|autocannon\b|ab -[nc]|jmeter -n|gatling\.sh)/m;

/** A program's entry point: what a folder of load-generator code builds into a command. */
const PROGRAM_ENTRY = /^(?:main\.(?:rs|go|py|kt|java|scala)|Program\.cs|__main__\.py)$/;
/** Folders named for load or stress testing, not merely "perf": product code may live in src/performance/. */
const LOAD_GENERATOR_FOLDER = /(?:^|\/)(?:load|stress|soak)[-_]?test(?:s|ing|er)?\//i;

/** A wrk Lua script shapes the requests wrk sends (`wrk.method = "POST"`), wherever it is kept. */
const WRK_SCRIPT = /^[ \t]*wrk\.(?:method|path|body|headers)\b[^\n]*=|^[ \t]*return\s+wrk\.format\s*\(/m;

/**
 * Load tests exist as runnable scripts: k6, Locust, Artillery, Gatling, JMeter, Vegeta, or a
 * wrk/hey/autocannon script in a load or performance folder or a CI step. A one-off command quoted
 * in the docs is a measurement someone once took, not a load test the team can re-run.
 */
export const loadTests: Probe = {
  id: "ops.load-tests",
  run({ view }) {
    const found: Evidence[] = k6Scripts(view)
      .filter((script) => !script.singlePass)
      .slice(0, 5)
      .map((script) => ({ path: script.path, line: script.line, note: "k6" }));
    for (const row of view.paths.rows) {
      if (row.nonProject || isDocExtension(row.extension)) continue;
      const hit = loadTestAt(view, row);
      if (hit) found.push(hit);
      if (found.length >= 5) break;
    }
    if (found.length === 0) {
      const inCi = loadTestInCi(view);
      if (inCi) found.push(inCi);
    }
    if (found.length > 0) return pass(`load tests: ${[...new Set(found.map((e) => e.note))].join(", ")} in ${found[0]?.path}`, found);
    return fail("no load-test scripts: no k6 or Locust script, Artillery or drill plan, Gatling simulation, JMeter plan (.jmx), Vegeta or wrk/autocannon script in a load/perf folder");
  },
};

function loadTestAt(view: RepoView, row: PathRow): Evidence | undefined {
  const { path, name, extension: ext, language } = row;
  if (ext === "jmx") return { path, note: "JMeter test plan" };
  if (language) {
    const text = view.text(path);
    if (text === undefined) return /^locustfile.*\.py$/.test(name) ? { path, note: "Locust" } : undefined;
    // A program of the project's own in a load-test folder (loadtest/src/main.rs, LoadTester/Program.cs) is its load generator.
    if (PROGRAM_ENTRY.test(name) && LOAD_GENERATOR_FOLDER.test(path)) return { path, note: "load generator program" };
    for (const signature of CODE_SIGNATURES) {
      if (!signature.languages.includes(language) || !includesAny(text, signature.hints)) continue;
      const match = signature.usage.exec(view.code(path) ?? "");
      if (match) return { path, line: view.lineAt(path, match.index + (match[0].length - match[0].trimStart().length)), note: signature.tool };
    }
    return undefined;
  }
  const text = view.text(path);
  if (text === undefined) return undefined;
  if ((ext === "yml" || ext === "yaml") && /^config:\s*$/m.test(text) && /^\s{1,8}target:/m.test(text) && /^scenarios:\s*$/m.test(text)) {
    return { path, line: view.lineAt(path, text.search(/^config:/m)), note: "Artillery" };
  }
  // drill (Rust): a benchmark plan against a base URL, run with a concurrency.
  if ((ext === "yml" || ext === "yaml") && /^plan:\s*$/m.test(text) && /^base:\s*\S/m.test(text) && /^(?:concurrency|iterations):\s*\d/m.test(text)) {
    return { path, line: view.lineAt(path, text.search(/^plan:/m)), note: "drill" };
  }
  const wrkRequest = ext === "lua" ? WRK_SCRIPT.exec(text) : null;
  if (wrkRequest) return { path, line: view.lineAt(path, wrkRequest.index + wrkRequest[0].indexOf("wrk")), note: "wrk script" };
  if (!row.loadTest && !/(?:^|\/)bench(?:mark)?(?:e?s)?\//.test(path)) return undefined;
  const command = LOAD_COMMAND.exec(text);
  if (!command) return undefined;
  const tool = command[1] as string;
  return { path, line: view.lineAt(path, command.index + command[0].length - tool.length), note: `${tool.split(" ")[0]} script` };
}

/** A CI step that drives a load generator (vegeta, wrk, oha...) against the service: the team re-runs it on every trigger. */
function loadTestInCi(view: RepoView): Evidence | undefined {
  for (const step of ciSteps(view)) {
    const command = step.run === undefined ? null : LOAD_COMMAND.exec(step.run);
    if (!command) continue;
    const tool = command[1] as string;
    const lineIndex = (step.run as string).slice(0, command.index + 1).split("\n").length - 1;
    return { path: step.path, line: step.runLines?.[lineIndex] ?? step.line, note: `${tool.split(" ")[0]} in CI` };
  }
  return undefined;
}
