import type { Generated } from "kysely";

/** Where a job is: waiting for a worker, leased by one, or finished (kept as the dedup record until retention). */
export type JobState = "queued" | "running" | "done";

export interface JobsTable {
  id: Generated<number>;
  /** One job per commit and checklist (explicit re-runs and backfills carry their delivery id): the cross-process dedup. */
  dedup_key: string;
  installation_id: number;
  repository_id: number;
  head_sha: string | null;
  /** The AuditRequest as JSON, merged with every later request for the same key while the job waits. */
  request: string;
  state: JobState;
  attempts: number;
  lease_owner: string | null;
  /** Epoch ms after which another worker may take the job over. */
  lease_until: number;
  /** The run an earlier attempt created, reused so a re-leased job does not leave a second run behind. */
  check_run_id: number | null;
  /** Postgres: the pg-boss job that queues this row (null on SQLite, where the table is the queue). */
  queue_job_id: Generated<string | null>;
  created_at: number;
  updated_at: number;
}

export interface RepositoriesTable {
  id: number;
  installation_id: number;
  full_name: string;
  visibility: string;
  default_branch: string | null;
  updated_at: number;
}

export interface AuditsTable {
  id: Generated<number>;
  installation_id: number;
  repository_id: number;
  sha: string;
  ref: string | null;
  trigger: string;
  pull_request_number: number | null;
  score: number;
  level: string;
  conclusion: string;
  /** JSON: { [category]: score | null }. */
  category_scores: string;
  /** JSON: [{ id, outcome, weight }]. */
  items: string;
  /** JSON: the claims verdict counts, or null when no readiness document was read. */
  claims_summary: string | null;
  checklist_digest: string;
  config_digest: string;
  duration_ms: number;
  github_requests: number;
  check_run_id: number | null;
  started_at: number;
  finished_at: number;
  /** JSON: { kind, languages } of the repository's profile (null for audits stored before it was kept). */
  profile: string | null;
  /** The full JSON report, gzip-compressed; dropped past RETENTION_DAYS unless it is the latest of its ref. */
  report: Uint8Array | null;
}

/**
 * A repository's last default-branch audit of one trend period (finished in the 6 days before
 * `period_end`), kept when the audit is: the org trend's state at a period's end is the latest
 * of these by then. (trend_periods and trend_states, which 006 made, are no longer used.)
 */
export interface TrendAuditsTable {
  /** The repository's installation (an audit kept under an earlier one counts for the current one, as on its page). */
  installation_id: number;
  repository_id: number;
  /** The period's end, epoch ms, on the grid of TREND_PERIOD_MS. */
  period_end: number;
  audit_id: number;
  finished_at: number;
  score: number;
  level: string;
}

/** Changes to an installation's kept periods, so processes that hold their states know to read them again. */
export interface TrendVersionsTable {
  installation_id: number;
  /** The period that changed, or 0 for all of them. */
  period_end: number;
  /** A new random value at each change. */
  version: string;
}

export interface SweepsTable {
  installation_id: number;
  /** The checklist and organisation configuration the current (or last) round audits under. */
  generation: Generated<string>;
  /** The sha of the organisation's `.github` repository when its readiness.yml last changed ("" until it does). */
  org_config: Generated<string>;
  /** 1 while a round is under way. */
  active: Generated<number>;
  round_started_at: Generated<number>;
  /** Repositories of the listing enqueued so far this round: a restart resumes after them. */
  cursor: Generated<number>;
  next_due_at: Generated<number>;
  /** Audits the round may still enqueue, earned from its share of the installation's hourly rate limit. */
  allowance: Generated<number>;
  /** The installation's hourly limit, as the last listing's x-ratelimit-limit said. */
  rate_limit: Generated<number>;
  last_tick_at: Generated<number>;
  /** One replica sweeps an installation at a time. */
  leased_until: Generated<number>;
}

export interface Database {
  jobs: JobsTable;
  repositories: RepositoriesTable;
  audits: AuditsTable;
  sweeps: SweepsTable;
  trend_audits: TrendAuditsTable;
  trend_versions: TrendVersionsTable;
}
