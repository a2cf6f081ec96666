import type { ApplicationFunction, ApplicationFunctionOptions, Context, Logger, Probot } from "probot";
import { type Checklist, loadChecklist } from "../checklist/checklist.js";
import type { ViewAuditor } from "../audit/audit.js";
import type { AuditReport } from "../audit/report-model.js";
import type { FileContent } from "../snapshot/snapshot.js";
import type { TreeListing } from "../snapshot/github.js";
import { hostname } from "node:os";
import { RERUN_ACTION } from "./checks/check-run.js";
import { healthHandler } from "./web/health.js";
import { type AuditDependencies, MAX_ATTEMPTS, runAuditJob } from "./audits/audit-job.js";
import { auditGeneration, type EnqueueResult, type JobQueue } from "./jobs/job-store.js";
import { openJobQueue } from "./jobs/queue.js";
import { dashboardHandler } from "./web/dashboard.js";
import { JobWorker } from "./jobs/worker.js";
import { LruCache } from "./lru.js";
import { EngineThreads } from "./audits/engine-threads.js";
import { createMetrics, metricsHandler } from "./metrics.js";
import { FINISH_RESERVE_MS } from "./octokit.js";
import type { ConfigOutcome } from "./audits/repo-config.js";
import { AuditStore, digestOf } from "./store/audits.js";
import { OrgConfigVersions } from "./store/org-configs.js";
import { openStore, type Store } from "./store/store.js";
import { Sweeper } from "./sweep/sweeper.js";
import { type AppSettings, CHECK_NAME, settingsFromEnv } from "./settings.js";
import { fromCheckRun, fromCheckSuite, fromInstallation, fromPullRequest, fromPush, isReadinessCommand } from "./webhooks/triggers.js";
import { type AuditRequest, repositoryRef } from "./audit-request.js";

export interface ReadinessAppOptions {
  settings?: AppSettings;
  checklist?: Checklist;
  probes?: AuditDependencies["probes"];
  now?: () => Date;
  /** Unexpected failures besides the log: Sentry in production. */
  reportError?: AuditDependencies["reportError"];
  /**
   * Where the engine runs on what an audit read: by default on engine threads (one per concurrent
   * audit), so a big repository does not hold up webhooks; tests pass `auditView` to stay on the
   * event loop (and to substitute probes).
   */
  auditor?: ViewAuditor;
  /** Drain the queue on SIGTERM and exit; off in tests, which own the process. */
  handleSignals?: boolean;
}

export interface ReadinessApp {
  app: ApplicationFunction;
  /** The store, once the app is loaded. */
  store(): Store;
  /** Audits running in this process, and whether it stopped taking work. */
  stats(): { running: number; closed: boolean };
  /** Resolves once every stored job this process could claim has finished (tests and benchmarks wait on it). */
  idle(): Promise<void>;
  /** Stops taking work and gives the audits in flight `graceMs` (default: SHUTDOWN_GRACE_SECONDS) before failing them closed. */
  shutdown(graceMs?: number): Promise<void>;
}

/** Repository permissions that let a commenter re-run the audit with `/readiness`. */
const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

/** Tree entries kept across all cached listings (about 100 bytes each). */
const CACHED_TREE_ENTRIES = 1_000_000;
/** Memory for cached file contents (JavaScript strings take two bytes a character). */
const CACHED_CONTENT_BYTES = 128 * 1024 * 1024;

/**
 * Requests one audit costs, what the sweep budgets with: bench:load measures 7.3 (token, tree,
 * GraphQL blobs, configuration and its organisation fallback, check run create and complete).
 */
const REQUESTS_PER_AUDIT = 8;
/** How often the sweep earns and spends its share of each installation's rate limit. */
const SWEEP_TICK_MS = 60_000;
/** The repository whose readiness.yml every repository of the organisation inherits. */
const ORG_CONFIG_REPOSITORY = ".github";

