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
  /** The runner is expected to handle its own failures; anything that escapes lands here. */
  onEscapedError(error: unknown, job: AuditJob): void;
}

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
   * Stops taking work, drops what has not started (no check run exists for it yet), and gives the
   * running audits `graceMs` to finish. Audits still running then are told to shut down, which
   * completes their check runs as neutral, and get `finishMs` more to say so.
   */
  async close(graceMs: number, finishMs: number): Promise<{ dropped: AuditJob[]; interrupted: AuditJob[] }> {
    this.closed = true;
    const dropped = this.waiting.splice(0);
    for (const job of dropped) this.forget(job);
    const settled = Promise.all([...this.running.values()].map((r) => r.done));
    if (await within(settled, graceMs)) return { dropped, interrupted: [] };
    const interrupted = [...this.running.keys()];
    for (const { abort } of this.running.values()) abort.abort(new Error("the app is shutting down"));
    await within(settled, finishMs);
    return { dropped, interrupted };
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
