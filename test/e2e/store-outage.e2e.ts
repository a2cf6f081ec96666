import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_URL, postgresAvailable, scratchDatabase } from "../support/databases.js";
import * as deliveries from "../support/deliveries.js";
import type { Acknowledgement, Delivery } from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";
import { type TcpProxy, tcpProxy } from "../support/tcp-proxy.js";

/**
 * PostgreSQL goes away during a burst and comes back. The app reaches it through a relay the
 * test takes down (every connection reset, new ones refused) and brings back on the same port,
 * so the shared server other suites use keeps running. While it is down, deliveries get a 5xx
 * (GitHub records them as failed, to be redelivered) and /healthz says 503; nothing is half
 * done for them. Audits already running finish. Once it is back the app reconnects by itself,
 * and every delivery acknowledged before, during or after is audited once.
 */
const REPOSITORIES = 12;
const TREES = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const repoOf = (index: number) => ({ owner: "outage", repo: `repo-${index}`, installationId: 8200 + index, sha: shaOf(`outage ${index}`) });
const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => deliveries.checkSuite("requested", repoOf(from + i)));

const available = await postgresAvailable();
let world: World;
let proxy: TcpProxy;
let drop: () => Promise<void> = async () => {};
const acks: Record<"before" | "during" | "after" | "redelivered", Acknowledgement[]> = { before: [], during: [], after: [], redelivered: [] };
let healthDuring = 0;
let reconnectMs = 0;
let runsForRefusedBeforeRedelivery = 0;

describe.skipIf(!available)("PostgreSQL stopped and started during a burst", () => {
  beforeAll(async () => {
    const database = await scratchDatabase();
    drop = database.drop;
    const upstream = new URL(POSTGRES_URL);
    proxy = await tcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    const url = new URL(database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    world = await startWorld({
      env: { DATABASE_URL: url.toString(), AUDIT_CONCURRENCY: "2" },
      repositories: Array.from({ length: REPOSITORIES }, (_, i) => ({
        owner: "outage",
        name: `repo-${i}`,
        installationId: 8200 + i,
        commits: { [repoOf(i).sha]: { files: { "README.md": `# repo ${i}\n`, "package.json": '{"name":"x","scripts":{"test":"node --test"}}' } } },
      })),
    });
    // Audits of the first batch are still running when the database goes.
    world.standin.inject({ route: TREES, fault: { kind: "slow", delayMs: 2_000 }, times: 2 });
    const sendAll = async (list: Delivery[], into: Acknowledgement[]) => {
      for (const delivery of list) into.push(await world.deliver(delivery));
    };
    await sendAll(batch(0, 4), acks.before);
    await proxy.down();
    const refused = batch(4, 8);
    await sendAll(refused, acks.during);
    healthDuring = (await fetch(`${world.app.baseUrl}/healthz`, { headers: { connection: "close" } })).status;
    runsForRefusedBeforeRedelivery = refused.length;
    await proxy.up();
    const back = Date.now();
    while ((await fetch(`${world.app.baseUrl}/healthz`, { headers: { connection: "close" } })).status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    reconnectMs = Date.now() - back;
    runsForRefusedBeforeRedelivery = Array.from({ length: 4 }, (_, i) => repoOf(4 + i)).flatMap((r) => runsOf(world, r.owner, r.repo, r.sha)).length;
    await sendAll(batch(8, 12), acks.after);
    // An operator redelivers the failed deliveries from the app's settings: same ids, same bytes.
    await sendAll(refused, acks.redelivered);
    await world.settle(90_000);
  }, 180_000);

  afterAll(async () => {
    await world?.close();
    await proxy?.close();
    await drop();
  });

  it("answers 5xx (never 2xx) to deliveries while the database is down, and /healthz 503", () => {
    expect(acks.before.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(acks.during.filter((a) => a.status < 500)).toEqual([]);
    expect(healthDuring).toBe(503);
    console.info(`outage: ${acks.during.length} deliveries refused with ${acks.during.map((a) => a.status).join(", ")} in at most ${Math.max(...acks.during.map((a) => a.ms)).toFixed(0)} ms`);
  });

  it("does nothing half-done for a refused delivery: no check run until it is redelivered", () => {
    expect(runsForRefusedBeforeRedelivery).toBe(0);
  });

  it("reconnects by itself once the database is back", () => {
    expect(acks.after.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(acks.redelivered.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    console.info(`outage: /healthz back to 200 ${reconnectMs} ms after the database returned`);
  });

  it("loses nothing acknowledged and audits each commit once", () => {
    const perCommit = Array.from({ length: REPOSITORIES }, (_, i) => repoOf(i)).map((r) => ({ repo: r.repo, runs: runsOf(world, r.owner, r.repo, r.sha) }));
    expect(perCommit.filter((c) => c.runs.length !== 1 || c.runs[0]?.status !== "completed").map((c) => `${c.repo}: ${c.runs.length}`)).toEqual([]);
    expect(world.app.logs.filter((l) => l.msg === "audit finished")).toHaveLength(REPOSITORIES);
  });

  it("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
