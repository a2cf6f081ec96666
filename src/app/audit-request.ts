/** What every room of the app passes around: the repository and commit an audit is for. */

/** The pull request an audit belongs to, enough to compare against its base. */
export interface PullRequestRef {
  number: number;
  baseSha: string;
  baseRef: string;
}

/** What the store keeps about a repository, from the event's payload. */
export interface RepositoryRef {
  id: number;
  fullName: string;
  visibility: string;
  /** Absent from installation events' repository lists. */
  defaultBranch?: string;
}

/** One audit to run, whatever event asked for it. */
export interface AuditRequest {
  installationId: number;
  owner: string;
  repo: string;
  repository: RepositoryRef;
  /** The branch (refs/heads/...) or pull request ref the commit was announced on, when the event says. */
  ref?: string;
  /** The commit to audit; absent when the default branch's head is to be resolved first (installation backfill). */
  headSha?: string;
  pullRequest?: PullRequestRef;
  /** "check_suite.requested", "push", ...: for logs. */
  trigger: string;
  deliveryId: string;
  /** An explicit request (re-run button, /readiness): runs even if the sha was just audited. */
  explicit: boolean;
  /** Pull request numbers to answer with a comment linking the new check run. */
  replyTo: number[];
}

export interface RepositoryPayload {
  id: number;
  name: string;
  full_name: string;
  private: boolean;
  visibility?: string;
  default_branch?: string;
}

export function repositoryRef(repository: RepositoryPayload): RepositoryRef {
  return {
    id: repository.id,
    fullName: repository.full_name,
    visibility: repository.visibility ?? (repository.private ? "private" : "public"),
    defaultBranch: repository.default_branch,
  };
}

