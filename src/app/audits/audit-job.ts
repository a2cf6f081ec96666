import type { Logger } from "probot";
import type { Checklist } from "../../checklist/checklist.js";
import type { ReadinessConfig } from "../../config/config.js";
import { runAudit, type ViewAuditor } from "../../audit/audit.js";
import type { AuditReport } from "../../audit/report-model.js";
import type { Probe } from "../../probes/probe.js";
import { GitHubSnapshot, type GitHubSnapshotCaches } from "../../snapshot/github.js";
import { type CheckOutcome, auditOutcome, failedOutcome, invalidConfigOutcome } from "../checks/check-output.js";
import {
  type CheckRunRef,
  type CheckRunTarget,
  completeCheckRun,
  createCompletedCheckRun,
  findOpenCheckRun,
  RERUN_ACTION,
  restartCheckRun,
  startCheckRun,
} from "../checks/check-run.js";
import { comparisonSection } from "../checks/comparison.js";
import type { LruCache } from "../lru.js";
import type { AppMetrics } from "../metrics.js";
import { FINISH_RESERVE_MS, type readinessOctokit, instrument, RequestLedger } from "../octokit.js";
import type { AuditStore } from "../store/audits.js";
import { digestOf } from "../store/audits.js";
import { type AuditJob, retryStoreWrite } from "../jobs/worker.js";
import { type ConfigOutcome, loadRepositoryConfig } from "./repo-config.js";
import { type AppSettings, CHECK_NAME } from "../settings.js";

type Octokit = InstanceType<ReturnType<typeof readinessOctokit>>;

export interface AuditDependencies {
  settings: AppSettings;
  checklist: Checklist;
  /** The probes deciding each item; the engine's own unless a test substitutes them. */
  probes?: ReadonlyMap<string, Probe>;
  /** A fresh installation client per call (Probot caches the token), so each audit instruments its own. */
  auth(installationId: number): Promise<Octokit>;
  log: Logger;
  now(): Date;
  caches: GitHubSnapshotCaches & { configs: LruCache<ConfigOutcome>; reports: LruCache<AuditReport> };
  /** Where unexpected failures go besides the log (Sentry, when configured). */
  reportError(error: unknown, context: Record<string, unknown>): void;
  metrics: Pick<AppMetrics, "auditFinished">;
  /** Where the engine runs on what was read: engine threads in production, the event loop in most tests. */
  auditor: ViewAuditor;
  /** Where each finished audit is kept. */
  audits: Pick<AuditStore, "record" | "audited">;
  /** Keeps the run an attempt created with its job, so a later attempt completes that run instead of adding one. */
  recordCheckRun(jobId: number, checkRunId: number): Promise<void>;
  checklistDigest: string;
}

/**
 * Attempts a job gets. A job is attempted again when the process running it died (killed, out
 * of memory); one that brought its process down this often is not tried again, so it cannot
 * take every replica down in turn: its run is completed neutral saying how to re-run it.
 */
export const MAX_ATTEMPTS = 3;

/** Why an audit stopped early, in words for the check run. */
class AuditInterrupted extends Error {}

/**
 * One audit from start to finish: an in-progress check run, the configuration, the audit of the
 * head (and of the base, for a pull request), then the completed run. Whatever happens after the
 * run is created, it is completed: with the report, with the configuration's problems, or as
 * neutral saying what failed. Nothing is left in progress.
 */
