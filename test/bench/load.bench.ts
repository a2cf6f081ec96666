import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { Probot } from "probot";
import { openJobQueue } from "../../src/app/jobs/queue.js";
import { readinessOctokit } from "../../src/app/octokit.js";
import { AuditStore } from "../../src/app/store/audits.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import { type SweepClient, Sweeper } from "../../src/app/sweep/sweeper.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { burst, percentile } from "../support/burst.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";
import { startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";
import { replay } from "../support/load-generator.js";

/**
 * `npm run bench:load`: the app's process (as `npm start` runs it) against the GitHub stand-in,
 * both on loopback. Replays a burst of signed deliveries, then prints the webhook
 * acknowledgement latency while the audit queue is saturated, audits per second, requests to the
 * stand-in per audit, the app's peak RSS and its RSS as the audits complete (flat when no cache grows
 * across audits), event-loop delay, and whether any audit was lost or
 * duplicated. Then, on the same engine, the store's write per audit (time and compressed size) and
 * a sweep of 1,000 repositories on the stand-in under a simulated clock: how long a round takes
 * and whether any simulated hour spent more than the share of the installation's rate limit it
 * was given. Exits non-zero when ack p99 ≥ 100 ms, an audit is lost or duplicated, or the sweep
 * overspends.
 *
 *   npm run bench:load -- --engine postgres     (the store on PostgreSQL: TEST_DATABASE_URL or 127.0.0.1:5432)
 *   npm run bench:load -- --deliveries 300 --repositories 60 --installations 20 --rate 50 --concurrency 2
 *   npm run bench:load -- --deliveries 1000 --repositories 1000     (memory over 1,000 audits)
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
    /** sqlite (a file under DATA_DIR) or postgres (a scratch database). */
    engine: { type: "string", default: "sqlite" },
    "sweep-repositories": { type: "string", default: "1000" },
    "sweep-percent": { type: "string", default: "20" },
  },
});
const engine = values.engine as string;
if (engine !== "sqlite" && engine !== "postgres") throw new Error(`--engine must be sqlite or postgres; got ${engine}`);
if (engine === "postgres" && !(await postgresAvailable())) throw new Error("--engine postgres: PostgreSQL is unreachable");
const databases: { drop(): Promise<void> }[] = [];
/** A store of the engine under test that the app does not use: for the write and sweep measurements. */
async function scratchStore(): Promise<Store & { databaseUrl?: string }> {
  if (engine === "sqlite") return openStore({ dataDir: scratchDataDir("bench") });
  const database = await scratchDatabase();
  databases.push(database);
  return { ...(await openStore({ databaseUrl: database.url, dataDir: "unused" })), databaseUrl: database.url };
}
const total = Number(values.deliveries);
const load = burst({ repositories: Number(values.repositories), installations: Number(values.installations), total, label: "bench" });
const env: Record<string, string> = { LOG_LEVEL: values["log-level"] as string };
if (engine === "postgres") {
  const database = await scratchDatabase();
  databases.push(database);
  env.DATABASE_URL = database.url;
}
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
const completedAudits = () => [...world.standin.checkRuns.values()].filter((r) => r.status === "completed").length - warmUpRuns;
const memory: { audits: number; rssMb: number }[] = [{ audits: 0, rssMb: world.app.rssMb() }];
const memoryWatch = setInterval(() => memory.push({ audits: completedAudits(), rssMb: world.app.rssMb() }), 500);

const started = Date.now();
const acks = await replay({
  webhookUrl: world.app.webhookUrl,
  healthUrl: `${world.app.baseUrl}/healthz`,
  secret: world.credentials.webhookSecret,
  perSecond: Number(values.rate),
  deliveries: load.deliveries,
});
const sentMs = Date.now() - started;
// Ten minutes, or two seconds an audit for a longer run (writes are spaced a second apart, so 1,000
// audits for the memory trend take about 25 minutes). The app is a process of its own: stopped on
// failure too, or it would go on auditing after the bench.
try {
  await world.settle(Math.max(600_000, total * 2000));
} catch (error) {
  clearInterval(memoryWatch);
  await world.close();
  throw error;
}
const elapsedS = (Date.now() - started) / 1000;
clearInterval(memoryWatch);
memory.push({ audits: completedAudits(), rssMb: world.app.rssMb() });

