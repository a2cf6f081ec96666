import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { sql } from "kysely";
import pino from "pino";
import { loadChecklist } from "../../src/checklist/checklist.js";
import type { ItemOutcome } from "../../src/findings/findings.js";
import { DEFAULT_SETTINGS } from "../../src/app/settings.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import { keepAllTrendAudits } from "../../src/app/store/trend-periods.js";
import { dashboardHandler } from "../../src/app/web/dashboard.js";
import { SessionSealer } from "../../src/app/web/session.js";
import { SESSION_COOKIE } from "../../src/app/web/sign-in.js";
import { TREND_BUCKETS } from "../../src/app/web/trend.js";
import { percentile } from "../support/burst.js";
import { dashboardReport } from "../support/dashboard-world.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";

/**
 * `npm run bench:dashboard`: the organisation overview of 2,000 repositories with 90 days of
 * daily default-branch audits (180,000 audits), on SQLite and on PostgreSQL. The dashboard's
 * handler serves on loopback; GitHub (the user's installations and repositories) is the fake on
 * loopback. Prints the server time (the Server-Timing the handler measures: the store's reads,
 * filtering, sorting and rendering) and the bytes over the wire (gzip, as browsers ask), for the
 * first page of the overview, a filtered page, the CSV and the JSON API. GitHub's listing of the
 * user's repositories (20 pages, cached for a minute) is fetched first, by the home page, and
 * printed apart. The audits are seeded straight into the tables, as a store of an earlier version
 * holds them; the store then keeps each repository's last audit of each trend period as migration
 * 007 does for such a store (the worker does it as each audit is kept), timed apart. The very
 * first overview of the installation (a user's first visit: nothing parsed or held in the
 * process) is printed apart. Then the store and the dashboard are opened afresh, as after a restart,
 * and each route's first request (cold: nothing parsed or cached in the process) is printed
 * apart from the warm ones.
 *
 *   npm run bench:dashboard -- --repositories 2000 --days 90 --engine sqlite|postgres|both
 */
const { values } = parseArgs({
  options: {
    repositories: { type: "string", default: "2000" },
    days: { type: "string", default: "90" },
    engine: { type: "string", default: "both" },
    requests: { type: "string", default: "20" },
  },
});
const REPOSITORIES = Number(values.repositories);
const DAYS = Number(values.days);
const REQUESTS = Number(values.requests);
const INSTALLATION = 1;
const DAY = 24 * 60 * 60_000;
const NOW = Date.now();
const SESSION_SECRET = "bench-session-secret";

const checklist = await loadChecklist();
const ids = checklist.items.map((i) => i.id);
const OUTCOMES: ItemOutcome[] = ["pass", "pass", "pass", "partial", "fail", "not_applicable"];

/** A deterministic outcome per repository, item and day: most items steady, a few changing. */
function outcome(repository: number, item: number, day: number): ItemOutcome {
  const seed = (repository * 31 + item * 17 + Math.floor(day / (7 + (item % 5)))) % OUTCOMES.length;
  return OUTCOMES[seed] as ItemOutcome;
}

