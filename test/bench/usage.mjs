// Preloaded (--import) into each measured process: at exit, appends its CPU time (all threads)
// and peak RSS to the file named by BENCH_USAGE.
import { appendFileSync } from "node:fs";

process.on("exit", () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  appendFileSync(process.env.BENCH_USAGE ?? "/dev/null", `${JSON.stringify({ cpuMs: (userCPUTime + systemCPUTime) / 1000, peakRssMb: maxRSS / 1024 })}\n`);
});
