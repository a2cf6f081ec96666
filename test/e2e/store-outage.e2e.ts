import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import type { Acknowledgement, Delivery } from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";
import { type PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from "../support/private-postgres.js";

/**
 * PostgreSQL is stopped during a burst and started again: a real server, a throw-away cluster of
 * the test's own (test/support/private-postgres.ts) stopped with `pg_ctl stop -m fast`, which ends
 * every session and refuses new connections, then started on the same port; the shared server
 * other suites use keeps running. While it is down, deliveries get a 5xx (GitHub records them as
 * failed, to be redelivered) and /healthz says 503; nothing is half done for them. Audits that
 * were running when it stopped, and whose GitHub work ends while it is down, still end with one
 * completed check run. Once it is back the app reconnects by itself, and every delivery
 * acknowledged before, during or after is audited once.
 */
const REPOSITORIES = 12;
const TREES = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const repoOf = (index: number) => ({ owner: "outage", repo: `repo-${index}`, installationId: 8200 + index, sha: shaOf(`outage ${index}`) });
const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => deliveries.checkSuite("requested", repoOf(from + i)));

const binDir = await privatePostgresAvailable();
let world: World;
let server: PrivatePostgres | undefined;
const acks: Record<"before" | "during" | "after" | "redelivered", Acknowledgement[]> = { before: [], during: [], after: [], redelivered: [] };
let healthDuring = 0;
let runsForRefusedBeforeRedelivery = 0;
let heldCompletedDuringOutage = 0;
let storedAudits: Record<string, number> = {};
const measured = { stopMs: 0, startMs: 0, healthyMs: 0 };

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!binDir)("PostgreSQL stopped and started during a burst", () => {
  beforeAll(async () => {
    server = await startPrivatePostgres(binDir as string);
    world = await startWorld({
      env: { DATABASE_URL: server.url, AUDIT_CONCURRENCY: "2" },
      repositories: Array.from({ length: REPOSITORIES }, (_, i) => ({
        owner: "outage",
        name: `repo-${i}`,
        installationId: 8200 + i,
        commits: { [repoOf(i).sha]: { files: { "README.md": `# repo ${i}\n`, "package.json": '{"name":"x","scripts":{"test":"node --test"}}' } } },
      })),
    });
    // Two audits of the first batch are held up on GitHub when the server stops, and the server
    // stays down until they have completed their check runs: what they write to the store after
    // that (the audit's history, the job marked done) meets the outage.
    world.standin.inject({ route: TREES, fault: { kind: "slow", delayMs: 2_000 }, times: 2 });
    const held = () => world.standin.requests.filter((r) => r.fault === "slow");
    const sendAll = async (list: Delivery[], into: Acknowledgement[]) => {
      for (const delivery of list) into.push(await world.deliver(delivery));
    };
    const healthz = async () => (await fetch(`${world.app.baseUrl}/healthz`, { headers: { connection: "close" } })).status;
    await sendAll(batch(0, 4), acks.before);
    await until(() => held().length === 2, 30_000);
    const stopping = Date.now();
    await server.stop();
    measured.stopMs = Date.now() - stopping;
    const refused = batch(4, 8);
    await sendAll(refused, acks.during);
    healthDuring = await healthz();
    runsForRefusedBeforeRedelivery = refused.length;
    const heldRuns = () => held().flatMap((r) => [...world.standin.checkRuns.values()].filter((run) => run.repository === r.repository));
    await until(() => heldRuns().length === 2 && heldRuns().every((run) => run.status === "completed"), 30_000);
    heldCompletedDuringOutage = heldRuns().length;
    const starting = Date.now();
    await server.start();
    measured.startMs = Date.now() - starting;
    const back = Date.now();
    while ((await healthz()) !== 200) await new Promise((resolve) => setTimeout(resolve, 25));
    measured.healthyMs = Date.now() - back;
    runsForRefusedBeforeRedelivery = Array.from({ length: 4 }, (_, i) => repoOf(4 + i)).flatMap((r) => runsOf(world, r.owner, r.repo, r.sha)).length;
    await sendAll(batch(8, 12), acks.after);
    // An operator redelivers the failed deliveries from the app's settings: same ids, same bytes.
    await sendAll(refused, acks.redelivered);
    await world.settle(90_000);
    const store = new pg.Client({ connectionString: server.url });
    await store.connect();
    try {
      const { rows } = await store.query<{ sha: string; count: string }>("select sha, count(*) from audits group by sha");
      storedAudits = Object.fromEntries(rows.map((row) => [row.sha, Number(row.count)]));
    } finally {
      await store.end();
    }
  }, 180_000);

  afterAll(async () => {
    await world?.close();
    await server?.destroy();
  });

  it("answers 5xx (never 2xx) to deliveries while the database is down, and /healthz 503", () => {
    expect(acks.before.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(acks.during.filter((a) => a.status < 500)).toEqual([]);
    expect(healthDuring).toBe(503);
    console.log(
      `outage: pg_ctl stop -m fast took ${measured.stopMs} ms; ${acks.during.length} deliveries refused with ${acks.during.map((a) => a.status).join(", ")} in ${acks.during.map((a) => a.ms.toFixed(0)).join(", ")} ms`,
    );
  });

  it("does nothing half-done for a refused delivery: no check run until it is redelivered", () => {
    expect(runsForRefusedBeforeRedelivery).toBe(0);
  });

  it("reconnects by itself once the database is back", () => {
    expect(acks.after.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(acks.redelivered.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    console.log(`outage: pg_ctl start took ${measured.startMs} ms; /healthz back to 200 ${measured.healthyMs} ms after the server accepted connections`);
  });

  it("loses nothing acknowledged and audits each commit once", () => {
    // Two audits completed their check runs while the server was down, with their history to keep.
    expect(heldCompletedDuringOutage).toBe(2);
    const perCommit = Array.from({ length: REPOSITORIES }, (_, i) => repoOf(i)).map((r) => ({ repo: r.repo, runs: runsOf(world, r.owner, r.repo, r.sha) }));
    expect(perCommit.filter((c) => c.runs.length !== 1 || c.runs[0]?.status !== "completed").map((c) => `${c.repo}: ${c.runs.length}`)).toEqual([]);
    expect(world.app.logs.filter((l) => l.msg === "audit finished")).toHaveLength(REPOSITORIES);
    expect(storedAudits).toEqual(Object.fromEntries(Array.from({ length: REPOSITORIES }, (_, i) => [repoOf(i).sha, 1])));
  });

  it("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
