/**
 * The README's CI recipe in a simulated GitHub Actions environment, for .ci/run and by hand:
 * runs action.yml's audit step as the runner would (its shell command, its env with the inputs
 * filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the workspace as working folder), with
 * the CLI package taken from a local tarball instead of the registry. Then, as the recipe's
 * `if: !cancelled()` upload step does whatever the gate said, it checks the SARIF file against the
 * SARIF 2.1.0 schema and GitHub's upload rules (SARIF Multitool, Sarif;Ghas).
 *
 *   node --import tsx test/support/simulate-action.ts --package readiness-cli-1.0.0.tgz [--min-score 70] WORKSPACE...
 *
 * Prints one line per workspace; exits 1 when a SARIF file has a schema error or any Multitool error.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadAction, runnerFiles, stepEnvironment, stepOutputs } from "./actions-runner.js";
import { multitoolFindings, schemaErrors } from "./sarif-validation.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { package: { type: "string" }, "min-score": { type: "string" } } });
if (!values.package || positionals.length === 0) throw new Error("usage: simulate-action.ts --package TARBALL [--min-score N] WORKSPACE...");

const action = await loadAction();
const step = action.runs.steps.find((s) => s.id === "audit");
if (!step?.run) throw new Error("action.yml has no audit step");
const out = await mkdtemp(join(tmpdir(), "readiness-recipe-"));
const sarifTexts: Record<string, string> = {};
let failed = false;
for (const workspace of positionals.map((p) => resolve(p))) {
  const name = basename(workspace);
  const sarif = join(out, `${name}.sarif`);
  const files = await runnerFiles();
  const env = {
    ...process.env,
    ...stepEnvironment(action, step, { "min-score": values["min-score"] ?? "", sarif }),
    ...files,
    READINESS_PACKAGE: resolve(values.package),
    GITHUB_WORKSPACE: workspace,
  };
  const run = spawnSync("bash", ["-e", "-c", step.run], { cwd: workspace, env, stdio: ["ignore", "ignore", "inherit"] });
  const outputs = await stepOutputs(files.GITHUB_OUTPUT);
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, "utf8");
  const log = JSON.parse(await readFile(sarif, "utf8"));
  const errors = schemaErrors(log);
  sarifTexts[name] = JSON.stringify(log);
  if (errors.length > 0 || !summary.includes("## Readiness")) failed = true;
  console.log(
    `${name}: step exit ${run.status}, score ${outputs.score}, ${outputs.conclusion}; ${log.runs[0].results.length} SARIF results; schema ${errors.length ? errors.join("; ") : "valid"}; summary ${summary.length} chars`,
  );
}
const findings = await multitoolFindings(sarifTexts);
for (const name of Object.keys(sarifTexts)) {
  const own = findings.filter((f) => f.file === name);
  const errors = own.filter((f) => f.level === "error");
  if (errors.length > 0) failed = true;
  console.log(`${name}: SARIF Multitool (Sarif;Ghas): ${errors.length} errors, ${own.length - errors.length} warnings${own.length ? ` (${[...new Set(own.map((f) => f.rule))].join(", ")})` : ""}`);
}
process.exitCode = failed ? 1 : 0;
