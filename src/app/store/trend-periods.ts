import { randomUUID } from "node:crypto";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "./schema.js";

/**
 * The org trend's period: 6 days, on a fixed grid since the epoch. trend_audits stores period
 * ends on this grid, so a different length needs a migration that rebuilds it.
 */
export const TREND_PERIOD_MS = 6 * 24 * 60 * 60_000;

/** A trend_versions row that stands for every period of its installation. */
export const EVERY_PERIOD = 0;

/** The end of the period an instant falls in: the first point of the grid after it. */
export function periodEndOf(at: number): number {
  return Math.floor(at / TREND_PERIOD_MS) * TREND_PERIOD_MS + TREND_PERIOD_MS;
}

/**
 * Keeps in trend_audits, for the audits `which` selects (a condition on `a`, the audits, and
 * `r`, their repositories), each repository's last default-branch audit of each period, unless
 * a later one of that period is there already: the same order as the org trend's "last audit
 * before the period's end" (finish time, then id). One statement for an audit just kept (the
 * worker), a repository rebuilt, or the whole store (the migration's backfill). Two replicas
 * keeping audits of one period at once both end with the later one.
 */
export async function keepTrendAudits(db: Kysely<Database>, which: RawBuilder<unknown>): Promise<void> {
  const period = sql.lit(TREND_PERIOD_MS);
  // A literal divisor: better-sqlite3 binds numbers as reals, and the division must be an integer one.
  const periodEnd = sql`cast(a.finished_at / ${period} as bigint) * ${period} + ${period}`;
  await sql`
    insert into trend_audits (installation_id, repository_id, period_end, audit_id, finished_at, score, level)
    select installation_id, repository_id, period_end, audit_id, finished_at, score, level
    from (select r.installation_id, a.repository_id, ${periodEnd} as period_end, a.id as audit_id, a.finished_at, a.score, a.level,
                 row_number() over (partition by a.repository_id, ${periodEnd} order by a.finished_at desc, a.id desc) as newest
          from audits a join repositories r on r.id = a.repository_id
          where a.pull_request_number is null and (a.ref is null or a.ref = 'refs/heads/' || r.default_branch) and ${which}) t
    where newest = 1
    on conflict (installation_id, repository_id, period_end) do update
      set audit_id = excluded.audit_id, finished_at = excluded.finished_at, score = excluded.score, level = excluded.level
      where excluded.finished_at > trend_audits.finished_at
         or (excluded.finished_at = trend_audits.finished_at and excluded.audit_id > trend_audits.audit_id)`.execute(db);
}

/** Every audit in the store (migration 007's backfill), then planner statistics for what it wrote. */
export async function keepAllTrendAudits(db: Kysely<Database>): Promise<void> {
  await keepTrendAudits(db, sql`true`);
  await sql`analyze trend_audits`.execute(db);
}

/**
 * Marks a period of the installation (or all of them: EVERY_PERIOD) as changed, so a process
 * that holds the states of its completed periods in memory reads them again.
 */
export async function touchTrend(db: Kysely<Database>, installationId: number, periodEnd: number): Promise<void> {
  await db
    .insertInto("trend_versions")
    .values({ installation_id: installationId, period_end: periodEnd, version: randomUUID() })
    .onConflict((c) => c.columns(["installation_id", "period_end"]).doUpdateSet((eb) => ({ version: eb.ref("excluded.version") })))
    .execute();
}
