import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { auditGeneration, type JobQueue, jobKey } from "../../src/app/jobs/job-store.js";
import { PgBossJobQueue } from "../../src/app/jobs/pg-boss-queue.js";
import { TableJobQueue } from "../../src/app/jobs/table-queue.js";
import { type AuditJob, JobWorker } from "../../src/app/jobs/worker.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import type { AuditRequest } from "../../src/app/audit-request.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";

const SHA = (c: string) => c.repeat(40);
const GENERATION = auditGeneration("checklist", "");

function request(sha: string, extra: Partial<AuditRequest> = {}): AuditRequest {
  return {
    installationId: 1,
    owner: "acme",
    repo: "api",
    repository: { id: 77, fullName: "acme/api", visibility: "private", defaultBranch: "main" },
    headSha: sha,
    trigger: "push",
    deliveryId: `d-${sha.slice(0, 1)}`,
    explicit: false,
    replyTo: [],
    ...extra,
  };
}

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** pg-boss's expiry for the takeover test: a second, looked at every second. */
const SHORT_EXPIRY = { expireMs: 1_000, superviseEveryMs: 1_000 };

interface Opened {
  store: Store;
  /** A queue as one replica (or the restarted process) opens it; on SQLite, the same file again. */
  queue(expiry?: typeof SHORT_EXPIRY): Promise<JobQueue>;
  drop(): Promise<void>;
}

