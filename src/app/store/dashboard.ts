import { gunzipSync } from "node:zlib";
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { ItemOutcome } from "../../findings/findings.js";
import type { AuditReport } from "../../audit/report-model.js";
import { LruCache } from "../lru.js";
import type { ProfileSummary } from "./migrations.js";
import type { Database } from "./schema.js";

export interface StoredRepository {
  id: number;
  installationId: number;
  fullName: string;
  visibility: string;
  defaultBranch: string | null;
}

export interface ItemState {
  id: string;
  outcome: ItemOutcome;
  weight: number;
}

export interface AuditSummary {
  id: number;
  sha: string;
  score: number;
  level: string;
  finishedAt: number;
  checkRunId: number | null;
  items: ItemState[];
}

/** What an overview needs of an audit besides its numbers, parsed once. Shared between requests: read-only. */
export interface AuditContent {
  items: ItemState[];
  outcomes: Readonly<Record<string, ItemOutcome>>;
  profile: ProfileSummary | null;
}

export type LatestAudit = AuditSummary & AuditContent;

export interface RepositoryState extends StoredRepository {
  latest: LatestAudit | undefined;
}

/** A repository's state at the end of one period (`bucket`, oldest first): the score and level of its last audit by then. */
export interface TrendPoint {
  repositoryId: number;
  bucket: number;
  score: number;
  level: string;
}

/** How far back a repository page's history reaches. */
const HISTORY_LIMIT = 500;
/** Parsed audits kept: the latest of every repository of the largest organisations served. */
const CACHED_AUDITS = 50_000;
/** Ids per query when reading audits' items (under every engine's limit on bound parameters). */
const CONTENT_BATCH = 1_000;
/** Installations whose trend states are held in memory (each up to 14 periods × its repositories). */
const HELD_INSTALLATIONS = 100;
/** Trend states per insert: six parameters each, under every engine's limit on bound parameters. */
const STATES_BATCH = 1_000;

/**
 * The org view's reads. Only default-branch audits make a repository's history: pull requests and
 * other branches are checks on work in progress, not the repository's state.
 */
export class DashboardStore {
  private readonly contents = new LruCache<AuditContent>(CACHED_AUDITS);
  /**
   * The kept trend states last read, by installation, with the stamp of the periods they were
   * read for: a warm overview checks the stamp (one small query) instead of reading them again.
   * Shared between requests: read-only.
   */
  private readonly states = new LruCache<{ stamp: string; states: TrendPoint[] }>(HELD_INSTALLATIONS);

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Every repository of the installation the store knows, with its latest default-branch audit.
   * Audits never change once stored, so their parsed items are kept by id: an overview reads
   * the items (kilobytes a repository) only of audits it has not seen yet.
   */
  async repositories(installationId: number): Promise<RepositoryState[]> {
    // The seek picks an id per repository first; the audit is then read by its key.
    const rows = await sql<RepositoryRow & Partial<Omit<AuditRow, "items">>>`
      select r.repository_id, r.installation_id, r.full_name, r.visibility, r.default_branch,
             a.id, a.sha, a.score, a.level, a.finished_at, a.check_run_id
      from (select r.id as repository_id, r.installation_id, r.full_name, r.visibility, r.default_branch,
                   ${lastAuditBefore(sql.lit(Number.MAX_SAFE_INTEGER))} as audit_id
            from repositories r where r.installation_id = ${installationId}) r
      left join audits a on a.id = r.audit_id`.execute(this.db);
    const ids = rows.rows.flatMap((row) => (typeof row.id === "number" ? [row.id] : []));
    const contents = await this.contentsOf(ids);
    return rows.rows.map((row) => {
      const content = typeof row.id === "number" ? contents.get(row.id) : undefined;
      return {
        ...repository({ ...row, id: row.repository_id }),
        latest: content && { ...numbers(row as Omit<AuditRow, "items">), ...content },
      };
    });
  }

