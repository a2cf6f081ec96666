import { afterEach, expect, test } from "vitest";
import { SWEEP_TRIGGER } from "../../src/app/audits/audit-job.js";
import { TableJobQueue } from "../../src/app/jobs/table-queue.js";
import { OrgConfigVersions } from "../../src/app/store/org-configs.js";
import { DEFAULT_SETTINGS } from "../../src/app/settings.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import { type SweepClient, type SweepOptions, Sweeper } from "../../src/app/sweep/sweeper.js";
import type { AuditRequest } from "../../src/app/audit-request.js";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { fakeGitHub, OWNER, PUSH_SHA, REPO, serviceFiles } from "../support/app-fixtures.js";
import { scratchDataDir } from "../support/databases.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMIT = 5_000;

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** An installation of `count` repositories whose listing reports `remaining()` of a 5,000 hourly limit. */
function github(count: number, remaining: () => number = () => LIMIT) {
  const listings: number[] = [];
  const repositories = Array.from({ length: count }, (_, i) => ({ id: 1000 + i, name: `repo-${i}`, full_name: `acme/repo-${i}`, private: true, default_branch: "main", owner: { login: "acme" } }));
  const installation: SweepClient = {
    async request(route, parameters) {
      expect(route).toBe("GET /installation/repositories");
      const { page, per_page } = parameters as { page: number; per_page: number };
      listings.push(page);
      return {
        data: { total_count: count, repositories: repositories.slice((page - 1) * per_page, page * per_page) },
        headers: { "x-ratelimit-limit": String(LIMIT), "x-ratelimit-remaining": String(remaining()) },
      };
    },
  };
  const app: SweepClient = {
    async request(route) {
      expect(route).toBe("GET /app/installations");
      return { data: [{ id: 1 }], headers: {} };
    },
  };
  return { app, installation, listings };
}

async function sweeper(client: ReturnType<typeof github>, clock: { now: number }, overrides: Partial<SweepOptions> = {}) {
  store ??= await openStore({ dataDir: scratchDataDir("sweep") });
  const jobs = new TableJobQueue(store, 60_000);
  const sweep = new Sweeper({
    db: store.db,
    jobs,
    checklistDigest: "checklist-1",
    intervalMs: 24 * HOUR,
    rateShare: 0.2,
    requestsPerAudit: 6,
    tickMs: MINUTE,
    app: async () => client.app,
    installation: async () => client.installation,
    wake: () => {},
    now: () => clock.now,
    log: { info: () => {}, warn: () => {} },
    ...overrides,
  });
  return { sweep, jobs };
}

async function queued(): Promise<string[]> {
  const rows = await (store as Store).db.selectFrom("jobs").select("request").orderBy("id").execute();
  return rows.map((r) => (JSON.parse(r.request).request as { repo: string }).repo);
}

test("a round enqueues every repository's default branch within its share of the hourly rate limit, and resumes after a restart", async () => {
  const client = github(250);
  const clock = { now: 10 * HOUR };
  let { sweep } = await sweeper(client, clock);
  const perHour: number[] = [];
  let total = 0;
  for (let minute = 0; minute <= 60 * 3 && total < 250; minute++) {
    if (minute === 45) ({ sweep } = await sweeper(client, clock)); // the process restarted
    const { enqueued } = await sweep.tick();
    total += enqueued.get(1) ?? 0;
    const hour = Math.floor(minute / 60);
    perHour[hour] = (perHour[hour] ?? 0) + (enqueued.get(1) ?? 0);
    clock.now += MINUTE;
  }
  const jobs = await queued();
  expect(new Set(jobs).size).toBe(250);
  expect(jobs).toHaveLength(250);
  // 20% of 5,000 requests an hour at 6 requests an audit: at most 166 audits an hour.
  for (const count of perHour) expect(count).toBeLessThanOrEqual(Math.floor((LIMIT * 0.2) / 6));
  expect(perHour[0]).toBeGreaterThan(150);
});

test("a finished round waits for the interval; a new checklist or organisation configuration starts one at once", async () => {
  const client = github(3);
  const clock = { now: 10 * HOUR };
  const { sweep } = await sweeper(client, clock);
  for (let minute = 0; minute < 5; minute++) {
    await sweep.tick();
    clock.now += MINUTE;
  }
  expect(await queued()).toHaveLength(3);
  clock.now += HOUR;
  await sweep.tick();
  clock.now += MINUTE;
  await sweep.tick();
  clock.now += MINUTE;
  expect(await queued()).toHaveLength(3);

  await new OrgConfigVersions((store as Store).db).changed(1, "a".repeat(40));
  for (let minute = 0; minute < 3; minute++) {
    await sweep.tick();
    clock.now += MINUTE;
  }
  expect(await queued()).toHaveLength(6);

  const { sweep: redeployed } = await sweeper(client, clock, { checklistDigest: "checklist-2" });
  for (let minute = 0; minute < 3; minute++) {
    await redeployed.tick();
    clock.now += MINUTE;
  }
  expect(await queued()).toHaveLength(9);
  clock.now += 24 * HOUR;
  for (let minute = 0; minute < 3; minute++) {
    await redeployed.tick();
    clock.now += MINUTE;
  }
  expect(await queued()).toHaveLength(12);
});

test("the sweep waits while other work has used more of the installation's hour than the sweep leaves it", async () => {
  let remaining = 3_000;
  const client = github(50, () => remaining);
  const clock = { now: 10 * HOUR };
  const { sweep } = await sweeper(client, clock);
  for (let minute = 0; minute < 5; minute++) {
    await sweep.tick();
    clock.now += MINUTE;
  }
  expect(await queued()).toEqual([]);
  remaining = 4_500;
  await sweep.tick();
  expect((await queued()).length).toBeGreaterThan(0);
});

test("two replicas ticking together sweep an installation once", async () => {
  const client = github(100);
  const clock = { now: 10 * HOUR };
  const { sweep: first } = await sweeper(client, clock);
  const { sweep: second } = await sweeper(client, clock);
  for (let minute = 0; minute < 10; minute++) {
    await Promise.all([first.tick(), second.tick()]);
    clock.now += MINUTE;
  }
  const jobs = await queued();
  expect(jobs.length).toBeGreaterThan(20);
  expect(new Set(jobs).size).toBe(jobs.length);
});

test("a sweep's audit of a default branch already audited under the same checklist and configuration creates no check run", async () => {
  useNetworkGuard();
  try {
    const github = fakeGitHub({ [PUSH_SHA]: serviceFiles() });
    const app = await startApp(github);
    const jobs = new TableJobQueue(app.readiness.store(), 60_000);
    const sweepOf = (round: number): AuditRequest => ({
      installationId: 2,
      owner: OWNER,
      repo: REPO,
      repository: { id: 186853002, fullName: `${OWNER}/${REPO}`, visibility: "public", defaultBranch: "master" },
      trigger: SWEEP_TRIGGER,
      deliveryId: `sweep:2:${round}`,
      explicit: false,
      replyTo: [],
    });
    for (const round of [1, 2]) {
      await jobs.enqueue(sweepOf(round), "checklist");
      // The worker finds jobs another process stored at its next poll.
      await new Promise((resolve) => setTimeout(resolve, DEFAULT_SETTINGS.pollMs * 2));
      await app.readiness.idle();
    }
    expect(github.checkRunBodies("create").map((b) => b.head_sha)).toEqual([PUSH_SHA]);
    expect(app.logs.filter((l) => String(l.msg).startsWith("sweep: the default branch was already audited"))).toHaveLength(1);
    await app.readiness.shutdown(0);
  } finally {
    releaseNetworkGuard();
  }
});
