import { randomUUID } from "node:crypto";
import { CompiledQuery, type Kysely } from "kysely";
import pg from "pg";
import PgBoss from "pg-boss";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { AuditRequest } from "../audit-request.js";
import { type EnqueueResult, type JobQueue, JobTable, type QueueDepth, type StoredJob } from "./job-store.js";

export interface PgBossQueueOptions {
  databaseUrl: string;
  /**
   * How long after a job started pg-boss takes it to have died with its worker and hands it to
   * another: longer than an audit can run (its budget), since pg-boss 10 cannot renew a job.
   */
  expireMs: number;
  /** Runs a job gets in all, the first included: pg-boss retries an expired job until then. */
  attempts: number;
  /** How often one replica (pg-boss takes turns) looks for expired jobs. */
  superviseEveryMs: number;
  /** pg-boss's own connection errors (a restarted server): it reconnects on the next query. */
  onError(error: Error): void;
}

/** pg-boss's queue of audits: each of its jobs names a row of the `jobs` table. */
const QUEUE = "audits";
/** Connections pg-boss needs: fetches, completions and its maintenance, one at a time each. */
const POOL_SIZE = 3;
/** How long a pg-boss query waits for a connection before failing (as the store's own do). */
const CONNECT_TIMEOUT_MS = 3_000;

interface QueuedAudit {
  jobId: number;
}

/**
 * The queue for replicas sharing Postgres. pg-boss (its own schema, `pgboss`) queues, leases
 * with SKIP LOCKED, expires the jobs of a dead worker and retries them; the `jobs` table keeps
 * what pg-boss has no place for: the dedup key over commit and generation, the request merged
 * from every event naming the commit, attempts and the check run.
 *
 * A new row and its pg-boss job are written in one transaction, so an acknowledged delivery is
 * always both stored and queued, and the unique key lets one of two racing replicas queue it.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly table: JobTable;
  private readonly pool: pg.Pool;
  private readonly boss: PgBoss;
  /** pg-boss's id for each job this process runs, to complete it. */
  private readonly held = new Map<number, string>();

  constructor(
    private readonly store: Pick<Store, "db">,
    private readonly options: PgBossQueueOptions,
    clock: () => number = Date.now,
  ) {
    this.table = new JobTable(store.db, clock);
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "readiness-queue" });
    // As in the store: a connection the server dropped is reported, never an unhandled 'error'.
    this.pool.on("error", options.onError);
    this.pool.on("connect", (client) => client.on("error", () => {}));
    const pool = this.pool;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: Math.max(1, Math.round(options.superviseEveryMs / 1000)),
    });
    this.boss.on("error", options.onError);
  }

  /**
   * Creates (or brings up to date) pg-boss's schema and queue, then queues the rows stored
   * before this queue existed (an older version's jobs, with no pg-boss job of their own).
   */
  async start(): Promise<number> {
    await this.boss.start();
    // Replicas starting together would deadlock in pg-boss's create_queue (each creates and
    // attaches the queue's partition): they take turns under a session advisory lock.
    const turn = await this.pool.connect();
    try {
      await turn.query("select pg_advisory_lock(hashtext('readiness.create_queue'))");
      await this.boss.createQueue(QUEUE, { name: QUEUE, policy: "standard" });
    } finally {
      // A connection that could not unlock is closed, which ends its lock, rather than pooled holding it.
      const unlocked = await turn.query("select pg_advisory_unlock(hashtext('readiness.create_queue'))").then(
        () => true,
        () => false,
      );
      turn.release(!unlocked);
    }
    const orphans = await this.store.db.selectFrom("jobs").select("id").where("state", "!=", "done").where("queue_job_id", "is", null).execute();
    let adopted = 0;
    for (const { id } of orphans) {
      const queued = await this.store.db.transaction().execute(async (trx) => {
        const queueId = randomUUID();
        const claimed = await trx.updateTable("jobs").set({ queue_job_id: queueId }).where("id", "=", id).where("queue_job_id", "is", null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return false;
        await this.send(trx, id, queueId);
        return true;
      });
      if (queued) adopted++;
    }
    return adopted;
  }

  enqueue(request: AuditRequest, generation: string): Promise<EnqueueResult> {
    const queueJobId = randomUUID();
    return this.table.enqueue(request, generation, (work) => this.store.db.transaction().execute(work), {
      queueJobId,
      queued: (trx, id) => this.send(trx, id, queueJobId),
    });
  }

  async claim(worker: string): Promise<StoredJob | undefined> {
    for (;;) {
      const [queued] = await this.boss.fetch<QueuedAudit>(QUEUE, { batchSize: 1 });
      if (!queued) return undefined;
      const job = await this.table.lease(worker, this.options.expireMs, queued.data.jobId);
      if (job) {
        this.held.set(job.id, queued.id);
        return job;
      }
      // Its row is done (a worker died between marking it and telling pg-boss) or pruned: nothing to run.
      await this.boss.complete(QUEUE, queued.id);
    }
  }

  recordCheckRun(id: number, checkRunId: number): Promise<void> {
    return this.table.recordCheckRun(id, checkRunId);
  }

  /** The row first: if the process dies before pg-boss hears of it, the retry finds the row done. */
  async finish(id: number, worker: string): Promise<void> {
    await this.table.finish(id, worker);
    const queueId = this.held.get(id);
    if (queueId) await this.boss.complete(QUEUE, queueId);
    this.held.delete(id);
  }

  depth(): Promise<QueueDepth> {
    return this.table.depth();
  }

  pruneFinished(cutoff: number): Promise<number> {
    return this.table.pruneFinished(cutoff);
  }

  /** Stops pg-boss's supervision; jobs not fetched stay queued, jobs running here expire and are retried. */
  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false });
    await this.pool.end();
  }

  /** Queues row `jobId` on `db` (the transaction that stored it), as pg-boss job `queueId`. */
  private async send(db: Kysely<Database>, jobId: number, queueId: string): Promise<void> {
    const data: QueuedAudit = { jobId };
    await this.boss.send(QUEUE, data, {
      id: queueId,
      expireInSeconds: Math.ceil(this.options.expireMs / 1000),
      retryLimit: this.options.attempts - 1,
      retryDelay: 0,
      db: { executeSql: async (text, values) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values))).rows }) },
    });
  }
}