  private async contentsOf(ids: number[]): Promise<Map<number, AuditContent>> {
    const found = new Map<number, AuditContent>();
    const missing: number[] = [];
    for (const id of ids) {
      const cached = this.contents.get(String(id));
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (let start = 0; start < missing.length; start += CONTENT_BATCH) {
      const rows = await this.db
        .selectFrom("audits")
        .select(["id", "items", "profile"])
        .where("id", "in", missing.slice(start, start + CONTENT_BATCH))
        .execute();
      for (const row of rows) {
        const items = JSON.parse(row.items) as ItemState[];
        const content: AuditContent = {
          items,
          outcomes: Object.fromEntries(items.map((i) => [i.id, i.outcome])),
          profile: row.profile ? (JSON.parse(row.profile) as ProfileSummary) : null,
        };
        this.contents.set(String(row.id), content);
        found.set(row.id, content);
      }
    }
    return found;
  }

  /**
   * Each repository's state at each of `ends` (epoch ms, completed periods' ends): its last
   * default-branch audit by then, so a repository not audited lately still counts with the score
   * it has. A state never changes once its period is over, so each installation's states at a
   * period's end are read from the audits once and kept (trend_states); later reads, in this
   * process or after a restart, are one query on that table's key.
   */
  async statesAt(installationId: number, ends: number[]): Promise<TrendPoint[]> {
    if (ends.length === 0) return [];
    let kept = await this.keptPeriods(installationId, ends);
    const missing = ends.filter((end) => !kept.has(end));
    if (missing.length > 0) {
      await this.keepStates(installationId, missing);
      kept = await this.keptPeriods(installationId, ends);
    }
    // Retention or a late audit drops kept periods and they are read again: a new stamp.
    const stamp = ends.map((end) => `${end}@${kept.get(end)}`).join();
    const held = this.states.get(String(installationId));
    if (held?.stamp === stamp) return held.states;
    const bucket = new Map(ends.map((end, b) => [end, b]));
    const rows = await this.db
      .selectFrom("trend_states")
      .select(["repository_id", "period_end", "score", "level"])
      .where("installation_id", "=", installationId)
      .where("period_end", "in", ends)
      .execute();
    const states = rows.map((r) => ({ repositoryId: r.repository_id, bucket: bucket.get(r.period_end) as number, score: r.score, level: r.level }));
    this.states.set(String(installationId), { stamp, states });
    return states;
  }

  /** When each of `ends` that is kept for the installation was read from the audits. */
  private async keptPeriods(installationId: number, ends: number[]): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom("trend_periods")
      .select(["period_end", "kept_at"])
      .where("installation_id", "=", installationId)
      .where("period_end", "in", ends)
      .execute();
    return new Map(rows.map((r) => [r.period_end, r.kept_at]));
  }

  /**
   * Reads the states at `ends` from the audits (one backward index seek per repository and end,
   * on audits_history) and keeps them. Two processes doing this at once write the same rows:
   * the second one's are ignored.
   */
  private async keepStates(installationId: number, ends: number[]): Promise<void> {
    const times = ends.map((end) => sql`(${sql.lit(Math.round(end))})`);
    const rows = await sql<{ repository_id: number; period_end: number; audit_id: number; score: number; level: string }>`
      select t.repository_id, t.period_end, a.id as audit_id, a.score, a.level
      from (select r.id as repository_id, p.column1 as period_end, ${lastAuditBefore(sql.ref("p.column1"))} as audit_id
            from repositories r cross join (values ${sql.join(times)}) as p
            where r.installation_id = ${installationId}) t
      join audits a on a.id = t.audit_id`.execute(this.db);
    const states = rows.rows.map((r) => ({
      installation_id: installationId,
      period_end: Number(r.period_end),
      repository_id: Number(r.repository_id),
      audit_id: Number(r.audit_id),
      score: r.score,
      level: r.level,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < states.length; start += STATES_BATCH) {
        await trx
          .insertInto("trend_states")
          .values(states.slice(start, start + STATES_BATCH))
          .onConflict((c) => c.columns(["installation_id", "period_end", "repository_id"]).doNothing())
          .execute();
      }
      await trx
        .insertInto("trend_periods")
        .values(ends.map((end) => ({ installation_id: installationId, period_end: end, kept_at: Date.now() })))
        .onConflict((c) => c.columns(["installation_id", "period_end"]).doNothing())
        .execute();
    });
  }

