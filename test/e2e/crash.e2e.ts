import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresAvailable, scratchDatabase } from "../support/databases.js";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";

/**
 * `kill -9` in the middle of a burst (OOM, a node lost without grace): every delivery had been
 * answered 2xx, so GitHub will not send any of them again. The app is started again on the same
 * store and nothing is redelivered: every commit still ends with one completed check run, the
 * runs the killed process left in progress are completed (not duplicated), and no commit is
 * audited twice. On SQLite the restarted process takes up the orphaned jobs at once; on
 * Postgres it waits for pg-boss to expire them (the audit budget, then the lease), as another
 * replica would; the budget is shortened, so the wait stays short.
 */
const COMMITS = 8;
const LEASE_SECONDS = 4;
const BUDGET_SECONDS = 20;
const TREES = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";

const repoOf = (index: number) => ({ owner: "crashing", repo: `repo-${index}`, installationId: 7000 + index, sha: shaOf(`crash ${index}`) });

const engines = [
  { engine: "sqlite", skip: false, database: async () => ({ env: {}, drop: async () => {} }) },
  {
    engine: "postgres",
    skip: !(await postgresAvailable()),
    database: async () => {
      const database = await scratchDatabase();
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  },
];

describe.each(engines)("SIGKILL during a burst, on $engine", ({ skip, database }) => {
  let world: World;
  let drop: () => Promise<void> = async () => {};
  let atKill: { inProgress: number; runs: number; acknowledged: number };
  let restartedAt: number;
  let settledMs: number;

  beforeAll(async () => {
    if (skip) return;
    const store = await database();
    drop = store.drop;
    world = await startWorld({
      env: { ...store.env, AUDIT_CONCURRENCY: "2", JOB_LEASE_SECONDS: String(LEASE_SECONDS), AUDIT_TIMEOUT_SECONDS: String(BUDGET_SECONDS) },
      repositories: Array.from({ length: COMMITS }, (_, i) => ({
        owner: "crashing",
        name: `repo-${i}`,
        installationId: 7000 + i,
        commits: { [repoOf(i).sha]: { files: { "README.md": `# repo ${i}\n`, "package.json": '{"name":"x","scripts":{"test":"node --test"}}' } } },
      })),
    });
    // Slow listings keep audits in flight when the process dies.
    world.standin.inject({ route: TREES, fault: { kind: "slow", delayMs: 30_000 } });
    let acknowledged = 0;
    for (let i = 0; i < COMMITS; i++) if ((await world.deliver(deliveries.checkSuite("requested", repoOf(i)))).status === 200) acknowledged++;
    while ([...world.standin.checkRuns.values()].filter((r) => r.status === "in_progress").length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const runs = [...world.standin.checkRuns.values()];
    atKill = { inProgress: runs.filter((r) => r.status === "in_progress").length, runs: runs.length, acknowledged };
    await world.app.stop("SIGKILL");
    world.standin.clearFaults();
    restartedAt = Date.now();
    await world.restart();
    await world.settle(90_000);
    settledMs = Date.now() - restartedAt;
  }, 150_000);

  afterAll(async () => {
    await world?.close();
    await drop();
  });

  it.skipIf(skip)("was killed with audits in flight and others not started, every delivery acknowledged", () => {
    expect(atKill.acknowledged).toBe(COMMITS);
    expect(atKill.inProgress).toBeGreaterThanOrEqual(2);
    expect(atKill.runs).toBeLessThan(COMMITS);
  });

  it.skipIf(skip)("after the restart, with nothing redelivered, every commit has exactly one completed run and none is left in progress", () => {
    const perCommit = Array.from({ length: COMMITS }, (_, i) => repoOf(i)).map((r) => ({ repo: r.repo, runs: runsOf(world, r.owner, r.repo, r.sha) }));
    expect(perCommit.filter((c) => c.runs.length !== 1).map((c) => `${c.repo}: ${c.runs.length} runs`)).toEqual([]);
    const runs = perCommit.flatMap((c) => c.runs);
    expect(runs.filter((r) => r.status !== "completed").map((r) => r.repository)).toEqual([]);
    expect(runs.filter((r) => !["success", "failure"].includes(String(r.conclusion))).map((r) => r.output.summary)).toEqual([]);
    console.info(
      `crash: ${atKill.inProgress} audits in flight and ${COMMITS - atKill.runs} not started at SIGKILL; all ${COMMITS} completed ${settledMs} ms after the restart`,
    );
  });

  it.skipIf(skip)("audited no commit twice: one finished audit per commit in the restarted process, the interrupted runs resumed", () => {
    const finished = world.app.logs.filter((l) => l.msg === "audit finished").map((l) => l.repo);
    expect(finished.sort()).toEqual(Array.from({ length: COMMITS }, (_, i) => `crashing/repo-${i}`).sort());
    const resumed = [...world.standin.checkRuns.values()].filter((r) => r.writes.filter((w) => w.method === "PATCH" && w.body.status === "in_progress").length > 0);
    expect(resumed.length).toBe(atKill.inProgress);
  });

  it.skipIf(skip)("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
