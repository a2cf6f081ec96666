import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateTree } from "./generate-tree.js";

/**
 * The built CLI's audit of generated trees of 1,000, 10,000 and 100,000 files, each as a ratio to
 * a plain walk-and-read of the same tree (test/bench/walk-and-read.mjs) measured in the same run,
 * both in processes of their own, interleaved, best of RUNS. Wall time is what a user waits for;
 * CPU time (process.resourceUsage, all threads) is steadier on a shared machine. Then `--help`.
 * `--cli <main.js>` measures another build (an older checkout's dist/cli/main.js, say).
 * Trees are cached in the system temp folder between runs.
 */
const { values } = parseArgs({ options: { cli: { type: "string" }, runs: { type: "string" }, sizes: { type: "string" } } });
const cli = values.cli ?? new URL("../../dist/cli/main.js", import.meta.url).pathname;
const RUNS = Number(values.runs ?? 3);
const SIZES = (values.sizes ?? "1000,10000,100000").split(",").map(Number);
const floor = new URL("./walk-and-read.mjs", import.meta.url).pathname;
const usagePreload = new URL("./usage.mjs", import.meta.url).href;
const scratch = mkdtempSync(join(tmpdir(), "readiness-bench-usage-"));

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

/** One process: wall time from outside, CPU time and peak RSS from the preload. */
function measure(args: string[]): Sample {
  const usageFile = join(scratch, "usage.jsonl");
  rmSync(usageFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--import", usagePreload, ...args], { env: { ...process.env, BENCH_USAGE: usageFile }, maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(" ")} exited ${child.status}: ${child.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as Omit<Sample, "wallMs">;
  return { wallMs, ...usage };
}

function best(samples: Sample[]): Sample {
  return {
    wallMs: Math.min(...samples.map((s) => s.wallMs)),
    cpuMs: Math.min(...samples.map((s) => s.cpuMs)),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
  };
}

const ms = (n: number) => n.toFixed(0).padStart(7);
console.log(`CLI: ${cli}; best of ${RUNS}; ratio = audit / walk-and-read of the same tree`);
console.log("files     floor ms  audit ms  ratio   floor cpu  audit cpu  cpu ratio  peak RSS MB");
for (const size of SIZES) {
  const root = join(tmpdir(), `readiness-bench-${size}`);
  if (!existsSync(join(root, ".complete"))) {
    await mkdir(root, { recursive: true });
    await generateTree(root, size);
    await writeFile(join(root, ".complete"), "");
  }
  const floors: Sample[] = [];
  const audits: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(measure([floor, root]));
    audits.push(measure([cli, "audit", root, "--format", "json", "--output", join(scratch, "report.json")]));
  }
  const [f, a] = [best(floors), best(audits)];
  console.log(
    `${String(size).padEnd(9)} ${ms(f.wallMs)}  ${ms(a.wallMs)}  ${(a.wallMs / f.wallMs).toFixed(2).padStart(5)}×  ${ms(f.cpuMs)}    ${ms(a.cpuMs)}  ${(a.cpuMs / f.cpuMs).toFixed(2).padStart(8)}×  ${a.peakRssMb.toFixed(0).padStart(11)}`,
  );
}

const HELP_RUNS = 10;
const bare = best(Array.from({ length: HELP_RUNS }, () => measure(["-e", "0"])));
const help = best(Array.from({ length: HELP_RUNS }, () => measure([cli, "--help"])));
console.log(`--help: ${help.wallMs.toFixed(0)} ms wall, ${help.cpuMs.toFixed(0)} ms CPU (bare \`node -e 0\`: ${bare.wallMs.toFixed(0)} ms wall, ${bare.cpuMs.toFixed(0)} ms CPU); best of ${HELP_RUNS}`);
rmSync(scratch, { recursive: true, force: true });
