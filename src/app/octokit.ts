import { ProbotOctokit } from "probot";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;
type RequestOptions = { method: string; url: string; request?: RequestSettings };
type RequestSettings = { retries?: number; signal?: AbortSignal; fetch?: typeof fetch; auditDeadline?: number };
type Octokit = InstanceType<typeof ProbotOctokit>;

/**
 * Retries of a failed request (5xx, 429). plugin-retry waits (n+1)² seconds before retry n, so two
 * retries cost at most 1 s + 4 s of waiting, where its default of three can spend 14 s on one request.
 */
export const MAX_RETRIES = 2;

/** Time kept back at the end of an audit's budget so its check run can still be completed. */
export const FINISH_RESERVE_MS = 5_000;

/** Requests made outside an audit (e.g. resolving a default branch) still never wait longer than this for a rate limit. */
const UNBUDGETED_WAIT_LIMIT_MS = 30_000;

const TOKEN_EXCHANGE = /^\/app\/installations\/[^/]+\/access_tokens$/;

/** Knobs tests and benchmarks use to shorten Octokit's waits; production passes none. */
export interface OctokitTuning {
  retry?: Record<string, unknown>;
  throttle?: Record<string, unknown>;
}

/**
 * ProbotOctokit with the app's request policy. The function form runs after Probot's own
 * defaults, so its rate-limit handlers replace Probot's (which never retry a secondary limit,
 * and retry a primary one until the hourly reset, far past any audit's budget).
 */
export function readinessOctokit(tuning: OctokitTuning = {}): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: OctokitOptions) => ({
    ...options,
    retry: { retries: MAX_RETRIES, ...options.retry, ...tuning.retry },
    throttle: {
      ...options.throttle,
      onRateLimit: retryWithinBudget,
      onSecondaryRateLimit: retryWithinBudget,
      ...tuning.throttle,
    },
  })) as typeof ProbotOctokit;
}

/**
 * One retry of a rate-limited request, and only when GitHub's retry-after still leaves time to
 * finish the audit. Otherwise the error reaches the audit, which completes its check as neutral
 * saying so: waiting out a limit past the budget would only leave the check stuck in progress.
 */
export function retryWithinBudget(retryAfterSeconds: number, options: RequestOptions, octokit: Octokit, retryCount: number): boolean {
  const deadline = options.request?.auditDeadline ?? Date.now() + UNBUDGETED_WAIT_LIMIT_MS + FINISH_RESERVE_MS;
  const fits = retryCount < 1 && Date.now() + retryAfterSeconds * 1000 + FINISH_RESERVE_MS <= deadline;
  octokit.log.warn(
    `rate limited by GitHub on ${options.method} ${options.url} (retry after ${retryAfterSeconds} s, retry ${retryCount}): ${
      fits ? "retrying once within the audit's budget" : "not retrying past the audit's budget"
    }`,
  );
  return fits;
}

/** What one audit cost, for its log line and the benchmark. */
export class RequestLedger {
  /** API calls the app made (each may be retried). */
  requests = 0;
  /** HTTP requests that actually went out, retries included. */
  attempts = 0;
  /** Installation token exchanges (Probot caches a token for 59 minutes, so most audits make none). */
  tokenExchanges = 0;

  constructor(readonly deadline: number) {}

  remainingMs(): number {
    return this.deadline - Date.now();
  }
}

/**
 * Counts every request of one audit and binds it to the audit's budget: the deadline travels with
 * each request to the rate-limit handlers, retries stop once the budget is nearly spent, and the
 * optional signal aborts requests still in flight when the budget runs out.
 */
export function instrument<T extends Octokit>(octokit: T, ledger: RequestLedger, signal?: AbortSignal): T {
  octokit.hook.wrap("request", (request, options) => {
    const tokenExchange = TOKEN_EXCHANGE.test((options as RequestOptions).url);
    if (tokenExchange) ledger.tokenExchanges++;
    else ledger.requests++;
    const settings = ((options as RequestOptions).request ?? {}) as RequestSettings;
    const baseFetch = settings.fetch;
    const countingFetch: typeof fetch = (input, init) => {
      if (!tokenExchange) ledger.attempts++;
      return (baseFetch ?? globalThis.fetch)(input, init);
    };
    // before-after-hook binds the same options object to every layer, so it is changed in place.
    (options as RequestOptions).request = {
      ...settings,
      fetch: countingFetch,
      auditDeadline: ledger.deadline,
      // Near the deadline reads stop retrying, but a check-run write (no signal) keeps one retry:
      // a single 5xx on the completing PATCH would otherwise leave the run in progress for good.
      ...(ledger.remainingMs() <= FINISH_RESERVE_MS * 2 ? { retries: signal ? 0 : 1 } : {}),
      ...(signal ? { signal } : {}),
    };
    return request(options);
  });
  return octokit;
}
