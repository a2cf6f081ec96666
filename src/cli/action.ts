import { appendFile, writeFile } from "node:fs/promises";
import { ChecklistError } from "../checklist/checklist.js";
import { renderMarkdown } from "../report/markdown.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";
import { auditPath, gate, withMinScore } from "./audit-command.js";
import { type CliIo, EXIT, parseMinScore, UsageError } from "./io.js";

/** GitHub keeps at most 1 MiB of one step's job summary. */
const SUMMARY_LIMIT = 1_000_000;
/** Actions logs are wide; wrapping there only breaks copy-paste. */
const LOG_WIDTH = 160;

/**
 * The GitHub Action's entry point (action.yml runs it): inputs arrive as INPUT_* variables; the text
 * report goes to the log, the Markdown report to the job summary, SARIF to a file for upload-sarif,
 * and score, level, conclusion and the SARIF path to the step's outputs. Exit codes are the CLI's.
 */
export async function runAction(io: CliIo): Promise<number> {
  const input = (name: string) => io.env[`INPUT_${name}`]?.trim() || undefined;
  try {
    const minScore = parseMinScore(input("MIN_SCORE"));
    const report = withMinScore(await auditPath({ target: input("PATH") ?? ".", checklist: input("CHECKLIST"), config: input("CONFIG") }, io), minScore);
    const sarif = input("SARIF") ?? "readiness.sarif";
    await writeFile(sarif, renderSarif(report));
    io.stdout.write(renderText(report, { color: true, width: LOG_WIDTH }));
    if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, renderMarkdown(report, { maxLength: SUMMARY_LIMIT }));
    const outputs = { score: report.score, level: report.level, conclusion: report.conclusion, sarif };
    if (io.env.GITHUB_OUTPUT) await appendFile(io.env.GITHUB_OUTPUT, Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(""));
    const code = gate(report, minScore, io);
    if (code !== EXIT.ok) io.stdout.write(`::error title=Readiness::${annotation(`${report.score}/100, conclusion ${report.conclusion}: the readiness gate failed; see the job summary`)}\n`);
    return code;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ChecklistError)) throw error;
    io.stdout.write(`::error title=Readiness::${annotation(error.message)}\n`);
    return EXIT.usage;
  }
}

/** A workflow command's message: %, CR and LF are escaped so a multi-line message stays one annotation. */
function annotation(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
