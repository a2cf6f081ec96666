import { gunzipSync } from "node:zlib";
import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";
import type { Database } from "./schema.js";
import { keepAllTrendAudits } from "./trend-periods.js";

export type Engine = "sqlite" | "postgres";

/**
 * The schema's versions, oldest first, for both engines. A migration is never edited once
 * released: a change is a new entry, so a database of any earlier version moves forward.
 * The engines differ only in how an auto-increment key and a byte column are spelled.
 */
export function migrations(engine: Engine): Record<string, Migration> {
  const autoId = (db: Kysely<unknown>, table: string) =>
    engine === "postgres"
      ? db.schema.createTable(table).addColumn("id", "bigserial", (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  return {
    "001_jobs": {
      async up(db) {
        await autoId(db, "jobs")
          .addColumn("dedup_key", "text", (c) => c.notNull().unique())
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("repository_id", "bigint", (c) => c.notNull())
          .addColumn("head_sha", "text")
          .addColumn("request", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("lease_owner", "text")
          .addColumn("lease_until", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("check_run_id", "bigint")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("jobs_by_state").on("jobs").columns(["state", "lease_until", "id"]).execute();
      },
    },
    "002_audits": {
      async up(db) {
        await db.schema
          .createTable("repositories")
          .addColumn("id", "bigint", (c) => c.primaryKey())
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("full_name", "text", (c) => c.notNull())
          .addColumn("visibility", "text", (c) => c.notNull())
          .addColumn("default_branch", "text")
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("repositories_by_installation").on("repositories").column("installation_id").execute();
        await autoId(db, "audits")
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("repository_id", "bigint", (c) => c.notNull())
          .addColumn("sha", "text", (c) => c.notNull())
          .addColumn("ref", "text")
          .addColumn("trigger", "text", (c) => c.notNull())
          .addColumn("pull_request_number", "integer")
          .addColumn("score", "double precision", (c) => c.notNull())
          .addColumn("level", "text", (c) => c.notNull())
          .addColumn("conclusion", "text", (c) => c.notNull())
          .addColumn("category_scores", "text", (c) => c.notNull())
          .addColumn("items", "text", (c) => c.notNull())
          .addColumn("claims_summary", "text")
          .addColumn("checklist_digest", "text", (c) => c.notNull())
          .addColumn("config_digest", "text", (c) => c.notNull())
          .addColumn("duration_ms", "integer", (c) => c.notNull())
          .addColumn("github_requests", "integer", (c) => c.notNull())
          .addColumn("check_run_id", "bigint")
          .addColumn("started_at", "bigint", (c) => c.notNull())
          .addColumn("finished_at", "bigint", (c) => c.notNull())
          .addColumn("report", sql.raw(engine === "postgres" ? "bytea" : "blob"))
          .execute();
        await db.schema.createIndex("audits_by_repository").on("audits").columns(["repository_id", "ref", "finished_at"]).execute();
        await db.schema.createIndex("audits_by_commit").on("audits").columns(["installation_id", "repository_id", "sha", "config_digest"]).execute();
      },
    },
    "003_sweeps": {
      async up(db) {
        await db.schema
          .createTable("sweeps")
          .addColumn("installation_id", "bigint", (c) => c.primaryKey())
          .addColumn("generation", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("org_config", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("active", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("round_started_at", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("cursor", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_due_at", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("allowance", "double precision", (c) => c.notNull().defaultTo(0))
          .addColumn("rate_limit", "integer", (c) => c.notNull().defaultTo(5000))
          .addColumn("last_tick_at", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("leased_until", "bigint", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "004_dashboard_indexes": {
      async up(db) {
        // The dashboard filters repositories by language and kind: kept beside the score, so the
        // overview never unpacks 2,000 reports. Audits stored before this version get it from
        // their report where they still have one (the latest of each ref always does).
        await db.schema.alterTable("audits").addColumn("profile", "text").execute();
        const kept = await sql<{ id: number; report: Uint8Array }>`select id, report from audits where report is not null and id in (select max(id) from audits group by repository_id, ref)`.execute(db);
        for (const { id, report } of kept.rows) {
          const profile = profileColumn((JSON.parse(gunzipSync(report).toString("utf8")) as { profile?: ProfileSummary }).profile);
          await sql`update audits set profile = ${profile} where id = ${id}`.execute(db);
        }
        // The org view seeks each repository's last default-branch audit before a time, newest
        // first: pull requests are left out of the index, and the ref is in it, so audits of
        // other branches are skipped without reading the table.
        await db.schema
          .createIndex("audits_history")
          .on("audits")
          .columns(["repository_id", "finished_at", "id", "ref"])
          .where(sql.ref("pull_request_number"), "is", null)
          .execute();
        // Repository pages and badges find a repository by its name as typed, in any case.
        await db.schema.createIndex("repositories_by_name").on("repositories").expression(sql`lower(full_name)`).execute();
      },
    },
    "005_job_queue": {
      async up(db) {
        // On Postgres each unfinished job is also a pg-boss job (its own schema); this is that job's id.
        await db.schema.alterTable("jobs").addColumn("queue_job_id", "text").execute();
      },
    },
    "006_dashboard_trends": {
      async up(db) {
        // The org trend's completed periods: each repository's state at a period's end never
        // changes once the period is over (audits are recorded at the present), so it is read
        // from the audits once per installation and period and kept here, not sought again
        // after every restart. A period with no audited repository has no states, so the periods
        // computed are listed apart.
        await db.schema
          .createTable("trend_periods")
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("period_end", "bigint", (c) => c.notNull())
          // When its states were read or last changed: a process that holds them in memory checks this is still the same.
          .addColumn("kept_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("trend_periods_key", ["installation_id", "period_end"])
          .execute();
        await db.schema
          .createTable("trend_states")
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("period_end", "bigint", (c) => c.notNull())
          .addColumn("repository_id", "bigint", (c) => c.notNull())
          .addColumn("audit_id", "bigint", (c) => c.notNull())
          .addColumn("score", "double precision", (c) => c.notNull())
          .addColumn("level", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("trend_states_key", ["installation_id", "period_end", "repository_id"])
          .execute();
        // Retention finds the states that came from the audits it deletes.
        await db.schema.createIndex("trend_states_by_audit").on("trend_states").column("audit_id").execute();
      },
    },
    "007_trend_audits": {
      async up(db) {
        // 006 read the states at the completed periods' ends from the audits on the first overview
        // that needed them: up to 14 periods at once, a second on a large organisation. Now each
        // repository's last audit of each period is kept when the audit is, and an overview reads
        // the states from this small table. 006's tables stay, unused, for replicas of the
        // previous version still running during an upgrade; what those keep meanwhile is not in
        // trend_audits, and a repository catches up with its next audit kept by this version.
        // Keyed by repository: an overview reads each repository's rows from the one before the
        // first period's end to the last, one range of the key (on SQLite the table is that key's order).
        const trendAudits = db.schema
          .createTable("trend_audits")
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("repository_id", "bigint", (c) => c.notNull())
          .addColumn("period_end", "bigint", (c) => c.notNull())
          .addColumn("audit_id", "bigint", (c) => c.notNull())
          .addColumn("finished_at", "bigint", (c) => c.notNull())
          .addColumn("score", "double precision", (c) => c.notNull())
          .addColumn("level", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("trend_audits_key", ["installation_id", "repository_id", "period_end"]);
        await (engine === "sqlite" ? trendAudits.modifyEnd(sql`without rowid`) : trendAudits).execute();
        // Retention finds the rows of the audits it deletes.
        await db.schema.createIndex("trend_audits_by_audit").on("trend_audits").column("audit_id").execute();
        await db.schema
          .createTable("trend_versions")
          .addColumn("installation_id", "bigint", (c) => c.notNull())
          .addColumn("period_end", "bigint", (c) => c.notNull())
          .addColumn("version", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("trend_versions_key", ["installation_id", "period_end"])
          .execute();
        // The audits kept before this version: one pass over them.
        await keepAllTrendAudits(db as Kysely<Database>);
      },
    },
  };
}

/** What the dashboard filters on, from a report's profile. */
export interface ProfileSummary {
  kind: string;
  languages: string[];
}

/** Null for a report without a profile: a stored report is data, and a migration must not stop on one. */
export function profileColumn(profile: ProfileSummary | undefined): string | null {
  return profile ? JSON.stringify({ kind: profile.kind, languages: profile.languages }) : null;
}

export function migrationProvider(engine: Engine): MigrationProvider {
  return { getMigrations: async () => migrations(engine) };
}