function touchesConfig(commits: { added?: string[]; modified?: string[]; removed?: string[] }[]): boolean {
  return commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].some((path) => /^\.github\/readiness\.ya?ml$/.test(path)));
}

/** How often finished jobs and audits past retention are pruned. */
const PRUNE_INTERVAL_MS = 60 * 60_000;
/** Finished jobs hold their commit's dedup key this long; later events for the commit are dropped meanwhile. */
const FINISHED_JOB_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

export function createReadinessApp(options: ReadinessAppOptions = {}): ReadinessApp {
  const settings = options.settings ?? settingsFromEnv(process.env);
  let loaded: { store: Store; jobs: JobQueue; worker: JobWorker; pruner: NodeJS.Timeout; sweeper?: Sweeper } | undefined;
  let appLog: Logger | undefined;
  const threads = options.auditor ? undefined : new EngineThreads(settings.concurrency);
  const requireLoaded = () => {
    if (!loaded) throw new Error("the Readiness app has not been loaded into Probot yet");
    return loaded;
  };

  const app: ApplicationFunction = async (probot: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const checklist = options.checklist ?? (await loadChecklist());
    const log = probot.log.child({ name: "readiness" });
    const store = await openStore({
      databaseUrl: settings.databaseUrl,
      dataDir: settings.dataDir,
      onConnectionError: (error) => log.warn({ err: error }, "a database connection dropped; the pool reconnects on the next query"),
    });
    const jobs = openJobQueue(store, {
      databaseUrl: settings.databaseUrl,
      leaseMs: settings.leaseMs,
      auditTimeoutMs: settings.auditTimeoutMs,
      attempts: MAX_ATTEMPTS,
      onError: (error) => log.warn({ err: error }, "the job queue lost a database connection; it reconnects on the next query"),
    });
    const audits = new AuditStore(store.db);
    const orgConfigs = new OrgConfigVersions(store.db);
    const orphans = await jobs.start();
    if (orphans > 0) log.warn({ jobs: orphans }, "jobs left by an earlier process are taken up again");
    log.info({ store: store.location, engine: store.engine, queue: store.engine === "postgres" ? "pg-boss" : "jobs table" }, "store ready");
    const metrics = createMetrics(() => worker.stats(), () => jobs.depth());
    const checklistDigest = digestOf(checklist);
    const deps: AuditDependencies = {
      settings,
      checklist,
      probes: options.probes,
      auth: (installationId) => probot.auth(installationId),
      log,
      now: options.now ?? (() => new Date()),
      caches: {
        // Bounded by what they hold, not by count: one listing can have 100,000 entries and one file 512 KB.
        trees: new LruCache<TreeListing>(CACHED_TREE_ENTRIES, Number.POSITIVE_INFINITY, (listing) => listing.entries.length + 1),
        blobs: new LruCache<FileContent>(CACHED_CONTENT_BYTES, Number.POSITIVE_INFINITY, (content) => (content.status === "text" ? content.text.length * 2 : 0) + 64),
        configs: new LruCache<ConfigOutcome>(1_000, settings.configTtlMs),
        reports: new LruCache<AuditReport>(200),
      },
      reportError: options.reportError ?? (() => {}),
      metrics,
      auditor: options.auditor ?? (threads as EngineThreads).audit,
      audits,
      recordCheckRun: (jobId, checkRunId) => jobs.recordCheckRun(jobId, checkRunId),
      checklistDigest,
    };
    const worker = new JobWorker({
      jobs,
      workerId: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      concurrency: settings.concurrency,
      pollMs: settings.pollMs,
      run: (job) => {
        if (job.attempts > 1) metrics.leaseTakenOver();
        return runAuditJob(job, deps);
      },
      onError: (error, context) => {
        log.error({ err: error, ...context }, `job failed outside the audit's own error handling, while ${context.phase}`);
        deps.reportError(error, context);
      },
    });
    const prune = () => {
      const now = Date.now();
      Promise.all([audits.prune(now - settings.retentionDays * DAY_MS), jobs.pruneFinished(now - FINISHED_JOB_DAYS * DAY_MS)]).then(
        ([auditsPruned, jobsPruned]) => {
          if (auditsPruned + jobsPruned > 0) log.info({ auditsPruned, jobsPruned }, "store pruned");
        },
        (error: unknown) => log.warn({ err: error }, "store could not be pruned; trying again in an hour"),
      );
    };
    prune();
    const pruner = setInterval(prune, PRUNE_INTERVAL_MS);
    pruner.unref();
    const sweeper =
      settings.sweepIntervalMs > 0
        ? new Sweeper({
            db: store.db,
            jobs,
            checklistDigest,
            intervalMs: settings.sweepIntervalMs,
            rateShare: settings.sweepRatePercent / 100,
            requestsPerAudit: REQUESTS_PER_AUDIT,
            tickMs: SWEEP_TICK_MS,
            app: () => probot.auth(),
            installation: (id) => probot.auth(id),
            wake: () => worker.wake(),
            now: Date.now,
            log,
          })
        : undefined;
    loaded = { store, jobs, worker, pruner, sweeper };
    appLog = log;

    /**
     * Every trigger ends here. The delivery is acknowledged only once its jobs are stored: if the
     * store cannot take them, the handler throws, the delivery gets a 5xx, and it can be
     * redelivered from the app's settings. Deduplication (by delivery and by commit) is the store's.
     */
    const accept = async (context: Context, requests: (AuditRequest | undefined)[]): Promise<void> => {
      if (worker.stats().closed) throw new Error("shutting down: not taking new audits (redeliver this webhook once the app is back)");
      const results: Record<string, EnqueueResult> = {};
      for (const request of requests) {
        if (!request) continue;
        // One indexed read of the store, no GitHub request: see auditGeneration.
        const generation = auditGeneration(checklistDigest, await orgConfigs.version(request.installationId));
        const result = await jobs.enqueue(request, generation);
        metrics.webhookRequested(result);
        results[`${request.owner}/${request.repo}@${request.headSha?.slice(0, 7) ?? "default-branch"}`] = result;
      }
      worker.wake();
      context.log.info({ deliveryId: context.id, event: context.name, results }, "webhook accepted");
    };
    const envelope = (context: Context) => ({ trigger: `${context.name}.${(context.payload as { action?: string }).action ?? ""}`.replace(/\.$/, ""), deliveryId: context.id });

    probot.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
      await accept(context, [fromCheckSuite(context.payload, envelope(context))]);
    });
    probot.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const request = fromCheckRun(context.payload, envelope(context), {
        appId: settings.appId,
        checkName: CHECK_NAME,
        actionIdentifier: RERUN_ACTION.identifier,
      });
      if (request) await accept(context, [request]);
    });
    probot.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
      await accept(context, [fromPullRequest(context.payload, envelope(context))]);
    });
    probot.on("push", async (context) => {
      const request = fromPush(context.payload, envelope(context));
      if (request && request.repo === ORG_CONFIG_REPOSITORY && touchesConfig(context.payload.commits))
        await orgConfigs.changed(request.installationId, context.payload.after);
      if (request) await accept(context, [request]);
    });
    probot.on("installation.created", async (context) => {
      await accept(context, fromInstallation(context.payload, envelope(context)));
    });
    probot.on("installation_repositories.added", async (context) => {
      await accept(context, fromInstallation(context.payload, envelope(context)));
    });
    probot.on("installation_repositories.removed", async (context) => {
      await audits.forgetRepositories(context.payload.installation.id, context.payload.repositories_removed.map((r) => r.id));
    });
    probot.on("installation.deleted", async (context) => {
      await audits.forgetInstallation(context.payload.installation.id);
    });
    probot.on("repository.deleted", async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId !== undefined) await audits.forgetRepositories(installationId, [context.payload.repository.id]);
    });
    probot.on(["repository.renamed", "repository.transferred", "repository.privatized", "repository.publicized", "repository.edited"], async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId !== undefined) await audits.updateRepository(installationId, repositoryRef(context.payload.repository), Date.now());
    });
    probot.on("issue_comment.created", async (context) => {
      const { issue, comment, repository, installation } = context.payload;
      if (!issue.pull_request || !isReadinessCommand(comment.body) || comment.user?.type === "Bot" || !installation) return;
      const request = await commandRequest(context, { owner: repository.owner.login, repo: repository.name, number: issue.number, installationId: installation.id });
      if (request) await accept(context, [request]);
    });

    worker.start();
    sweeper?.start();
    try {
      addHandler(healthHandler(() => worker.stats(), () => jobs.depth()));
      addHandler(metricsHandler(metrics.registry));
      addHandler(dashboardHandler({ db: store.db, settings: settings.dashboard, titles: new Map(checklist.items.map((i) => [i.id, i.title])), log, today: () => deps.now().getTime() }));
    } catch {
      // Loaded without a server (tests, `probot receive`): there is no HTTP endpoint to add.
    }
    if (options.handleSignals ?? true) {
      process.once("SIGTERM", () => {
        deps.log.info(worker.stats(), "SIGTERM: finishing audits in flight");
        void shutdown().finally(() => process.exit(0));
      });
    }
  };

  /** Jobs not started stay stored for the next process; those still running after the grace keep their leases, which run out. */
  const shutdown = async (graceMs = settings.shutdownGraceMs) => {
    const { store, jobs, worker, pruner, sweeper } = requireLoaded();
    clearInterval(pruner);
    await sweeper?.stop();
    const unfinished = await worker.close(graceMs, FINISH_GRACE_MS);
    await threads?.close();
    if (unfinished.length > 0) appLog?.warn({ jobs: unfinished }, "shut down with audits still running; another worker takes them over when their leases run out");
    await jobs.close();
    await store.close();
  };

  return { app, store: () => requireLoaded().store, stats: () => requireLoaded().worker.stats(), idle: () => requireLoaded().worker.onIdle(), shutdown };
}

