import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Kysely } from "kysely";
import type { AuditReport } from "../../audit/report-model.js";
import type { RepositoryRef } from "../audit-request.js";
import { profileColumn } from "./migrations.js";
import type { Database } from "./schema.js";

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
      // An audit that finished before the end of a period whose states are kept (a clock behind
      // another replica's) changes them: they are read again on the next overview.
      await forgetPeriods(trx, audit.installationId, audit.finishedAt);
      await trx
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
        .execute();
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
      await trx.deleteFrom("trend_states").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).execute();
      // A new stamp on the periods: processes holding their states in memory read them again.
      await trx.updateTable("trend_periods").set({ kept_at: Date.now() }).where("installation_id", "=", installationId).execute();
      await trx.deleteFrom("audits").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).execute();
      await trx.deleteFrom("repositories").where("installation_id", "=", installationId).where("id", "in", repositoryIds).execute();
      await trx.deleteFrom("jobs").where("installation_id", "=", installationId).where("repository_id", "in", repositoryIds).where("state", "=", "queued").execute();
    });
  }

  /** The app was uninstalled: everything of the installation goes. */
  async forgetInstallation(installationId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await forgetPeriods(trx, installationId);
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
      // A kept trend period that counted a deleted audit is read again, from what is left, on the next overview.
      const stale = await trx.selectFrom("trend_states").select(["installation_id", "period_end"]).distinct().where("audit_id", "in", doomed).execute();
      for (const period of stale) {
        await trx.deleteFrom("trend_states").where("installation_id", "=", period.installation_id).where("period_end", "=", period.period_end).execute();
        await trx.deleteFrom("trend_periods").where("installation_id", "=", period.installation_id).where("period_end", "=", period.period_end).execute();
      }
      const result = await trx.deleteFrom("audits").where("finished_at", "<", cutoff).where("id", "not in", latest).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}

/** Drops the installation's kept trend periods that end after `after` (all by default), with their states. */
async function forgetPeriods(db: Kysely<Database>, installationId: number, after = Number.MIN_SAFE_INTEGER): Promise<void> {
  await db.deleteFrom("trend_states").where("installation_id", "=", installationId).where("period_end", ">", after).execute();
  await db.deleteFrom("trend_periods").where("installation_id", "=", installationId).where("period_end", ">", after).execute();
}

async function upsertRepository(db: Kysely<Database>, installationId: number, repository: RepositoryRef, now: number): Promise<void> {
  const known = await db.selectFrom("repositories").select(["installation_id", "default_branch"]).where("id", "=", repository.id).executeTakeFirst();
  // Which audits make the history depends on the default branch: a new one, or a move to
  // another installation, and the kept trend states are read again.
  const branchChanged = repository.defaultBranch !== undefined && known !== undefined && known.default_branch !== repository.defaultBranch;
  if (known && (branchChanged || known.installation_id !== installationId)) {
    await forgetPeriods(db, known.installation_id);
    await forgetPeriods(db, installationId);
  }
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
}
