import type { ApplicationFunction, ApplicationFunctionOptions, Context, Logger, Probot } from "probot";
import { type Checklist, loadChecklist } from "../checklist/checklist.js";
import type { ViewAuditor } from "../engine/audit.js";
import type { AuditReport } from "../engine/report-model.js";
import type { FileContent } from "../snapshot/snapshot.js";
import type { TreeListing } from "../snapshot/github.js";
import { type AuditDependencies, cancelAuditJob, runAuditJob } from "./audit-job.js";
import { RERUN_ACTION } from "./check-run.js";
import { healthHandler } from "./health.js";
import { LruCache } from "./lru.js";
import { EngineThreads } from "./engine-threads.js";
import { createMetrics, metricsHandler } from "./metrics.js";
import { FINISH_RESERVE_MS } from "./octokit.js";
import { AuditQueue, type EnqueueResult } from "./queue.js";
import type { ConfigOutcome } from "./repo-config.js";
import { type AppSettings, CHECK_NAME, settingsFromEnv } from "./settings.js";
import {
  type AuditRequest,
  fromCheckRun,
  fromCheckSuite,
  fromInstallation,
  fromPullRequest,
  fromPush,
  isReadinessCommand,
} from "./triggers.js";

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
  queue(): AuditQueue;
  /** Resolves once every accepted audit has finished (tests and benchmarks wait on it). */
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

/** Delivery ids remembered to drop GitHub's (or an operator's) redelivery of an event already handled. */
const SEEN_DELIVERIES = 10_000;

export function createReadinessApp(options: ReadinessAppOptions = {}): ReadinessApp {
  const settings = options.settings ?? settingsFromEnv(process.env);
  let queue: AuditQueue | undefined;
  let appLog: Logger | undefined;
  const threads = options.auditor ? undefined : new EngineThreads(settings.concurrency);
  const requireQueue = () => {
    if (!queue) throw new Error("the Readiness app has not been loaded into Probot yet");
    return queue;
  };

  const app: ApplicationFunction = async (probot: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const checklist = options.checklist ?? (await loadChecklist());
    const metrics = createMetrics(() => auditQueue.stats());
    const deps: AuditDependencies = {
      settings,
      checklist,
      probes: options.probes,
      auth: (installationId) => probot.auth(installationId),
      log: probot.log.child({ name: "readiness" }),
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
    };
    const auditQueue = new AuditQueue({
      concurrency: settings.concurrency,
      maxQueued: settings.maxQueued,
      dedupWindowMs: settings.dedupWindowMs,
      run: (job) => runAuditJob(job, deps),
      cancel: (job, signal, deadline) => cancelAuditJob(job, deps, signal, deadline),
      onEscapedError: (error, job) => {
        deps.log.error({ err: error, key: job.key }, "audit job failed outside its own error handling");
        deps.reportError(error, { key: job.key });
      },
    });
    queue = auditQueue;
    appLog = deps.log;
    const seenDeliveries = new LruCache<true>(SEEN_DELIVERIES);

    /** Every trigger ends here: dedup by delivery, then by commit in the queue. */
    const accept = (context: Context, requests: (AuditRequest | undefined)[]): void => {
      if (seenDeliveries.has(context.id)) {
        metrics.redeliveryIgnored();
        context.log.info({ deliveryId: context.id }, "delivery already handled; ignoring the redelivery");
        return;
      }
      seenDeliveries.set(context.id, true);
      const results: Record<string, EnqueueResult> = {};
      for (const request of requests) {
        if (!request) continue;
        const result = auditQueue.enqueue(request);
        metrics.webhookRequested(result);
        results[`${request.owner}/${request.repo}@${request.headSha?.slice(0, 7) ?? "default-branch"}`] = result;
        if (result === "closed") throw new Error("shutting down: not taking new audits (redeliver this webhook once the app is back)");
      }
      const refused = Object.entries(results).filter(([, r]) => r === "full");
      if (refused.length > 0) context.log.warn({ deliveryId: context.id, refused: refused.map(([k]) => k) }, "audit queue full; these audits were not queued");
      context.log.info({ deliveryId: context.id, event: context.name, results }, "webhook accepted");
    };
    const envelope = (context: Context) => ({ trigger: `${context.name}.${(context.payload as { action?: string }).action ?? ""}`.replace(/\.$/, ""), deliveryId: context.id });

    probot.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
      accept(context, [fromCheckSuite(context.payload, envelope(context))]);
    });
    probot.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const request = fromCheckRun(context.payload, envelope(context), {
        appId: settings.appId,
        checkName: CHECK_NAME,
        actionIdentifier: RERUN_ACTION.identifier,
      });
      if (request) accept(context, [request]);
    });
    probot.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
      accept(context, [fromPullRequest(context.payload, envelope(context))]);
    });
    probot.on("push", async (context) => {
      const request = fromPush(context.payload, envelope(context));
      if (!request) return;
      deps.caches.configs.delete(`${request.owner}/${request.repo}`.toLowerCase());
      accept(context, [request]);
    });
    probot.on("installation.created", async (context) => {
      accept(context, fromInstallation(context.payload, envelope(context)));
    });
    probot.on("installation_repositories.added", async (context) => {
      accept(context, fromInstallation(context.payload, envelope(context)));
    });
    probot.on("issue_comment.created", async (context) => {
      const { issue, comment, repository, installation } = context.payload;
      if (!issue.pull_request || !isReadinessCommand(comment.body) || comment.user?.type === "Bot" || !installation) return;
      const request = await commandRequest(context, { owner: repository.owner.login, repo: repository.name, number: issue.number, installationId: installation.id });
      if (request) accept(context, [request]);
    });

    try {
      addHandler(healthHandler(() => auditQueue.stats()));
      addHandler(metricsHandler(metrics.registry));
    } catch {
      // Loaded without a server (tests, `probot receive`): there is no HTTP endpoint to add.
    }
    if (options.handleSignals ?? true) {
      process.once("SIGTERM", () => {
        deps.log.info(auditQueue.stats(), "SIGTERM: finishing audits in flight");
        void shutdown().finally(() => process.exit(0));
      });
    }
  };

  const shutdown = async (graceMs = settings.shutdownGraceMs) => {
    const { dropped, interrupted } = await requireQueue().close(graceMs, FINISH_GRACE_MS);
    await threads?.close();
    // `dropped`: audits never started whose commits could not be given a neutral run in time; an operator redelivers them.
    if (dropped.length > 0 || interrupted.length > 0)
      appLog?.warn({ dropped: dropped.map((j) => j.key), interrupted: interrupted.map((j) => j.key) }, "shut down with unfinished work");
  };

  return { app, queue: requireQueue, idle: () => requireQueue().onIdle(), shutdown };
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