export async function runAuditJob(job: AuditJob, deps: AuditDependencies): Promise<void> {
  const started = Date.now();
  const { request } = job;
  const ledger = new RequestLedger(started + deps.settings.auditTimeoutMs);
  const budget = new AbortController();
  const timer = setTimeout(
    () => budget.abort(new AuditInterrupted(`the audit ran past its ${deps.settings.auditTimeoutMs / 1000}-second budget`)),
    Math.max(0, deps.settings.auditTimeoutMs - FINISH_RESERVE_MS),
  );
  const onShutdown = () => budget.abort(new AuditInterrupted("the app was shutting down (it will audit again on the next push or re-run)"));
  job.shutdown.addEventListener("abort", onShutdown, { once: true });
  const fields = { deliveryIds: job.deliveryIds, trigger: request.trigger, repo: `${request.owner}/${request.repo}`, attempt: job.attempts };
  let log = deps.log.child(fields);
  let phase = "starting";
  try {
    const writer = instrument(await deps.auth(request.installationId), ledger);
    const reader = instrument(await deps.auth(request.installationId), ledger, budget.signal);
    const sha = request.headSha ?? (await defaultBranchHead(reader, request.owner, request.repo));
    if (!sha) {
      log.info("repository has no default branch head (empty repository); nothing to audit");
      return;
    }
    log = log.child({ sha });
    if (request.trigger === SWEEP_TRIGGER && (await alreadyAudited(reader, sha, job, deps))) {
      log.info("sweep: the default branch was already audited under this checklist and configuration");
      return;
    }
    const target = { owner: request.owner, repo: request.repo, headSha: sha, name: CHECK_NAME, pullRequest: request.pullRequest };
    if (job.attempts > MAX_ATTEMPTS) {
      phase = "reporting the interrupted audit";
      await abandon(writer, job, target, deps, log);
      return;
    }
    phase = job.checkRunId ? "resuming the check run" : "creating the check run";
    const earlier = await earlierRun(writer, job, target);
    const run = earlier ? await restartCheckRun(writer, earlier, deps.now()) : await startCheckRun(writer, target, deps.now());
    if (!job.checkRunId) await keepCheckRun(job, run.id, deps, log);
    let outcome: CheckOutcome;
    let audited: Audited | undefined;
    try {
      audited = await untilAborted(
        budget.signal,
        audit(reader, sha, job, deps, (next) => {
          phase = next;
        }),
      );
      outcome = audited.outcome;
    } catch (error) {
      const what = describeFailure(error, phase);
      log.warn({ err: error, phase }, `audit failed: ${what}`);
      if (!(error instanceof AuditInterrupted)) deps.reportError(error, { ...fields, sha, phase });
      outcome = failedOutcome(what);
    }
    phase = "completing the check run";
    try {
      await complete(writer, run, outcome, deps, log);
    } catch (error) {
      completeLater(writer, run, outcome, error, deps, log);
      throw error;
    }
    phase = "replying to the comment";
    await replyWithLink(writer, run, request.replyTo, sha, outcome, log);
    if (audited?.report) await keepAudit(job, sha, run.id, audited, { started, requests: ledger.requests }, deps, log);
    deps.metrics.auditFinished({ conclusion: outcome.conclusion, durationMs: Date.now() - started, requests: ledger.requests });
    log.info(
      { durationMs: Date.now() - started, requests: ledger.requests, attempts: ledger.attempts, tokenExchanges: ledger.tokenExchanges, conclusion: outcome.conclusion, title: outcome.title },
      "audit finished",
    );
  } catch (error) {
    log.error({ err: error, phase, durationMs: Date.now() - started, requests: ledger.requests }, `audit could not report: ${describeFailure(error, phase)}`);
    deps.metrics.auditFinished({ conclusion: "unreported", durationMs: Date.now() - started, requests: ledger.requests });
    deps.reportError(error, { ...fields, phase });
  } finally {
    clearTimeout(timer);
    job.shutdown.removeEventListener("abort", onShutdown);
  }
}

/** What a job given up after MAX_ATTEMPTS says. */
function interruptedMessage(attempts: number): string {
  return `the audit was interrupted ${attempts - 1} times (the app stopped while running it) and was not tried again; press "${RERUN_ACTION.label}" or push again to audit this commit`;
}

/**
 * The run an earlier attempt of this job left open: the one it stored, or, when it died between
 * creating the run and storing its id, the open run of this check on the commit (one request, on
 * retries only). A run an earlier attempt completed is not reopened.
 */
async function earlierRun(github: Octokit, job: AuditJob, target: CheckRunTarget): Promise<Omit<CheckRunRef, "htmlUrl"> | undefined> {
  if (job.checkRunId) return { owner: target.owner, repo: target.repo, id: job.checkRunId };
  return job.attempts > 1 ? findOpenCheckRun(github, target) : undefined;
}

/** Completes the job's run (the earlier attempt's, or a new one) as neutral, saying the audit was interrupted and how to re-run it. */
async function abandon(github: Octokit, job: AuditJob, target: CheckRunTarget, deps: AuditDependencies, log: Logger): Promise<void> {
  const outcome = failedOutcome(interruptedMessage(job.attempts));
  const earlier = await earlierRun(github, job, target);
  if (earlier) await completeCheckRun(github, { ...earlier, htmlUrl: "" }, outcome, deps.now());
  else await createCompletedCheckRun(github, target, outcome, deps.now());
  log.warn({ checkRunId: earlier?.id, attempts: job.attempts }, "audit interrupted too often; check run completed as neutral");
}

async function keepCheckRun(job: AuditJob, checkRunId: number, deps: AuditDependencies, log: Logger): Promise<void> {
  try {
    await deps.recordCheckRun(job.id, checkRunId);
  } catch (error) {
    // Not fatal: a later attempt would create a second run, which the first attempt's completion still closes.
    log.warn({ err: error, checkRunId }, "could not keep the check run with its job");
  }
}

