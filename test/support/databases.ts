import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * PostgreSQL for the suites that run on both engines. CI (and these machines) run it on
 * 127.0.0.1:5432 with trust auth; a laptop without it runs the SQLite half and is told how to
 * run the rest. REQUIRE_POSTGRES=1 (set by .ci/run) turns "skipped" into a failure.
 */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const HOW_TO_RUN = `start PostgreSQL on 127.0.0.1:5432 (trust auth, database "test") or set TEST_DATABASE_URL, then run npm test again; bash .ci/run runs both suites`;

let available: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch (error) {
      if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`PostgreSQL is required (REQUIRE_POSTGRES=1) but unreachable at ${POSTGRES_URL}: ${(error as Error).message}`);
      console.warn(`Postgres suite skipped: no PostgreSQL at ${POSTGRES_URL} (${(error as Error).message}). To run it, ${HOW_TO_RUN}.`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

/** A database of its own for one suite, so parallel runs never meet; `drop()` removes it. */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `readiness_${randomBytes(6).toString("hex")}`;
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const dataDirs: string[] = [];
process.once("exit", () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A folder for a SQLite store: under the test run's folder (test/support/data-root.ts removes it
 * when the run ends), else (a benchmark) removed when the process exits.
 */
export function scratchDataDir(label: string): string {
  const root = process.env.READINESS_TEST_DATA_ROOT;
  const dir = mkdtempSync(join(root ?? tmpdir(), `readiness-${label}-`));
  if (!root) dataDirs.push(dir);
  return dir;
}
