import type { ContentBudget } from "../view/content-plan.js";

/** Everything an operator can tune, read once from the environment (documented in .env.example). */
export interface AppSettings {
  /** This app's id, to ignore check_run events about other apps' runs. */
  appId: number | undefined;
  /** Total time one audit may take, retries and rate-limit waits included. */
  auditTimeoutMs: number;
  /** Audits running at once in this process. */
  concurrency: number;
  /** What a GitHub audit reads: fewer files than the CLI so the API cost stays small and fixed. */
  budget: ContentBudget;
  /**
   * How long a loaded configuration is reused. The cache is keyed by the commit it was read at,
   * which settles the repository's own file; the time bound is for files it inherits from the
   * organisation's `.github` repository, which can change under the same commit.
   */
  configTtlMs: number;
  /** PostgreSQL shared by every replica; unset: SQLite in `dataDir`, for a single process. */
  databaseUrl: string | undefined;
  /** Where the SQLite store lives. */
  dataDir: string;
  /** How long a worker's lease on a job lasts unless renewed; a dead replica's jobs wait this long before another takes them. */
  leaseMs: number;
  /** How often an idle worker looks for jobs another replica stored. */
  pollMs: number;
  /** Past this age an audit is forgotten, unless it is the latest of its branch or pull request. */
  retentionDays: number;
  /** Every installed repository's default branch is audited again at least this often; 0 turns the sweep off. */
  sweepIntervalMs: number;
  /** The share of each installation's hourly rate limit the sweep may spend, in percent. */
  sweepRatePercent: number;
  /**
   * After SIGTERM, how long audits in flight may run on before they are failed closed. With the
   * few seconds that takes, it must fit the orchestrator's kill timeout (Kubernetes: 30 s).
   */
  shutdownGraceMs: number;
  /** The dashboard: GitHub's addresses (GHE_HOST) and the app's OAuth client for sign-in. */
  dashboard: DashboardSettings;
}

export interface DashboardSettings {
  /** REST API root: https://api.github.com, or <GHE_PROTOCOL>://<GHE_HOST>/api/v3. */
  apiUrl: string;
  /** Where people browse repositories (file links, check runs). */
  webUrl: string;
  /** The app's OAuth client (written to .env by the manifest registration); sign-in is off without it. */
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Signs and encrypts session cookies; derived from the client secret unless set. */
  sessionSecret: string | undefined;
}

export const CHECK_NAME = "Production readiness";

/**
 * The shortest audit budget: the last 5 s of a budget are kept for completing the check run
 * (FINISH_RESERVE_MS), so a shorter one would leave the audit itself no time and interrupt every run.
 */
export const MIN_AUDIT_TIMEOUT_SECONDS = 10;

export const DEFAULT_SETTINGS: AppSettings = {
  appId: undefined,
  auditTimeoutMs: 60_000,
  concurrency: 2,
  budget: { maxFiles: 500, maxBytes: 8 * 1024 * 1024 },
  configTtlMs: 60_000,
  databaseUrl: undefined,
  dataDir: "./data",
  leaseMs: 30_000,
  pollMs: 500,
  retentionDays: 180,
  sweepIntervalMs: 24 * 60 * 60_000,
  sweepRatePercent: 20,
  shutdownGraceMs: 15_000,
  dashboard: { apiUrl: "https://api.github.com", webUrl: "https://github.com", clientId: undefined, clientSecret: undefined, sessionSecret: undefined },
};

export function settingsFromEnv(env: NodeJS.ProcessEnv): AppSettings {
  // Without a secret Probot verifies webhook signatures with its public development default,
  // which anyone could use to forge deliveries.
  if (env.NODE_ENV === "production" && env.APP_ID && !env.WEBHOOK_SECRET)
    throw new Error("WEBHOOK_SECRET must be set in production: it is the secret GitHub signs webhooks with (the app's settings page)");
  return {
    appId: optionalInteger(env, "APP_ID", 1),
    auditTimeoutMs: integer(env, "AUDIT_TIMEOUT_SECONDS", DEFAULT_SETTINGS.auditTimeoutMs / 1000, MIN_AUDIT_TIMEOUT_SECONDS) * 1000,
    concurrency: integer(env, "AUDIT_CONCURRENCY", DEFAULT_SETTINGS.concurrency, 1),
    budget: {
      maxFiles: integer(env, "AUDIT_MAX_FILES", DEFAULT_SETTINGS.budget.maxFiles, 1),
      maxBytes: integer(env, "AUDIT_MAX_BYTES", DEFAULT_SETTINGS.budget.maxBytes, 1024),
    },
    configTtlMs: DEFAULT_SETTINGS.configTtlMs,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || DEFAULT_SETTINGS.dataDir,
    leaseMs: integer(env, "JOB_LEASE_SECONDS", DEFAULT_SETTINGS.leaseMs / 1000, 3) * 1000,
    pollMs: DEFAULT_SETTINGS.pollMs,
    retentionDays: integer(env, "RETENTION_DAYS", DEFAULT_SETTINGS.retentionDays, 1),
    sweepIntervalMs: integer(env, "SWEEP_INTERVAL_HOURS", DEFAULT_SETTINGS.sweepIntervalMs / 3_600_000, 0) * 3_600_000,
    sweepRatePercent: percent(env, "SWEEP_RATE_LIMIT_PERCENT", DEFAULT_SETTINGS.sweepRatePercent),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_SECONDS", DEFAULT_SETTINGS.shutdownGraceMs / 1000, 0) * 1000,
    dashboard: dashboardFromEnv(env),
  };
}

/** GHE_HOST and GHE_PROTOCOL as Probot reads them, so the dashboard talks to the same GitHub as the app. */
function dashboardFromEnv(env: NodeJS.ProcessEnv): DashboardSettings {
  const webUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}` : DEFAULT_SETTINGS.dashboard.webUrl;
  return {
    apiUrl: env.GHE_HOST ? `${webUrl}/api/v3` : DEFAULT_SETTINGS.dashboard.apiUrl,
    webUrl,
    clientId: env.GITHUB_CLIENT_ID || undefined,
    clientSecret: env.GITHUB_CLIENT_SECRET || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
  };
}

function percent(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = integer(env, name, fallback, 1);
  if (value > 100) throw new Error(`${name} must be a percentage from 1 to 100; got "${env[name]}"`);
  return value;
}

function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  return env[name] ? integer(env, name, min, min) : undefined;
}

/** A positive whole number from the environment; a typo fails start-up instead of running with a surprise. */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}; got "${raw}"`);
  return value;
}
