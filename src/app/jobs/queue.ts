import type { Store } from "../store/store.js";
import type { JobQueue } from "./job-store.js";
import { PgBossJobQueue } from "./pg-boss-queue.js";
import { TableJobQueue } from "./table-queue.js";

export interface QueueSettings {
  /** Set when the store is Postgres: the queue is pg-boss's, in the same database. */
  databaseUrl?: string;
  /** SQLite: a lease renewed while the job runs. Postgres: how long past an audit's budget a dead worker's job waits. */
  leaseMs: number;
  auditTimeoutMs: number;
  /** Runs a job gets, the first included, before its check run is completed as interrupted. */
  attempts: number;
  onError(error: Error): void;
}

/** The store's queue: the jobs table on SQLite (one process), pg-boss on Postgres (replicas). */
export function openJobQueue(store: Store, settings: QueueSettings): JobQueue {
  if (store.engine === "sqlite" || !settings.databaseUrl) return new TableJobQueue(store, settings.leaseMs);
  return new PgBossJobQueue(store, {
    databaseUrl: settings.databaseUrl,
    expireMs: settings.auditTimeoutMs + settings.leaseMs,
    // A job given up after `attempts` is run once more, to complete its check run as interrupted.
    attempts: settings.attempts + 1,
    superviseEveryMs: settings.leaseMs / 2,
    onError: settings.onError,
  });
}
