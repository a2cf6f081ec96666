import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";

/**
 * Webhook deliveries as GitHub sends them: a real payload from @octokit/webhooks-examples,
 * pointed at one repository, commit and installation, serialised once, signed with the webhook
 * secret (X-Hub-Signature-256), and posted with X-GitHub-Event and X-GitHub-Delivery. A
 * redelivery is the same delivery sent again: same id, same bytes.
 */

interface ExampleEvent {
  name: string;
  examples: Record<string, unknown>[];
}

// biome-ignore lint/suspicious/noExplicitAny: example payloads are edited field by field before they are serialised.
type Payload = any;

export interface Delivery {
  id: string;
  /** The X-GitHub-Event header. */
  event: string;
  payload: Payload;
  /** The exact bytes signed and sent. */
  body: string;
}

export interface Target {
  owner: string;
  repo: string;
  installationId: number;
  /** The commit the event is about. */
  sha: string;
  defaultBranch?: string;
}

export interface PullTarget extends Target {
  number: number;
  baseSha: string;
  baseRef?: string;
  /** Head in a fork: the fork's owner (the check still goes on the base repository). */
  forkOwner?: string;
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as ExampleEvent[];

function example(event: string, action: string | undefined): Payload {
  const found = examples.find((e) => e.name === event)?.examples.find((p) => action === undefined || p.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ""} example`);
  return structuredClone(found);
}

function finish(event: string, payload: Payload, id: string = randomUUID()): Delivery {
  return { id, event, payload, body: JSON.stringify(payload) };
}

let repositoryIds = 500_000;
const idsByName = new Map<string, number>();

function repositoryId(owner: string, repo: string): number {
  const name = `${owner}/${repo}`.toLowerCase();
  const id = idsByName.get(name) ?? repositoryIds++;
  idsByName.set(name, id);
  return id;
}

/** The example's repository and installation rewritten to the target's. */
function retarget(payload: Payload, target: Target): Payload {
  const defaultBranch = target.defaultBranch ?? "main";
  payload.repository = {
    ...payload.repository,
    id: repositoryId(target.owner, target.repo),
    name: target.repo,
    full_name: `${target.owner}/${target.repo}`,
    default_branch: defaultBranch,
    master_branch: defaultBranch,
    owner: { ...payload.repository.owner, login: target.owner, name: target.owner },
  };
  payload.installation = { id: target.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${target.installationId}` };
  if (payload.organization) payload.organization = { ...payload.organization, login: target.owner };
  return payload;
}

function pullRequestsOf(pull: PullTarget | undefined): Payload[] {
  if (!pull) return [];
  const repo = { id: repositoryId(pull.owner, pull.repo), url: `https://api.github.invalid/repos/${pull.owner}/${pull.repo}`, name: pull.repo };
  return [{ number: pull.number, head: { sha: pull.sha, ref: `feature-${pull.number}`, repo }, base: { sha: pull.baseSha, ref: pull.baseRef ?? "main", repo } }];
}

/** check_suite.requested (GitHub's "audit this push") or .rerequested ("Re-run all checks"). */
export function checkSuite(action: "requested" | "rerequested", target: Target, pull?: PullTarget): Delivery {
  const payload = retarget(example("check_suite", action), target);
  Object.assign(payload.check_suite, {
    head_sha: target.sha,
    after: target.sha,
    head_branch: pull ? `feature-${pull.number}` : (target.defaultBranch ?? "main"),
    pull_requests: pullRequestsOf(pull),
  });
  return finish("check_suite", payload);
}

/** A push of `sha` to `ref` (the default branch unless said otherwise). */
export function push(target: Target, ref = `refs/heads/${target.defaultBranch ?? "main"}`): Delivery {
  const payload = retarget(example("push", undefined), target);
  Object.assign(payload, { ref, after: target.sha, before: `${"0".repeat(39)}1`, created: false, deleted: false, base_ref: null });
  payload.head_commit = { ...(payload.head_commit ?? {}), id: target.sha, tree_id: target.sha };
  payload.commits = [payload.head_commit];
  return finish("push", payload);
}

export function pullRequest(action: "opened" | "synchronize" | "reopened", pull: PullTarget): Delivery {
  const payload = retarget(example("pull_request", action === "synchronize" ? "synchronize" : action === "reopened" ? "reopened" : "opened"), pull);
  const base = payload.repository;
  const headRepository = pull.forkOwner
    ? { ...base, id: repositoryId(pull.forkOwner, pull.repo), full_name: `${pull.forkOwner}/${pull.repo}`, owner: { ...base.owner, login: pull.forkOwner }, fork: true }
    : base;
  payload.number = pull.number;
  Object.assign(payload.pull_request, {
    number: pull.number,
    state: "open",
    head: { ...payload.pull_request.head, sha: pull.sha, ref: `feature-${pull.number}`, label: `${pull.forkOwner ?? pull.owner}:feature-${pull.number}`, repo: headRepository },
    base: { ...payload.pull_request.base, sha: pull.baseSha, ref: pull.baseRef ?? "main", label: `${pull.owner}:${pull.baseRef ?? "main"}`, repo: base },
  });
  if (action === "synchronize") Object.assign(payload, { before: pull.baseSha, after: pull.sha });
  return finish("pull_request", payload);
}

