import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Log } from "sarif";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);

/** The SARIF Multitool's binary for this platform; it ships the SARIF 2.1.0 JSON schema beside it. */
export const MULTITOOL: string = require("@microsoft/sarif-multitool");
const schema = JSON.parse(await readFile(join(MULTITOOL, "..", "sarif-2.1.0.json"), "utf8"));
const validate = addFormats.default(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

/** Schema violations of a SARIF log, as "path: message" lines; empty when it is valid SARIF 2.1.0. */
export function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

export interface MultitoolFinding {
  /** The name the SARIF text was given. */
  file: string;
  rule: string;
  level: string;
  message: string;
}

/**
 * Runs `Sarif.Multitool validate --rule-kind "Sarif;Ghas"` (the SARIF rules and GitHub Advanced Security's
 * upload rules) once over named SARIF texts and returns its errors and warnings. The tool exits 0 whatever
 * it finds, so the findings are read from its own SARIF output.
 */
export async function multitoolFindings(sarifByName: Record<string, string>): Promise<MultitoolFinding[]> {
  const dir = await mkdtemp(join(tmpdir(), "readiness-sarif-"));
  try {
    const inputs = Object.keys(sarifByName).map((name, index) => ({ name, path: join(dir, `${index}.sarif`) }));
    for (const input of inputs) await writeFile(input.path, sarifByName[input.name] as string);
    const output = join(dir, "validation.json");
    await promisify(execFile)(MULTITOOL, ["validate", "--rule-kind", "Sarif;Ghas", "--output", output, ...inputs.map((i) => i.path)], {
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
    });
    const validation: Log = JSON.parse(await readFile(output, "utf8"));
    const results = validation.runs[0]?.results ?? [];
    return results
      .filter((r) => r.level === "error" || r.level === "warning")
      .map((r) => {
        const uri: string = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
        return {
          file: inputs.find((i) => uri.endsWith(`/${i.path.split("/").pop()}`))?.name ?? uri,
          rule: r.ruleId ?? "",
          level: r.level ?? "",
          message: r.message.text ?? (r.message.arguments ?? []).join(" "),
        };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
