import { gunzipSync } from "node:zlib";
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import type { AuditReport, ItemOutcome } from "../../engine/report-model.js";
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

export interface LatestAudit extends AuditSummary {
  profile: ProfileSummary | null;
}

export interface RepositoryState extends StoredRepository {
  latest: LatestAudit | undefined;
}

/** A repository's score at the end of one time bucket (bucket -1: before the period began). */
export interface TrendPoint {
  repositoryId: number;
  bucket: number;
  score: number;
  level: string;
}

/** How far back a repository page's history reaches. */
const HISTORY_LIMIT = 500;

/**
 * The org view's reads. Only default-branch audits make a repository's history: pull requests and
 * other branches are checks on work in progress, not the repository's state.
 */
export class DashboardStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every repository of the installation the store knows, with its latest default-branch audit. */
  async repositories(installationId: number): Promise<RepositoryState[]> {
    const latestIds = this.history(installationId)
      .select((eb) => eb.fn.max("a.id").as("id"))
      .groupBy("a.repository_id");
    const [repositories, audits] = await Promise.all([
      this.db
        .selectFrom("repositories")
        .select(["id", "installation_id", "full_name", "visibility", "default_branch"])
        .where("installation_id", "=", installationId)
        .execute(),
      this.db
        .selectFrom("audits")
        .select(["id", "repository_id", "sha", "score", "level", "finished_at", "check_run_id", "items", "profile"])
        .where("id", "in", latestIds)
        .execute(),
    ]);
    const latest = new Map(audits.map((a) => [a.repository_id, { ...summary(a), profile: a.profile ? (JSON.parse(a.profile) as ProfileSummary) : null }]));
    return repositories.map((r) => ({ ...repository(r), latest: latest.get(r.id) }));
  }

  /**
   * Each repository's last score in each of `buckets` periods of `bucketMs` ending at `now`, plus
   * its last score before them (bucket -1), so a repository not audited lately still counts.
   * One grouped scan of the history index; scores are read for the chosen audits only.
   */
  async trend(installationId: number, now: number, buckets: number, bucketMs: number): Promise<TrendPoint[]> {
    // Inlined as integer literals (both are the app's own numbers): bound parameters would make
    // SQLite divide as reals and Postgres as numerics, and the periods would not group.
    const since = sql.lit(Math.round(now - buckets * bucketMs));
    const width = sql.lit(Math.round(bucketMs));
    const bucket = sql<number>`case when a.finished_at < ${since} then -1 else (a.finished_at - ${since}) / ${width} end`;
    const chosen = this.history(installationId)
      .select((eb) => eb.fn.max("a.id").as("id"))
      .groupBy(["a.repository_id", bucket]);
    const rows = await this.db
      .selectFrom("audits")
      .select(["repository_id", "score", "level", sql<number>`case when finished_at < ${since} then -1 else (finished_at - ${since}) / ${width} end`.as("bucket")])
      .where("id", "in", chosen)
      .execute();
    return rows.map((r) => ({ repositoryId: r.repository_id, bucket: Math.min(Number(r.bucket), buckets - 1), score: r.score, level: r.level }));
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

  /** The repository's default-branch audits, oldest first (the latest HISTORY_LIMIT). */
  async auditsOf(stored: StoredRepository): Promise<AuditSummary[]> {
    const rows = await this.history(stored.installationId)
      .where("a.repository_id", "=", stored.id)
      .select(["a.id", "a.repository_id", "a.sha", "a.score", "a.level", "a.finished_at", "a.check_run_id", "a.items"])
      .orderBy("a.id", "desc")
      .limit(HISTORY_LIMIT)
      .execute();
    return rows.map(summary).reverse();
  }

  /** The full report an audit kept, or undefined once retention dropped it. */
  async report(auditId: number): Promise<AuditReport | undefined> {
    const row = await this.db.selectFrom("audits").select("report").where("id", "=", auditId).executeTakeFirst();
    return row?.report ? (JSON.parse(gunzipSync(row.report).toString("utf8")) as AuditReport) : undefined;
  }

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

function repository(row: { id: number; installation_id: number; full_name: string; visibility: string; default_branch: string | null }): StoredRepository {
  return { id: row.id, installationId: row.installation_id, fullName: row.full_name, visibility: row.visibility, defaultBranch: row.default_branch };
}

function summary(row: { id: number; sha: string; score: number; level: string; finished_at: number; check_run_id: number | null; items: string }): AuditSummary {
  return {
    id: row.id,
    sha: row.sha,
    score: row.score,
    level: row.level,
    finishedAt: row.finished_at,
    checkRunId: row.check_run_id,
    items: JSON.parse(row.items) as ItemState[],
  };
}
