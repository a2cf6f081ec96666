import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateTree } from "./generate-tree.js";

/**
 * Audit wall time and peak memory on generated trees of 1,000, 10,000 and 100,000 files.
 * Each audit runs in its own process (best of three for time; peak RSS of that process).
 * Trees are cached in the system temp folder between runs.
 */
const SIZES = [1_000, 10_000, 100_000];
const RUNS = 3;
const run = promisify(execFile);
const measure = new URL("./measure-audit.ts", import.meta.url).pathname;

console.log("files     audit ms (best of 3)  claims off ms  peak RSS MB  files read");
for (const size of SIZES) {
  const root = join(tmpdir(), `readiness-bench-${size}`);
  if (!existsSync(join(root, ".complete"))) {
    await mkdir(root, { recursive: true });
    await generateTree(root, size);
    await writeFile(join(root, ".complete"), "");
  }
  const results = [];
  for (const mode of ["claims", "no-claims"]) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const { stdout } = await run(process.execPath, ["--import", "tsx", measure, root, mode], { maxBuffer: 1 << 20 });
      samples.push(JSON.parse(stdout) as { ms: number; peakRssMb: number; read: number });
    }
    results.push({ best: Math.min(...samples.map((s) => s.ms)), peak: Math.max(...samples.map((s) => s.peakRssMb)), read: samples[0]?.read ?? 0 });
  }
  const [withClaims, withoutClaims] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(
    `${String(size).padEnd(9)} ${withClaims.best.toFixed(0).padStart(20)}  ${withoutClaims.best.toFixed(0).padStart(13)}  ${withClaims.peak.toFixed(0).padStart(11)}  ${String(withClaims.read).padStart(10)}`,
  );
}
