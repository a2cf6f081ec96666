import type { JobQueue, StoredJob } from "./job-store.js";

/** A leased job as an audit runs it. */
export interface AuditJob extends StoredJob {
  /** Aborted when the process shuts down before the audit finishes. */
  shutdown: AbortSignal;
}

export interface WorkerOptions {
  jobs: JobQueue;
  /** This process's name on its leases. */
  workerId: string;
  /** Audits running at once in this process. */
  concurrency: number;
  /** How often an idle worker looks for jobs stored by other replicas (its own wake it at once). */
  pollMs: number;
  run(job: AuditJob): Promise<void>;
  /** The runner handles its own failures; anything that escapes, and store errors, land here. */
  onError(error: unknown, context: { phase: string; jobId?: number }): void;
}

/** How long the worker waits before claiming again after the store failed to answer. */
const STORE_RETRY_MS = 1_000;
/**
 * Tries at marking a finished job done, a second apart: a store outage shorter than this does
 * not make the job look abandoned (and audited again once its lease runs out).
 */
const FINISH_TRIES = 15;

/**
 * Runs stored jobs a few at a time. Each job is leased (and its lease renewed while its audit
 * runs, where the queue needs that); if this process dies, the lease runs out and any replica
 * (or this one, restarted) takes the job over. A job is marked done only after its audit returned, so nothing acknowledged is
 * lost, at the price of an audit run twice when a process dies between reporting and marking.
 */
export class JobWorker {
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private closed = false;
  private claiming = false;
  /** The last look found nothing to claim and nothing runs here. */
  private drained = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.schedule(0);
  }

  /** A job was just stored by this process: look now rather than at the next poll. */
  wake(): void {
    this.drained = false;
    if (!this.closed) this.schedule(0);
  }

  stats(): { running: number; closed: boolean } {
    return { running: this.running.size, closed: this.closed };
  }

  /** Resolves once this process runs nothing and finds nothing to claim. */
  onIdle(): Promise<void> {
    if (this.drained || (this.closed && this.running.size === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops claiming and gives the running audits `graceMs` to finish, then aborts them (they
   * complete their runs as neutral) and waits `finishMs` more. Jobs never started stay in the
   * store for the next process or another replica. Resolves to the ids of jobs still running after all.
   */
  async close(graceMs: number, finishMs: number): Promise<number[]> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const settled = () => Promise.all([...this.running.values()].map((r) => r.done));
    if (!(await within(settled(), graceMs))) {
      for (const { abort } of this.running.values()) abort.abort(new Error("the app is shutting down"));
      await within(settled(), finishMs);
    }
    this.notifyIdle();
    return [...this.running.keys()];
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.claim();
    }, ms);
  }

  private async claim(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    let retryMs = this.options.pollMs;
    try {
      while (!this.closed && this.running.size < this.options.concurrency) {
        const job = await this.options.jobs.claim(this.options.workerId);
        if (!job) {
          if (this.running.size === 0) this.drained = true;
          break;
        }
        this.launch(job);
      }
    } catch (error) {
      this.options.onError(error, { phase: "claiming a job" });
      retryMs = Math.max(retryMs, STORE_RETRY_MS);
    } finally {
      this.claiming = false;
    }
    if (this.drained) this.notifyIdle();
    if (this.running.size < this.options.concurrency) this.schedule(retryMs);
  }

  private launch(stored: StoredJob): void {
    const abort = new AbortController();
    const job: AuditJob = { ...stored, shutdown: abort.signal };
    const { workerId } = this.options;
    const lease = this.options.jobs.lease;
    const heartbeat =
      lease &&
      setInterval(() => {
        lease.renew(job.id, workerId).then(
          (held) => {
            if (!held) this.options.onError(new Error("the job's lease was taken over by another worker"), { phase: "renewing a lease", jobId: job.id });
          },
          (error: unknown) => this.options.onError(error, { phase: "renewing a lease", jobId: job.id }),
        );
      }, lease.renewEveryMs);
    const done = this.options
      .run(job)
      .catch((error: unknown) => this.options.onError(error, { phase: "running an audit", jobId: job.id }))
      .then(() => this.markDone(job.id))
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, { abort, done });
  }

  private async markDone(id: number): Promise<void> {
    const failure = await retryStoreWrite(() => this.options.jobs.finish(id, this.options.workerId), FINISH_TRIES);
    if (failure) this.options.onError(failure.error, { phase: "marking a job done", jobId: id });
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/**
 * A store write tried up to `tries` times, a second apart, so that a store outage shorter than
 * that (a database restarting) loses nothing; `stop` ends the tries early (a shutdown). Undefined
 * once the write went through, else the last error and how many tries it took.
 */
export async function retryStoreWrite(write: () => Promise<unknown>, tries: number, stop: () => boolean = () => false): Promise<{ error: unknown; attempts: number } | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return undefined;
    } catch (error) {
      if (attempt >= tries || stop()) return { error, attempts: attempt };
      await new Promise((resolve) => setTimeout(resolve, STORE_RETRY_MS));
    }
  }
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
