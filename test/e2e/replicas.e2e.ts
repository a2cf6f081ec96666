import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../support/app-process.js";
import { burst, percentile } from "../support/burst.js";
import { postgresAvailable, scratchDatabase } from "../support/databases.js";
import { type Acknowledgement, type Delivery, send } from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";

/**
 * Two app processes on one Postgres behind a (simulated) load balancer: 200 deliveries, with
 * redeliveries and every event a push fires, split between them as they come. Midway through,
 * one replica is killed (SIGKILL, no grace): the balancer sends the rest to the survivor, which
 * takes over the dead replica's jobs when pg-boss expires them (the audit budget, shortened
 * to what a busy machine's audits of this burst still fit in, then the lease). Every commit is audited exactly once: one check run each,
 * completed.
 */
const LEASE_SECONDS = 5;
const BUDGET_SECONDS = 30;
const SENDERS = 8;
const KILL_AFTER = 100;

const available = await postgresAvailable();
const load = burst({ repositories: 40, installations: 8, total: 200, label: "replicas" });
let world: World;
let second: RunningApp;
let drop: () => Promise<void> = async () => {};
const acks: (Acknowledgement & { replica: string })[] = [];
let killedWith: { running: number } | undefined;

describe.skipIf(!available)("two replicas on one Postgres, one killed mid-burst", () => {
  beforeAll(async () => {
    const database = await scratchDatabase();
    drop = database.drop;
    world = await startWorld({
      repositories: load.repositories,
      env: { DATABASE_URL: database.url, JOB_LEASE_SECONDS: String(LEASE_SECONDS), AUDIT_TIMEOUT_SECONDS: String(BUDGET_SECONDS), AUDIT_CONCURRENCY: "4" },
    });
    second = await world.replica();
    const queue = [...load.deliveries];
    let sent = 0;
    const deliver = async (delivery: Delivery, index: number) => {
      const target = index % 2 === 0 || second.exit ? world.app : second;
      const name = target === second ? "second" : "first";
      try {
        acks.push({ ...(await send(target.webhookUrl, delivery, { secret: world.credentials.webhookSecret })), replica: name });
      } catch {
        // The replica is gone: the balancer sends the delivery to the other one.
        acks.push({ ...(await send(world.app.webhookUrl, delivery, { secret: world.credentials.webhookSecret })), replica: "first (failed over)" });
      }
    };
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
          const index = sent++;
          if (index === KILL_AFTER) {
            const health = (await (await fetch(`${second.baseUrl}/healthz`)).json()) as { audits: { running: number } };
            killedWith = { running: health.audits.running };
            await second.stop("SIGKILL");
          }
          await deliver(delivery, index);
        }
      }),
    );
    await world.settle(150_000);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
    await drop();
  });

  it("acknowledges every delivery (a delivery to the dead replica goes to the survivor)", () => {
    expect(acks).toHaveLength(200);
    expect(acks.filter((a) => a.status !== 200)).toEqual([]);
    const bySecond = acks.filter((a) => a.replica === "second").length;
    expect(bySecond).toBeGreaterThan(20);
    console.info(`replicas: ${bySecond} deliveries acknowledged by the replica killed after ${KILL_AFTER}; ack p99 ${percentile(acks.map((a) => a.ms), 99).toFixed(1)} ms`);
  });

  it("audits every distinct commit exactly once: one completed check run each", () => {
    const perCommit = load.commits.map((c) => ({ commit: `${c.owner}/${c.repo}`, runs: runsOf(world, c.owner, c.repo, c.sha) }));
    expect(perCommit.filter((c) => c.runs.length !== 1).map((c) => `${c.commit}: ${c.runs.length} runs`)).toEqual([]);
    expect(perCommit.flatMap((c) => c.runs).filter((r) => r.status !== "completed" || !["success", "failure"].includes(String(r.conclusion)))).toEqual([]);
    expect(world.standin.checkRuns.size).toBe(load.commits.length);
  });

  it("the survivor took over the jobs the killed replica held once their leases ran out", () => {
    const takenOver = world.app.logs.filter((l) => l.msg === "audit finished" && Number(l.attempt) > 1).length;
    expect(killedWith).toBeDefined();
    expect(takenOver).toBeGreaterThan(0);
    console.info(`replicas: ${killedWith?.running} jobs running store-wide at the kill; the survivor finished ${takenOver} of the killed replica's on a second attempt`);
  });

  it("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