async function seed(store: Store): Promise<void> {
  const started = Date.now();
  const db = store.db;
  for (let start = 0; start < REPOSITORIES; start += 500) {
    const rows = Array.from({ length: Math.min(500, REPOSITORIES - start) }, (_, i) => ({
      id: 100_000 + start + i,
      installation_id: INSTALLATION,
      full_name: `bench/service-${String(start + i).padStart(4, "0")}`,
      visibility: (start + i) % 3 === 0 ? "public" : "private",
      default_branch: "main",
      updated_at: NOW,
    }));
    await db.insertInto("repositories").values(rows).execute();
  }
  const kinds = ["service", "library", "cli", "app"];
  const languages = ["typescript", "python", "go", "java", "rust", "csharp", "ruby", "php"];
  let batch: Parameters<ReturnType<typeof db.insertInto<"audits">>["values"]>[0] & unknown[] = [];
  const flush = async () => {
    if (batch.length) await db.insertInto("audits").values(batch).execute();
    batch = [];
  };
  for (let r = 0; r < REPOSITORIES; r++) {
    const fullName = `bench/service-${String(r).padStart(4, "0")}`;
    const profile = JSON.stringify({ kind: kinds[r % kinds.length], languages: [languages[r % languages.length]] });
    for (let day = DAYS - 1; day >= 0; day--) {
      const items = ids.map((id, i) => ({ id, outcome: outcome(r, i, day), weight: 1 + (i % 3) }));
      const credited = items.filter((i) => i.outcome !== "not_applicable");
      const score = (100 * credited.reduce((a, i) => a + (i.outcome === "pass" ? 1 : i.outcome === "partial" ? 0.5 : 0), 0)) / Math.max(1, credited.length);
      const level = score >= 90 ? "Gold" : score >= 75 ? "Silver" : score >= 50 ? "Bronze" : "Not ready";
      const at = NOW - day * DAY - (r % 600) * 1000;
      const sha = `${r.toString(16).padStart(8, "0")}${day.toString(16).padStart(32, "0")}`;
      batch.push({
        installation_id: INSTALLATION,
        repository_id: 100_000 + r,
        sha,
        ref: "refs/heads/main",
        trigger: "push",
        pull_request_number: null,
        score,
        level,
        conclusion: "success",
        category_scores: "{}",
        items: JSON.stringify(items),
        profile,
        claims_summary: null,
        checklist_digest: "c",
        config_digest: "c",
        duration_ms: 900,
        github_requests: 7,
        check_run_id: 1_000_000 + r * 100 + day,
        started_at: at - 900,
        finished_at: at,
        // The latest audit keeps its full report; older ones here keep none, as past retention
        // (the overview never reads reports, the repository page reads only the latest).
        report: day === 0 ? gzipSync(JSON.stringify(dashboardReport(fullName, score, level, Object.fromEntries(items.map((i) => [i.id, i.outcome]))))) : null,
      });
      if (batch.length >= 500) await flush();
    }
  }
  await flush();
  // Planner statistics, as a database that has lived with this data would have them.
  await sql`analyze`.execute(db);
  console.log(`  seeded ${REPOSITORIES} repositories × ${DAYS} days = ${REPOSITORIES * DAYS} audits in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(url: string, headers: Record<string, string>, path: string, requests = REQUESTS): Promise<{ firstMs: number; serverMs: number[]; wire: number; raw: number; status: number }> {
  const serverMs: number[] = [];
  let wire = 0;
  let raw = 0;
  let status = 0;
  let firstMs = 0;
  for (let i = 0; i < requests + 1; i++) {
    // fetch would decompress; the wire size is the content-length the server sent.
    const answer = await fetch(`${url}${path}`, { headers: { ...headers, "accept-encoding": "gzip" } });
    const body = await answer.arrayBuffer();
    status = answer.status;
    wire = Number(answer.headers.get("content-length"));
    raw = body.byteLength;
    const ms = Number(/dur=([\d.]+)/.exec(answer.headers.get("server-timing") ?? "")?.[1]);
    if (i === 0) firstMs = ms;
    else serverMs.push(ms);
  }
  return { firstMs, serverMs, wire, raw, status };
}

/** The dashboard over a freshly opened store, served on loopback. */
async function serve(store: Store, githubUrl: string): Promise<{ url: string; close: () => void }> {
  const handler = dashboardHandler({
    db: store.db,
    settings: { ...DEFAULT_SETTINGS.dashboard, apiUrl: `${githubUrl}/api/v3`, webUrl: githubUrl, sessionSecret: SESSION_SECRET },
    titles: new Map(checklist.items.map((i) => [i.id, i.title])),
    log: pino({ level: "silent" }),
  });
  const server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function bench(engine: "sqlite" | "postgres"): Promise<void> {
  console.log(`\n${engine}`);
  const database = engine === "postgres" ? await scratchDatabase() : undefined;
  const location = { dataDir: scratchDataDir("bench-dashboard"), databaseUrl: database?.url };
  let store = await openStore(location);
  try {
    await seed(store);
    const backfill = Date.now();
    await keepAllTrendAudits(store.db);
    console.log(`  kept each repository's last audit of each trend period, as migration 007 does at start-up: ${Date.now() - backfill} ms`);
    const github = new FakeGitHub();
    const githubUrl = await github.listen();
    const repositories = Array.from({ length: REPOSITORIES }, (_, r) => ({ id: 100_000 + r, fullName: `bench/service-${String(r).padStart(4, "0")}` }));
    const token = github.addUser("lead", [{ id: INSTALLATION, account: "bench", repositories }]);
    // Pages take the session cookie a sign-in would have set; the API and CSV the token.
    const session = new SessionSealer(SESSION_SECRET).seal({ login: "lead", token, csrf: "c", expiresAt: Date.now() + 3_600_000 });
    const headers = { cookie: `${SESSION_COOKIE}=${session}`, authorization: `Bearer ${token}` };
    const first = await serve(store, githubUrl);
    await measure(first.url, headers, "/", 0);
    const cpu = process.cpuUsage();
    const firstVisit = await measure(first.url, headers, "/orgs/bench", 0);
    const used = process.cpuUsage(cpu);
    // The CPU this process spent meanwhile (server, client, garbage collector threads) varies
    // less than the server time when other work shares the machine; PostgreSQL's is not in it.
    console.log(
      `  FIRST VISIT: the installation's first overview ever (${TREND_BUCKETS} trend periods, nothing held in the process): server ${firstVisit.firstMs.toFixed(0)} ms (process CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`,
    );
    first.close();
    // As after a restart: the kept trend audits are in the store, nothing is in the process.
    await store.close();
    store = await openStore(location);
    const { url, close } = await serve(store, githubUrl);
    const rows: [string, string][] = [
      ["overview page 1 (HTML)", "/orgs/bench"],
      ["overview filtered by failing item, by score (HTML)", "/orgs/bench?item=container.healthcheck&sort=score&dir=desc"],
      ["item coverage (HTML)", "/orgs/bench/items"],
      ["overview JSON (all 2,000)", "/api/v1/orgs/bench/repositories"],
      ["overview CSV (all 2,000)", "/orgs/bench/repositories.csv"],
      ["repository page (HTML)", "/repos/bench/service-0042"],
    ];
    const listing = await measure(url, headers, "/", 0);
    console.log(`  home page, with GitHub's listing of the user's ${REPOSITORIES} repositories (20 requests): ${listing.firstMs.toFixed(0)} ms`);
    for (const [label, path] of rows) {
      const result = await measure(url, headers, path);
      if (result.status !== 200) throw new Error(`${path} answered ${result.status}`);
      console.log(
        `  ${label.padEnd(52)} server cold ${result.firstMs.toFixed(0).padStart(4)} ms, warm p50 ${percentile(result.serverMs, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(result.serverMs, 95).toFixed(1).padStart(6)} ms  ${(result.wire / 1024).toFixed(1).padStart(6)} KB over the wire (${(result.raw / 1024).toFixed(0)} KB uncompressed)`,
      );
    }
    close();
    await github.close();
  } finally {
    await store.close();
    await database?.drop();
  }
}

if (values.engine === "sqlite" || values.engine === "both") await bench("sqlite");
if (values.engine === "postgres" || values.engine === "both") {
  if (await postgresAvailable()) await bench("postgres");
  else console.log("\npostgres: skipped (no PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432)");
}
