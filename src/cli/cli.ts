import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { ChecklistError } from "../checklist/checklist-error.js";
import { type CliIo, EXIT, UsageError } from "./io.js";

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
  // The engine loads only for an audit: --help and --version answer without it.
  const { auditCommand } = await import("./audit-command.js");
  const { format, output, checklist, config, verbose } = values;
  return auditCommand({ target, format, output, checklist, config, minScore: values["min-score"], noColor: values["no-color"], verbose }, io);
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

