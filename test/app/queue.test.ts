import { expect, test } from "vitest";
import { type AuditJob, AuditQueue } from "../../src/app/queue.js";
import type { AuditRequest } from "../../src/app/triggers.js";

function request(sha: string, extra: Partial<AuditRequest> = {}): AuditRequest {
  return { installationId: 1, owner: "acme", repo: "api", headSha: sha, trigger: "push", deliveryId: `d-${sha}`, explicit: false, replyTo: [], ...extra };
}

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function queue(
  run: (job: AuditJob) => Promise<void>,
  overrides: { concurrency?: number; maxQueued?: number; cancel?: (job: AuditJob, signal: AbortSignal) => Promise<boolean> } = {},
) {
  return new AuditQueue({ concurrency: 1, maxQueued: 2, dedupWindowMs: 60_000, run, cancel: async () => true, onEscapedError: () => {}, ...overrides });
}

test("requests for a commit already waiting or running merge into its job, keeping the pull request and replies", async () => {
  const release = gate();
  const ran: AuditJob[] = [];
  const q = queue(async (job) => {
    ran.push(job);
    await release.opened;
  });
  expect(q.enqueue(request("a"))).toBe("queued");
  expect(q.enqueue(request("a", { deliveryId: "d-2", pullRequest: { number: 4, baseSha: "b".repeat(40), baseRef: "main" } }))).toBe("merged");
  expect(q.enqueue(request("a", { deliveryId: "d-3", explicit: true, replyTo: [4] }))).toBe("merged");
  release.open();
  await q.onIdle();
  expect(ran).toHaveLength(1);
  expect(ran[0]?.request).toMatchObject({ pullRequest: { number: 4 }, explicit: true, replyTo: [4] });
  expect([...(ran[0]?.deliveryIds ?? [])]).toEqual(["d-a", "d-2", "d-3"]);
  expect(q.enqueue(request("a"))).toBe("recently-audited");
  expect(q.enqueue(request("a", { explicit: true }))).toBe("queued");
  await q.onIdle();
});

test("the queue is bounded and runs at most `concurrency` audits at once", async () => {
  const release = gate();
  let running = 0;
  let peak = 0;
  const q = queue(
    async () => {
      running++;
      peak = Math.max(peak, running);
      await release.opened;
      running--;
    },
    { concurrency: 2, maxQueued: 2 },
  );
  const results = ["1", "2", "3", "4", "5"].map((sha) => q.enqueue(request(sha)));
  expect(results).toEqual(["queued", "queued", "queued", "queued", "full"]);
  expect(q.stats()).toEqual({ waiting: 2, running: 2, closed: false });
  release.open();
  await q.onIdle();
  expect(peak).toBe(2);
});

test("closing cancels what has not started, lets running audits finish within the grace, then interrupts them", async () => {
  const release = gate();
  const interrupted: string[] = [];
  const cancelled: string[] = [];
  const q = queue(
    (job) =>
      new Promise<void>((resolve) => {
        job.shutdown.addEventListener("abort", () => {
          interrupted.push(job.key);
          resolve();
        });
        void release.opened.then(resolve);
      }),
    {
      cancel: async (job) => {
        cancelled.push(job.key);
        return true;
      },
    },
  );
  q.enqueue(request("a"));
  q.enqueue(request("b"));
  const closed = await q.close(20, 1_000);
  expect(cancelled).toEqual(["1:acme/api@b"]);
  expect(closed.dropped).toEqual([]);
  expect(closed.interrupted.map((j) => j.key)).toEqual(["1:acme/api@a"]);
  expect(interrupted).toEqual(["1:acme/api@a"]);
  expect(q.enqueue(request("c"))).toBe("closed");
});

test("cancelling on close runs a few at a time and stops at the grace period's end, returning what it could not cancel", async () => {
  let active = 0;
  let peak = 0;
  const signals: AbortSignal[] = [];
  const q = queue(() => new Promise<void>(() => {}), {
    maxQueued: 20,
    cancel: (job, signal) => {
      signals.push(signal);
      active++;
      peak = Math.max(peak, active);
      // Jobs 1 to 8 are cancelled quickly; the rest hang until the signal aborts.
      const quick = Number(job.request.headSha) <= 8;
      return new Promise<boolean>((resolve) => {
        if (quick) setTimeout(() => resolve(true), 5);
        else signal.addEventListener("abort", () => resolve(false), { once: true });
      }).finally(() => active--);
    },
  });
  for (let i = 0; i <= 12; i++) q.enqueue(request(String(i)));
  const started = Date.now();
  const closed = await q.close(100, 100);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(peak).toBe(4);
  expect(closed.interrupted.map((j) => j.key)).toEqual(["1:acme/api@0"]);
  expect(closed.dropped.map((j) => j.key)).toEqual(["9", "10", "11", "12"].map((sha) => `1:acme/api@${sha}`));
  expect(signals.every((signal) => signal.aborted)).toBe(true);
});