const runs = load.commits.map((c) => world.standin.runsFor(c.owner, c.repo, c.sha).length);
const lost = runs.filter((n) => n === 0).length;
const duplicated = runs.filter((n) => n > 1).length;
const audits = [...world.standin.checkRuns.values()].filter((r) => r.status === "completed").length - warmUpRuns;
const failedAcks = acks.filter((a) => a.status !== 200).length;
const peakRss = world.app.peakRssMb();
const requestsPerAudit = (world.standin.requests.length - warmUpRequests) / Math.max(1, audits);
const storeWrite = await measureStoreWrite(world);
const sweep = await measureSweep(world, Math.max(1, Math.round(requestsPerAudit)));
const problems = world.problems();
await world.close();
for (const database of databases) await database.drop();
const loopDelay = world.app.eventLoopDelay();
const saturated = acks.filter((a) => a.saturated).map((a) => a.ms);
const timed = saturated.length > 0 ? saturated : acks.map((a) => a.ms);
const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
row("store engine", engine);
row("deliveries / repositories / installations", `${total} / ${load.repositories.length} / ${values.installations}`);
row("arrival rate / AUDIT_CONCURRENCY", `${values.rate} deliveries/s / ${values.concurrency ?? "app default"}`);
row("all deliveries sent in", `${sentMs} ms (${failedAcks} not acknowledged with 200)`);
row(`ack latency, queue saturated (${saturated.length} acks)`, `p50 ${percentile(timed, 50).toFixed(1)} ms  p95 ${percentile(timed, 95).toFixed(1)} ms  p99 ${percentile(timed, 99).toFixed(1)} ms  max ${Math.max(...timed).toFixed(1)} ms`);
row("audits (distinct commits)", `${audits} (${load.commits.length})`);
row("audits per second", (audits / elapsedS).toFixed(2));
row("requests to the stand-in per audit", requestsPerAudit.toFixed(2));
row("writes (incl. GraphQL) per audit", ((world.standin.writes().length - warmUpWrites) / Math.max(1, audits)).toFixed(2));
row("peak audits in progress", String(world.standin.peakRunsInProgress));
row("app peak RSS", `${peakRss.toFixed(0)} MB`);
row("app RSS after 0 / 10 / 50 / 100% of the audits", [0, 0.1, 0.5, 1].map((share) => rssAfter(share * audits)).join(" / "));
row("app event-loop delay after start-up", loopDelay ? `p50 ${loopDelay.p50} ms  p99 ${loopDelay.p99} ms  max ${loopDelay.max} ms` : "n/a");
row("lost / duplicated audits", `${lost} / ${duplicated}`);
row("store write per audit (record, 200 writes)", `p50 ${storeWrite.p50.toFixed(2)} ms  p99 ${storeWrite.p99.toFixed(2)} ms  report ${(storeWrite.bytes / 1024).toFixed(1)} KB gzip of ${(storeWrite.rawBytes / 1024).toFixed(1)} KB`);
row(`sweep of ${sweep.repositories} repositories at ${sweep.percent}%`, `${sweep.hours} simulated hours, ${sweep.perHour.join("/")} audits per hour, enqueued in ${sweep.wallMs} ms (${((sweep.repositories / sweep.wallMs) * 1000).toFixed(0)} repositories/s)`);
row("sweep's busiest hour of the rate limit", `${sweep.peakRequests} requests (${sweep.perHourRequests.join("/")}) of ${sweep.budget} allowed (${sweep.percent}% of ${sweep.limit}), at ${sweep.requestsPerAudit} requests an audit`);
if (problems.length > 0) console.log(`problems:\n  ${problems.slice(0, 20).join("\n  ")}`);

const p99 = percentile(timed, 99);
const overspent = sweep.peakRequests > sweep.budget || !sweep.finished;
if (p99 >= 100 || lost > 0 || duplicated > 0 || failedAcks > 0 || problems.length > 0 || overspent) {
  console.log(`FAILED: ${[p99 >= 100 ? `ack p99 ${p99.toFixed(1)} ms ≥ 100 ms` : "", lost ? `${lost} lost` : "", duplicated ? `${duplicated} duplicated` : "", failedAcks ? `${failedAcks} failed acks` : "", problems.length ? "stand-in problems" : "", overspent ? "the sweep overspent its share or did not finish" : ""].filter(Boolean).join(", ")}`);
  process.exitCode = 1;
}

/** The first sample taken once at least this many audits had completed. */
function rssAfter(completed: number): string {
  const sample = memory.find((m) => m.audits >= completed) ?? memory[memory.length - 1];
  return sample ? `${sample.rssMb.toFixed(0)} MB (${sample.audits})` : "n/a";
}

