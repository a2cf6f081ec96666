import { afterEach, describe, expect, test } from "vitest";
import { AuditStore } from "../../src/app/store/audits.js";
import { DashboardStore, type TrendPoint } from "../../src/app/store/dashboard.js";
import { openStore, type Store } from "../../src/app/store/store.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { postgresAvailable, scratchDatabase, scratchDataDir } from "../support/databases.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const engines = [
  { engine: "sqlite", skip: false },
  { engine: "postgres", skip: !(await postgresAvailable()) },
] as const;

/** Two completed periods, ending at 10 s and 20 s. */
const ENDS = [10_000, 20_000];
const API = { id: 77, fullName: "acme/api", visibility: "private", defaultBranch: "main" };
const WEB = { id: 78, fullName: "acme/web", visibility: "private", defaultBranch: "main" };
const OTHER = { id: 90, fullName: "globex/app", visibility: "private", defaultBranch: "main" };

function audit(installationId: number, repository: typeof API, score: number, finishedAt: number) {
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
  };
}

const byKey = (points: TrendPoint[]) => [...points].sort((a, b) => a.repositoryId - b.repositoryId || a.bucket - b.bucket);

describe.each(engines)("the org trend's kept periods on $engine", ({ engine, skip }) => {
  /** A store with acme/api audited at 5 s, 15 s and 25 s, acme/web at 15 s, and another installation's repository. */
  async function seeded(): Promise<{ store: Store; audits: AuditStore; reopen: () => Promise<Store> }> {
    const database = engine === "postgres" ? await scratchDatabase() : undefined;
    if (database) cleanups.push(database.drop);
    const location = { dataDir: scratchDataDir("dashboard-trends"), databaseUrl: database?.url };
    const store = await openStore(location);
    cleanups.push(() => store.close());
    const audits = new AuditStore(store.db);
    await audits.record(audit(1, API, 40, 5_000));
    await audits.record(audit(1, API, 60, 15_000));
    await audits.record(audit(1, API, 80, 25_000));
    await audits.record(audit(1, WEB, 70, 15_000));
    await audits.record(audit(2, OTHER, 90, 5_000));
    const reopen = async () => {
      const again = await openStore(location);
      cleanups.push(() => again.close());
      return again;
    };
    return { store, audits, reopen };
  }

  const kept = (store: Store) => store.db.selectFrom("trend_periods").select(["installation_id", "period_end", "kept_at"]).orderBy("installation_id").orderBy("period_end").execute();
  const states = (store: Store) => store.db.selectFrom("trend_states").select(["installation_id", "repository_id", "period_end"]).orderBy("installation_id").orderBy("repository_id").orderBy("period_end").execute();

  test.skipIf(skip)("each repository's state at a period's end is its last audit by then, read once and kept: a reopened store answers the same", async () => {
    const { store, reopen } = await seeded();
    const first = await new DashboardStore(store.db).statesAt(1, ENDS);
    expect(byKey(first)).toEqual([
      { repositoryId: 77, bucket: 0, score: 40, level: "level 40" },
      { repositoryId: 77, bucket: 1, score: 60, level: "level 60" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
    const periods = await kept(store);
    expect(periods.map((p) => p.period_end)).toEqual(ENDS);
    const warm = new DashboardStore(store.db);
    expect(byKey(await warm.statesAt(1, ENDS))).toEqual(byKey(first));
    expect(byKey(await warm.statesAt(1, ENDS))).toEqual(byKey(first));
    // As after a restart: the kept states, not read from the audits again.
    const cold = new DashboardStore((await reopen()).db);
    expect(byKey(await cold.statesAt(1, ENDS))).toEqual(byKey(first));
    expect(await kept(store)).toEqual(periods);
  });

  test.skipIf(skip)("an audit recorded late, finished before a kept period's end, has that period read again", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    await audits.record(audit(1, WEB, 30, 9_000));
    expect(byKey(await dashboard.statesAt(1, ENDS)).filter((p) => p.repositoryId === 78)).toEqual([
      { repositoryId: 78, bucket: 0, score: 30, level: "level 30" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
  });

  test.skipIf(skip)("removing a repository forgets its kept states; uninstalling forgets the installation's, and no other's", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    await dashboard.statesAt(2, ENDS);
    await audits.forgetRepositories(1, [78]);
    expect(byKey(await dashboard.statesAt(1, ENDS)).map((p) => p.repositoryId)).toEqual([77, 77]);
    expect(await states(store)).toEqual([
      { installation_id: 1, repository_id: 77, period_end: 10_000 },
      { installation_id: 1, repository_id: 77, period_end: 20_000 },
      { installation_id: 2, repository_id: 90, period_end: 10_000 },
      { installation_id: 2, repository_id: 90, period_end: 20_000 },
    ]);
    await audits.forgetInstallation(1);
    expect(await states(store)).toEqual([
      { installation_id: 2, repository_id: 90, period_end: 10_000 },
      { installation_id: 2, repository_id: 90, period_end: 20_000 },
    ]);
    expect((await kept(store)).map((p) => [p.installation_id, p.period_end])).toEqual([
      [2, 10_000],
      [2, 20_000],
    ]);
    expect(await new DashboardStore(store.db).statesAt(1, ENDS)).toEqual([]);
  });

  test.skipIf(skip)("retention deleting an audit a kept period counted has that period read again from what is left; the others stay", async () => {
    const { store, audits } = await seeded();
    const dashboard = new DashboardStore(store.db);
    await dashboard.statesAt(1, ENDS);
    const before = await kept(store);
    // acme/api's audit at 5 s goes (its later ones stay); the other installation's only audit is its latest and stays.
    expect(await audits.prune(12_000)).toBe(1);
    const after = await kept(store);
    expect(after.filter((p) => p.installation_id === 1).map((p) => p.period_end)).toEqual([20_000]);
    expect(byKey(await dashboard.statesAt(1, ENDS))).toEqual([
      { repositoryId: 77, bucket: 1, score: 60, level: "level 60" },
      { repositoryId: 78, bucket: 1, score: 70, level: "level 70" },
    ]);
    expect((await kept(store)).find((p) => p.installation_id === 1 && p.period_end === 20_000)).toEqual(before.find((p) => p.period_end === 20_000));
  });
});
