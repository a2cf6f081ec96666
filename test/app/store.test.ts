import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import SQLite from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { AuditStore } from "../../src/app/store/audits.js";
import { DashboardStore } from "../../src/app/store/dashboard.js";
import { type Engine, migrationProvider, migrations } from "../../src/app/store/migrations.js";
import type { Database } from "../../src/app/store/schema.js";
import { migrateToLatest, openStore, SQLITE_FILE } from "../../src/app/store/store.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A bare database of each engine, before the app opened it. */
const engines: { engine: Engine; skip?: boolean; blank(): Promise<{ db: Kysely<Database>; settings: { databaseUrl?: string; dataDir: string } }> }[] = [
  {
    engine: "sqlite",
    async blank() {
      const dataDir = scratchDataDir("migrations");
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(join(dataDir, SQLITE_FILE)) }) });
      cleanups.push(() => db.destroy());
      return { db, settings: { dataDir } };
    },
  },
  {
    engine: "postgres",
    skip: !(await postgresAvailable()),
    async blank() {
      const database = await scratchDatabase();
      cleanups.push(database.drop);
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }) });
      cleanups.push(() => db.destroy());
      return { db, settings: { databaseUrl: database.url, dataDir: "unused" } };
    },
  },
];

const REPOSITORY = { id: 77, fullName: "acme/api", visibility: "private", defaultBranch: "main" };

function report(score: number): AuditReport {
  return {
    score,
    level: "bronze",
    conclusion: "failure",
    categories: [{ id: "testing", score: 50 }],
    items: [{ id: "testing.tests-present", outcome: "pass", weight: 3 }],
    claims: { summary: { supported: 1, unsupported: 2 } },
  } as unknown as AuditReport;
}

function audit(sha: string, finishedAt: number, ref = "refs/heads/main") {
  return {
    installationId: 1,
    repository: REPOSITORY,
    sha,
    ref,
    trigger: "push",
    report: report(50),
    checklistDigest: "c",
    configDigest: "k",
    durationMs: 1200,
    githubRequests: 5,
    checkRunId: 9,
    startedAt: finishedAt - 1200,
    finishedAt,
  };
}

describe.each(engines)("the store's schema on $engine", ({ engine, skip, blank }) => {
  test.skipIf(skip)("migrates an empty database to the latest version, and again is a no-op", async () => {
    const { db, settings } = await blank();
    const store = await openStore(settings);
    cleanups.push(() => store.close());
    await migrateToLatest(store.db, store.engine);
    const applied = await new Migrator({ db, provider: migrationProvider(engine) }).getMigrations();
    expect(applied.map((m) => [m.name, m.executedAt !== undefined])).toEqual(Object.keys(migrations(engine)).map((name) => [name, true]));
  });

  test.skipIf(skip)("migrates a database at the previous version, keeping its queued jobs", async () => {
    const { db, settings } = await blank();
    const previous = Object.keys(migrations(engine)).at(-2) as string;
    const { error } = await new Migrator({ db, provider: migrationProvider(engine) }).migrateTo(previous);
    expect(error).toBeUndefined();
    await db
      .insertInto("jobs")
      .values({ dedup_key: "k", installation_id: 1, repository_id: 77, head_sha: "a".repeat(40), request: "{}", state: "queued", attempts: 0, lease_until: 0, created_at: 1, updated_at: 1 })
      .execute();
    const store = await openStore(settings);
    cleanups.push(() => store.close());
    expect(await store.db.selectFrom("jobs").select(["dedup_key", "state"]).execute()).toEqual([{ dedup_key: "k", state: "queued" }]);
    expect(await store.db.selectFrom("audits").selectAll().execute()).toEqual([]);
  });

  test.skipIf(skip)("keeps each audit's numbers and its compressed report; retention keeps the latest of each ref; uninstalling forgets", async () => {
    const { settings } = await blank();
    const store = await openStore(settings);
    cleanups.push(() => store.close());
    const audits = new AuditStore(store.db);
    await audits.record(audit("a".repeat(40), 1_000));
    await audits.record(audit("b".repeat(40), 2_000));
    await audits.record(audit("c".repeat(40), 3_000, "refs/pull/4/head"));
    const [row] = await store.db.selectFrom("audits").selectAll().orderBy("id").execute();
    expect(row).toMatchObject({ installation_id: 1, repository_id: 77, score: 50, level: "bronze", conclusion: "failure", duration_ms: 1200, github_requests: 5, check_run_id: 9 });
    expect(JSON.parse(row?.category_scores as string)).toEqual({ testing: 50 });
    expect(JSON.parse(row?.items as string)).toEqual([{ id: "testing.tests-present", outcome: "pass", weight: 3 }]);
    expect(JSON.parse(gunzipSync(row?.report as Uint8Array).toString())).toMatchObject({ score: 50 });
    expect(await store.db.selectFrom("repositories").select(["full_name", "default_branch"]).execute()).toEqual([{ full_name: "acme/api", default_branch: "main" }]);

    expect(await audits.prune(10_000)).toBe(1);
    expect((await store.db.selectFrom("audits").select("sha").orderBy("id").execute()).map((r) => r.sha[0])).toEqual(["b", "c"]);

    await audits.updateRepository(1, { ...REPOSITORY, fullName: "acme/renamed", defaultBranch: undefined }, 4_000);
    expect(await store.db.selectFrom("repositories").select(["full_name", "default_branch"]).execute()).toEqual([{ full_name: "acme/renamed", default_branch: "main" }]);
    await audits.forgetInstallation(1);
    expect(await store.db.selectFrom("audits").selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom("repositories").selectAll().execute()).toEqual([]);
  });

  test.skipIf(skip)("004 gives the latest audits stored before it their profile, from their reports, for the dashboard", async () => {
    const { db, settings } = await blank();
    expect((await new Migrator({ db, provider: migrationProvider(engine) }).migrateTo("003_sweeps")).error).toBeUndefined();
    const stored = { ...report(60), profile: { kind: "service", languages: ["go"] } } as AuditReport;
    await db.insertInto("repositories").values({ id: 77, installation_id: 1, full_name: "acme/api", visibility: "private", default_branch: "main", updated_at: 1 }).execute();
    // The 003 schema has no profile column: the row goes in as a 003 app wrote it.
    await sql`insert into audits (installation_id, repository_id, sha, ref, trigger, score, level, conclusion, category_scores, items, checklist_digest, config_digest, duration_ms, github_requests, started_at, finished_at, report)
      values (1, 77, ${"a".repeat(40)}, 'refs/heads/main', 'push', 60, 'Bronze', 'failure', '{}', '[]', 'c', 'c', 1, 1, 1, 1000, ${gzipSync(JSON.stringify(stored))})`.execute(db);
    const store = await openStore(settings);
    cleanups.push(() => store.close());
    const [repository] = await new DashboardStore(store.db).repositories(1);
    expect(repository?.latest?.profile).toEqual({ kind: "service", languages: ["go"] });
  });
});

test("on SQLite only what an acknowledgement depends on is flushed to disk before it returns", async () => {
  const store = await openStore({ dataDir: scratchDataDir("durable") });
  cleanups.push(() => store.close());
  const synchronous = async (db: Kysely<Database>) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous;
  const FULL = 2;
  const NORMAL = 1;
  expect(await synchronous(store.db)).toBe(NORMAL);
  expect(await store.durably(synchronous)).toBe(FULL);
  expect(await synchronous(store.db)).toBe(NORMAL);
});
