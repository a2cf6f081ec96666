import type { Kysely } from "kysely";
import type { Engine } from "../store/migrations.js";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { AuditRequest } from "../audit-request.js";

/** A job as a worker holds it: the request and every delivery that asked for it. */
export interface StoredJob {
  id: number;
  key: string;
  request: AuditRequest;
  deliveryIds: string[];
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
  /** Jobs leased by a worker that stopped renewing them: the next claim takes them over. */
  expiredLeases: number;
}

/**
 * The key that makes "a commit is audited once however many events name it" hold across
 * processes: a unique index over it. Explicit re-runs and default-branch backfills (whose commit
 * is not known yet) are keyed by their delivery, so each runs once however often it is redelivered.
 */
export function jobKey(request: AuditRequest, checklistDigest: string): string {
  const repository = `${request.installationId}:${request.repository.id}`;
  if (request.explicit) return `${repository}:rerun:${request.deliveryId}`;
  if (!request.headSha) return `${repository}:default-branch:${request.deliveryId}`;
  return `${repository}:${request.headSha}:${checklistDigest}`;
}

/** Jobs in the store: the queue every replica shares. Leases are claimed with SKIP LOCKED on Postgres. */
export class JobStore {
  private readonly db: Kysely<Database>;
  private readonly engine: Engine;

  constructor(
    private readonly store: Pick<Store, "db" | "engine" | "durably">,
    private readonly clock: () => number = Date.now,
  ) {
    this.db = store.db;
    this.engine = store.engine;
  }

  /** Stores the request (the caller acknowledges the delivery only after this resolves). */
  async enqueue(request: AuditRequest, key: string): Promise<EnqueueResult> {
    const now = this.clock();
    // A commit not seen before is one statement: one round trip, one commit, flushed to disk.
    const inserted = await this.store.durably((db) =>
      db
        .insertInto("jobs")
        .values({
          dedup_key: key,
          installation_id: request.installationId,
          repository_id: request.repository.id,
          head_sha: request.headSha ?? null,
          request: JSON.stringify({ request, deliveryIds: [request.deliveryId] }),
          state: "queued",
          attempts: 0,
          lease_until: 0,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column("dedup_key").doNothing())
        .returning("id")
        .executeTakeFirst(),
    );
    if (inserted) return "queued";
    // A later event for a stored commit merges into its job: compare-and-swap on the request
    // column, so concurrent events for one commit neither wait on a row lock nor lose a merge.
    for (let attempt = 1; attempt <= MERGE_TRIES; attempt++) {
      const seen = await this.db.selectFrom("jobs").select(["id", "state", "request"]).where("dedup_key", "=", key).executeTakeFirstOrThrow();
      const stored = JSON.parse(seen.request) as StoredRequest;
      if (stored.deliveryIds.includes(request.deliveryId)) return "redelivery";
      if (seen.state === "done") return "already-audited";
      const merged = JSON.stringify({ request: mergeRequests(stored.request, request), deliveryIds: [...stored.deliveryIds, request.deliveryId] });
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

  /** Leases the oldest job that is waiting, or whose lease expired, to `worker` for `leaseMs`. */
  async claim(worker: string, leaseMs: number): Promise<StoredJob | undefined> {
    const now = this.clock();
    const row = await this.db
      .updateTable("jobs")
      .set((eb) => ({ state: "running", lease_owner: worker, lease_until: now + leaseMs, attempts: eb("attempts", "+", 1), updated_at: now }))
      .where("id", "=", (eb) =>
        eb
          .selectFrom("jobs")
          .select("id")
          .where((w) => w.or([w("state", "=", "queued"), w.and([w("state", "=", "running"), w("lease_until", "<", now)])]))
          .orderBy("id")
          .limit(1)
          .$if(this.engine === "postgres", (q) => q.forUpdate().skipLocked()),
      )
      .returning(["id", "dedup_key", "request", "attempts", "check_run_id"])
      .executeTakeFirst();
    if (!row) return undefined;
    const stored = JSON.parse(row.request) as StoredRequest;
    return { id: row.id, key: row.dedup_key, request: stored.request, deliveryIds: stored.deliveryIds, attempts: row.attempts, checkRunId: row.check_run_id ?? undefined };
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

  async finish(id: number, worker: string): Promise<void> {
    await this.db
      .updateTable("jobs")
      .set({ state: "done", lease_owner: null, lease_until: 0, updated_at: this.clock() })
      .where("id", "=", id)
      .where("lease_owner", "=", worker)
      .execute();
  }

  /**
   * Jobs left running by an earlier process on this SQLite file: one process owns the file, so
   * they are orphans now and need not wait for their leases to run out.
   */
  async releaseOrphans(): Promise<number> {
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

  /** Forgets finished jobs (and so their dedup keys) older than `cutoff`. */
  async pruneFinished(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom("jobs").where("state", "=", "done").where("updated_at", "<", cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Attempts at merging into a job other deliveries keep changing (each attempt is two statements). */
const MERGE_TRIES = 10;

/** What a job's request column holds. */
interface StoredRequest {
  request: AuditRequest;
  deliveryIds: string[];
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
