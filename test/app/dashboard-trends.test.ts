import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import SQLite from "better-sqlite3";
import pg from "pg";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type AuditRecord, AuditStore } from "../../src/app/store/audits.js";
import { DashboardStore, type TrendPoint } from "../../src/app/store/dashboard.js";
import { migrationProvider } from "../../src/app/store/migrations.js";
import type { Database } from "../../src/app/store/schema.js";
import { openStore, SQLITE_FILE, type Store } from "../../src/app/store/store.js";
import { TREND_PERIOD_MS } from "../../src/app/store/trend-periods.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { periodEnds } from "../../src/app/web/trend.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const engines = [
  { engine: "sqlite", skip: false },
  { engine: "postgres", skip: !(await postgresAvailable()) },
] as const;

const P = TREND_PERIOD_MS;
/** Two completed periods of the trend's grid, ending at P and 2P. */
const ENDS = [P, 2 * P];
const API = { id: 77, fullName: "acme/api", visibility: "private", defaultBranch: "main" };
const WEB = { id: 78, fullName: "acme/web", visibility: "private", defaultBranch: "main" };
const OTHER = { id: 90, fullName: "globex/app", visibility: "private", defaultBranch: "main" };

type Repository = { id: number; fullName: string; visibility: string; defaultBranch?: string };

function audit(installationId: number, repository: Repository, score: number, finishedAt: number, more: Partial<AuditRecord> = {}): AuditRecord {
  return {
    installationId,
    repository,
    sha: `${score}`.padStart(40, "0"),
    ref: "refs/heads/main",
    trigger: "push",
    report: { score, level: `level ${score}`, conclusion: "success", categories: [], items: [] } as unknown as AuditReport,
    checklistDigest: "c",
    configDigest: "k",
    durationMs: 1,
    githubRequests: 1,
    startedAt: finishedAt - 1,
    finishedAt,
    ...more,
  };
}

const byKey = (points: TrendPoint[]) => [...points].sort((a, b) => a.repositoryId - b.repositoryId || a.bucket - b.bucket);

/**
 * What 006 computed on the first overview, from the audits themselves: each repository of the
 * installation, at each end, its last default-branch audit finished before it (latest finish,
 * then highest id), pull requests and other branches left out, a null ref being the default branch.
 */
async function fromTheAudits(db: Kysely<Database>, installationId: number, ends: number[]): Promise<TrendPoint[]> {
  const repositories = await db.selectFrom("repositories").select(["id", "default_branch"]).where("installation_id", "=", installationId).execute();
  const audits = await db.selectFrom("audits").select(["id", "repository_id", "ref", "pull_request_number", "finished_at", "score", "level"]).execute();
  const points: TrendPoint[] = [];
  for (const repository of repositories) {
    const history = audits
      .filter((a) => a.repository_id === repository.id && a.pull_request_number === null && (a.ref === null || a.ref === `refs/heads/${repository.default_branch}`))
      .sort((a, b) => a.finished_at - b.finished_at || a.id - b.id);
    ends.forEach((end, bucket) => {
      const last = history.filter((a) => a.finished_at < end).at(-1);
      if (last) points.push({ repositoryId: repository.id, bucket, score: last.score, level: last.level });
    });
  }
  return byKey(points);
}

/** Each repository's last default-branch audit, as the overview's seek on the audits found it before the trend was kept. */
async function lastAudits(db: Kysely<Database>, installationId: number): Promise<Map<number, number>> {
  const points = await fromTheAudits(db, installationId, [Number.MAX_SAFE_INTEGER]);
  const audits = await db.selectFrom("audits").select(["id", "repository_id", "ref", "pull_request_number", "finished_at", "score"]).execute();
  const repositories = new Map((await db.selectFrom("repositories").select(["id", "default_branch"]).execute()).map((r) => [r.id, r.default_branch]));
  const last = new Map<number, number>();
  for (const point of points) {
    const history = audits
      .filter((a) => a.repository_id === point.repositoryId && a.pull_request_number === null && (a.ref === null || a.ref === `refs/heads/${repositories.get(a.repository_id)}`))
      .sort((a, b) => a.finished_at - b.finished_at || a.id - b.id);
    last.set(point.repositoryId, (history.at(-1) as { id: number }).id);
  }
  return last;
}