/**
 * Tries at keeping a finished audit, a second apart. Its check run is already complete, so nothing
 * would audit the commit again: a store outage shorter than this (a database restarting) must not
 * leave the audit out of the history the org view reads.
 */
const KEEP_TRIES = 15;

async function keepAudit(
  job: AuditJob,
  sha: string,
  checkRunId: number,
  audited: Audited,
  cost: { started: number; requests: number },
  deps: AuditDependencies,
  log: Logger,
): Promise<void> {
  const { request } = job;
  const finishedAt = Date.now();
  const record = {
    installationId: request.installationId,
    repository: request.repository,
    sha,
    ref: request.ref,
    trigger: request.trigger,
    pullRequestNumber: request.pullRequest?.number,
    report: audited.report as AuditReport,
    checklistDigest: deps.checklistDigest,
    configDigest: audited.configDigest,
    durationMs: finishedAt - cost.started,
    githubRequests: cost.requests,
    checkRunId,
    startedAt: cost.started,
    finishedAt,
  };
  // A shutting-down app does not wait: the check run is complete; only the history misses this audit.
  const failure = await retryStoreWrite(() => deps.audits.record(record), KEEP_TRIES, () => job.shutdown.aborted);
  if (failure) {
    log.error({ err: failure.error, attempts: failure.attempts }, "the audit could not be kept in the store");
    deps.reportError(failure.error, { phase: "keeping the audit" });
  }
}

/** What an audit produced: the check run's outcome and, unless the configuration was invalid, the report kept in the store. */
interface Audited {
  outcome: CheckOutcome;
  report?: AuditReport;
  configDigest: string;
}

async function audit(github: Octokit, sha: string, job: AuditJob, deps: AuditDependencies, enter: (phase: string) => void): Promise<Audited> {
  const { owner, repo } = job.request;
  enter("loading the configuration");
  // A pull request is audited under its base's configuration, so it cannot loosen its own check.
  const config = await repositoryConfig(github, owner, repo, job.request.pullRequest?.baseSha ?? sha, job.generation, deps);
  if (!config.ok) return { outcome: invalidConfigOutcome(config.problems, ".github/readiness.yml"), configDigest: digestOf(config.problems) };
  enter("reading and auditing the repository");
  const head = await auditCommit(github, owner, repo, sha, config.config, deps);
  const preface: string[] = [];
  // Read lazily: a pull_request event for this sha may have merged into the job while the head was audited.
  const pullRequest = job.request.pullRequest;
  if (pullRequest && pullRequest.baseSha !== sha) {
    enter("auditing the base branch");
    try {
      const base = await auditCommit(github, owner, repo, pullRequest.baseSha, config.config, deps);
      preface.push(...comparisonSection(head, base, `${pullRequest.baseRef} (${pullRequest.baseSha.slice(0, 7)})`));
    } catch (error) {
      if (error instanceof AuditInterrupted) throw error;
      preface.push(`_The base branch ${pullRequest.baseRef} could not be audited for comparison (${describeFailure(error, "auditing the base branch")})._`, "");
    }
  }
  if (config.sources.length > 1 || (config.sources[0] && config.sources[0] !== ".github/readiness.yml"))
    preface.push(`_Configuration: ${config.sources.join(" ← ")}_`, "");
  return { outcome: auditOutcome(head, preface), report: head, configDigest: digestOf(config.config) };
}

/** The trigger of the sweep's audits (src/app/sweep), which run only when something changed. */
export const SWEEP_TRIGGER = "sweep";

async function alreadyAudited(github: Octokit, sha: string, job: AuditJob, deps: AuditDependencies): Promise<boolean> {
  const { request } = job;
  const config = await repositoryConfig(github, request.owner, request.repo, sha, job.generation, deps);
  const configDigest = digestOf(config.ok ? config.config : config.problems);
  return deps.audits.audited(request.installationId, request.repository.id, sha, deps.checklistDigest, configDigest);
}

/**
 * Cached by the commit it was read at and the job's generation: the repository's own file at a
 * commit never changes, and what it inherits from the organisation's `.github` repository is
 * named by the generation's last-seen version, so a push there makes this cache miss.
 */
async function repositoryConfig(github: Octokit, owner: string, repo: string, ref: string, generation: string, deps: AuditDependencies): Promise<ConfigOutcome> {
  const key = `${owner}/${repo}@${ref}:${generation}`.toLowerCase();
  const cached = deps.caches.configs.get(key);
  if (cached) return cached;
  const loaded = await loadRepositoryConfig(github, owner, repo, ref);
  deps.caches.configs.set(key, loaded);
  return loaded;
}

