/** The shapes of a parsed CI configuration, shared by the parsers of each system and the CI facts built on them. */

export type CiSystem =
  | "github-actions"
  | "gitlab-ci"
  | "circleci"
  | "jenkins"
  | "azure-pipelines"
  | "travis"
  | "bitbucket"
  | "drone"
  | "buildkite"
  | "appveyor"
  | "cloud-build";

export interface CiTrigger {
  /** GitHub's event names where they apply: push, pull_request, pull_request_target, merge_group, schedule, workflow_dispatch, workflow_call, tag... */
  event: string;
  line: number;
  /** Why the event applies although no line of the file names it (the system's default behaviour). */
  implicit?: string;
  /** The default depends on settings outside the repository, so it is likely rather than certain. */
  assumed?: boolean;
  /** `types:` of a pull_request trigger, when restricted. */
  types?: string[];
  branches?: string[];
}

export interface CiConfig {
  system: CiSystem;
  path: string;
  triggers: CiTrigger[];
  /** Why the file could not be used (YAML syntax error, unreadable); its steps are unknown. */
  skipped?: string;
  /** Local reusable workflows this workflow calls (`jobs.<id>.uses: ./.github/workflows/x.yml`). */
  calls?: { path: string; line: number }[];
  /** GitLab `include:` entries (local files are parsed as configs of their own). */
  includes?: { kind: string; target: string; line: number }[];
  /** A GitLab file pulled in by another's `include:`. */
  includedFrom?: { path: string; line: number };
}

export interface CiStep {
  system: CiSystem;
  /** The file holding the step's line (a workflow, or a composite action / template it uses). */
  path: string;
  line: number;
  job?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  /** Source line of each line of `run`. */
  runLines?: number[];
  /** Working directory of `run`, repository-relative. */
  cwd?: string;
  /** For steps of a local composite action or template: the CI line that uses it. */
  via?: { path: string; line: number };
  /** A step the system runs without it being written (Travis's default script), and why. */
  implicit?: string;
}
