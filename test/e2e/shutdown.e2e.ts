import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Acknowledgement } from "../support/deliveries.js";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";

/**
 * SIGTERM in the middle of a burst (a deploy, a node drained): the app stops taking work,
 * lets the audits in flight finish or completes them neutral, and exits within its grace
 * period. No check run is left in progress, and no audit is lost: the webhooks of audits that
 * never started were answered, so GitHub will not redeliver them, but their jobs stay in the
 * store and the next process (here: the same app started again) audits them.
 */
const GRACE_SECONDS = 3;
/** queue.close(): the grace, then FINISH_RESERVE_MS (5 s) for interrupted audits to say so. */
const EXIT_WITHIN_MS = (GRACE_SECONDS + 5 + 2) * 1000;
const REPOSITORIES = 16;
const TREES = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";

const repoOf = (index: number) => ({ owner: "draining", repo: `repo-${index}`, installationId: 6000 + index, sha: shaOf(`drain ${index}`) });
let world: World;
let exit: { code: number | null; signal: NodeJS.Signals | null; ms: number };
let duringDrain: { webhook: Acknowledgement; health: number };
let atExit: { inProgress: string[]; runs: number };

beforeAll(async () => {
  world = await startWorld({
    env: { AUDIT_CONCURRENCY: "4", SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
    repositories: Array.from({ length: REPOSITORIES }, (_, i) => ({
      owner: "draining",
      name: `repo-${i}`,
      installationId: 6000 + i,
      commits: { [repoOf(i).sha]: { files: { "README.md": `# repo ${i}\n`, "package.json": '{"name":"x","scripts":{"test":"node --test"}}' } } },
    })),
  });
  // Slow listings keep audits in flight; two of them slower than the grace period.
  for (let i = 0; i < REPOSITORIES; i++)
    world.standin.inject({ route: TREES, installationId: repoOf(i).installationId, fault: { kind: "slow", delayMs: i < 2 ? 60_000 : 1_500 } });
  for (let i = 0; i < REPOSITORIES; i++) await world.deliver(deliveries.checkSuite("requested", repoOf(i)));
  while ([...world.standin.checkRuns.values()].filter((r) => r.status === "in_progress").length < 3) await new Promise((resolve) => setTimeout(resolve, 50));
  const stopping = world.app.stop("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const late = repoOf(REPOSITORIES - 1);
  const webhook = await world.deliver(deliveries.checkSuite("rerequested", late));
  const health = (await fetch(`${world.app.baseUrl}/healthz`, { headers: { connection: "close" } })).status;
  duringDrain = { webhook, health };
  exit = await stopping;
  const runs = [...world.standin.checkRuns.values()];
  atExit = { inProgress: runs.filter((r) => r.status !== "completed").map((r) => r.repository), runs: runs.length };
  world.standin.clearFaults();
  await world.restart();
  await world.settle(60_000);
}, 120_000);

afterAll(async () => {
  // The app started again after the SIGTERM is a process of its own: stop it with the stand-in.
  await world?.close();
});

describe("SIGTERM during a burst", () => {
  it("exits cleanly within the grace period", () => {
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
  });

  it("while draining, refuses new audits (so GitHub records a failed delivery to redeliver) and reports itself unhealthy", () => {
    expect(duringDrain.webhook.status).toBeGreaterThanOrEqual(500);
    expect(duringDrain.health).toBe(503);
  });

  it("leaves no check run in progress: audits in flight finished, or completed neutral saying the app was shutting down", () => {
    expect(atExit.runs).toBeGreaterThan(0);
    expect(atExit.inProgress).toEqual([]);
    for (const i of [0, 1]) {
      const [run] = runsOf(world, "draining", `repo-${i}`, repoOf(i).sha);
      if (run) {
        expect(run.conclusion).toBe("neutral");
        expect(run.output.summary).toMatch(/shutting down/);
      }
    }
  });

  it("loses no audit: the jobs never started stay stored, and the app started again audits each of them once", () => {
    const perCommit = Array.from({ length: REPOSITORIES }, (_, i) => repoOf(i)).map((r) => ({ repo: r.repo, runs: runsOf(world, r.owner, r.repo, r.sha) }));
    expect(perCommit.filter((c) => c.runs.length !== 1 || c.runs[0]?.status !== "completed").map((c) => `${c.repo}: ${c.runs.length} runs`)).toEqual([]);
    const afterRestart = world.app.logs.filter((l) => l.msg === "audit finished").length;
    expect(afterRestart).toBe(REPOSITORIES - atExit.runs);
    console.info(`shutdown: ${atExit.runs} audits started before SIGTERM, ${afterRestart} left stored and audited after the restart`);
  });

  it("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
