import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

interface ActionStep {
  id?: string;
  env?: Record<string, string>;
  run?: string;
}

export interface ActionDefinition {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const ACTION_YML = new URL("../../action.yml", import.meta.url);

export async function loadAction(): Promise<ActionDefinition> {
  return parse(await readFile(ACTION_YML, "utf8"));
}

/** A step's environment as the runner evaluates it: `${{ inputs.x }}` becomes the given value or the input's default. */
export function stepEnvironment(action: ActionDefinition, step: ActionStep, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([name, value]) => [
      name,
      value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => given[input] ?? action.inputs[input]?.default ?? ""),
    ]),
  );
}

/** Empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, as a runner provides them to a step. */
export async function runnerFiles(): Promise<{ GITHUB_OUTPUT: string; GITHUB_STEP_SUMMARY: string }> {
  const dir = await mkdtemp(join(tmpdir(), "readiness-runner-"));
  const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
  for (const file of Object.values(files)) await writeFile(file, "");
  return files;
}

/** GITHUB_OUTPUT's `name=value` lines as a record. */
export async function stepOutputs(file: string): Promise<Record<string, string>> {
  const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}
