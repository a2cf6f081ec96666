import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runAction } from "../../src/cli/action.js";
import { schemaErrors } from "../support/sarif-validation.js";
import { loadAction, runnerFiles, stepEnvironment, stepOutputs } from "../support/actions-runner.js";

const failingService = fileURLToPath(new URL("../fixtures/repos/express-ts-service", import.meta.url));
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const workspaces: string[] = [];
afterAll(async () => {
  for (const dir of workspaces) await rm(dir, { recursive: true, force: true });
});

async function workspace() {
  const dir = await mkdtemp(join(tmpdir(), "readiness-workspace-"));
  workspaces.push(dir);
  return dir;
}

/** Runs the action's entry point in-process with the environment action.yml gives its step. */
async function runStep(given: Record<string, string>) {
  const action = await loadAction();
  const step = action.runs.steps.find((s) => s.id === "audit");
  if (!step) throw new Error("action.yml has no step with id audit");
  const files = await runnerFiles();
  let stdout = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      stdout += String(chunk);
      done();
    },
  });
  const code = await runAction({ stdout: sink, stderr: sink, env: { ...stepEnvironment(action, step, given), ...files } });
  return { code, stdout, outputs: await stepOutputs(files.GITHUB_OUTPUT), summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8") };
}

describe("the GitHub Action", () => {
  it("declares the inputs and outputs the README documents, and runs this release of the CLI", async () => {
    const action = await loadAction();
    expect(Object.keys(action.inputs)).toEqual(["path", "checklist", "config", "min-score", "sarif", "version"]);
    expect(Object.keys(action.outputs)).toEqual(["score", "level", "conclusion", "sarif"]);
    const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    expect(action.inputs.version?.default).toBe(version);
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps[0]?.run).toMatch(/npx --yes --package="\$READINESS_PACKAGE" readiness-action/);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.audit\.outputs\.\w+ \}\}$/);
  });

  it("writes the job summary, SARIF and the step outputs, and fails the step below min-score", async () => {
    const sarif = join(await workspace(), "readiness.sarif");
    const { code, stdout, outputs, summary } = await runStep({ path: failingService, "min-score": "90", sarif });
    expect(code).toBe(1);
    expect(outputs).toEqual({ score: expect.stringMatching(/^\d+$/), level: expect.any(String), conclusion: "failure", sarif });
    expect(Number(outputs.score)).toBeLessThan(90);
    expect(summary).toMatch(/^## Readiness \d+\/100/);
    expect(summary).toContain("### 🎯 Fix first");
    expect(schemaErrors(JSON.parse(await readFile(sarif, "utf8")))).toEqual([]);
    expect(stdout).toContain("Fix first");
    expect(stdout).toMatch(/^::error title=Readiness::\d+\/100, conclusion failure: the readiness gate failed/m);
  });

  it("passes with the defaults, and reports bad input as a workflow error with exit code 2", async () => {
    const sarif = join(await workspace(), "out.sarif");
    expect((await runStep({ path: failingService, sarif })).code).toBe(0);
    const bad = await runStep({ path: failingService, sarif, "min-score": "lots" });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^::error title=Readiness::--min-score must be a number from 0 to 100; got "lots"$/m);
  });

  it("runs as the runner runs it: the entry point as its own process in the workspace, with relative paths", async () => {
    const cwd = await workspace();
    const files = await runnerFiles();
    const entry = join(projectRoot, "src/cli/action-main.ts");
    const tsx = import.meta.resolve("tsx");
    await promisify(execFile)(process.execPath, ["--import", tsx, entry], {
      cwd,
      env: { ...process.env, ...files, INPUT_PATH: failingService, INPUT_SARIF: "readiness.sarif", INPUT_MIN_SCORE: "" },
    });
    expect((await stepOutputs(files.GITHUB_OUTPUT)).sarif).toBe("readiness.sarif");
    expect(JSON.parse(await readFile(join(cwd, "readiness.sarif"), "utf8")).version).toBe("2.1.0");
  });
});
