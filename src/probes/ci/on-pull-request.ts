import { type CiConfig, type CiStep, ciConfigs, ciSteps, effectiveTriggers, type PlacedTrigger, pipelineOf, systemLabel } from "../../facts/ci.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Pull-request events that run the workflow for the PR's code. */
const PULL_REQUEST_EVENTS = new Set(["pull_request", "merge_group"]);
/** `types:` that still fire when a PR is opened or updated. */
const CHECKING_TYPES = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

/**
 * Actions that set up, cache or talk about a pull request without checking its code:
 * a workflow made only of these (a labeler, a stale bot, an AI reviewer) is not CI.
 */
const NON_CHECKING_ACTIONS = [
  "actions/checkout",
  "actions/setup-",
  "actions/cache",
  "actions/upload-artifact",
  "actions/download-artifact",
  "actions/labeler",
  "actions/stale",
  "actions/first-interaction",
  "actions/github-script",
  "actions/add-to-project",
  "release-drafter/",
  "amannn/action-semantic-pull-request",
  "anthropics/claude-code-action",
  "dependabot/fetch-metadata",
  "peter-evans/",
  "marocchino/sticky-pull-request-comment",
  "thollander/actions-comment-pull-request",
  "kentaro-m/auto-assign-action",
  "actions-ecosystem/",
  "pascalgn/automerge-action",
  "codelytv/pr-size-labeler",
  "pnpm/action-setup",
];

/** Whether a pipeline checks code: a command, a non-bot action, or a reusable workflow that does. */
function checksCode(view: RepoView, config: CiConfig, steps: readonly CiStep[], depth = 0): boolean {
  if (config.system !== "github-actions") return true;
  const own = steps.filter((s) => pipelineOf(s) === config.path);
  if (own.some((s) => s.run !== undefined || (s.uses !== undefined && !NON_CHECKING_ACTIONS.some((a) => s.uses?.toLowerCase().startsWith(a))))) return true;
  const callees = ciConfigs(view).filter((c) => config.calls?.some((call) => call.path === c.path));
  return depth < 4 && callees.some((c) => checksCode(view, c, steps, depth + 1));
}

/** pull_request_target runs the base branch's workflow; it tests the PR only when it checks out the PR head. */
function checksOutPullRequestHead(steps: readonly CiStep[], path: string): boolean {
  return steps.some((s) => pipelineOf(s) === path && s.uses?.startsWith("actions/checkout") && /pull_request\.head|head_ref|head\.sha/.test(s.with?.ref ?? ""));
}

function runsForPullRequest(trigger: PlacedTrigger, steps: readonly CiStep[]): boolean {
  if (trigger.types && !trigger.types.some((t) => CHECKING_TYPES.has(t))) return false;
  if (PULL_REQUEST_EVENTS.has(trigger.event)) return true;
  return trigger.event === "pull_request_target" && checksOutPullRequestHead(steps, trigger.path);
}

/**
 * CI that runs for pull requests: an explicit trigger (GitHub pull_request, GitLab merge request
 * rules, Azure `pr:`, Bitbucket `pull-requests:`, Drone events), or a system whose default builds
 * pull requests (Travis, AppVeyor, Drone). Defaults that hang on settings outside the repository
 * (GitLab branch pipelines, CircleCI, Jenkins, Buildkite, Azure without `pr:`) are partial.
 */
export const ciOnPullRequest: Probe = {
  id: "ci.on-pull-request",
  run({ view }) {
    const configs = ciConfigs(view).filter((c) => !c.skipped);
    if (configs.length === 0) return fail("no CI configuration that parses, so nothing runs on pull requests");
    const steps = ciSteps(view);
    const explicit: PlacedTrigger[] = [];
    const implicit: PlacedTrigger[] = [];
    const bots: string[] = [];
    let headless = false;
    for (const config of configs) {
      const triggers = effectiveTriggers(view, config.path).filter((t) => runsForPullRequest(t, steps));
      if (triggers.length === 0) {
        headless ||= effectiveTriggers(view, config.path).some((t) => t.event === "pull_request_target");
        continue;
      }
      if (!checksCode(view, config, steps)) {
        bots.push(config.path);
        continue;
      }
      for (const trigger of triggers) (trigger.implicit ? implicit : explicit).push(trigger);
    }
    const evidence = (triggers: PlacedTrigger[]): Evidence[] => {
      const unique = new Map(triggers.map((t) => [`${t.path}:${t.line}`, t]));
      return [...unique.values()].slice(0, 6).map((t) => ({ path: t.path, line: t.line, note: t.implicit ?? `on: ${t.event}` }));
    };
    if (explicit.length > 0) {
      const files = [...new Set(explicit.map((t) => t.path))];
      return pass(`CI runs on pull requests: ${files.slice(0, 4).join(", ")}${files.length > 4 ? ` and ${files.length - 4} more` : ""}`, evidence(explicit));
    }
    const certain = implicit.filter((t) => !t.assumed);
    if (certain.length > 0) return pass(`CI runs on pull requests by default: ${certain[0]?.implicit}`, evidence(certain));
    if (implicit.length > 0) return partial(`pull requests are probably built, but nothing in the repository says so: ${implicit[0]?.implicit}`, evidence(implicit));
    const notes = [
      bots.length ? `pull-request workflows only run bots (${bots.slice(0, 3).join(", ")})` : "",
      headless ? "pull_request_target workflows run the base branch's code without checking out the pull request" : "",
    ].filter(Boolean);
    const events = [...new Set(configs.flatMap((c) => effectiveTriggers(view, c.path).map((t) => t.event)))];
    return fail(
      `no CI configuration runs on pull requests (${configs.map((c) => systemLabel(c.system)).filter((v, i, a) => a.indexOf(v) === i).join(", ")} triggered by: ${events.join(", ") || "nothing"})${notes.length ? `; ${notes.join("; ")}` : ""}`,
    );
  },
};