  /** A repository by its owner/name as GitHub spells it, in any case. */
  async repositoryNamed(fullName: string): Promise<StoredRepository | undefined> {
    const row = await this.db
      .selectFrom("repositories")
      .select(["id", "installation_id", "full_name", "visibility", "default_branch"])
      .where(sql<string>`lower(full_name)`, "=", fullName.toLowerCase())
      .executeTakeFirst();
    return row && repository(row);
  }

  /** The repository's latest `limit` default-branch audits, oldest first. */
  async auditsOf(stored: StoredRepository, limit = HISTORY_LIMIT): Promise<AuditSummary[]> {
    const rows = await this.history(stored.installationId)
      .where("a.repository_id", "=", stored.id)
      .select(["a.id", "a.repository_id", "a.sha", "a.score", "a.level", "a.finished_at", "a.check_run_id", "a.items"])
      .orderBy("a.id", "desc")
      .limit(limit)
      .execute();
    return rows.map(summary).reverse();
  }

  /** The full report an audit kept, or undefined once retention dropped it. */
  async report(auditId: number): Promise<AuditReport | undefined> {
    const row = await this.db.selectFrom("audits").select("report").where("id", "=", auditId).executeTakeFirst();
    return row?.report ? (JSON.parse(gunzipSync(row.report).toString("utf8")) as AuditReport) : undefined;
  }

  /** The default-branch audits of one repository. */
  private history(installationId: number) {
    const onDefaultBranch = sql<SqlBool>`(a.ref is null or a.ref = 'refs/heads/' || r.default_branch)` as Expression<SqlBool>;
    return this.db
      .selectFrom("audits as a")
      .innerJoin("repositories as r", "r.id", "a.repository_id")
      .where("a.installation_id", "=", installationId)
      .where("a.pull_request_number", "is", null)
      .where(onDefaultBranch);
  }
}

interface RepositoryRow {
  repository_id: number;
  installation_id: number;
  full_name: string;
  visibility: string;
  default_branch: string | null;
}

interface AuditRow {
  id: number;
  sha: string;
  score: number;
  level: string;
  finished_at: number;
  check_run_id: number | null;
  items: string;
}

/**
 * The id of repository r's last default-branch audit finished before `end`: pull requests and
 * other branches left out; a null ref is the default branch (installation backfills, sweeps).
 * A backward seek on audits_history (repository, no pull request, time), with the ref read from the index.
 */
function lastAuditBefore(end: RawBuilder<unknown>) {
  return sql`(select h.id from audits h
    where h.repository_id = r.id and h.pull_request_number is null and h.finished_at < ${end}
      and (h.ref is null or h.ref = 'refs/heads/' || r.default_branch)
    order by h.finished_at desc, h.id desc limit 1)`;
}

function repository(row: { id: number; installation_id: number; full_name: string; visibility: string; default_branch: string | null }): StoredRepository {
  return { id: row.id, installationId: row.installation_id, fullName: row.full_name, visibility: row.visibility, defaultBranch: row.default_branch };
}

function numbers(row: Omit<AuditRow, "items">): Omit<AuditSummary, "items"> {
  return { id: row.id, sha: row.sha, score: row.score, level: row.level, finishedAt: row.finished_at, checkRunId: row.check_run_id };
}

function summary(row: AuditRow): AuditSummary {
  return { ...numbers(row), items: JSON.parse(row.items) as ItemState[] };
}