/** check_run.rerequested ("Re-run") or .requested_action (the run's button) on a run this app created. */
export function checkRun(
  action: "rerequested" | "requested_action",
  target: Target,
  run: { id: number; appId: number; name: string; externalId?: string; identifier?: string },
): Delivery {
  const payload = retarget(example("check_run", action), target);
  Object.assign(payload.check_run, {
    id: run.id,
    name: run.name,
    head_sha: target.sha,
    external_id: run.externalId ?? "",
    status: "completed",
    conclusion: "neutral",
    pull_requests: [],
    app: { ...payload.check_run.app, id: run.appId },
  });
  if (payload.check_run.check_suite) Object.assign(payload.check_run.check_suite, { head_sha: target.sha, pull_requests: [], app: { ...payload.check_run.app, id: run.appId } });
  if (action === "requested_action") payload.requested_action = { identifier: run.identifier ?? "rerun" };
  return finish("check_run", payload);
}

/** installation.created for an org installation of `repositories`. */
export function installationCreated(installationId: number, owner: string, repositories: string[]): Delivery {
  const payload = example("installation", "created");
  payload.installation = { ...payload.installation, id: installationId, account: { ...payload.installation.account, login: owner } };
  payload.repositories = repositories.map((name) => ({ id: repositoryId(owner, name), node_id: "", name, full_name: `${owner}/${name}`, private: false }));
  return finish("installation", payload);
}

export function installationRepositoriesAdded(installationId: number, owner: string, repositories: string[]): Delivery {
  const payload = example("installation_repositories", "added");
  payload.installation = { ...payload.installation, id: installationId, account: { ...payload.installation.account, login: owner } };
  payload.repositories_added = repositories.map((name) => ({ id: repositoryId(owner, name), node_id: "", name, full_name: `${owner}/${name}`, private: false }));
  payload.repositories_removed = [];
  return finish("installation_repositories", payload);
}

/** A comment on a pull request (issue_comment carries no head sha: the app must fetch the pull request). */
export function pullRequestComment(pull: PullTarget, comment: { body: string; login: string; bot?: boolean }): Delivery {
  const payload = retarget(example("issue_comment", "created"), pull);
  payload.issue = {
    ...payload.issue,
    number: pull.number,
    pull_request: {
      url: `https://api.github.invalid/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}`,
      html_url: `https://github.invalid/${pull.owner}/${pull.repo}/pull/${pull.number}`,
      diff_url: `https://github.invalid/${pull.owner}/${pull.repo}/pull/${pull.number}.diff`,
      patch_url: `https://github.invalid/${pull.owner}/${pull.repo}/pull/${pull.number}.patch`,
      merged_at: null,
    },
  };
  payload.comment = { ...payload.comment, body: comment.body, user: { ...payload.comment.user, login: comment.login, type: comment.bot ? "Bot" : "User" } };
  return finish("issue_comment", payload);
}

/** An event the app does not subscribe to. */
export function unrelated(target: Target): Delivery {
  return finish("star", retarget({ action: "created", starred_at: new Date().toISOString(), repository: example("push", undefined).repository, sender: { login: "octocat" } }, target));
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface SendOptions {
  secret: string;
  /** Replaces the computed X-Hub-Signature-256; null leaves the header out. */
  signature?: string | null;
  /** Sends these bytes instead of the delivery's body (signed as they are, unless `signature` says otherwise). */
  rawBody?: string;
  contentType?: string;
}

export interface Acknowledgement {
  status: number;
  text: string;
  /** From the first byte sent to the full response read. */
  ms: number;
}

/** The headers GitHub sends with a delivery, signed over `body`. */
export function webhookHeaders(delivery: Delivery, body: string, options: SendOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "user-agent": "GitHub-Hookshot/e2e",
    "x-github-event": delivery.event,
    "x-github-delivery": delivery.id,
    "x-github-hook-id": "1",
    "x-github-hook-installation-target-type": "integration",
  };
  const signed = options.signature === undefined ? signature(options.secret, body) : options.signature;
  if (signed !== null) headers["x-hub-signature-256"] = signed;
  return headers;
}

/** POSTs a delivery the way GitHub does and times the acknowledgement. */
export async function send(url: string, delivery: Delivery, options: SendOptions): Promise<Acknowledgement> {
  const body = options.rawBody ?? delivery.body;
  const started = performance.now();
  // A fresh connection per delivery, as GitHub's deliveries come: reusing a keep-alive connection
  // the app is closing (its event loop busy past the keep-alive timeout) would reset it.
  const response = await fetch(url, { method: "POST", headers: { ...webhookHeaders(delivery, body, options), connection: "close" }, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}
