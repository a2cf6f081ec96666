import type { RepoView } from "../view/repo-view.js";
import { basename, dirname, isNonProjectPath } from "../view/paths.js";
import type { Evidence } from "../findings/findings.js";
import { analyzeAction } from "./ci-actions.js";
import { type ParsedCi, parseJenkinsfile, parseYamlCi } from "./ci-systems.js";
import type { CiConfig, CiStep, CiSystem, CiTrigger } from "./ci-model.js";
import { analyzeEmbeddedScript, type CommandFinding } from "./commands.js";

export type { CiConfig, CiStep, CiSystem, CiTrigger } from "./ci-model.js";

/**
 * The repository's CI, parsed: which systems, what triggers them, and every command or
 * action each job runs, with lines. Shared by the CI, testing and security probes.
 */

/** One thing a CI step does, placed at the CI line that does it. */
export interface CiFinding extends CommandFinding {
  step: CiStep;
  /** The CI line: the step's command line, or the workflow line that calls the composite action holding it. */
  at: Evidence;
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const COMPOSITE_ACTION = /^\.github\/actions\//;

/** Which system a path configures, for files CI systems read from fixed places. */
function systemOf(path: string): CiSystem | undefined {
  // Every system below reads a YAML file but Jenkins, whose files all have "enkinsfile" in their names: most paths end here.
  if (!path.endsWith(".yml") && !path.endsWith(".yaml") && !path.includes("enkinsfile")) return undefined;
  if (WORKFLOW.test(path)) return "github-actions";
  if (path === ".gitlab-ci.yml" || path === ".gitlab-ci.yaml") return "gitlab-ci";
  if (path === ".circleci/config.yml" || path === ".circleci/config.yaml") return "circleci";
  if (path === ".travis.yml" || path === ".travis.yaml") return "travis";
  if (path === "appveyor.yml" || path === ".appveyor.yml") return "appveyor";
  if (path === "bitbucket-pipelines.yml") return "bitbucket";
  if (/^(?:[\w.-]+\/)*cloudbuild(?:[.-][\w-]+)?\.ya?ml$/.test(path) && !isNonProjectPath(path)) return "cloud-build";
  if (path === ".drone.yml" || path === ".drone.yaml" || path === ".woodpecker.yml" || /^\.woodpecker\/[^/]+\.ya?ml$/.test(path)) return "drone";
  if (/^(?:\.buildkite\/pipeline(?:\.[\w-]+)?\.ya?ml|buildkite\.ya?ml)$/.test(path)) return "buildkite";
  if (/^(?:azure-pipelines[\w.-]*\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml|\.azuredevops\/[^/]+\.ya?ml|\.pipelines\/[^/]+\.ya?ml)$/.test(path)) return "azure-pipelines";
  const name = basename(path);
  if ((name === "Jenkinsfile" || /^Jenkinsfile\.[\w-]+$/.test(name) || name.endsWith(".jenkinsfile")) && !isNonProjectPath(path)) return "jenkins";
  return undefined;
}

const SYSTEM_LABEL: Record<CiSystem, string> = {
  "github-actions": "GitHub Actions",
  "gitlab-ci": "GitLab CI",
  circleci: "CircleCI",
  jenkins: "Jenkins",
  "azure-pipelines": "Azure Pipelines",
  travis: "Travis CI",
  bitbucket: "Bitbucket Pipelines",
  drone: "Drone",
  buildkite: "Buildkite",
  appveyor: "AppVeyor",
  "cloud-build": "Google Cloud Build",
};

export function systemLabel(system: CiSystem): string {
  return SYSTEM_LABEL[system];
}

/** Where CI configuration is looked for, for reasons that say what was searched. */
export const CI_LOCATIONS =
  ".github/workflows/*.yml, .gitlab-ci.yml, .circleci/config.yml, Jenkinsfile, azure-pipelines.yml, .travis.yml, appveyor.yml, bitbucket-pipelines.yml, .drone.yml, .buildkite/pipeline.yml";

function parsedCi(view: RepoView): ParsedCi {
  return view.memo("facts:ci", () => {
    const out: ParsedCi = { configs: [], steps: [] };
    const seen = new Set<string>();
    for (const path of view.find((p) => systemOf(p) !== undefined)) {
      if (seen.has(path)) continue;
      const system = systemOf(path) as CiSystem;
      const parsed = system === "jenkins" ? parseJenkinsfile(view, path) : parseYamlCi(view, system, path);
      for (const config of parsed.configs) seen.add(config.path);
      out.configs.push(...parsed.configs.filter((c) => !out.configs.some((o) => o.path === c.path)));
      out.steps.push(...parsed.steps);
    }
    return out;
  });
}

/** Every CI configuration file of the project, parsed (or marked skipped with the reason). */
export function ciConfigs(view: RepoView): CiConfig[] {
  return parsedCi(view).configs;
}

/** Every executed command and action use, with its line; local composite actions and templates expanded. */
export function ciSteps(view: RepoView): CiStep[] {
  return parsedCi(view).steps;
}

/** The config a step runs under: the workflow that uses a composite action, or the step's own file. */
export function pipelineOf(step: CiStep): string {
  return step.via?.path ?? step.path;
}

/** A trigger with the file that declares it. */
export interface PlacedTrigger extends CiTrigger {
  path: string;
}

/**
 * What starts a configuration: its own triggers, and for a reusable workflow (`workflow_call`)
 * or an included GitLab file, the triggers of the files that call or include it.
 */
export function effectiveTriggers(view: RepoView, path: string, depth = 0): PlacedTrigger[] {
  const configs = ciConfigs(view);
  const config = configs.find((c) => c.path === path);
  if (!config || depth > 4) return [];
  const own = config.triggers.filter((t) => t.event !== "workflow_call").map((t) => ({ ...t, path }));
  const callers = configs.filter((c) => c.calls?.some((call) => call.path === path));
  const inherited = callers.flatMap((c) => effectiveTriggers(view, c.path, depth + 1));
  const includer = config.includedFrom ? effectiveTriggers(view, config.includedFrom.path, depth + 1) : [];
  return [...own, ...inherited, ...includer];
}

/**
 * Events that run CI on changes, as opposed to by hand, on a timer or on release (a push of
 * tags only is reported as "tag"); workflow_run follows another workflow's run on a change.
 */
const CHANGE_EVENTS = new Set(["push", "pull_request", "pull_request_target", "merge_group", "merge_request", "workflow_run"]);

/** Whether a config runs on code changes (push/PR), directly or through the workflows that call it. */
export function runsOnChanges(view: RepoView, path: string): boolean {
  return effectiveTriggers(view, path).some((t) => CHANGE_EVENTS.has(t.event));
}

/** Everything every CI step does (tests, lint, coverage, security scans), each placed at its CI line. */
export function ciFindings(view: RepoView): CiFinding[] {
  return view.memo("facts:ci-findings", () =>
    ciSteps(view).flatMap((step) => {
      const stepLine: Evidence = { path: step.path, line: step.line };
      const findings: CommandFinding[] = step.run
        ? analyzeEmbeddedScript(view, step.run, { path: step.path, lineNumbers: step.runLines, cwd: step.cwd ?? "" })
        : step.uses
          ? analyzeAction(view, step.uses, step.with ?? {}, step.cwd ?? "").map((f) => ({ ...f, trail: [stepLine, ...f.trail] }))
          : [];
      return findings.map((finding) => {
        const own = finding.trail[0] ?? stepLine;
        const trail = step.via ? [own, ...finding.trail.slice(1)] : finding.trail.slice(1);
        return { ...finding, trail, step, at: step.via ? { path: step.via.path, line: step.via.line } : own };
      });
    }),
  );
}

/** Evidence for a finding: the CI line (with what it does), then where the command was resolved. */
export function findingEvidence(finding: CiFinding, what: string): Evidence[] {
  const resolved = finding.trail.map((place) => `${place.path}:${place.line ?? 1}`);
  const note = `${what}: ${finding.tool}${finding.byName ? " (by name)" : ""}${resolved.length ? ` via ${resolved.join(" → ")}` : ""}${finding.step.implicit ? ` (${finding.step.implicit})` : ""}`;
  return [{ ...finding.at, note }, ...finding.trail.filter((place) => place.path !== finding.at.path || place.line !== finding.at.line).slice(-1)];
}

/** Configurations that could not be parsed, said in a reason so nothing is silently skipped. */
export function skippedNote(view: RepoView): string {
  const skipped = ciConfigs(view).filter((c) => c.skipped);
  return skipped.length ? ` Skipped: ${skipped.map((c) => c.skipped).join("; ")}.` : "";
}

/** The CI files found, for "looked in" reasons. */
export function describeConfigs(view: RepoView): string {
  const configs = ciConfigs(view).filter((c) => !COMPOSITE_ACTION.test(c.path));
  const byFolder = new Map<string, number>();
  for (const c of configs) byFolder.set(dirname(c.path) || c.path, (byFolder.get(dirname(c.path) || c.path) ?? 0) + 1);
  return configs.length <= 4 ? configs.map((c) => c.path).join(", ") : `${configs.length} files (${[...byFolder.keys()].join(", ")})`;
}
