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
  const { error, results } = await new Migrator({ db, provider: migrationProvider(engine) }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) throw new Error(`the store's schema could not be migrated${failed ? ` (${failed.migrationName})` : ""}: ${(error as Error).message ?? error}`, { cause: error });
}

function sqliteStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = resolve(join(dataDir, SQLITE_FILE));
  const database = new SQLite(file);
  // WAL lets readers (health, metrics) run beside the writer; FULL syncs each commit, so an
  // acknowledged delivery survives a power cut, not only a killed process.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    engine: "sqlite",
    location: file,
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
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
