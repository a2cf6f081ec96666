import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ChecklistError, loadChecklist } from "../checklist/checklist.js";
import { CONFIG_PATH, DEFAULT_CONFIG, parseConfig, type ReadinessConfig } from "../config/config.js";
import { runAudit } from "../audit/audit.js";
import type { AuditReport } from "../audit/report-model.js";
import { conclusionFor } from "../score/score.js";
import { PROBES } from "../probes/index.js";
import { FORMATS, type Format, render } from "../report/index.js";
import { LocalSnapshot } from "../snapshot/local.js";

export const EXIT = { ok: 0, belowThreshold: 1, usage: 2 } as const;

const { version: VERSION } = createRequire(import.meta.url)("../../package.json") as { version: string };

const USAGE = `Usage: readiness audit [path] [options]

Audits the repository at path (default: .) against the production-readiness checklist.

Options:
  -f, --format <text|markdown|json|sarif>  report format (default: text)
  -o, --output <file>                      write the report to a file instead of stdout
      --checklist <file>                   use another checklist (default: checklists/default.yml)
      --config <file>                      use this readiness.yml (default: <path>/.github/readiness.yml when present)
      --min-score <0-100>                  exit with code 1 when the score is below this
      --verbose                            text: evidence for passing and not-applicable items too
      --no-color                           never colour the text report
  -h, --help                               show this help
  -v, --version                            print the version

Exit codes: 0 audited (and at or above --min-score); 1 below --min-score, or the
configured threshold/required items fail; 2 usage or input error.
The report goes to stdout; progress and warnings go to stderr.`;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Bad input from the user (a flag, a path, a file): reported in one line, exit code 2. */
export class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await audit(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ChecklistError) {
      io.stderr.write(`readiness: ${error.message}\n`);
      if (error instanceof UsageError) io.stderr.write("Run `readiness --help` for usage.\n");
      return EXIT.usage;
    }
    throw error;
  }
}

async function audit(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (values.help || positionals.length === 0) {
    io.stdout.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const [command, target = ".", ...rest] = positionals;
  if (command !== "audit") throw new UsageError(`unknown command "${command}" (the command is \`readiness audit [path]\`)`);
  if (rest.length > 0) throw new UsageError(`one path at a time; got ${positionals.slice(1).join(", ")}`);
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}; got "${values.format}"`);
  const minScore = parseMinScore(values["min-score"]);
  const report = withMinScore(await auditPath({ target, checklist: values.checklist, config: values.config }, io), minScore);

  const color = format === "text" && !values.output && !values["no-color"] && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  const output = render(report, format, { color, width: terminalWidth(io, Boolean(values.output)), verbose: values.verbose });
  if (values.output) await writeFile(values.output, output);
  else io.stdout.write(output);
  return gate(report, minScore, io);
}

/** --min-score (or the Action's min-score input): a number from 0 to 100, or nothing. */
export function parseMinScore(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const minScore = Number(text);
  if (!(Number.isFinite(minScore) && minScore >= 0 && minScore <= 100)) throw new UsageError(`--min-score must be a number from 0 to 100; got "${text}"`);
  return minScore;
}

export interface AuditRequest {
  /** The folder to audit. */
  target: string;
  /** Another checklist file than the default. */
  checklist?: string;
  /** A readiness.yml to use instead of the repository's own. */
  config?: string;
}

/** Loads the checklist and configuration and audits the folder: what the CLI and the Action share. */
export async function auditPath(request: AuditRequest, io: CliIo): Promise<AuditReport> {
  const root = resolve(request.target);
  const checklist = await loadChecklist(request.checklist ? resolve(request.checklist) : undefined);
  const unknown = checklist.items.filter((item) => !PROBES.has(item.id)).map((item) => item.id);
  if (unknown.length > 0) io.stderr.write(`readiness: warning: no probe decides ${unknown.join(", ")}; reported as not applicable\n`);
  const config = await readConfig(root, request.config, io);

  const progress = io.stderr.isTTY ? startProgress(io.stderr) : undefined;
  try {
    return await runAudit(new LocalSnapshot(root), { checklist, config });
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    progress?.();
  }
}

/**
 * --min-score as the report's threshold when it is stricter than the configuration's, so the report's
 * conclusion (and the Action's output) says what the exit code says.
 */
export function withMinScore(report: AuditReport, minScore: number | undefined): AuditReport {
  if (minScore === undefined || minScore <= report.threshold) return report;
  return { ...report, threshold: minScore, conclusion: conclusionFor(report.score, report.items, { threshold: minScore, mode: report.mode }) };
}

/** The exit code: 1 below the minimum score, or when the configuration's threshold or a required item fails. */
export function gate(report: AuditReport, minScore: number | undefined, io: CliIo): number {
  if (minScore !== undefined && report.score < minScore) {
    io.stderr.write(`readiness: score ${report.score} is below --min-score ${minScore}\n`);
    return EXIT.belowThreshold;
  }
  return report.conclusion === "failure" ? EXIT.belowThreshold : EXIT.ok;
}

function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string", short: "f" },
      output: { type: "string", short: "o" },
      checklist: { type: "string" },
      config: { type: "string" },
      "min-score": { type: "string" },
      "no-color": { type: "boolean" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

/** A file or a pipe gets the classic terminal width. */
const DEFAULT_WIDTH = 80;

/** The text report's width: the terminal's, else $COLUMNS, else 80. */
function terminalWidth(io: CliIo, toFile: boolean): number {
  if (!toFile && io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** The explicit --config file, else the repository's own .github/readiness.yml, else defaults. */
async function readConfig(root: string, explicit: string | undefined, io: CliIo): Promise<ReadinessConfig> {
  const path = explicit ? resolve(explicit) : join(root, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_CONFIG;
    throw new UsageError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const result = parseConfig(text, explicit ? path : CONFIG_PATH);
  if (!result.ok) throw new UsageError(`invalid configuration:\n${result.message}`);
  if (result.config._extends) io.stderr.write(`readiness: note: _extends (${result.config._extends}) is resolved by the GitHub App; the CLI uses this file alone\n`);
  return result.config;
}

/** A spinner on stderr for long audits, only when stderr is a terminal; returns the function that stops it. */
function startProgress(stderr: NodeJS.WritableStream): () => void {
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  const timer = setInterval(() => stderr.write(`\r${frames[frame++ % frames.length]} auditing…`), 120);
  timer.unref();
  return () => {
    clearInterval(timer);
    stderr.write("\r\x1b[K");
  };
}
