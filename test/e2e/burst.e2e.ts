import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { burst, percentile } from "../support/burst.js";
import type { Acknowledgement } from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";

/**
 * 200 deliveries across 50 repositories in 10 installations, as GitHub sends them when many
 * repositories move at once (every event a push fires, plus redeliveries with the same id),
 * 16 at a time. Every announced commit is audited exactly once, never more audits run at once
 * than AUDIT_CONCURRENCY, the app's memory stays bounded, and each installation's writes reach
 * GitHub at least a second apart, as GitHub asks.
 */
const CONCURRENCY = 8;
const SENDERS = 16;
const MAX_RSS_MB = 400;
/** Writes per pace window: 11 consecutive writes of one installation must span ≥ 9 s. */
const WINDOW = 10;

const load = burst({ repositories: 50, installations: 10, total: 200 });
let world: World;
const acks: Acknowledgement[] = [];

beforeAll(async () => {
  world = await startWorld({ repositories: load.repositories, env: { AUDIT_CONCURRENCY: String(CONCURRENCY) } });
  const queue = [...load.deliveries];
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) acks.push(await world.deliver(delivery));
    }),
  );
  await world.settle(110_000);
}, 150_000);

afterAll(async () => {
  await world?.close();
});

describe("a burst of 200 deliveries across 50 repositories", () => {
  it("acknowledges every delivery, well within GitHub's 10 seconds", () => {
    expect(acks).toHaveLength(200);
    expect(acks.filter((a) => a.status !== 200)).toEqual([]);
    expect(Math.max(...acks.map((a) => a.ms))).toBeLessThan(10_000);
    console.info(`burst acks: p50 ${percentile(acks.map((a) => a.ms), 50).toFixed(1)} ms, p99 ${percentile(acks.map((a) => a.ms), 99).toFixed(1)} ms`);
  });

  it("audits every announced commit exactly once and completes every check run", () => {
    const counts = load.commits.map((c) => ({ commit: `${c.owner}/${c.repo}@${c.sha.slice(0, 7)}`, runs: runsOf(world, c.owner, c.repo, c.sha) }));
    expect(counts.filter((c) => c.runs.length !== 1).map((c) => `${c.commit}: ${c.runs.length} runs`)).toEqual([]);
    const runs = counts.flatMap((c) => c.runs);
    expect(runs.filter((r) => r.status !== "completed" || !["success", "failure"].includes(String(r.conclusion))).map((r) => r.output.summary)).toEqual([]);
    expect(world.standin.checkRuns.size).toBe(load.commits.length);
    expect(world.app.logs.filter((l) => l.msg === "audit finished")).toHaveLength(load.commits.length);
  });

  it("never runs more audits at once than AUDIT_CONCURRENCY", () => {
    expect(world.standin.peakRunsInProgress).toBeGreaterThan(1);
    expect(world.standin.peakRunsInProgress).toBeLessThanOrEqual(CONCURRENCY);
  });

  it("keeps the app's memory bounded", () => {
    expect(world.app.peakRssMb()).toBeLessThan(MAX_RSS_MB);
  });

  it("paces each installation's writes (check runs and GraphQL) at one a second, as GitHub asks", () => {
    // Probot's throttling gates each write's start a second after the previous one; a write can
    // still leave late (its installation token being fetched, a busy event loop) and arrive close
    // to the next. GitHub asks for the pace, so the pace is asserted: any 11 consecutive writes of
    // one installation span at least 10 s less a second of such jitter.
    const byInstallation = new Map<number, number[]>();
    for (const write of world.standin.writes()) {
      if (write.installationId === undefined) continue;
      byInstallation.set(write.installationId, [...(byInstallation.get(write.installationId) ?? []), write.at]);
    }
    expect(byInstallation.size).toBe(10);
    const tooFast: string[] = [];
    let closest = Number.POSITIVE_INFINITY;
    for (const [installation, times] of byInstallation) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) closest = Math.min(closest, (times[i] as number) - (times[i - 1] as number));
      for (let i = WINDOW; i < times.length; i++) {
        const span = (times[i] as number) - (times[i - WINDOW] as number);
        if (span < (WINDOW - 1) * 1000) tooFast.push(`installation ${installation}: ${WINDOW + 1} writes in ${span} ms`);
      }
    }
    console.info(`burst writes: closest two of one installation ${closest} ms apart`);
    expect(tooFast).toEqual([]);
  });

  it("made only requests GitHub would accept, all on loopback", () => {
    expect(world.problems()).toEqual([]);
  });
});
