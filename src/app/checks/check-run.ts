import type { CheckOutcome } from "./check-output.js";
import type { PullRequestRef } from "../audit-request.js";

/** The slice of Octokit the check-run calls need. */
export interface CheckRunClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>;
}

export interface CheckRunRef {
  owner: string;
  repo: string;
  id: number;
  htmlUrl: string;
}

/** GitHub takes at most 50 annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** The button on a completed run; its click arrives as check_run.requested_action with this identifier. */
export const RERUN_ACTION = { label: "Re-run audit", description: "Audit this commit again", identifier: "rerun" } as const;

export type CheckRunTarget = { owner: string; repo: string; headSha: string; name: string; pullRequest?: PullRequestRef };

export function startCheckRun(github: CheckRunClient, target: CheckRunTarget, now: Date): Promise<CheckRunRef> {
  return createCheckRun(github, target, { status: "in_progress", started_at: timestamp(now) });
}

/**
 * A run an earlier attempt of the same job created (the process died while auditing): back to
 * in progress, so the commit keeps one run however many attempts it took.
 */
export async function restartCheckRun(github: CheckRunClient, run: Omit<CheckRunRef, "htmlUrl">, now: Date): Promise<CheckRunRef> {
  const { data } = await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    owner: run.owner,
    repo: run.repo,
    check_run_id: run.id,
    status: "in_progress",
    started_at: timestamp(now),
  });
  return { ...run, htmlUrl: (data as { html_url: string }).html_url };
}

/**
 * A run of this check still open on the commit: left by an earlier attempt of the same job that
 * died after creating it and before its id was stored. Reusing it keeps one run per commit.
 */
export async function findOpenCheckRun(github: CheckRunClient, target: CheckRunTarget): Promise<Omit<CheckRunRef, "htmlUrl"> | undefined> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.name,
    filter: "latest",
  });
  const open = (data as { check_runs: { id: number; name: string; status: string }[] }).check_runs.find((run) => run.name === target.name && run.status !== "completed");
  return open ? { owner: target.owner, repo: target.repo, id: open.id } : undefined;
}

/** A run created already completed: for a commit the app will not audit now (it is shutting down). */
export function createCompletedCheckRun(
  github: CheckRunClient,
  target: CheckRunTarget,
  outcome: Pick<CheckOutcome, "conclusion" | "title" | "summary">,
  now: Date,
): Promise<CheckRunRef> {
  return createCheckRun(github, target, {
    status: "completed",
    conclusion: outcome.conclusion,
    completed_at: timestamp(now),
    output: { title: outcome.title, summary: outcome.summary },
    actions: [RERUN_ACTION],
  });
}

async function createCheckRun(github: CheckRunClient, target: CheckRunTarget, state: Record<string, unknown>): Promise<CheckRunRef> {
  const { data } = await github.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    head_sha: target.headSha,
    ...state,
    external_id: encodeExternalId(target.pullRequest),
  });
  const run = data as { id: number; html_url: string };
  return { owner: target.owner, repo: target.repo, id: run.id, htmlUrl: run.html_url };
}

/**
 * Completes the run with its first 50 annotations, then appends the rest 50 per PATCH. The
 * conclusion goes first so that a failure while appending never leaves the run in progress;
 * every PATCH repeats the title and summary, which GitHub requires with each output.
 */
export async function completeCheckRun(github: CheckRunClient, run: CheckRunRef, outcome: CheckOutcome, now: Date): Promise<void> {
  const [first = [], ...rest] = chunk(outcome.annotations, ANNOTATIONS_PER_REQUEST);
  const output = { title: outcome.title, summary: outcome.summary };
  await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    owner: run.owner,
    repo: run.repo,
    check_run_id: run.id,
    status: "completed",
    conclusion: outcome.conclusion,
    completed_at: timestamp(now),
    output: { ...output, annotations: first },
    actions: [RERUN_ACTION],
  });
  for (const annotations of rest) {
    await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner: run.owner,
      repo: run.repo,
      check_run_id: run.id,
      output: { ...output, annotations },
    });
  }
}

/**
 * check_run.rerequested carries no pull request, so the run keeps what a re-run needs to compare
 * against the base branch again: the number, base sha and base branch, in a short string.
 */
export function encodeExternalId(pullRequest: PullRequestRef | undefined): string {
  return pullRequest ? `pr:${pullRequest.number}:${pullRequest.baseSha}:${pullRequest.baseRef}` : "";
}

export function decodeExternalId(externalId: string | null | undefined): PullRequestRef | undefined {
  const match = /^pr:(\d{1,10}):([0-9a-f]{40}):(.{1,255})$/.exec(externalId ?? "");
  if (!match) return undefined;
  return { number: Number(match[1]), baseSha: match[2] as string, baseRef: match[3] as string };
}

/** ISO 8601 without milliseconds, the form GitHub documents for started_at and completed_at. */
function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
