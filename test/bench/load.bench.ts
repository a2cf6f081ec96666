import { parseArgs } from "node:util";
import { burst, percentile } from "../support/burst.js";
import { startWorld } from "../support/e2e-world.js";
import { replay } from "../support/load-generator.js";

/**
 * `npm run bench:load`: the app's process (as `npm start` runs it) against the GitHub stand-in,
 * both on loopback. Replays a burst of signed deliveries, then prints the webhook
 * acknowledgement latency while the audit queue is saturated, audits per second, requests to the
 * stand-in per audit, the app's peak RSS and event-loop delay, and whether any audit was lost or
 * duplicated. Exits non-zero when ack p99 ≥ 100 ms or an audit is lost or duplicated.
 *
 *   npm run bench:load -- --deliveries 300 --repositories 60 --installations 20 --rate 50 --concurrency 2
 *   npm run bench:load -- --profile-dir /tmp/readiness-prof     (a CPU profile of the app under load)
 */
const { values } = parseArgs({
  options: {
    deliveries: { type: "string", default: "300" },
    repositories: { type: "string", default: "60" },
    installations: { type: "string", default: "20" },
    /** Deliveries per second, sent on schedule (open loop). */
    rate: { type: "string", default: "50" },
    concurrency: { type: "string" },
    "log-level": { type: "string", default: "info" },
    /** Writes a V8 CPU profile of the app's process here (open it in Chrome DevTools). */
    "profile-dir": { type: "string" },
  },
});
const total = Number(values.deliveries);
const load = burst({ repositories: Number(values.repositories), installations: Number(values.installations), total, label: "bench" });
const env: Record<string, string> = { LOG_LEVEL: values["log-level"] as string };
if (values.concurrency) env.AUDIT_CONCURRENCY = values.concurrency;

const profileDir = values["profile-dir"];
const world = await startWorld({ repositories: load.repositories, env, nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
// Warm-up: the first audit compiles and caches what every later one reuses; a production app is warm.
const warmUp = burst({ repositories: 2, installations: 1, total: 4, label: "warm-up" });
for (const repository of warmUp.repositories) world.standin.addRepository(repository);
for (const delivery of warmUp.deliveries) await world.deliver(delivery);
await world.settle(120_000);
const warmUpRequests = world.standin.requests.length;
const warmUpRuns = world.standin.checkRuns.size;
const warmUpWrites = world.standin.writes().length;
world.app.resetEventLoopDelay();

const started = Date.now();
const acks = await replay({
  webhookUrl: world.app.webhookUrl,
  healthUrl: `${world.app.baseUrl}/healthz`,
  secret: world.credentials.webhookSecret,
  perSecond: Number(values.rate),
  deliveries: load.deliveries,
});
const sentMs = Date.now() - started;
await world.settle(600_000);
const elapsedS = (Date.now() - started) / 1000;

const runs = load.commits.map((c) => world.standin.runsFor(c.owner, c.repo, c.sha).length);
const lost = runs.filter((n) => n === 0).length;
const duplicated = runs.filter((n) => n > 1).length;
const audits = [...world.standin.checkRuns.values()].filter((r) => r.status === "completed").length - warmUpRuns;
const failedAcks = acks.filter((a) => a.status !== 200).length;
const peakRss = world.app.peakRssMb();
const problems = world.problems();
await world.close();
const loopDelay = world.app.eventLoopDelay();
const saturated = acks.filter((a) => a.saturated).map((a) => a.ms);
const timed = saturated.length > 0 ? saturated : acks.map((a) => a.ms);
const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
row("deliveries / repositories / installations", `${total} / ${load.repositories.length} / ${values.installations}`);
row("arrival rate / AUDIT_CONCURRENCY", `${values.rate} deliveries/s / ${values.concurrency ?? "app default"}`);
row("all deliveries sent in", `${sentMs} ms (${failedAcks} not acknowledged with 200)`);
row(`ack latency, queue saturated (${saturated.length} acks)`, `p50 ${percentile(timed, 50).toFixed(1)} ms  p95 ${percentile(timed, 95).toFixed(1)} ms  p99 ${percentile(timed, 99).toFixed(1)} ms  max ${Math.max(...timed).toFixed(1)} ms`);
row("audits (distinct commits)", `${audits} (${load.commits.length})`);
row("audits per second", (audits / elapsedS).toFixed(2));
row("requests to the stand-in per audit", ((world.standin.requests.length - warmUpRequests) / Math.max(1, audits)).toFixed(2));
row("writes (incl. GraphQL) per audit", ((world.standin.writes().length - warmUpWrites) / Math.max(1, audits)).toFixed(2));
row("peak audits in progress", String(world.standin.peakRunsInProgress));
row("app peak RSS", `${peakRss.toFixed(0)} MB`);
row("app event-loop delay after start-up", loopDelay ? `p50 ${loopDelay.p50} ms  p99 ${loopDelay.p99} ms  max ${loopDelay.max} ms` : "n/a");
row("lost / duplicated audits", `${lost} / ${duplicated}`);
if (problems.length > 0) console.log(`problems:\n  ${problems.slice(0, 20).join("\n  ")}`);

const p99 = percentile(timed, 99);
if (p99 >= 100 || lost > 0 || duplicated > 0 || failedAcks > 0 || problems.length > 0) {
  console.log(`FAILED: ${[p99 >= 100 ? `ack p99 ${p99.toFixed(1)} ms ≥ 100 ms` : "", lost ? `${lost} lost` : "", duplicated ? `${duplicated} duplicated` : "", failedAcks ? `${failedAcks} failed acks` : "", problems.length ? "stand-in problems" : ""].filter(Boolean).join(", ")}`);
  process.exitCode = 1;
}
