import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli-harness.js";

const ANSI_ESCAPE = "\u001b[";
let repo: string;

async function put(path: string, content: string) {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), content);
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), "readiness-cli-"));
  await put("README.md", "# demo\n\n## Install\n\n```sh\nnpm ci\n```\n");
  await put("package.json", JSON.stringify({ name: "demo", version: "1.0.0", main: "index.js", scripts: { test: "node --test" } }, null, 2));
  await put("index.js", "module.exports = () => 42;\n");
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe("readiness audit", () => {
  it("prints only the JSON report on stdout, so it can be piped", async () => {
    const { code, stdout } = await cli(["audit", repo, "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schemaVersion: 1, repository: { label: expect.any(String) }, profile: { kind: expect.any(String) } });
    expect(report.items.length).toBe(32);
    for (const item of report.items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(["id", "title", "category", "outcome", "weight", "evidence", "reason", "remediation"]));
    }
  });

  it("renders text without colour when stdout is not a terminal, and with colour when it is", async () => {
    const plain = await cli(["audit", repo]);
    expect(plain.stdout).toMatch(/Readiness \d+\/100/);
    expect(plain.stdout).not.toContain(ANSI_ESCAPE);
    const coloured = await cli(["audit", repo], { tty: true });
    expect(coloured.stdout).toContain(ANSI_ESCAPE);
    expect((await cli(["audit", repo, "--no-color"], { tty: true })).stdout).not.toContain(ANSI_ESCAPE);
  });

  it("renders Markdown and SARIF", async () => {
    expect((await cli(["audit", repo, "-f", "markdown"])).stdout).toMatch(/^## Readiness \d+\/100/);
    const sarif = JSON.parse((await cli(["audit", repo, "-f", "sarif"])).stdout);
    expect(sarif.version).toBe("2.1.0");
    const itemIds = JSON.parse((await cli(["audit", repo, "-f", "json"])).stdout).items.map((i: { id: string }) => i.id);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(itemIds));
  });

  it("prints its version with --version and -v", async () => {
    const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-v"]) expect(await cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("wraps the text report to $COLUMNS and shows passing evidence only with --verbose", async () => {
    const narrow = (await cli(["audit", repo], { env: { COLUMNS: "50" } })).stdout;
    expect(Math.max(...narrow.split("\n").map((l) => l.length))).toBeLessThanOrEqual(50);
    expect(narrow).toMatch(/Fix first/);
    expect((await cli(["audit", repo])).stdout).not.toContain("package.json:");
    expect((await cli(["audit", repo, "--verbose"])).stdout).toContain("package.json:");
  });

  it("exits 1 below --min-score, says why on stderr, and the report's conclusion agrees", async () => {
    const { code, stderr, stdout } = await cli(["audit", repo, "--min-score", "100", "-f", "json"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/below --min-score 100/);
    expect(JSON.parse(stdout)).toMatchObject({ threshold: 100, conclusion: "failure" });
    expect(JSON.parse((await cli(["audit", repo, "--min-score", "1", "-f", "json"])).stdout)).toMatchObject({ threshold: 1, conclusion: "success" });
  });

  it("writes the report to --output and nothing to stdout", async () => {
    const out = join(repo, "..", `report-${Date.now()}.json`);
    const { code, stdout } = await cli(["audit", repo, "-f", "json", "-o", out]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(JSON.parse(await readFile(out, "utf8")).schemaVersion).toBe(1);
    await rm(out);
  });

  it("exits 2 with an actionable message on usage errors", async () => {
    for (const argv of [["audit", repo, "--format", "xml"], ["audit", repo, "--min-score", "high"], ["lint"], ["audit", repo, "--bogus"], ["audit", join(repo, "missing")]]) {
      const { code, stderr, stdout } = await cli(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^readiness: /);
    }
  });

  it("exits 2 on an invalid .github/readiness.yml, naming the line", async () => {
    const broken = await mkdtemp(join(tmpdir(), "readiness-cli-config-"));
    await mkdir(join(broken, ".github"));
    await writeFile(join(broken, ".github/readiness.yml"), "threshold: 80\nmode: strict\n");
    const { code, stderr } = await cli(["audit", broken]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.github\/readiness\.yml:2:7: mode: /);
    await rm(broken, { recursive: true, force: true });
  });

  it("applies the repository's threshold: a failing conclusion exits 1", async () => {
    const strict = await mkdtemp(join(tmpdir(), "readiness-cli-threshold-"));
    await mkdir(join(strict, ".github"));
    await writeFile(join(strict, ".github/readiness.yml"), "threshold: 99\n");
    expect((await cli(["audit", strict, "-f", "json"])).code).toBe(1);
    await rm(strict, { recursive: true, force: true });
  });

  it("prints help", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: readiness audit \[path\]/);
  });

  it("runs as a real process with the report on stdout", async () => {
    const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", main, "audit", repo, "--format", "json"]);
    expect(JSON.parse(stdout).schemaVersion).toBe(1);
  }, 60_000);
});
