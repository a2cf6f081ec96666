import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { type Engine, migrationProvider } from "./migrations.js";
import type { Database } from "./schema.js";

export interface StoreOptions {
  /** PostgreSQL, shared by every replica; without it, SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Where a dropped idle Postgres connection is reported (the pool reconnects on the next query). */
  onConnectionError?: (error: Error) => void;
}

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  /**
   * Runs `work` so that what it commits is flushed to disk before it resolves: what a delivery's
   * acknowledgement promises. Other writes (leases, progress, history) may wait for the next
   * flush: after a power cut they are redone, as after a crash.
   */
  durably<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; rejects when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_FILE = "readiness.sqlite";

/** How long a query waits for a Postgres connection before failing (a webhook then gets a 5xx, not a hang). */
const CONNECT_TIMEOUT_MS = 3_000;

/** Opens the store and brings its schema to the latest version (concurrent replicas take turns: Kysely locks the migration). */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? postgresStore(options.databaseUrl, options.onConnectionError) : sqliteStore(options.dataDir);
  try {
    await migrateToLatest(store.db, store.engine);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export async function migrateToLatest(db: Kysely<Database>, engine: Engine): Promise<void> {
  // Migrations written on separate branches land in either order (a store at 005 may later meet
  // 004): each is applied once whenever it arrives, rather than refusing to start.
  const { error, results } = await new Migrator({ db, provider: migrationProvider(engine), allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) throw new Error(`the store's schema could not be migrated${failed ? ` (${failed.migrationName})` : ""}: ${(error as Error).message ?? error}`, { cause: error });
}

function sqliteStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = resolve(join(dataDir, SQLITE_FILE));
  const database = new SQLite(file);
  // WAL lets readers (health, metrics) run beside the writer. better-sqlite3 is synchronous, so a
  // commit's fsync (about 2 ms here, far more on a busy disk) stalls every webhook: commits are
  // written to the WAL without one (NORMAL: a killed process loses nothing), and only the
  // commits an acknowledgement depends on are synced (FULL, in `durably`), so an acknowledged
  // delivery survives a power cut too.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    engine: "sqlite",
    location: file,
    durably: (work) =>
      db.connection().execute(async (connection) => {
        await sql`pragma synchronous = FULL`.execute(connection);
        try {
          return await work(connection);
        } finally {
          await sql`pragma synchronous = NORMAL`.execute(connection);
        }
      }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Postgres bigint (ids, epoch milliseconds) as numbers: every value the app keeps is below 2^53. */
const BIGINT_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === BIGINT_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function postgresStore(databaseUrl: string, onConnectionError?: (error: Error) => void): Store {
  const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10, types });
  // A connection dropped by the server (a restart, a failover) must not crash the process. The
  // pool reports an idle client's error once and then lets go of it, but the client can emit
  // another (the reset, then the read error): without a listener of its own that one would be
  // an unhandled 'error' event. The query in flight, if any, fails on its own.
  pool.on("error", (error) => onConnectionError?.(error));
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(databaseUrl);
  return {
    db,
    engine: "postgres",
    location: `postgres://${url.host}${url.pathname}`,
    // Every Postgres commit is flushed before it returns (synchronous_commit, the server's default).
    durably: (work) => work(db),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
