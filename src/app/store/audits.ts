import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { type Kysely, sql } from "kysely";
import type { AuditReport } from "../../audit/report-model.js";
import type { RepositoryRef } from "../audit-request.js";
import { profileColumn } from "./migrations.js";
import type { Database } from "./schema.js";
import { EVERY_PERIOD, keepTrendAudits, periodEndOf, touchTrend } from "./trend-periods.js";

/** Repositories per statement when retention rebuilds their trend (under every engine's limit on bound parameters). */
const REPOSITORIES_BATCH = 1_000;

/** One finished audit, as the org view will read it. */
export interface AuditRecord {
  installationId: number;
  repository: RepositoryRef;
  sha: string;
  ref?: string;
  trigger: string;
  pullRequestNumber?: number;
  report: AuditReport;
  checklistDigest: string;
  configDigest: string;
  durationMs: number;
  githubRequests: number;
  checkRunId?: number;
  startedAt: number;
  finishedAt: number;
}

/** A short, stable digest of anything JSON can hold (checklists, configurations). */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value ?? null)).digest("hex").slice(0, 16);
}

/** Past the retention period an audit keeps its numbers but loses its full report, unless it is the latest of its ref. */
export class AuditStore {
  constructor(private readonly db: Kysely<Database>) {}

  async record(audit: AuditRecord): Promise<void> {
    const { report } = audit;
    await this.db.transaction().execute(async (trx) => {
      await upsertRepository(trx, audit.installationId, audit.repository, audit.finishedAt);
      const { id } = await trx
        .insertInto("audits")
        .values({
          installation_id: audit.installationId,
          repository_id: audit.repository.id,
          sha: audit.sha,
          ref: audit.ref ?? null,
          trigger: audit.trigger,
          pull_request_number: audit.pullRequestNumber ?? null,
          score: report.score,
          level: report.level,
          conclusion: report.conclusion,
          category_scores: JSON.stringify(Object.fromEntries(report.categories.map((c) => [c.id, c.score]))),
          items: JSON.stringify(report.items.map((i) => ({ id: i.id, outcome: i.outcome, weight: i.weight }))),
          profile: profileColumn(report.profile),
          claims_summary: report.claims ? JSON.stringify(report.claims.summary) : null,
          checklist_digest: audit.checklistDigest,
          config_digest: audit.configDigest,
          duration_ms: Math.round(audit.durationMs),
          github_requests: audit.githubRequests,
          check_run_id: audit.checkRunId ?? null,
          started_at: audit.startedAt,
          finished_at: audit.finishedAt,
          report: gzipSync(JSON.stringify(report)),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // The org trend's state of this repository for the audit's period, kept now so no overview
      // reads it from the audits. The period is normally the open one, which overviews read from
      // the latest audits; an audit from a clock behind another replica's may land in a completed
      // one, which processes holding its states then read again.
      await keepTrendAudits(trx, sql`a.id = ${id}`);
      await touchTrend(trx, audit.installationId, periodEndOf(audit.finishedAt));
    });
  }

  /** Whether this commit was already audited under this checklist and configuration (a sweep then has nothing to do). */
  async audited(installationId: number, repositoryId: number, sha: string, checklistDigest: string, configDigest: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("audits")
      .select("id")
      .where("installation_id", "=", installationId)
      .where("repository_id", "=", repositoryId)
      .where("sha", "=", sha)
      .where("config_digest", "=", configDigest)
      .where("checklist_digest", "=", checklistDigest)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A rename, transfer or visibility change (`repository` events). */
  async updateRepository(installationId: number, repository: RepositoryRef, now: number): Promise<void> {
    await upsertRepository(this.db, installationId, repository, now);
  }

  /** A repository deleted, or removed from the installation: nothing is kept that the app can no longer see. */
  async forgetRepositories(installationId: number, repositoryIds: number[]): Promise<void> {
    if (repositoryIds.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("trend_audits").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).execute();
      await touchTrend(trx, installationId, EVERY_PERIOD);
      await trx.deleteFrom("audits").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).execute();
      await trx.deleteFrom("repositories").where("installation_id", "=", installationId).where("id", "in", repositoryIds).execute();
      await trx.deleteFrom("jobs").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).where("state", "=", "queued").execute();
    });
  }

  /** The app was uninstalled: everything of the installation goes. */
  async forgetInstallation(installationId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("trend_audits").where("installation_id", "=", installationId).execute();
      await trx.deleteFrom("trend_versions").where("installation_id", "=", installationId).execute();
      await trx.deleteFrom("audits").where("installation_id", "=", installationId).execute();
      await trx.deleteFrom("repositories").where("installation_id", "=", installationId).execute();
      await trx.deleteFrom("jobs").where("installation_id", "=", installationId).where("state", "=", "queued").execute();
    });
  }

  /**
   * Retention: audits finished before `cutoff` are deleted, except the latest of each repository
   * and ref (a default branch, an open pull request), which keeps its full report.
   */
  async prune(cutoff: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const latest = trx.selectFrom("audits").select((eb) => eb.fn.max("id").as("id")).groupBy(["repository_id", "ref"]);
      const doomed = trx.selectFrom("audits").select("id").where("finished_at", "<", cutoff).where("id", "not in", latest);
      // A period whose kept audit goes takes the last of its audits that stay, if any.
      const stale = await trx.selectFrom("trend_audits").select(["installation_id", "repository_id", "period_end"]).where("audit_id", "in", doomed).execute();
      await trx.deleteFrom("trend_audits").where("audit_id", "in", doomed).execute();
      const result = await trx.deleteFrom("audits").where("finished_at", "<", cutoff).where("id", "not in", latest).executeTakeFirst();
      // Only audits before the latest of those periods' ends: the few that retention left there.
      const before = stale.reduce((end, s) => Math.max(end, s.period_end), 0);
      const repositories = [...new Set(stale.map((s) => s.repository_id))];
      for (let start = 0; start < repositories.length; start += REPOSITORIES_BATCH) {
        const batch = repositories.slice(start, start + REPOSITORIES_BATCH);
        await keepTrendAudits(trx, sql`a.repository_id in (${sql.join(batch)}) and a.finished_at < ${before}`);
      }
      for (const key of new Set(stale.map((s) => `${s.installation_id}:${s.period_end}`))) {
        const [installationId, periodEnd] = key.split(":").map(Number) as [number, number];
        await touchTrend(trx, installationId, periodEnd);
      }
      return Number(result.numDeletedRows);
    });
  }
}

