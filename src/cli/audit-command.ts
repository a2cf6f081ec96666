import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { runAudit } from "../audit/audit.js";
import type { AuditReport } from "../audit/report-model.js";
import { loadChecklist } from "../checklist/checklist.js";
import { CONFIG_PATH, DEFAULT_CONFIG, type ReadinessConfig } from "../config/config.js";
import { PROBES } from "../probes/index.js";
import { FORMATS, type Format, render } from "../report/index.js";
import { conclusionFor } from "../score/score.js";
import { LocalSnapshot } from "../snapshot/local.js";
import { type CliIo, EXIT, parseMinScore, UsageError } from "./io.js";

/** `readiness audit`'s options, as parsed. */
export interface AuditArgs {
  target: string;
  format?: string;
  output?: string;
  checklist?: string;
  config?: string;
  minScore?: string;
  noColor?: boolean;
  verbose?: boolean;
}

/** `readiness audit`: the report in the chosen format, to stdout or a file; the exit code of the gate. */
export async function auditCommand(args: AuditArgs, io: CliIo): Promise<number> {
  const format = (args.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}; got "${args.format}"`);
  const minScore = parseMinScore(args.minScore);
  const report = withMinScore(await auditPath({ target: args.target, checklist: args.checklist, config: args.config }, io), minScore);

  const color = format === "text" && !args.output && !args.noColor && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  const output = await render(report, format, { color, width: terminalWidth(io, Boolean(args.output)), verbose: args.verbose });
  if (args.output) await writeFile(args.output, output);
  else io.stdout.write(output);
  return gate(report, minScore, io);
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
  // The schema (and zod) load only for a repository that has a readiness.yml.
  const { parseConfig } = await import("../config/config-schema.js");
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
