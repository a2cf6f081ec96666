import { LruCache } from "./lru.js";
import type { AuditRequest } from "./triggers.js";

/** One audit waiting or running; later requests for the same commit merge into it. */
export interface AuditJob {
  key: string;
  request: AuditRequest;
  deliveryIds: Set<string>;
  /** Aborted when the process shuts down before the audit finishes. */
  shutdown: AbortSignal;
}

export type EnqueueResult = "queued" | "merged" | "recently-audited" | "full" | "closed";

export interface QueueOptions {
  concurrency: number;
  maxQueued: number;
  /** How long a finished audit of a commit absorbs automatic requests for the same commit. */
  dedupWindowMs: number;
  run(job: AuditJob): Promise<void>;
  /**
   * Reports a job that will never run because the queue closed (a neutral check run asking for a
   * re-run), giving up when `signal` aborts at `deadline`. Resolves true once reported; handles
   * and logs its own failures.
   */
  cancel(job: AuditJob, signal: AbortSignal, deadline: number): Promise<boolean>;
  /** The runner is expected to handle its own failures; anything that escapes lands here. */
  onEscapedError(error: unknown, job: AuditJob): void;
}

/** Jobs reported at once on shutdown: a few check-run writes in parallel, not a burst at GitHub. */
const CANCEL_CONCURRENCY = 4;

/**
 * The in-process audit queue. Webhooks only enqueue, so they are answered within GitHub's 10 s;
 * audits run a few at a time. A commit is audited once however many events name it: a push
 * fires check_suite.requested, push and pull_request.synchronize for the same sha, and GitHub
 * may deliver any of them twice.
 */
export class AuditQueue {
  private readonly waiting: AuditJob[] = [];
  private readonly jobs = new Map<string, AuditJob>();
  private readonly running = new Map<AuditJob, { abort: AbortController; done: Promise<void> }>();
  private readonly aborts = new Map<AuditJob, AbortController>();
  private readonly recent: LruCache<true>;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {
    this.recent = new LruCache<true>(10_000, options.dedupWindowMs);
  }

  static keyOf(request: AuditRequest): string {
    return `${request.installationId}:${request.owner}/${request.repo}@${request.headSha ?? "default-branch"}`.toLowerCase();
  }

  enqueue(request: AuditRequest): EnqueueResult {
    if (this.closed) return "closed";
    const key = AuditQueue.keyOf(request);
    const existing = this.jobs.get(key);
    if (existing) {
      merge(existing, request);
      return "merged";
    }
    if (!request.explicit && this.recent.has(key)) return "recently-audited";
    if (this.waiting.length >= this.options.maxQueued) return "full";
    const abort = new AbortController();
    const job: AuditJob = { key, request: { ...request, replyTo: [...request.replyTo] }, deliveryIds: new Set([request.deliveryId]), shutdown: abort.signal };
    this.jobs.set(key, job);
    this.waiting.push(job);
    this.aborts.set(job, abort);
    this.pump();
    return "queued";
  }

  stats(): { waiting: number; running: number; closed: boolean } {
    return { waiting: this.waiting.length, running: this.running.size, closed: this.closed };
  }

  /** Resolves once nothing waits or runs. */
  onIdle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking work and gives the running audits `graceMs` to finish. Audits still running then
   * are told to shut down, which completes their check runs as neutral, and get `finishMs` more to
   * say so. Meanwhile the jobs that never started (their webhooks were answered, so GitHub will not
   * redeliver them) are cancelled, a few at a time, within the same `graceMs + finishMs`;
   * `dropped` lists those that could not be.
   */
  async close(graceMs: number, finishMs: number): Promise<{ dropped: AuditJob[]; interrupted: AuditJob[] }> {
    this.closed = true;
    const waiting = this.waiting.splice(0);
    for (const job of waiting) this.forget(job);
    const cancelling = this.cancelAll(waiting, graceMs + finishMs);
    const settled = Promise.all([...this.running.values()].map((r) => r.done));
    let interrupted: AuditJob[] = [];
    if (!(await within(settled, graceMs))) {
      interrupted = [...this.running.keys()];
      for (const { abort } of this.running.values()) abort.abort(new Error("the app is shutting down"));
      await within(settled, finishMs);
    }
    return { dropped: await cancelling, interrupted };
  }

  /** Cancels `jobs` with a few workers until `ms` runs out; resolves (by then) to those not cancelled. */
  private async cancelAll(jobs: AuditJob[], ms: number): Promise<AuditJob[]> {
    if (jobs.length === 0) return [];
    const deadline = Date.now() + ms;
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new Error("the shutdown grace period ended")), ms);
    const cancelled = new Set<AuditJob>();
    const next = [...jobs];
    const worker = async () => {
      for (let job = next.shift(); job && !stop.signal.aborted; job = next.shift()) {
        try {
          if (await this.options.cancel(job, stop.signal, deadline)) cancelled.add(job);
        } catch (error) {
          this.options.onEscapedError(error, job);
        }
      }
    };
    try {
      await within(Promise.all(Array.from({ length: Math.min(CANCEL_CONCURRENCY, jobs.length) }, worker)), ms);
    } finally {
      clearTimeout(timer);
      stop.abort(new Error("the shutdown grace period ended"));
    }
    return jobs.filter((job) => !cancelled.has(job));
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as AuditJob;
      const abort = this.aborts.get(job) as AbortController;
      const done = this.options
        .run(job)
        .catch((error: unknown) => this.options.onEscapedError(error, job))
        .finally(() => {
          this.running.delete(job);
          this.recent.set(job.key, true);
          this.forget(job);
          this.pump();
          this.notifyIdle();
        });
      this.running.set(job, { abort, done });
    }
  }

  private forget(job: AuditJob): void {
    this.jobs.delete(job.key);
    this.aborts.delete(job);
  }

  private notifyIdle(): void {
    if (this.waiting.length > 0 || this.running.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function merge(job: AuditJob, request: AuditRequest): void {
  job.request.pullRequest ??= request.pullRequest;
  job.request.explicit ||= request.explicit;
  for (const number of request.replyTo) if (!job.request.replyTo.includes(number)) job.request.replyTo.push(number);
  job.deliveryIds.add(request.deliveryId);
}

async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
