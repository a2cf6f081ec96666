import type { Kysely, Selectable } from "kysely";
import type { Database, JobsTable } from "../store/schema.js";
import type { AuditRequest } from "../audit-request.js";

/** A job as a worker holds it: the request and every delivery that asked for it. */
export interface StoredJob {
  id: number;
  key: string;
  request: AuditRequest;
  deliveryIds: string[];
  /** The checklist and organisation configuration the job was keyed under (see `auditGeneration`). */
  generation: string;
  /** 1 on the first lease; more when an earlier worker died (or the process was killed) holding it. */
  attempts: number;
  /** The check run an earlier attempt created. */
  checkRunId?: number;
}

/**
 * What became of a request: a new job, merged into the job waiting for the same commit, a
 * redelivery of a delivery already stored, or a commit already audited (a finished job holds
 * its key until retention).
 */
export type EnqueueResult = "queued" | "merged" | "redelivery" | "already-audited";

export interface QueueDepth {
  queued: number;
  running: number;
  /** Jobs whose worker stopped (its lease or expiry ran out): they are taken over next. */
  expiredLeases: number;
}

/**
 * The durable queue the webhooks, the sweep and the worker share. Two implementations over one
 * job record (the `jobs` table, which holds the dedup key, the merged request and the check
 * run): on SQLite the table is the queue and a lease on a row says who runs it (one process owns
 * the file); on Postgres pg-boss queues, leases (SKIP LOCKED), expires and retries the jobs.
 */
export interface JobQueue {
  /** Takes up what an earlier process left behind; resolves to the number of jobs taken up. */
  start(): Promise<number>;
  /** Stores the request (the caller acknowledges the delivery only after this resolves). */
  enqueue(request: AuditRequest, generation: string): Promise<EnqueueResult>;
  /** The oldest job waiting (or whose worker died), now `worker`'s. */
  claim(worker: string): Promise<StoredJob | undefined>;
  /**
   * Present where a running job's lease must be kept alive (the SQLite table); pg-boss instead
   * expires a job a fixed time after it started, longer than an audit's budget.
   */
  lease?: { renewEveryMs: number; renew(id: number, worker: string): Promise<boolean> };
  recordCheckRun(id: number, checkRunId: number): Promise<void>;
  finish(id: number, worker: string): Promise<void>;
  depth(): Promise<QueueDepth>;
  /** Forgets finished jobs (and so their dedup keys) older than `cutoff`. */
  pruneFinished(cutoff: number): Promise<number>;
  /** Stops the queue's own timers and connections (the store is closed by its owner). */
  close(): Promise<void>;
}

/**
 * What an audit's outcome depends on besides the commit, as far as it is known when a delivery
 * is acknowledged (no GitHub request is made for it): the checklist, and the organisation
 * configuration's last-seen version (the `.github` repository's sha when a push last changed its
 * readiness.yml; "" until one did). The repository's own `.github/readiness.yml` is read at the
 * audited commit, so the sha already decides it.
 */
export function auditGeneration(checklistDigest: string, orgConfig: string): string {
  return `${checklistDigest}:${orgConfig}`;
}

/**
 * The key that makes "a commit is audited once however many events name it" hold across
 * processes: a unique index over it. It covers the generation, so a changed checklist or
 * organisation configuration makes an audited commit auditable again. Explicit re-runs and
 * default-branch backfills (whose commit is not known yet) are keyed by their delivery, so each
 * runs once however often it is redelivered.
 */
export function jobKey(request: AuditRequest, generation: string): string {
  const repository = `${request.installationId}:${request.repository.id}`;
  if (request.explicit) return `${repository}:rerun:${request.deliveryId}`;
  if (!request.headSha) return `${repository}:default-branch:${request.deliveryId}`;
  return `${repository}:${request.headSha}:${generation}`;
}

/** How a new job's row is written: in a transaction that also does `then` with the row's id. */
export type InsertWriter = <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * The job records both queues keep: one row per key, merged with every later request for it,
 * holding attempts, the check run and (for depth and ownership) who runs it until when.
 */