async function upsertRepository(db: Kysely<Database>, installationId: number, repository: RepositoryRef, now: number): Promise<void> {
  const known = await db.selectFrom("repositories").select(["installation_id", "default_branch"]).where("id", "=", repository.id).executeTakeFirst();
  await db
    .insertInto("repositories")
    .values({
      id: repository.id,
      installation_id: installationId,
      full_name: repository.fullName,
      visibility: repository.visibility,
      default_branch: repository.defaultBranch ?? null,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.column("id").doUpdateSet((eb) => ({
        installation_id: installationId,
        full_name: repository.fullName,
        visibility: repository.visibility,
        default_branch: repository.defaultBranch === undefined ? eb.ref("repositories.default_branch") : repository.defaultBranch,
        updated_at: now,
      })),
    )
    .execute();
  // Which audits make the history depends on the default branch, and the trend is kept under the
  // repository's installation: a new branch, or a move to another installation, and the
  // repository's kept trend audits are read again from its audits. A rename changes neither.
  const branchChanged = repository.defaultBranch !== undefined && known !== undefined && known.default_branch !== repository.defaultBranch;
  if (known && (branchChanged || known.installation_id !== installationId)) {
    await db.deleteFrom("trend_audits").where("repository_id", "=", repository.id).execute();
    await keepTrendAudits(db, sql`a.repository_id = ${repository.id}`);
    await touchTrend(db, known.installation_id, EVERY_PERIOD);
    await touchTrend(db, installationId, EVERY_PERIOD);
  }
}