/**
 * `/readiness` on a pull request: allowed to people with write access to the repository, and
 * aimed at the pull request's current head (issue_comment carries no sha). Refusals and API
 * failures are logged, never answered: a reply to anyone who types the command would let
 * strangers make the app comment.
 */
async function commandRequest(
  context: Context<"issue_comment.created">,
  target: { owner: string; repo: string; number: number; installationId: number },
): Promise<AuditRequest | undefined> {
  const { owner, repo } = target;
  const username = context.payload.comment.user?.login ?? "";
  try {
    const { data: permission } = await context.octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { owner, repo, username });
    if (!WRITE_PERMISSIONS.has(permission.permission) && !WRITE_PERMISSIONS.has(permission.role_name)) {
      context.log.info({ deliveryId: context.id, username, permission: permission.permission }, "/readiness from a user without write access; ignored");
      return undefined;
    }
    const { data: pull } = await context.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: target.number });
    return {
      installationId: target.installationId,
      owner,
      repo,
      repository: repositoryRef(context.payload.repository),
      ref: `refs/pull/${pull.number}/head`,
      headSha: pull.head.sha,
      pullRequest: { number: pull.number, baseSha: pull.base.sha, baseRef: pull.base.ref },
      explicit: true,
      replyTo: [pull.number],
      trigger: "issue_comment.created",
      deliveryId: context.id,
    };
  } catch (error) {
    context.log.warn({ err: error, deliveryId: context.id, username }, "/readiness could not be checked against the pull request; ignored");
    return undefined;
  }
}

/** Time an interrupted audit gets to complete its check run as neutral before the process exits. */
const FINISH_GRACE_MS = FINISH_RESERVE_MS;

/** The app for `probot run dist/app/index.js`: settings from the environment, read when Probot loads it. */
export default function readinessApp(probot: Probot, options: ApplicationFunctionOptions): Promise<void> {
  return Promise.resolve(createReadinessApp().app(probot, options));
}