export class JobTable {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Stores the request: a key not seen before is one insert, written by `write` (SQLite: flushed
   * to disk; Postgres: in a transaction), with `queued` run in the same write for a new row
   * (pg-boss queues its job `queueJobId` there, so a row and its queued job exist together or not at all).
   */
  async enqueue(
    request: AuditRequest,
    generation: string,
    write: InsertWriter,
    queue?: { queueJobId: string; queued(db: Kysely<Database>, id: number): Promise<void> },
  ): Promise<EnqueueResult> {
    const now = this.clock();
    const key = jobKey(request, generation);
    const inserted = await write(async (db) => {
      const row = await db
        .insertInto("jobs")
        .values({
          dedup_key: key,
          installation_id: request.installationId,
          repository_id: request.repository.id,
          head_sha: request.headSha ?? null,
          request: JSON.stringify({ request, deliveryIds: [request.deliveryId], generation } satisfies StoredRequest),
          state: "queued",
          attempts: 0,
          lease_until: 0,
          queue_job_id: queue?.queueJobId ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column("dedup_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (row && queue) await queue.queued(db, row.id);
      return row;
    });
    if (inserted) return "queued";
    // A later event for a stored commit merges into its job: compare-and-swap on the request
    // column, so concurrent events for one commit neither wait on a row lock nor lose a merge.
    for (let attempt = 1; attempt <= MERGE_TRIES; attempt++) {
      const seen = await this.db.selectFrom("jobs").select(["id", "state", "request"]).where("dedup_key", "=", key).executeTakeFirstOrThrow();
      const stored = JSON.parse(seen.request) as StoredRequest;
      if (stored.deliveryIds.includes(request.deliveryId)) return "redelivery";
      if (seen.state === "done") return "already-audited";
      const merged = JSON.stringify({ ...stored, request: mergeRequests(stored.request, request), deliveryIds: [...stored.deliveryIds, request.deliveryId] });
      const result = await this.db
        .updateTable("jobs")
        .set({ request: merged, updated_at: now })
        .where("id", "=", seen.id)
        .where("request", "=", seen.request)
        .where("state", "!=", "done")
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return "merged";
    }
    throw new Error(`the job for ${key} changed ${MERGE_TRIES} times while this delivery was merged into it`);
  }

  /**
   * Marks job `id` (or, without one, the oldest job waiting or whose lease ran out) running for
   * `worker` until `leaseMs` from now. A finished (or pruned) job is not taken.
   */
  async lease(worker: string, leaseMs: number, id?: number): Promise<StoredJob | undefined> {
    const now = this.clock();
    const row = await this.db
      .updateTable("jobs")
      .set((eb) => ({ state: "running", lease_owner: worker, lease_until: now + leaseMs, attempts: eb("attempts", "+", 1), updated_at: now }))
      .$if(id !== undefined, (q) => q.where("id", "=", id as number).where("state", "!=", "done"))
      .$if(id === undefined, (q) =>
        q.where("id", "=", (eb) =>
          eb
            .selectFrom("jobs")
            .select("id")
            .where((w) => w.or([w("state", "=", "queued"), w.and([w("state", "=", "running"), w("lease_until", "<", now)])]))
            .orderBy("id")
            .limit(1),
        ),
      )
      .returning(["id", "dedup_key", "request", "attempts", "check_run_id"])
      .executeTakeFirst();
    return row && storedJob(row);
  }

  /** Extends the lease; false when the job is no longer this worker's (it was taken over). */
  async renew(id: number, worker: string, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    const result = await this.db
      .updateTable("jobs")
      .set({ lease_until: now + leaseMs, updated_at: now })
      .where("id", "=", id)
      .where("lease_owner", "=", worker)
      .where("state", "=", "running")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordCheckRun(id: number, checkRunId: number): Promise<void> {
    await this.db.updateTable("jobs").set({ check_run_id: checkRunId, updated_at: this.clock() }).where("id", "=", id).execute();
  }

  /** Marks the job done if `worker` still holds it (a worker whose job was taken over changes nothing). */
  async finish(id: number, worker: string): Promise<void> {
    await this.db
      .updateTable("jobs")
      .set({ state: "done", lease_owner: null, lease_until: 0, updated_at: this.clock() })
      .where("id", "=", id)
      .where("lease_owner", "=", worker)
      .execute();
  }

  /** Ends every lease at once: one process owns a SQLite file, so jobs left running by an earlier one are orphans. */
  async releaseLeases(): Promise<number> {
    const result = await this.db.updateTable("jobs").set({ lease_until: 0 }).where("state", "=", "running").executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async depth(): Promise<QueueDepth> {
    const now = this.clock();
    const rows = await this.db
      .selectFrom("jobs")
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere("state", "=", "queued").as("queued"),
        eb.fn.countAll<number>().filterWhere("state", "=", "running").as("running"),
        eb.fn.countAll<number>().filterWhere((w) => w.and([w("state", "=", "running"), w("lease_until", "<", now)])).as("expired"),
      ])
      .where("state", "!=", "done")
      .executeTakeFirstOrThrow();
    return { queued: Number(rows.queued), running: Number(rows.running), expiredLeases: Number(rows.expired) };
  }

  async pruneFinished(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom("jobs").where("state", "=", "done").where("updated_at", "<", cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Attempts at merging into a job other deliveries keep changing (each attempt is two statements). */
const MERGE_TRIES = 10;

/** What a job's request column holds (rows stored before the generation was kept read it as ""). */
interface StoredRequest {
  request: AuditRequest;
  deliveryIds: string[];
  generation?: string;
}

function storedJob(row: Pick<Selectable<JobsTable>, "id" | "dedup_key" | "request" | "attempts" | "check_run_id">): StoredJob {
  const stored = JSON.parse(row.request) as StoredRequest;
  return {
    id: row.id,
    key: row.dedup_key,
    request: stored.request,
    deliveryIds: stored.deliveryIds,
    generation: stored.generation ?? "",
    attempts: row.attempts,
    checkRunId: row.check_run_id ?? undefined,
  };
}

/** A later event for the same commit adds what it knows: the pull request, an explicit ask, a comment to answer. */
function mergeRequests(job: AuditRequest, request: AuditRequest): AuditRequest {
  return {
    ...job,
    pullRequest: job.pullRequest ?? request.pullRequest,
    explicit: job.explicit || request.explicit,
    replyTo: [...new Set([...job.replyTo, ...request.replyTo])],
  };
}
