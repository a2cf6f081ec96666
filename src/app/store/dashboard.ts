import { gunzipSync } from "node:zlib";
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
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

/** An audit's items, parsed once, as the overview reads them. Shared between requests: read-only. */
export interface AuditItems {
  items: ItemState[];
  outcomes: Readonly<Record<string, ItemOutcome>>;
  /** The ids of the items that fail, in the audit's order. */
  failing: readonly string[];
}

/** A repository's latest audit: its numbers and profile; its items are read apart (`itemsOf`), for the repositories that need them. */
export interface LatestAudit extends Omit<AuditSummary, "items"> {
  /** Shared between requests: read-only. */
  profile: ProfileSummary | null;
}

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

/**
 * The org view's reads. Only default-branch audits make a repository's history: pull requests and
 * other branches are checks on work in progress, not the repository's state.
 */
export class DashboardStore {
  private readonly contents = new LruCache<AuditItems>(CACHED_AUDITS);
  private readonly profiles = new LruCache<{ profile: ProfileSummary | null }>(CACHED_AUDITS);
  /**
   * The trend states last read, by installation, with the ends and the versions of the periods
   * they were read for: a warm overview checks those (one small query) instead of reading them
   * again. Shared between requests: read-only.
   */
  private readonly states = new LruCache<{ stamp: string; states: TrendPoint[] }>(HELD_INSTALLATIONS);

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Every repository of the installation the store knows, with its latest default-branch audit,
   * in order of name (the overview sorts by name by default: sorting what is nearly in order is cheap).
   * Its items (kilobytes an audit) are not read here: see `itemsOf`.
   */
  async repositories(installationId: number): Promise<RepositoryState[]> {
    // The latest default-branch audit is the one kept for the repository's latest trend period:
    // a seek on that small table's key per repository, rather than on the audits' index (whose
    // pages, and the audits' own to check visibility, are many and rarely cached after a restart);
    // the audit is then read by its key.
    const rows = await sql<RepositoryRow & Partial<Omit<AuditRow, "items"> & { profile: string | null }>>`
      select r.repository_id, r.installation_id, r.full_name, r.visibility, r.default_branch,
             a.id, a.sha, a.score, a.level, a.finished_at, a.check_run_id, a.profile
      from (select r.id as repository_id, r.installation_id, r.full_name, r.visibility, r.default_branch,
                   (select t.audit_id from trend_audits t where t.installation_id = r.installation_id and t.repository_id = r.id
                    order by t.period_end desc limit 1) as audit_id
            from repositories r where r.installation_id = ${installationId}) r
      left join audits a on a.id = r.audit_id
      order by r.full_name`.execute(this.db);
    return rows.rows.map((row) => ({
      ...repository({ ...row, id: row.repository_id }),
      latest: typeof row.id === "number" ? { ...numbers(row as Omit<AuditRow, "items">), profile: this.profileOf(row.id, row.profile ?? null) } : undefined,
    }));
  }

  /** Audits never change once stored: a profile is parsed once per audit. */
  private profileOf(auditId: number, column: string | null): ProfileSummary | null {
    const cached = this.profiles.get(String(auditId));
    if (cached) return cached.profile;
    const profile = column ? (JSON.parse(column) as ProfileSummary) : null;
    this.profiles.set(String(auditId), { profile });
    return profile;
  }

  /**
   * The items of these audits, by id. Audits never change once stored, so parsed items are kept
   * by id: only audits not seen yet are read.
   */
  async itemsOf(ids: readonly number[]): Promise<Map<number, AuditItems>> {
    const found = new Map<number, AuditItems>();
    const missing: number[] = [];
    for (const id of ids) {
      const cached = this.contents.get(String(id));
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (let start = 0; start < missing.length; start += CONTENT_BATCH) {
      const rows = await this.db
        .selectFrom("audits")
        .select(["id", "items"])
        .where("id", "in", missing.slice(start, start + CONTENT_BATCH))
        .execute();
      for (const row of rows) {
        const items = JSON.parse(row.items) as ItemState[];
        // One pass, no pair arrays: an overview of every repository parses 2,000 audits of some 60 items.
        const outcomes: Record<string, ItemOutcome> = {};
        const failing: string[] = [];
        for (const { id, outcome } of items) {
          outcomes[id] = outcome;
          if (outcome === "fail") failing.push(id);
        }
        const content: AuditItems = { items, outcomes, failing };
        this.contents.set(String(row.id), content);
        found.set(row.id, content);
      }
    }
    return found;
  }

  /**
   * Each repository's state at each of `ends` (epoch ms, completed periods' ends on the trend's
   * grid): its last default-branch audit by then, so a repository not audited lately still
   * counts with the score it has. The store keeps each repository's last audit of each period
   * as the audit is kept (trend_audits), so this reads each repository's rows from its latest by
   * the first end to the last end; its state at an end is its latest row up to it. Held in memory
   * per installation while no period up to the last end has changed.
   */
  async statesAt(installationId: number, ends: number[]): Promise<TrendPoint[]> {
    const first = ends[0];
    const last = ends.at(-1);
    if (first === undefined || last === undefined) return [];
    const versions = await this.db
      .selectFrom("trend_versions")
      .select(["period_end", "version"])
      .where("installation_id", "=", installationId)
      .where("period_end", "<=", last)
      .orderBy("period_end")
      .execute();
    const stamp = `${ends.join()}|${versions.map((v) => `${v.period_end}:${v.version}`).join()}`;
    const held = this.states.get(String(installationId));
    if (held?.stamp === stamp) return held.states;
    // For each repository, one range of trend_audits' key: from its latest row by the first end
    // (its state there) to the last end. Where each range starts is sought once per repository
    // (materialised, or an engine may seek it again for every row).
    const rows = await sql<{ repository_id: number; period_end: number; score: number; level: string }>`
      with ranges as materialized (
        select r.id, r.installation_id,
               coalesce((select max(p.period_end) from trend_audits p
                         where p.installation_id = r.installation_id and p.repository_id = r.id and p.period_end <= ${first}), ${first}) as since
        from repositories r where r.installation_id = ${installationId})
      select t.repository_id, t.period_end, t.score, t.level
      from ranges s cross join trend_audits t
      where t.installation_id = s.installation_id and t.repository_id = s.id and t.period_end >= s.since and t.period_end <= ${last}`.execute(this.db);
    const states = statesFrom(rows.rows, ends);
    this.states.set(String(installationId), { stamp, states });
    return states;
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

/** Each repository's latest row up to each end (rows in any order). */
function statesFrom(rows: { repository_id: number; period_end: number; score: number; level: string }[], ends: number[]): TrendPoint[] {
  const byRepository = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byRepository.get(Number(row.repository_id));
    if (list) list.push(row);
    else byRepository.set(Number(row.repository_id), [row]);
  }
  const states: TrendPoint[] = [];
  for (const [repositoryId, list] of byRepository) {
    list.sort((a, b) => Number(a.period_end) - Number(b.period_end));
    let next = 0;
    let state: (typeof rows)[number] | undefined;
    ends.forEach((end, bucket) => {
      while (next < list.length && Number((list[next] as (typeof rows)[number]).period_end) <= end) state = list[next++];
      if (state) states.push({ repositoryId, bucket, score: state.score, level: state.level });
    });
  }
  return states;
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
