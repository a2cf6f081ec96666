import { performance } from "node:perf_hooks";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { runAudit } from "../../src/audit/audit.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";

/** One audit in a fresh process, so peak RSS belongs to this audit alone. Prints one JSON line. */
const [root, claims] = process.argv.slice(2) as [string, string | undefined];
const checklist = await loadChecklist();
const started = performance.now();
const report = await runAudit(new LocalSnapshot(root), {
  checklist,
  config: { threshold: 0, mode: "enforce", required: [], items: {}, waivers: [], ignore: [], claims: claims !== "no-claims" },
});
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, files: report.scan.filesListed, read: report.scan.filesRead, score: report.score })}\n`,
);
