import type { Context } from "probot";
import { decodeExternalId } from "../checks/check-run.js";
import { type AuditRequest, type RepositoryPayload, type RepositoryRef, repositoryRef } from "../audit-request.js";

type Payload<E extends keyof EventPayloads> = EventPayloads[E];
type EventPayloads = {
  check_suite: Context<"check_suite">["payload"];
  check_run: Context<"check_run">["payload"];
  pull_request: Context<"pull_request">["payload"];
  push: Context<"push">["payload"];
  installation: Context<"installation.created">["payload"];
  installation_repositories: Context<"installation_repositories.added">["payload"];
};

interface Envelope {
  trigger: string;
  deliveryId: string;
}

const NULL_SHA = /^0{40}$/;

function repositoryOf(payload: { repository: RepositoryPayload & { owner: { login: string } }; installation?: { id: number } }) {
  return { owner: payload.repository.owner.login, repo: payload.repository.name, installationId: payload.installation?.id, repository: repositoryRef(payload.repository) };
}

function request(
  base: { owner: string; repo: string; installationId: number | undefined; repository: RepositoryRef },
  fields: Omit<AuditRequest, "owner" | "repo" | "installationId" | "replyTo" | "repository"> & { replyTo?: number[] },
): AuditRequest | undefined {
  if (base.installationId === undefined) return undefined;
  return { owner: base.owner, repo: base.repo, installationId: base.installationId, repository: base.repository, replyTo: [], ...fields };
}

/** check_suite.requested (GitHub's "audit this push") and .rerequested ("Re-run all checks"). */
export function fromCheckSuite(payload: Payload<"check_suite">, envelope: Envelope): AuditRequest | undefined {
  const suite = payload.check_suite;
  const pull = suite.pull_requests[0];
  return request(repositoryOf(payload), {
    headSha: suite.head_sha,
    ref: pull ? `refs/pull/${pull.number}/head` : suite.head_branch ? `refs/heads/${suite.head_branch}` : undefined,
    pullRequest: pull ? { number: pull.number, baseSha: pull.base.sha, baseRef: pull.base.ref } : undefined,
    explicit: payload.action === "rerequested",
    ...envelope,
  });
}

/**
 * check_run.rerequested ("Re-run") and .requested_action (the "Re-run audit" button). Both reach
 * only the app that owns the run, but check_run events in general reach every app with checks
 * permission, so runs of other apps (or other check names) are ignored all the same.
 */
export function fromCheckRun(
  payload: Payload<"check_run">,
  envelope: Envelope,
  own: { appId: number | undefined; checkName: string; actionIdentifier: string },
): AuditRequest | undefined {
  const run = payload.check_run;
  const ours = own.appId !== undefined ? run.app?.id === own.appId : run.name === own.checkName;
  if (!ours) return undefined;
  if (payload.action === "requested_action" && payload.requested_action?.identifier !== own.actionIdentifier) return undefined;
  const pull = run.pull_requests[0];
  return request(repositoryOf(payload), {
    headSha: run.head_sha,
    ref: run.check_suite?.head_branch ? `refs/heads/${run.check_suite.head_branch}` : undefined,
    pullRequest: decodeExternalId(run.external_id) ?? (pull ? { number: pull.number, baseSha: pull.base.sha, baseRef: pull.base.ref } : undefined),
    explicit: true,
    ...envelope,
  });
}

/**
 * pull_request.opened/synchronize/reopened. Pushes to forks raise no check suite in the base
 * repository, so these events are what audits fork pull requests: the check goes on the base
 * repository at the head sha (GitHub keeps fork heads reachable there).
 */
export function fromPullRequest(payload: Payload<"pull_request">, envelope: Envelope): AuditRequest | undefined {
  const pull = payload.pull_request;
  return request(repositoryOf(payload), {
    headSha: pull.head.sha,
    ref: `refs/pull/${pull.number}/head`,
    pullRequest: { number: pull.number, baseSha: pull.base.sha, baseRef: pull.base.ref },
    explicit: false,
    ...envelope,
  });
}

/** A push to the default branch; other branches are covered by their check suites and pull requests. */
export function fromPush(payload: Payload<"push">, envelope: Envelope): AuditRequest | undefined {
  const defaultRef = `refs/heads/${payload.repository.default_branch}`;
  if (payload.ref !== defaultRef || payload.deleted || NULL_SHA.test(payload.after)) return undefined;
  const owner = payload.repository.owner?.login ?? payload.repository.owner?.name;
  if (!owner) return undefined;
  return request(
    { owner, repo: payload.repository.name, installationId: payload.installation?.id, repository: repositoryRef(payload.repository) },
    { headSha: payload.after, ref: payload.ref, explicit: false, ...envelope },
  );
}

/** installation.created and installation_repositories.added: every listed repository's default branch. */
export function fromInstallation(
  payload: Payload<"installation"> | Payload<"installation_repositories">,
  envelope: Envelope,
): AuditRequest[] {
  const repositories = "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
  const requests: AuditRequest[] = [];
  for (const repository of repositories) {
    const [owner, repo] = repository.full_name.split("/");
    if (!owner || !repo) continue;
    requests.push({
      installationId: payload.installation.id,
      owner,
      repo,
      repository: repositoryRef({ ...repository, name: repo }),
      explicit: false,
      replyTo: [],
      ...envelope,
    });
  }
  return requests;
}

/** `/readiness` alone on the first line of a comment. */
export function isReadinessCommand(body: string | null | undefined): boolean {
  const firstLine = (body ?? "").trimStart().split("\n", 1)[0] ?? "";
  return firstLine.trim() === "/readiness";
}
