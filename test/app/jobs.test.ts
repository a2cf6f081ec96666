import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { JobStore, jobKey } from "../../src/app/jobs/job-store.js";
import { type AuditJob, JobWorker } from "../../src/app/jobs/worker.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import type { AuditRequest } from "../../src/app/audit-request.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";

const SHA = (c: string) => c.repeat(40);

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

const engines = [
  { engine: "sqlite", open: async () => ({ store: await openStore({ dataDir: scratchDataDir("jobs") }), drop: async () => {} }) },
  {
    engine: "postgres",
    skip: !(await postgresAvailable()),
    open: async () => {
      const database = await scratchDatabase();
      return { store: await openStore({ databaseUrl: database.url, dataDir: "unused" }), drop: database.drop };
    },
  },
];

describe.each(engines)("the job store on $engine", ({ open, skip }) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    if (skip) return;
    ({ store, drop } = await open());
  });
  afterEach(async () => {
    await store?.close();
    await drop?.();
  });

  test.skipIf(skip)("a commit is one job however many events name it; a redelivery is recognised; explicit re-runs get their own", async () => {
    const jobs = new JobStore(store);
    const key = jobKey(request(SHA("a")), "checklist");
    expect(await jobs.enqueue(request(SHA("a")), key)).toBe("queued");
    expect(await jobs.enqueue(request(SHA("a")), key)).toBe("redelivery");
    const pullRequest = { number: 4, baseSha: SHA("b"), baseRef: "main" };
    expect(await jobs.enqueue(request(SHA("a"), { deliveryId: "d-pr", pullRequest, replyTo: [4] }), key)).toBe("merged");
    const claimed = await jobs.claim("w1", 10_000);
    expect(claimed).toMatchObject({ key, attempts: 1, deliveryIds: ["d-a", "d-pr"], request: { pullRequest, replyTo: [4] } });
    await jobs.finish(claimed?.id as number, "w1");
    expect(await jobs.enqueue(request(SHA("a"), { deliveryId: "d-later" }), key)).toBe("already-audited");
    const rerun = request(SHA("a"), { deliveryId: "d-rerun", explicit: true });
    expect(await jobs.enqueue(rerun, jobKey(rerun, "checklist"))).toBe("queued");
    expect(await jobs.enqueue(rerun, jobKey(rerun, "checklist"))).toBe("redelivery");
    expect(await jobs.claim("w1", 10_000)).toMatchObject({ request: { explicit: true } });
  });

  test.skipIf(skip)("events for one commit arriving together all merge into its job, none lost", async () => {
    const jobs = new JobStore(store);
    const key = jobKey(request(SHA("f")), "concurrent");
    const events = Array.from({ length: 12 }, (_, i) => request(SHA("f"), { deliveryId: `d-${i}`, replyTo: [i] }));
    const results = await Promise.all(events.map((event) => jobs.enqueue(event, key)));
    expect(results.filter((r) => r === "queued")).toHaveLength(1);
    expect(results.filter((r) => r === "merged")).toHaveLength(11);
    const job = await jobs.claim("w", 10_000);
    expect([...(job?.deliveryIds ?? [])].sort()).toEqual(events.map((e) => e.deliveryId).sort());
    expect([...(job?.request.replyTo ?? [])].sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
  });

  test.skipIf(skip)("a lease that is not renewed is taken over by another worker, with the check run the first attempt created", async () => {
    let now = 1_000_000;
    const jobs = new JobStore(store, () => now);
    await jobs.enqueue(request(SHA("c")), jobKey(request(SHA("c")), "lease"));
    const first = await jobs.claim("dies", 5_000);
    await jobs.recordCheckRun(first?.id as number, 4242);
    expect(await jobs.claim("other", 5_000)).toBeUndefined();
    expect(await jobs.depth()).toEqual({ queued: 0, running: 1, expiredLeases: 0 });
    now += 6_000;
    expect(await jobs.depth()).toMatchObject({ expiredLeases: 1 });
    const second = await jobs.claim("other", 5_000);
    expect(second).toMatchObject({ id: first?.id, attempts: 2, checkRunId: 4242 });
    expect(await jobs.renew(first?.id as number, "dies", 5_000)).toBe(false);
    await jobs.finish(first?.id as number, "dies");
    expect(await jobs.depth()).toMatchObject({ running: 1 });
    await jobs.finish(second?.id as number, "other");
    expect(await jobs.depth()).toEqual({ queued: 0, running: 0, expiredLeases: 0 });
  });

  test.skipIf(skip)("workers racing for the same jobs each take a job once", async () => {
    const jobs = new JobStore(store);
    const shas = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(40, "e"));
    for (const sha of shas) await jobs.enqueue(request(sha, { deliveryId: sha }), jobKey(request(sha), "race"));
    const taken = await Promise.all(
      ["w1", "w2", "w3", "w4"].map(async (worker) => {
        const mine: string[] = [];
        for (let job = await jobs.claim(worker, 60_000); job; job = await jobs.claim(worker, 60_000)) mine.push(job.request.headSha as string);
        return mine;
      }),
    );
    expect(taken.flat().sort()).toEqual(shas.sort());
  });

  test.skipIf(skip)("a worker runs at most `concurrency` audits; on close, jobs not started stay stored for the next process", async () => {
    const jobs = new JobStore(store);
    const release = gate();
    let running = 0;
    let peak = 0;
    const ran: AuditJob[] = [];
    const worker = new JobWorker({
      jobs,
      workerId: "w",
      concurrency: 2,
      leaseMs: 60_000,
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
    for (const c of ["1", "2", "3", "4"]) await jobs.enqueue(request(SHA(c), { deliveryId: c }), jobKey(request(SHA(c)), "worker"));
    worker.start();
    while (ran.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await worker.close(20, 1_000)).toEqual([]);
    expect(peak).toBe(2);
    expect(ran.every((job) => job.shutdown.aborted)).toBe(true);
    expect(await jobs.depth()).toEqual({ queued: 2, running: 0, expiredLeases: 0 });
    const next = new JobWorker({ jobs, workerId: "next", concurrency: 2, leaseMs: 60_000, pollMs: 20, onError: () => {}, run: async (job) => void ran.push(job) });
    release.open();
    next.start();
    await next.onIdle();
    expect(ran.map((job) => job.request.headSha?.slice(0, 1))).toEqual(["1", "2", "3", "4"]);
    await next.close(0, 0);
  });
});