describe.each(engines)("the org trend's periods on $engine", ({ engine, skip }) => {
  async function location() {
    const database = engine === "postgres" ? await scratchDatabase() : undefined;
    if (database) cleanups.push(database.drop);
    return { dataDir: scratchDataDir("dashboard-trends"), databaseUrl: database?.url };
  }

  async function open(where: Awaited<ReturnType<typeof location>>): Promise<Store> {
    const store = await openStore(where);
    cleanups.push(() => store.close());
    return store;
  }

  /** A store with acme/api audited at 0.5, 1.5 and 2.5 periods, acme/web at 1.5, and another installation's repository. */
  async function seeded(): Promise<{ store: Store; audits: AuditStore; reopen: () => Promise<Store> }> {
    const where = await location();
    const store = await open(where);
    const audits = new AuditStore(store.db);
    await audits.record(audit(1, API, 40, 0.5 * P));
    await audits.record(audit(1, API, 60, 1.5 * P));
    await audits.record(audit(1, API, 80, 2.5 * P));
    await audits.record(audit(1, WEB, 70, 1.5 * P));
    await audits.record(audit(2, OTHER, 90, 0.5 * P));
    return { store, audits, reopen: () => open(where) };
  }

  /** The store's schema as 006 left it, in a database of its own; `db` writes as a 006 app did. */
  async function atVersion006(): Promise<{ db: Kysely<Database>; where: Awaited<ReturnType<typeof location>> }> {
    const where = await location();
    const db =
      engine === "postgres"
        ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: where.databaseUrl, max: 2 }) }) })
        : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(join(where.dataDir, SQLITE_FILE)) }) });
    cleanups.push(() => db.destroy());
    expect((await new Migrator({ db, provider: migrationProvider(engine) }).migrateTo("006_dashboard_trends")).error).toBeUndefined();
    return { db, where };
  }

  test.skipIf(skip)("each repository's state at a period's end is its last audit by then, kept as the audits are: a reopened store answers the same", async () => {
    const { store, reopen } = await seeded();
    const first = await new DashboardStore(store.db).statesAt(1, ENDS);
    expect(byKey(first)).toEqual([
      { repositoryId: 77, bucket: 0, score: 40, level: "level 40" },
      { repositoryId: 77, bucket: 1, score: 60, level: "level 60" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
    expect(byKey(first)).toEqual(await fromTheAudits(store.db, 1, ENDS));
    const warm = new DashboardStore(store.db);
    expect(byKey(await warm.statesAt(1, ENDS))).toEqual(byKey(first));
    expect(byKey(await warm.statesAt(1, ENDS))).toEqual(byKey(first));
    // As after a restart: the same, from what the store keeps.
    const cold = new DashboardStore((await reopen()).db);
    expect(byKey(await cold.statesAt(1, ENDS))).toEqual(byKey(first));
  });

  test.skipIf(skip)("a history of branches, pull requests, ties and audits recorded out of order gives what the audits themselves give, at every end, before and after a restart", async () => {
    const where = await location();
    const store = await open(where);
    const audits = new AuditStore(store.db);
    const repositories: Repository[] = Array.from({ length: 6 }, (_, r) => ({ id: 500 + r, fullName: `acme/r${r}`, visibility: "private", defaultBranch: r === 5 ? "trunk" : "main" }));
    // A deterministic walk: audits every 0.3 to 2.7 periods, some on other branches, some of pull
    // requests, some with no ref, some finished at the same instant, some recorded late.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const records: AuditRecord[] = [];
    for (const repository of repositories) {
      let at = Math.floor(next() * P);
      for (let n = 0; n < 12; n++) {
        const kind = Math.floor(next() * 6);
        const more: Partial<AuditRecord> =
          kind === 0 ? { ref: "refs/heads/feature" } : kind === 1 ? { ref: "refs/pull/3/head", pullRequestNumber: 3 } : kind === 2 ? { ref: undefined } : { ref: `refs/heads/${repository.defaultBranch}` };
        records.push(audit(1, repository, Math.floor(next() * 100), at, { ...more, sha: `${repository.id}-${n}`.padStart(40, "0") }));
        if (kind === 3) records.push(audit(1, repository, Math.floor(next() * 100), at, { ref: `refs/heads/${repository.defaultBranch}`, sha: `${repository.id}-${n}-tie`.padStart(40, "0") }));
        at += Math.floor((0.3 + next() * 2.4) * P);
      }
    }
    // Exactly on a period's end: it counts for the next period.
    records.push(audit(1, repositories[0] as Repository, 33, 4 * P));
    const late = records.filter((_, i) => i % 7 === 3);
    for (const record of records.filter((r) => !late.includes(r))) await audits.record(record);
    for (const record of late) await audits.record(record);
    const last = Math.max(...records.map((r) => r.finishedAt));
    const ends = periodEnds(last + P).slice(0, -1);
    const dashboard = new DashboardStore(store.db);
    const expected = await fromTheAudits(store.db, 1, ends);
    expect(expected.length).toBeGreaterThan(40);
    expect(byKey(await dashboard.statesAt(1, ends))).toEqual(expected);
    // Every window of the grid: each end takes its state from the rows up to it.
    for (const shift of [0, 3, 9]) {
      const shifted = ends.map((end) => end - shift * P);
      expect(byKey(await dashboard.statesAt(1, shifted))).toEqual(await fromTheAudits(store.db, 1, shifted));
    }
    expect(byKey(await new DashboardStore((await open(where)).db).statesAt(1, ends))).toEqual(expected);
    // The overview's latest audit of each repository is the one kept for its latest period.
    const latest = (await dashboard.repositories(1)).map((r) => [r.id, r.latest?.id] as const);
    expect(new Map(latest)).toEqual(await lastAudits(store.db, 1));
    expect(latest.map(([id]) => id)).toEqual(repositories.map((r) => r.id));
  });

  test.skipIf(skip)("an audit in the open period does not disturb the completed ones; once its period is over, the new end counts it", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    // Now is 2.6 periods in: ends at P and 2P are completed, 3P is open.
    await dashboard.statesAt(1, periodEnds(2.6 * P).slice(-3, -1));
    await audits.record(audit(1, WEB, 55, 2.7 * P));
    await audits.record(audit(1, API, 85, 2.8 * P));
    const before = byKey(await dashboard.statesAt(1, [P, 2 * P]));
    expect(before).toEqual(await fromTheAudits(store.db, 1, [P, 2 * P]));
    expect(before.filter((p) => p.bucket === 1).map((p) => p.score)).toEqual([60, 70]);
    // The clock passes 3P: the period that was open is completed, and holds the last audit of each repository in it.
    const after = byKey(await dashboard.statesAt(1, [2 * P, 3 * P]));
    expect(after.filter((p) => p.bucket === 1)).toEqual([
      { repositoryId: 77, bucket: 1, score: 85, level: "level 85" },
      { repositoryId: 78, bucket: 1, score: 55, level: "level 55" },
    ]);
    expect(after).toEqual(await fromTheAudits(store.db, 1, [2 * P, 3 * P]));
    // A period with no audit of a repository carries its last state on.
    expect(byKey(await dashboard.statesAt(1, [4 * P, 5 * P])).filter((p) => p.repositoryId === 78)).toEqual([
      { repositoryId: 78, bucket: 0, score: 55, level: "level 55" },
      { repositoryId: 78, bucket: 1, score: 55, level: "level 55" },
    ]);
  });

  test.skipIf(skip)("an audit recorded late, finished before a completed period's end, changes the states a process holds", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    await audits.record(audit(1, WEB, 30, 0.9 * P));
    expect(byKey(await dashboard.statesAt(1, ENDS)).filter((p) => p.repositoryId === 78)).toEqual([
      { repositoryId: 78, bucket: 0, score: 30, level: "level 30" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
    // An earlier audit of a period already kept does not replace its later one.
    await audits.record(audit(1, WEB, 20, 0.8 * P));
    expect(byKey(await dashboard.statesAt(1, ENDS))).toEqual(await fromTheAudits(store.db, 1, ENDS));
  });

  test.skipIf(skip)("a renamed repository keeps its trend; a new default branch has its trend read again from that branch's audits", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    const before = byKey(await dashboard.statesAt(1, ENDS));
    await audits.updateRepository(1, { ...API, fullName: "acme/api-renamed" }, 3 * P);
    expect(byKey(await dashboard.statesAt(1, ENDS))).toEqual(before);
    await audits.record(audit(1, WEB, 15, 0.2 * P, { ref: "refs/heads/next" }));
    await audits.updateRepository(1, { ...WEB, defaultBranch: "next" }, 3 * P);
    expect(byKey(await dashboard.statesAt(1, ENDS)).filter((p) => p.repositoryId === 78)).toEqual([
      { repositoryId: 78, bucket: 0, score: 15, level: "level 15" },
      { repositoryId: 78, bucket: 1, score: 15, level: "level 15" },
    ]);
    expect(byKey(await dashboard.statesAt(1, ENDS))).toEqual(await fromTheAudits(store.db, 1, ENDS));
  });

  test.skipIf(skip)("a repository moved to another installation takes its trend with it", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    await dashboard.statesAt(2, ENDS);
    await audits.updateRepository(2, WEB, 3 * P);
    expect(byKey(await dashboard.statesAt(1, ENDS)).map((p) => p.repositoryId)).toEqual([77, 77]);
    expect(byKey(await dashboard.statesAt(2, ENDS))).toEqual(await fromTheAudits(store.db, 2, ENDS));
    expect(byKey(await dashboard.statesAt(2, ENDS)).map((p) => p.repositoryId)).toEqual([78, 90, 90]);
  });

  test.skipIf(skip)("removing a repository forgets its trend; uninstalling forgets the installation's, and no other's", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    await dashboard.statesAt(2, ENDS);
    await audits.forgetRepositories(1, [78]);
    expect(byKey(await dashboard.statesAt(1, ENDS)).map((p) => p.repositoryId)).toEqual([77, 77]);
    const kept = () => store.db.selectFrom("trend_audits").select(["installation_id", "repository_id", "period_end"]).orderBy("installation_id").orderBy("repository_id").orderBy("period_end").execute();
    expect(await kept()).toEqual([
      { installation_id: 1, repository_id: 77, period_end: P },
      { installation_id: 1, repository_id: 77, period_end: 2 * P },
      { installation_id: 1, repository_id: 77, period_end: 3 * P },
      { installation_id: 2, repository_id: 90, period_end: P },
    ]);
    await audits.forgetInstallation(1);
    expect(await kept()).toEqual([{ installation_id: 2, repository_id: 90, period_end: P }]);
    expect(await store.db.selectFrom("trend_versions").select("installation_id").distinct().execute()).toEqual([{ installation_id: 2 }]);
    expect(await dashboard.statesAt(1, ENDS)).toEqual([]);
    expect(byKey(await dashboard.statesAt(2, ENDS)).map((p) => p.repositoryId)).toEqual([90, 90]);
  });

  test.skipIf(skip)("retention deleting the audit a period kept has the period take what is left of it; the others stay", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await audits.record(audit(1, API, 38, 0.4 * P, { ref: undefined }));
    await dashboard.statesAt(1, ENDS);
    // acme/api's audit at 0.5 P goes (its later ones stay); its audit with no ref is the latest of
    // that ref and stays, and takes the period. The other installation's only audit is its latest.
    expect(await audits.prune(1.2 * P)).toBe(1);
    const states = byKey(await dashboard.statesAt(1, ENDS));
    expect(states).toEqual([
      { repositoryId: 77, bucket: 0, score: 38, level: "level 38" },
      { repositoryId: 77, bucket: 1, score: 60, level: "level 60" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
    expect(states).toEqual(await fromTheAudits(store.db, 1, ENDS));
    expect(byKey(await dashboard.statesAt(2, ENDS)).map((p) => p.score)).toEqual([90, 90]);
  });

  test.skipIf(skip)("a store of 006 with audits is given its trend by the migration: the first overview shows what 006 showed, and later audits keep it", async () => {
    const { db, where } = await atVersion006();
    await db.insertInto("repositories").values([API, WEB].map((r) => ({ id: r.id, installation_id: 1, full_name: r.fullName, visibility: r.visibility, default_branch: "main", updated_at: 1 }))).execute();
    const rows: [number, number, string | null, number | null, number][] = [
      [77, 40, "refs/heads/main", null, 0.5 * P],
      [77, 45, "refs/heads/main", null, 0.5 * P],
      [77, 60, null, null, 1.5 * P],
      [77, 99, "refs/pull/1/head", 1, 1.7 * P],
      [78, 70, "refs/heads/main", null, 1.5 * P],
      [78, 10, "refs/heads/gh-pages", null, 1.9 * P],
    ];
    for (const [repository, score, ref, pullRequest, finishedAt] of rows) {
      await sql`insert into audits (installation_id, repository_id, sha, ref, trigger, pull_request_number, score, level, conclusion, category_scores, items, checklist_digest, config_digest, duration_ms, github_requests, started_at, finished_at)
        values (1, ${repository}, ${`${score}`.padStart(40, "0")}, ${ref}, 'push', ${pullRequest}, ${score}, ${`level ${score}`}, 'success', '{}', '[]', 'c', 'c', 1, 1, 1, ${finishedAt})`.execute(db);
    }
    const store = await open(where);
    const expected = await fromTheAudits(store.db, 1, ENDS);
    expect(expected.map((p) => p.score)).toEqual([45, 60, 70]);
    expect(byKey(await new DashboardStore(store.db).statesAt(1, ENDS))).toEqual(expected);
    await new AuditStore(store.db).record(audit(1, API, 65, 1.8 * P, { ref: undefined }));
    expect(byKey(await new DashboardStore(store.db).statesAt(1, [...ENDS, 3 * P]))).toEqual(await fromTheAudits(store.db, 1, [...ENDS, 3 * P]));
  });
});
