import type { Store } from "../store/store.js";
import type { AuditRequest } from "../audit-request.js";
import { type EnqueueResult, type JobQueue, JobTable, type QueueDepth, type StoredJob } from "./job-store.js";

/**
 * The embedded queue: the `jobs` table in the SQLite file is the queue. One process owns the
 * file, so a lease only has to outlast a stalled event loop, and the leases an earlier process
 * held are ended at start-up rather than waited out.
 */
export class TableJobQueue implements JobQueue {
  readonly lease: JobQueue["lease"];
  private readonly table: JobTable;

  constructor(
    private readonly store: Pick<Store, "db" | "durably">,
    private readonly leaseMs: number,
    clock: () => number = Date.now,
  ) {
    this.table = new JobTable(store.db, clock);
    this.lease = { renewEveryMs: leaseMs / 3, renew: (id, worker) => this.table.renew(id, worker, this.leaseMs) };
  }

  start(): Promise<number> {
    return this.table.releaseLeases();
  }

  /** A commit not seen before is one statement: one round trip, one commit, flushed to disk. */
  enqueue(request: AuditRequest, generation: string): Promise<EnqueueResult> {
    return this.table.enqueue(request, generation, (work) => this.store.durably(work));
  }

  claim(worker: string): Promise<StoredJob | undefined> {
    return this.table.lease(worker, this.leaseMs);
  }

  recordCheckRun(id: number, checkRunId: number): Promise<void> {
    return this.table.recordCheckRun(id, checkRunId);
  }

  finish(id: number, worker: string): Promise<void> {
    return this.table.finish(id, worker);
  }

  depth(): Promise<QueueDepth> {
    return this.table.depth();
  }

  pruneFinished(cutoff: number): Promise<number> {
    return this.table.pruneFinished(cutoff);
  }

  async close(): Promise<void> {}
}