const engines: { engine: string; skip?: boolean; open(): Promise<Opened> }[] = [
  {
    engine: "sqlite (the jobs table)",
    async open() {
      const store = await openStore({ dataDir: scratchDataDir("jobs") });
      return { store, queue: async () => new TableJobQueue(store, 60_000), drop: () => store.close() };
    },
  },
  {
    engine: "postgres (pg-boss)",
    skip: !(await postgresAvailable()),
    async open() {
      const database = await scratchDatabase();
      const store = await openStore({ databaseUrl: database.url, dataDir: "unused" });
      const queues: JobQueue[] = [];
      return {
        store,
        async queue(expiry = { expireMs: 60_000, superviseEveryMs: 60_000 }) {
          const queue = new PgBossJobQueue(store, { databaseUrl: database.url, attempts: 4, onError: () => {}, ...expiry });
          queues.push(queue);
          await queue.start();
          return queue;
        },
        drop: async () => {
          for (const queue of queues) await queue.close();
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

describe.each(engines)("the job queue on $engine", ({ open, skip }) => {
  let opened: Opened;
  beforeEach(async () => {
    if (skip) return;
    opened = await open();
  });
  afterEach(async () => {
    if (skip) return;
    await opened.drop();
  });

  test.skipIf(skip)("a commit is one job however many events name it; a redelivery is recognised; explicit re-runs get their own", async () => {
    const jobs = await opened.queue();
    const key = jobKey(request(SHA("a")), GENERATION);
    expect(await jobs.enqueue(request(SHA("a")), GENERATION)).toBe("queued");
    expect(await jobs.enqueue(request(SHA("a")), GENERATION)).toBe("redelivery");
    const pullRequest = { number: 4, baseSha: SHA("b"), baseRef: "main" };
    expect(await jobs.enqueue(request(SHA("a"), { deliveryId: "d-pr", pullRequest, replyTo: [4] }), GENERATION)).toBe("merged");
    const claimed = await jobs.claim("w1");
    expect(claimed).toMatchObject({ key, generation: GENERATION, attempts: 1, deliveryIds: ["d-a", "d-pr"], request: { pullRequest, replyTo: [4] } });
    expect(await jobs.claim("w1")).toBeUndefined();
    await jobs.finish(claimed?.id as number, "w1");
    expect(await jobs.enqueue(request(SHA("a"), { deliveryId: "d-later" }), GENERATION)).toBe("already-audited");
    const rerun = request(SHA("a"), { deliveryId: "d-rerun", explicit: true });
    expect(await jobs.enqueue(rerun, GENERATION)).toBe("queued");
    expect(await jobs.enqueue(rerun, GENERATION)).toBe("redelivery");
    expect(await jobs.claim("w1")).toMatchObject({ request: { explicit: true } });
  });

  test.skipIf(skip)("a changed checklist or organisation configuration makes an audited commit auditable again", async () => {
    const jobs = await opened.queue();
    const first = await jobs.enqueue(request(SHA("a")), GENERATION);
    const done = await jobs.claim("w");
    await jobs.finish(done?.id as number, "w");
    const orgChanged = auditGeneration("checklist", SHA("9"));
    const checklistChanged = auditGeneration("checklist v2", "");
    expect([first, await jobs.enqueue(request(SHA("a"), { deliveryId: "d-org" }), orgChanged), await jobs.enqueue(request(SHA("a"), { deliveryId: "d-list" }), checklistChanged)]).toEqual([
      "queued",
      "queued",
      "queued",
    ]);
    expect(await jobs.claim("w")).toMatchObject({ generation: orgChanged, deliveryIds: ["d-org"] });
  });

  test.skipIf(skip)("events for one commit arriving together at two replicas are one job, none lost", async () => {
    const [one, two] = [await opened.queue(), await opened.queue()];
    const events = Array.from({ length: 12 }, (_, i) => request(SHA("f"), { deliveryId: `d-${i}`, replyTo: [i] }));
    const results = await Promise.all(events.map((event, i) => (i % 2 ? one : two).enqueue(event, GENERATION)));
    expect(results.filter((r) => r === "queued")).toHaveLength(1);
    expect(results.filter((r) => r === "merged")).toHaveLength(11);
    const job = (await one.claim("w")) ?? (await two.claim("w"));
    expect([...(job?.deliveryIds ?? [])].sort()).toEqual(events.map((e) => e.deliveryId).sort());
    expect([...(job?.request.replyTo ?? [])].sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
    expect([await one.claim("w"), await two.claim("w")]).toEqual([undefined, undefined]);
  });

  test.skipIf(skip)("workers racing for the same jobs each take a job once", async () => {
    const jobs = await opened.queue();
    const shas = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(40, "e"));
    for (const sha of shas) await jobs.enqueue(request(sha, { deliveryId: sha }), GENERATION);
    const taken = await Promise.all(
      ["w1", "w2", "w3", "w4"].map(async (worker) => {
        const mine: string[] = [];
        for (let job = await jobs.claim(worker); job; job = await jobs.claim(worker)) mine.push(job.request.headSha as string);
        return mine;
      }),
    );
    expect(taken.flat().sort()).toEqual(shas.sort());
  });

  test.skipIf(skip)("a worker runs at most `concurrency` audits; on close, jobs not started stay stored for the next process", async () => {
    const jobs = await opened.queue();
    const release = gate();
    let running = 0;
    let peak = 0;
    const ran: AuditJob[] = [];
    const worker = new JobWorker({
      jobs,
      workerId: "w",
      concurrency: 2,
      pollMs: 20,
      onError: (error) => {
        throw error;
      },
      run: async (job) => {
        ran.push(job);
        running++;
        peak = Math.max(peak, running);
        await Promise.race([release.opened, new Promise((resolve) => job.shutdown.addEventListener("abort", resolve))]);
        running--;
      },
    });
    for (const c of ["1", "2", "3", "4"]) await jobs.enqueue(request(SHA(c), { deliveryId: c }), GENERATION);
    worker.start();
    while (ran.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await worker.close(20, 1_000)).toEqual([]);
    expect(peak).toBe(2);
    expect(ran.every((job) => job.shutdown.aborted)).toBe(true);
    expect(await jobs.depth()).toEqual({ queued: 2, running: 0, expiredLeases: 0 });
    const next = new JobWorker({ jobs: await opened.queue(), workerId: "next", concurrency: 2, pollMs: 20, onError: () => {}, run: async (job) => void ran.push(job) });
    release.open();
    next.start();
    await next.onIdle();
    expect(ran.map((job) => job.request.headSha?.slice(0, 1))).toEqual(["1", "2", "3", "4"]);
    await next.close(0, 0);
  });
});

test("on SQLite a lease that is not renewed is taken over, with the check run the first attempt created; a restart ends every lease at once", async () => {
  const store = await openStore({ dataDir: scratchDataDir("lease") });
  let now = 1_000_000;
  const jobs = new TableJobQueue(store, 5_000, () => now);
  await jobs.enqueue(request(SHA("c")), GENERATION);
  await jobs.enqueue(request(SHA("d"), { deliveryId: "d-d" }), GENERATION);
  const first = await jobs.claim("dies");
  await jobs.recordCheckRun(first?.id as number, 4242);
  const killed = await jobs.claim("dies");
  expect(await jobs.claim("other")).toBeUndefined();
  expect(await jobs.depth()).toEqual({ queued: 0, running: 2, expiredLeases: 0 });
  now += 6_000;
  expect(await jobs.depth()).toMatchObject({ expiredLeases: 2 });
  const second = await jobs.claim("other");
  expect(second).toMatchObject({ id: first?.id, attempts: 2, checkRunId: 4242 });
  expect(await jobs.lease?.renew(first?.id as number, "dies")).toBe(false);
  await jobs.finish(first?.id as number, "dies");
  expect(await jobs.depth()).toMatchObject({ running: 2 });
  await jobs.finish(second?.id as number, "other");
  now -= 6_000;
  expect(await new TableJobQueue(store, 5_000, () => now).start()).toBe(1);
  expect(await jobs.claim("restarted")).toMatchObject({ id: killed?.id, attempts: 2 });
  await store.close();
});

describe.skipIf(!(await postgresAvailable()))("pg-boss on Postgres", () => {
  let database: { url: string; drop(): Promise<void> };
  let store: Store;
  const queues: PgBossJobQueue[] = [];
  const replica = async (expiry = { expireMs: 60_000, superviseEveryMs: 60_000 }) => {
    const queue = new PgBossJobQueue(store, { databaseUrl: database.url, attempts: 4, onError: () => {}, ...expiry });
    queues.push(queue);
    await queue.start();
    return queue;
  };
  const queuedInPgBoss = async () => Number((await sql<{ n: number }>`select count(*) as n from pgboss.job where state < 'active'`.execute(store.db)).rows[0]?.n);
  beforeEach(async () => {
    database = await scratchDatabase();
    store = await openStore({ databaseUrl: database.url, dataDir: "unused" });
  });
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    await store.close();
    await database.drop();
  });

  test("a job whose replica died is expired by pg-boss and run by another, with the check run its first attempt kept", async () => {
    const dies = await replica(SHORT_EXPIRY);
    const survivor = await replica(SHORT_EXPIRY);
    await dies.enqueue(request(SHA("c")), GENERATION);
    const first = await dies.claim("dies");
    await dies.recordCheckRun(first?.id as number, 4242);
    expect(await survivor.claim("survivor")).toBeUndefined();
    let second = await survivor.claim("survivor");
    for (let tries = 0; !second && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = await survivor.claim("survivor");
    }
    expect(second).toMatchObject({ id: first?.id, attempts: 2, checkRunId: 4242 });
    await survivor.finish(second?.id as number, "survivor");
    expect(await survivor.depth()).toEqual({ queued: 0, running: 0, expiredLeases: 0 });
    expect(await sql<{ state: string }>`select state from pgboss.job`.execute(store.db).then((r) => r.rows)).toEqual([{ state: "completed" }]);
  });

  test("a job whose row was marked done before its replica died is completed, not run again", async () => {
    const dies = await replica(SHORT_EXPIRY);
    await dies.enqueue(request(SHA("c")), GENERATION);
    const first = await dies.claim("dies");
    await store.db.updateTable("jobs").set({ state: "done", lease_owner: null }).where("id", "=", first?.id as number).execute();
    const survivor = await replica(SHORT_EXPIRY);
    for (let tries = 0; tries < 200 && (await sql<{ state: string }>`select state from pgboss.job`.execute(store.db)).rows[0]?.state !== "retry"; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await survivor.claim("survivor")).toBeUndefined();
    expect((await sql<{ state: string }>`select state from pgboss.job`.execute(store.db)).rows).toEqual([{ state: "completed" }]);
  });

  test("a stored job and its pg-boss job are written together or not at all", async () => {
    const notStarted = new PgBossJobQueue(store, { databaseUrl: database.url, attempts: 4, onError: () => {}, expireMs: 60_000, superviseEveryMs: 60_000 });
    queues.push(notStarted);
    await expect(notStarted.enqueue(request(SHA("a")), GENERATION)).rejects.toThrow();
    expect(await store.db.selectFrom("jobs").selectAll().execute()).toEqual([]);
    const jobs = await replica();
    for (const c of ["a", "b", "c"]) await jobs.enqueue(request(SHA(c), { deliveryId: c }), GENERATION);
    await jobs.enqueue(request(SHA("a"), { deliveryId: "again" }), GENERATION);
    expect(await queuedInPgBoss()).toBe(3);
  });

  test("jobs stored before pg-boss queued them (an earlier version) are queued once at start-up, however many replicas start", async () => {
    const now = Date.now();
    await store.db
      .insertInto("jobs")
      .values(
        ["a", "b"].map((c) => ({
          dedup_key: `k-${c}`,
          installation_id: 1,
          repository_id: 77,
          head_sha: SHA(c),
          request: JSON.stringify({ request: request(SHA(c)), deliveryIds: [`d-${c}`] }),
          state: "queued" as const,
          attempts: 0,
          lease_until: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await Promise.all([replica(), replica(), replica()]);
    expect(await queuedInPgBoss()).toBe(2);
    const jobs = await replica();
    const claimed = [await jobs.claim("w"), await jobs.claim("w"), await jobs.claim("w")];
    expect(claimed.map((job) => job?.request.headSha?.slice(0, 1))).toEqual(["a", "b", undefined]);
    expect(claimed[0]).toMatchObject({ generation: "", attempts: 1 });
  });
});