/** Times AuditStore.record with a real report of this run (read back from the app's store) on a scratch store of the same engine. */
async function measureStoreWrite(world: World) {
  const appStore = await openStore({ databaseUrl: world.env.DATABASE_URL, dataDir: world.env.DATA_DIR as string });
  const row = await appStore.db.selectFrom("audits").select("report").orderBy("id", "desc").executeTakeFirstOrThrow();
  await appStore.close();
  const compressed = row.report as Uint8Array;
  const raw = gunzipSync(compressed);
  const report = JSON.parse(raw.toString()) as AuditReport;
  const store = await scratchStore();
  const audits = new AuditStore(store.db);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await audits.record({
      installationId: 1,
      repository: { id: 1 + (i % 20), fullName: `bench/repo-${i % 20}`, visibility: "private", defaultBranch: "main" },
      sha: shaOf(`write ${i}`),
      ref: "refs/heads/main",
      trigger: "push",
      report,
      checklistDigest: "c",
      configDigest: "k",
      durationMs: 1000,
      githubRequests: 5,
      startedAt: Date.now() - 1000,
      finishedAt: Date.now(),
    });
    times.push(performance.now() - started);
  }
  await store.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes: compressed.byteLength, rawBytes: raw.byteLength };
}

/**
 * A sweep round over `--sweep-repositories` repositories of one installation on the stand-in
 * (real listing requests with the stand-in's x-ratelimit headers), under a simulated clock that
 * moves a minute a tick; the audits it enqueues go to a scratch store (they are counted, not
 * run: each is charged the requests this run measured per audit).
 */
async function measureSweep(world: World, requestsPerAudit: number) {
  const count = Number(values["sweep-repositories"]);
  const percent = Number(values["sweep-percent"]);
  const installationId = 99_000;
  for (let i = 0; i < count; i++)
    world.standin.addRepository({ owner: "swept", name: `repo-${i}`, installationId, commits: { [shaOf(`swept ${i}`)]: { files: { "README.md": `# ${i}\n` } } } });
  const probot = new Probot({
    appId: world.credentials.appId,
    privateKey: world.credentials.privateKeyPem,
    baseUrl: `http://${world.standin.host}/api/v3`,
    Octokit: readinessOctokit({ throttle: { enabled: false } }),
  });
  const store = await scratchStore();
  const clock = { now: Date.now() };
  const listings = () => world.standin.requests.filter((r) => r.route === "GET /installation/repositories").length;
  const onlySwept: SweepClient = { request: async () => ({ data: [{ id: installationId }], headers: {} }) };
  // The app's own queue for the engine: the sweep's enqueues pay for pg-boss on Postgres.
  const jobs = openJobQueue(store, { databaseUrl: store.databaseUrl, leaseMs: 30_000, auditTimeoutMs: 60_000, attempts: 3, onError: () => {} });
  await jobs.start();
  const sweeper = new Sweeper({
    db: store.db,
    jobs,
    checklistDigest: "bench",
    intervalMs: 24 * 3_600_000,
    rateShare: percent / 100,
    requestsPerAudit,
    tickMs: 60_000,
    app: async () => onlySwept,
    installation: async (id) => (await probot.auth(id)) as unknown as SweepClient,
    wake: () => {},
    now: () => clock.now,
    log: { info: () => {}, warn: () => {} },
  });
  const perHour: number[] = [];
  const perHourRequests: number[] = [];
  let total = 0;
  const started = performance.now();
  for (let minute = 0; minute < 24 * 60 && total < count; minute++) {
    const hour = Math.floor(minute / 60);
    const before = listings();
    const enqueued = (await sweeper.tick()).enqueued.get(installationId) ?? 0;
    total += enqueued;
    perHour[hour] = (perHour[hour] ?? 0) + enqueued;
    perHourRequests[hour] = (perHourRequests[hour] ?? 0) + enqueued * requestsPerAudit + (listings() - before);
    clock.now += 60_000;
  }
  const wallMs = Math.round(performance.now() - started);
  const stored = await store.db.selectFrom("jobs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  await jobs.close();
  await store.close();
  const limit = 5_000;
  return {
    repositories: count,
    percent,
    limit,
    budget: (limit * percent) / 100,
    requestsPerAudit,
    hours: perHour.length,
    perHour,
    perHourRequests,
    peakRequests: Math.max(...perHourRequests),
    wallMs,
    finished: Number(stored.n) === count,
  };
}