/** Audits of a commit are kept (per configuration), so a pull request's base is audited once for all its pushes. */
async function auditCommit(
  github: Octokit,
  owner: string,
  repo: string,
  sha: string,
  config: ReadinessConfig,
  deps: AuditDependencies,
): Promise<AuditReport> {
  const key = `${owner}/${repo}@${sha}:${JSON.stringify(config)}`.toLowerCase();
  const cached = deps.caches.reports.get(key);
  if (cached) return cached;
  const snapshot = new GitHubSnapshot(github, { owner, repo, sha, caches: deps.caches });
  const report = await runAudit(snapshot, {
    checklist: deps.checklist,
    config,
    now: deps.now(),
    budget: deps.settings.budget,
    probes: deps.probes,
    repository: { sha },
  }, deps.auditor);
  deps.caches.reports.set(key, report);
  return report;
}

/** Completes the run; if GitHub refuses the report itself, completes it as neutral saying so. */
async function complete(github: Octokit, run: CheckRunRef, outcome: CheckOutcome, deps: AuditDependencies, log: Logger): Promise<void> {
  try {
    await completeCheckRun(github, run, outcome, deps.now());
  } catch (error) {
    if ((error as { status?: number }).status !== 422 || outcome.conclusion === "neutral") throw error;
    log.error({ err: error }, "GitHub refused the check run's output");
    deps.reportError(error, { phase: "completing the check run" });
    await completeCheckRun(github, run, failedOutcome(`GitHub refused the report: ${(error as Error).message}`), deps.now());
  }
}

/** The longest the app waits to retry completing a run GitHub would not take (a rate limit, an outage). */
const LATE_COMPLETION_LIMIT_MS = 10 * 60_000;
const LATE_COMPLETION_DEFAULT_MS = 30_000;

/**
 * One more try at completing the run once GitHub's retry-after has passed, outside the audit's
 * budget and its queue slot, so a run is not left in progress because the last request of an
 * audit met a rate limit. It resends the conclusion and summary without annotations: if the
 * first attempt got through, nothing is duplicated; if not, the summary still lists everything.
 */
function completeLater(github: Octokit, run: CheckRunRef, outcome: CheckOutcome, error: unknown, deps: AuditDependencies, log: Logger): void {
  const retryAfter = Number((error as { response?: { headers?: Record<string, string> } }).response?.headers?.["retry-after"]);
  const delayMs = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : LATE_COMPLETION_DEFAULT_MS, LATE_COMPLETION_LIMIT_MS);
  log.warn({ checkRunId: run.id, delayMs }, "could not complete the check run; trying once more later");
  const timer = setTimeout(() => {
    completeCheckRun(github, run, { ...outcome, annotations: [] }, deps.now()).then(
      () => log.info({ checkRunId: run.id }, "check run completed on the late retry"),
      (lateError: unknown) => {
        log.error({ err: lateError, checkRunId: run.id }, "check run left in progress: GitHub refused its completion twice");
        deps.reportError(lateError, { phase: "completing the check run late", checkRunId: run.id });
      },
    );
  }, delayMs);
  timer.unref();
}

async function replyWithLink(github: Octokit, run: CheckRunRef, pullNumbers: number[], sha: string, outcome: CheckOutcome, log: Logger) {
  for (const issue_number of pullNumbers) {
    try {
      await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: run.owner,
        repo: run.repo,
        issue_number,
        body: `Readiness audited \`${sha.slice(0, 7)}\` again: [${outcome.title}](${run.htmlUrl})`,
      });
    } catch (error) {
      log.warn({ err: error, issue_number }, "could not reply to the /readiness comment");
    }
  }
}

async function defaultBranchHead(github: Octokit, owner: string, name: string): Promise<string | undefined> {
  const data = await github.graphql<{ repository?: { defaultBranchRef?: { target?: { oid?: string } } | null } | null }>(
    "query ReadinessDefaultBranch($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { target { oid } } } }",
    { owner, name },
  );
  return data.repository?.defaultBranchRef?.target?.oid ?? undefined;
}

function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A sentence for the check run: what was being done and what GitHub (or the clock) said. */
export function describeFailure(error: unknown, phase: string): string {
  if (error instanceof AuditInterrupted) return `${error.message}, while ${phase}`;
  const failure = error as { status?: number; message?: string; request?: { method?: string; url?: string } };
  const message = (failure.message ?? String(error)).split("\n")[0];
  if (typeof failure.status === "number" && failure.request) {
    const url = failure.request.url ? new URL(failure.request.url, "https://api.github.invalid").pathname : "";
    const limited = /rate limit/i.test(message ?? "") ? " (a GitHub rate limit; the app does not wait past an audit's budget)" : "";
    return `GitHub answered ${failure.status} to ${failure.request.method ?? ""} ${url} while ${phase}${limited}: ${message}`;
  }
  return `${message}, while ${phase}`;
}
