import type { RepoView } from "../view/repo-view.js";
import { dirname, joinRepoPath } from "../view/paths.js";
import type { CiConfig, CiStep, CiSystem, CiTrigger } from "./ci-model.js";
import { parseYamlFile, type YamlDoc, type YamlNode } from "./ci-yaml.js";

/**
 * One parser per CI system: each turns a configuration file into its triggers and its
 * steps (every command it runs and every action/orb/task/pipe it uses), with lines.
 * Systems whose pull-request behaviour is a default rather than a line in the file say
 * so in an implicit trigger, and why.
 */

export interface ParsedCi {
  configs: CiConfig[];
  steps: CiStep[];
}

const MAX_NESTING = 4;

type YamlParser = (view: RepoView, doc: YamlDoc, path: string, text: string, depth: number) => ParsedCi;

/** Parses a YAML CI file with the system's parser; a syntax error is a skipped config with the located reason. */
export function parseYamlCi(view: RepoView, system: Exclude<CiSystem, "jenkins">, path: string, depth = 0): ParsedCi {
  const text = view.text(path);
  if (text === undefined) return { configs: [{ system, path, triggers: [], skipped: `${path} could not be read (binary, too large or past the read budget)` }], steps: [] };
  const parsed = parseYamlFile(text, path);
  if (!parsed.ok) return { configs: [{ system, path, triggers: [], skipped: `${parsed.reason}; the file was not parsed` }], steps: [] };
  const out: ParsedCi = { configs: [], steps: [] };
  for (const doc of parsed.docs) {
    const result = YAML_PARSERS[system](view, doc, path, text, depth);
    out.configs.push(...result.configs);
    out.steps.push(...result.steps);
  }
  if (out.configs.length === 0) out.configs.push({ system, path, triggers: [] });
  return out;
}

const YAML_PARSERS: Record<Exclude<CiSystem, "jenkins">, YamlParser> = {
  "github-actions": parseGithubWorkflow,
  "gitlab-ci": parseGitlab,
  circleci: parseCircle,
  "azure-pipelines": parseAzure,
  travis: parseTravis,
  appveyor: parseAppveyor,
  bitbucket: parseBitbucket,
  drone: parseDrone,
  buildkite: parseBuildkite,
  "cloud-build": parseCloudBuild,
};

/**
 * Google Cloud Build: each step runs a builder image with \`entrypoint\`/\`args\` or a \`script\`.
 * Triggers live in the Cloud Build settings (or Terraform), not in this file: a push trigger is
 * assumed, pull requests are not (they need a trigger of their own).
 */
function parseCloudBuild(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const steps: CiStep[] = [];
  for (const item of doc.items(doc.get(doc.root, "steps"))) {
    const job = doc.str(doc.get(item, "id")) ?? doc.str(doc.get(item, "name"));
    const dir = doc.str(doc.get(item, "dir"));
    const base = { system: "cloud-build" as const, path, job, cwd: dir === undefined ? undefined : (joinRepoPath("", dir) ?? dir) };
    const script = doc.get(item, "script");
    if (script !== undefined) {
      const step = scriptStep(doc, script, text, base);
      if (step) steps.push(step);
      continue;
    }
    const image = doc.str(doc.get(item, "name")) ?? "";
    const entrypoint = doc.str(doc.get(item, "entrypoint"));
    const args = doc.strings(doc.get(item, "args"));
    const builder = /^gcr\.io\/cloud-builders\/([\w-]+)/.exec(image)?.[1];
    const words = entrypoint ? [entrypoint, ...args] : builder ? [builder, ...args] : args;
    if (words.length === 0) continue;
    if (["bash", "sh"].includes(words[0] as string) && words[1] === "-c" && words[2] !== undefined) words.splice(0, 3, words[2] as string);
    const node = doc.get(item, entrypoint ? "entrypoint" : "args") ?? item;
    steps.push({ ...base, line: doc.line(node), run: words.join(" "), runLines: [doc.line(node)] });
  }
  const line = doc.line(doc.entry(doc.root, "steps")?.keyNode);
  return {
    configs: [{ system: "cloud-build", path, triggers: [{ event: "push", line, implicit: "Cloud Build triggers are defined in the project's Cloud Build settings, not in cloudbuild.yaml", assumed: true }] }],
    steps,
  };
}

/** A step that runs a script, with the source line of each of the script's lines. */
function scriptStep(doc: YamlDoc, node: YamlNode, text: string, base: Omit<CiStep, "line" | "run">): CiStep | undefined {
  const run = doc.str(node);
  if (run === undefined || !run.trim()) return undefined;
  const runLines = doc.valueLines(node, run, text);
  return { ...base, line: runLines.find((_, i) => run.split("\n")[i]?.trim()) ?? doc.line(node), run, runLines };
}

/** Each item of a script list (GitLab, Travis, Drone...) as its own step. */
function scriptListSteps(doc: YamlDoc, node: YamlNode, text: string, base: Omit<CiStep, "line" | "run">): CiStep[] {
  return doc.items(node).flatMap((item) => {
    const step = scriptStep(doc, item, text, base);
    return step ? [step] : [];
  });
}

function stringMap(doc: YamlDoc, node: YamlNode): Record<string, string> | undefined {
  const entries = doc.entries(node);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const value = doc.str(e.value);
    if (value !== undefined) out[e.key] = value;
  }
  return out;
}

/** `if: false` (or `${{ false }}`): a job or step that never runs. */
function disabled(doc: YamlDoc, node: YamlNode): boolean {
  const condition = doc.str(doc.get(node, "if"))?.trim();
  return condition !== undefined && /^(?:false|\$\{\{\s*false\s*\}\})$/.test(condition);
}

// GitHub Actions

const GITHUB_EVENTS_WITH_TYPES = new Set(["pull_request", "pull_request_target"]);

function githubTriggers(doc: YamlDoc, root: YamlNode): CiTrigger[] {
  const on = doc.entries(root).find((e) => e.key === "on" || e.key === "true");
  if (!on) return [];
  const value = doc.resolve(on.value);
  if (doc.isMap(value)) {
    return doc.entries(value).map((e) => {
      const tagsOnly = e.key === "push" && doc.get(e.value, "tags") !== undefined && doc.get(e.value, "branches") === undefined && doc.get(e.value, "branches-ignore") === undefined;
      const trigger: CiTrigger = { event: tagsOnly ? "tag" : e.key, line: doc.line(e.keyNode) };
      const types = doc.strings(doc.get(e.value, "types"));
      if (GITHUB_EVENTS_WITH_TYPES.has(e.key) && types.length > 0) trigger.types = types;
      const branches = doc.strings(doc.get(e.value, "branches"));
      if (branches.length > 0) trigger.branches = branches;
      return trigger;
    });
  }
  return doc.items(value).flatMap((item) => {
    const event = doc.str(item);
    return event ? [{ event, line: doc.line(item) }] : [];
  });
}

function parseGithubWorkflow(view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const root = doc.root;
  const config: CiConfig = { system: "github-actions", path, triggers: githubTriggers(doc, root), calls: [] };
  const steps: CiStep[] = [];
  const workflowDir = doc.str(doc.get(doc.get(doc.get(root, "defaults"), "run"), "working-directory"));
  for (const job of doc.entries(doc.get(root, "jobs"))) {
    if (disabled(doc, job.value)) continue;
    const reusable = doc.entry(job.value, "uses");
    const called = doc.str(reusable?.value);
    if (reusable && called) {
      steps.push({ system: "github-actions", path, line: doc.line(reusable.value), job: job.key, uses: called, with: stringMap(doc, doc.get(job.value, "with")) });
      const local = localWorkflowPath(called);
      if (local) config.calls?.push({ path: local, line: doc.line(reusable.value) });
      continue;
    }
    const jobDir = doc.str(doc.get(doc.get(doc.get(job.value, "defaults"), "run"), "working-directory")) ?? workflowDir;
    steps.push(...githubSteps(view, doc, doc.get(job.value, "steps"), text, { path, job: job.key, cwd: jobDir, matrix: jobMatrix(doc, job.value) }, 0));
  }
  return { configs: [config], steps };
}

function localWorkflowPath(uses: string): string | undefined {
  if (!uses.startsWith("./")) return undefined;
  return joinRepoPath("", uses.split("@")[0] as string);
}

/** Every value each `strategy.matrix` key takes, listed or added by `include` entries. */
function jobMatrix(doc: YamlDoc, job: YamlNode): Map<string, string[]> {
  const matrix = doc.get(doc.get(job, "strategy"), "matrix");
  const out = new Map<string, string[]>();
  const add = (key: string, values: string[]) => out.set(key, [...new Set([...(out.get(key) ?? []), ...values])]);
  for (const { key, value } of doc.entries(matrix)) if (key !== "include" && key !== "exclude") add(key, doc.strings(value));
  for (const entry of doc.items(doc.get(matrix, "include"))) for (const { key, value } of doc.entries(entry)) add(key, doc.strings(value));
  return out;
}

const MATRIX_REFERENCE = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/;
/** More values than this leave the reference as it is: a version list, not a list of commands. */
const MAX_MATRIX_COMMANDS = 8;

/** A run line that names a matrix value (`composer ${{ matrix.command }}`) runs once for each value the matrix gives it. */
function runWithMatrix(step: CiStep, matrix: ReadonlyMap<string, string[]> | undefined): CiStep {
  if (!matrix || matrix.size === 0 || step.run === undefined || !MATRIX_REFERENCE.test(step.run)) return step;
  const lines: string[] = [];
  const numbers: number[] = [];
  step.run.split("\n").forEach((line, i) => {
    const key = MATRIX_REFERENCE.exec(line)?.[1];
    const values = key === undefined ? undefined : matrix.get(key);
    const variants = values && values.length <= MAX_MATRIX_COMMANDS ? values.map((v) => line.replace(new RegExp(MATRIX_REFERENCE.source, "g"), (whole, name: string) => (name === key ? v : whole))) : [line];
    for (const variant of variants) {
      lines.push(variant);
      numbers.push(step.runLines?.[i] ?? step.line);
    }
  });
  return { ...step, run: lines.join("\n"), runLines: numbers };
}

/** GitHub Actions' `${{ env.CARGO }}` is the job's environment variable, as `$CARGO` is to the shell. */
const ENV_REFERENCE = /\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}/g;

function withEnvVariables(step: CiStep): CiStep {
  return step.run === undefined ? step : { ...step, run: step.run.replace(ENV_REFERENCE, "$$$1") };
}

/** An action input that names a matrix value (`languages: ${{ matrix.language }}`) stands for every value the matrix gives it. */
function withMatrix(inputs: Record<string, string> | undefined, matrix: ReadonlyMap<string, string[]> | undefined): Record<string, string> | undefined {
  if (!inputs || !matrix || matrix.size === 0) return inputs;
  const expand = (value: string) => value.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (whole, key: string) => matrix.get(key)?.join(",") || whole);
  return Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, expand(value)]));
}

interface StepScope {
  path: string;
  job?: string;
  cwd?: string;
  matrix?: ReadonlyMap<string, string[]>;
  via?: { path: string; line: number };
}

function githubSteps(view: RepoView, doc: YamlDoc, node: YamlNode, text: string, scope: StepScope, depth: number): CiStep[] {
  const out: CiStep[] = [];
  for (const item of doc.items(node)) {
    if (!doc.isMap(item) || disabled(doc, item)) continue;
    const cwd = doc.str(doc.get(item, "working-directory")) ?? scope.cwd;
    const base = { system: "github-actions" as const, path: scope.path, job: scope.job, cwd: cwd === undefined ? undefined : (joinRepoPath("", cwd) ?? cwd), via: scope.via };
    const run = doc.get(item, "run");
    if (run !== undefined) {
      const step = scriptStep(doc, run, text, base);
      if (step) out.push(runWithMatrix(withEnvVariables(step), scope.matrix));
      continue;
    }
    const usesNode = doc.get(item, "uses");
    const uses = doc.str(usesNode);
    if (!uses) continue;
    const step: CiStep = { ...base, line: doc.line(usesNode), uses, with: withMatrix(stringMap(doc, doc.get(item, "with")), scope.matrix) };
    out.push(step);
    if (uses.startsWith("./") && depth < MAX_NESTING) out.push(...compositeActionSteps(view, uses, { path: scope.path, line: step.line }, scope, depth + 1));
  }
  return out;
}

/** A local composite action's steps, attributed to the workflow line that uses the action. */
function compositeActionSteps(view: RepoView, uses: string, callSite: { path: string; line: number }, scope: StepScope, depth: number): CiStep[] {
  const folder = joinRepoPath("", uses.split("@")[0] as string);
  if (folder === undefined) return [];
  const path = [`${folder}/action.yml`, `${folder}/action.yaml`].find((p) => view.text(p) !== undefined);
  if (!path) return [];
  const text = view.text(path) as string;
  const parsed = parseYamlFile(text, path);
  if (!parsed.ok) return [];
  return parsed.docs.flatMap((doc) => {
    const runs = doc.get(doc.root, "runs");
    if (doc.str(doc.get(runs, "using")) !== "composite") return [];
    return githubSteps(view, doc, doc.get(runs, "steps"), text, { path, job: scope.job, cwd: scope.cwd, via: scope.via ?? callSite }, depth);
  });
}

// GitLab CI

const GITLAB_RESERVED = new Set(["image", "services", "stages", "types", "before_script", "after_script", "variables", "cache", "include", "workflow", "default"]);
const GITLAB_PHASES = ["before_script", "script", "after_script"];

/** A rule or `only:` that limits pipelines to the default branch, tags, schedules or manual runs. */
const MAINLINE_ONLY = /CI_COMMIT_TAG|CI_DEFAULT_BRANCH|CI_COMMIT_REF_PROTECTED|==\s*["']?(?:main|master|release|production)\b|CI_PIPELINE_SOURCE\s*==\s*["']?(?:schedule|web|trigger|api|pipeline|push)/;
const MERGE_REQUEST = /merge_request_event|CI_MERGE_REQUEST_|CI_OPEN_MERGE_REQUESTS|external_pull_request_event/;

function parseGitlab(view: RepoView, doc: YamlDoc, path: string, text: string, depth: number): ParsedCi {
  const root = doc.root;
  const config: CiConfig = { system: "gitlab-ci", path, triggers: [], includes: [] };
  const steps: CiStep[] = [];
  const configs: CiConfig[] = [config];
  for (const include of doc.items(doc.get(root, "include"))) {
    const short = doc.str(include);
    const entry = short === undefined ? doc.entries(include)[0] : undefined;
    const kind = short !== undefined ? (/^https?:/.test(short) ? "remote" : "local") : entry?.key === "local" || entry?.key === "template" || entry?.key === "remote" || entry?.key === "component" ? entry.key : "project";
    const target = short ?? doc.str(doc.get(include, kind === "project" ? "file" : kind)) ?? doc.strings(doc.get(include, "file")).join(", ");
    config.includes?.push({ kind, target, line: doc.line(include) });
    const local = kind === "local" ? joinRepoPath("", target.replace(/^\//, "")) : undefined;
    if (local && depth < MAX_NESTING && local !== path && view.has(local)) {
      const nested = parseYamlCi(view, "gitlab-ci", local, depth + 1);
      configs.push(...nested.configs.map((c) => ({ ...c, includedFrom: { path, line: doc.line(include) } })));
      steps.push(...nested.steps);
    }
  }
  const mergeRequestLine = (node: YamlNode): number | undefined => {
    for (const rule of doc.items(doc.get(node, "rules"))) {
      const condition = doc.str(doc.get(rule, "if")) ?? "";
      if (MERGE_REQUEST.test(condition) && doc.str(doc.get(rule, "when")) !== "never") return doc.line(rule);
    }
    const only = doc.get(node, "only");
    const refs = doc.isMap(only) ? doc.items(doc.get(only, "refs")) : doc.items(only);
    const mr = refs.find((r) => doc.str(r) === "merge_requests" || doc.str(r) === "external_pull_requests");
    return mr ? doc.line(mr) : undefined;
  };
  const workflow = doc.get(root, "workflow");
  const workflowRules = doc.items(doc.get(workflow, "rules"));
  const workflowMr = mergeRequestLine(workflow);
  if (workflowMr) config.triggers.push({ event: "pull_request", line: workflowMr });
  const workflowMainlineOnly = workflowRules.length > 0 && workflowRules.every((r) => MAINLINE_ONLY.test(doc.str(doc.get(r, "if")) ?? "") || MERGE_REQUEST.test(doc.str(doc.get(r, "if")) ?? "") || doc.str(doc.get(r, "when")) === "never");
  let branchPipelines = false;
  let firstJobLine = 0;
  const jobs = doc.entries(root).filter((e) => !GITLAB_RESERVED.has(e.key) && !e.key.startsWith(".") && doc.isMap(e.value));
  for (const job of jobs) {
    const scripts = gitlabScripts(doc, root, job.value);
    if (scripts.length === 0 && doc.get(job.value, "trigger") === undefined) continue;
    firstJobLine ||= doc.line(job.keyNode);
    const mr = mergeRequestLine(job.value);
    if (mr && !workflowMr) config.triggers.push({ event: "pull_request", line: mr });
    if (!mr && !workflowMainlineOnly && !jobLimitedToMainline(doc, job.value)) branchPipelines = true;
    for (const node of scripts) steps.push(...scriptListSteps(doc, node, text, { system: "gitlab-ci", path, job: job.key }));
  }
  if (jobs.length > 0) config.triggers.push({ event: "push", line: firstJobLine || 1 });
  if (branchPipelines && !config.triggers.some((t) => t.event === "pull_request")) {
    config.triggers.push({
      event: "pull_request",
      line: firstJobLine || 1,
      implicit: "GitLab runs a branch pipeline for every pushed branch and shows it on the merge request, but no job runs as a merge request pipeline",
      assumed: true,
    });
  }
  return { configs, steps };
}

/** The script lists a job runs: its own, or those it `extends`, falling back to the global defaults. */
function gitlabScripts(doc: YamlDoc, root: YamlNode, job: YamlNode): YamlNode[] {
  const lookup = (node: YamlNode, key: string, depth: number): YamlNode => {
    const own = doc.get(node, key);
    if (own !== undefined || depth > 5) return own;
    for (const parent of doc.strings(doc.get(node, "extends"))) {
      const inherited = lookup(doc.get(root, parent), key, depth + 1);
      if (inherited !== undefined) return inherited;
    }
    return undefined;
  };
  const out: YamlNode[] = [];
  for (const phase of GITLAB_PHASES) {
    const node = lookup(job, phase, 0) ?? (phase === "script" ? undefined : (doc.get(doc.get(root, "default"), phase) ?? doc.get(root, phase)));
    if (node !== undefined) out.push(...resolveReferences(doc, root, node));
  }
  return out;
}

/** Script items, with `!reference [.job, script]` items replaced by the lists they point at. */
function resolveReferences(doc: YamlDoc, root: YamlNode, node: YamlNode): YamlNode[] {
  if (!doc.isSeq(node)) return [node];
  const out: YamlNode[] = [];
  for (const item of doc.items(node)) {
    const path = doc.isSeq(item) ? doc.strings(item) : [];
    if (path.length >= 2 && path[0]?.startsWith(".")) {
      let target: YamlNode = root;
      for (const key of path) target = doc.get(target, key);
      out.push(...doc.items(target));
    } else out.push(item);
  }
  return out;
}

function jobLimitedToMainline(doc: YamlDoc, job: YamlNode): boolean {
  const rules = doc.items(doc.get(job, "rules"));
  if (rules.length > 0) return rules.every((r) => MAINLINE_ONLY.test(doc.str(doc.get(r, "if")) ?? "") || doc.str(doc.get(r, "when")) === "never");
  const only = doc.get(job, "only");
  const refs = doc.isMap(only) ? doc.strings(doc.get(only, "refs")) : doc.strings(only);
  return refs.length > 0 && !refs.includes("branches") && !refs.includes("pushes");
}

// CircleCI

function parseCircle(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const root = doc.root;
  const steps: CiStep[] = [];
  const commands = doc.get(root, "commands");
  const expand = (node: YamlNode, job: string, depth: number): CiStep[] =>
    doc.items(node).flatMap((item): CiStep[] => {
      const name = doc.str(item) ?? doc.entries(item)[0]?.key;
      if (!name) return [];
      const body = doc.str(item) === undefined ? doc.entries(item)[0]?.value : undefined;
      if (name === "run") {
        const command = doc.str(body) !== undefined ? body : doc.get(body, "command");
        const step = scriptStep(doc, command, text, { system: "circleci", path, job, cwd: doc.str(doc.get(body, "working_directory")) });
        return step ? [step] : [];
      }
      const own = doc.get(commands, name);
      if (own !== undefined && depth < MAX_NESTING) return expand(doc.get(own, "steps"), job, depth + 1);
      if (name === "checkout" || name.startsWith("save_") || name.startsWith("restore_") || name.startsWith("persist_") || name.startsWith("store_") || name === "attach_workspace" || name === "setup_remote_docker" || name === "when" || name === "unless") return [];
      return [{ system: "circleci", path, line: doc.line(item), job, uses: name, with: stringMap(doc, body) }];
    });
  for (const job of doc.entries(doc.get(root, "jobs"))) steps.push(...expand(doc.get(job.value, "steps"), job.key, 0));
  const triggers: CiTrigger[] = [];
  let unfiltered = false;
  const workflows = doc.entries(doc.get(root, "workflows")).filter((w) => w.key !== "version");
  for (const workflow of workflows) {
    for (const trigger of doc.items(doc.get(workflow.value, "triggers"))) if (doc.get(trigger, "schedule") !== undefined) triggers.push({ event: "schedule", line: doc.line(trigger) });
    for (const entry of doc.items(doc.get(workflow.value, "jobs"))) {
      const name = doc.str(entry) ?? doc.entries(entry)[0]?.key;
      const params = doc.str(entry) === undefined ? doc.entries(entry)[0]?.value : undefined;
      if (name?.includes("/")) steps.push({ system: "circleci", path, line: doc.line(entry), job: name, uses: name, with: stringMap(doc, params) });
      const branches = doc.get(doc.get(params, "filters"), "branches");
      if (doc.get(params, "type") !== undefined) continue;
      if (doc.strings(doc.get(branches, "only")).length === 0 && doc.strings(doc.get(branches, "ignore")).every((b) => b !== "/.*/")) unfiltered = true;
    }
  }
  const firstLine = doc.line(doc.entry(root, "workflows")?.keyNode ?? doc.entry(root, "jobs")?.keyNode);
  if (workflows.length === 0 || unfiltered) {
    triggers.push({ event: "push", line: firstLine });
    triggers.push({ event: "pull_request", line: firstLine, implicit: "CircleCI builds every pushed branch and reports the result on its pull request", assumed: true });
  } else if (workflows.length > 0) triggers.push({ event: "push", line: firstLine, branches: ["(filtered)"] });
  return { configs: [{ system: "circleci", path, triggers }], steps };
}

// Travis CI

const TRAVIS_PHASES = ["before_install", "install", "before_script", "script", "after_success", "after_script"];
const TRAVIS_DEFAULT_SCRIPT: Record<string, string> = {
  node_js: "npm test",
  ruby: "bundle exec rake",
  go: "go test -v ./...",
  rust: "cargo test --verbose",
  php: "phpunit",
  java: "mvn test -B",
  elixir: "mix test",
};

function parseTravis(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const root = doc.root;
  const steps: CiStep[] = [];
  const jobs = [root, ...doc.items(doc.get(doc.get(root, "jobs"), "include")), ...doc.items(doc.get(doc.get(root, "matrix"), "include"))];
  for (const job of jobs) {
    const name = job === root ? undefined : (doc.str(doc.get(job, "name")) ?? doc.str(doc.get(job, "stage")));
    for (const phase of TRAVIS_PHASES) steps.push(...scriptListSteps(doc, doc.get(job, phase), text, { system: "travis", path, job: name }));
  }
  // Each job (the root, or every jobs.include entry, which inherits the root's keys) without a script runs its language's default.
  const included = jobs.slice(1);
  for (const job of included.length > 0 ? included : [root]) {
    if (doc.get(job, "script") !== undefined || doc.get(root, "script") !== undefined) continue;
    const language = doc.entry(job, "language") ?? doc.entry(root, "language");
    const defaultScript = TRAVIS_DEFAULT_SCRIPT[doc.str(language?.value) ?? ""];
    if (!defaultScript || !language) continue;
    const line = job === root ? doc.line(language.keyNode) : doc.line(job);
    steps.push({ system: "travis", path, line, run: defaultScript, implicit: `Travis runs \`${defaultScript}\` for language ${doc.str(language.value)} when no script is given` });
  }
  const condition = doc.str(doc.get(root, "if")) ?? "";
  const triggers: CiTrigger[] = [{ event: "push", line: 1 }];
  if (!/\btype\b/.test(condition) || /pull_request/.test(condition)) triggers.push({ event: "pull_request", line: 1, implicit: "Travis CI builds pull requests by default; nothing in .travis.yml turns that off" });
  return { configs: [{ system: "travis", path, triggers }], steps };
}

// AppVeyor

const APPVEYOR_PHASES = ["init", "install", "before_build", "build_script", "after_build", "before_test", "test_script", "after_test", "on_success"];

function parseAppveyor(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const root = doc.root;
  const steps: CiStep[] = [];
  for (const phase of APPVEYOR_PHASES) {
    for (const item of doc.items(doc.get(root, phase))) {
      const node = doc.str(item) !== undefined ? item : (doc.get(item, "cmd") ?? doc.get(item, "sh") ?? doc.get(item, "ps") ?? doc.get(item, "pwsh"));
      const step = scriptStep(doc, node, text, { system: "appveyor", path, job: phase });
      if (step) steps.push(step);
    }
  }
  const triggers: CiTrigger[] = [
    { event: "push", line: 1 },
    { event: "pull_request", line: 1, implicit: "AppVeyor builds pull requests by default; nothing in the configuration turns that off" },
  ];
  return { configs: [{ system: "appveyor", path, triggers }], steps };
}

// Azure Pipelines

const AZURE_SCRIPT_KEYS = ["script", "bash", "pwsh", "powershell"];

function parseAzure(view: RepoView, doc: YamlDoc, path: string, text: string, depth: number): ParsedCi {
  const root = doc.root;
  const steps = azureSteps(view, doc, root, path, text, depth);
  const triggers: CiTrigger[] = [];
  const trigger = doc.entry(root, "trigger");
  if (!trigger) triggers.push({ event: "push", line: 1, implicit: "Azure Pipelines builds every push when no trigger is given" });
  else if (doc.str(trigger.value) !== "none") triggers.push({ event: "push", line: doc.line(trigger.keyNode) });
  const pr = doc.entry(root, "pr");
  if (!pr) {
    const templateOnly = doc.get(root, "steps") === undefined && doc.get(root, "jobs") === undefined && doc.get(root, "stages") === undefined;
    if (!templateOnly)
      triggers.push({
        event: "pull_request",
        line: 1,
        implicit: "Azure Pipelines validates pull requests by default for GitHub and Bitbucket repositories (Azure Repos use branch policies instead)",
        assumed: true,
      });
  } else if (doc.str(pr.value) !== "none") triggers.push({ event: "pull_request", line: doc.line(pr.keyNode) });
  return { configs: [{ system: "azure-pipelines", path, triggers }], steps };
}

/** Steps at any level: root steps, jobs, stages' jobs, deployment strategies, and local templates. */
function azureSteps(view: RepoView, doc: YamlDoc, node: YamlNode, path: string, text: string, depth: number, job?: string): CiStep[] {
  const out: CiStep[] = [];
  for (const step of doc.items(doc.get(node, "steps"))) {
    const key = AZURE_SCRIPT_KEYS.find((k) => doc.get(step, k) !== undefined);
    const cwd = doc.str(doc.get(step, "workingDirectory"));
    if (key) {
      const made = scriptStep(doc, doc.get(step, key), text, { system: "azure-pipelines", path, job, cwd: cwd?.includes("$") ? undefined : cwd });
      if (made) out.push(made);
      continue;
    }
    const task = doc.get(step, "task");
    if (doc.str(task)) {
      out.push({ system: "azure-pipelines", path, line: doc.line(task), job, uses: `task:${doc.str(task)}`, with: stringMap(doc, doc.get(step, "inputs")) });
      continue;
    }
    out.push(...azureTemplate(view, doc, step, path, depth, job));
  }
  for (const child of [...doc.items(doc.get(node, "jobs")), ...doc.items(doc.get(node, "stages"))]) {
    const name = doc.str(doc.get(child, "job")) ?? doc.str(doc.get(child, "deployment")) ?? doc.str(doc.get(child, "stage")) ?? job;
    out.push(...azureSteps(view, doc, child, path, text, depth, name));
    const strategy = doc.get(child, "strategy");
    for (const phase of ["runOnce", "rolling", "canary"]) out.push(...azureSteps(view, doc, doc.get(doc.get(strategy, phase), "deploy"), path, text, depth, name));
    out.push(...azureTemplate(view, doc, child, path, depth, name));
  }
  return out;
}

function azureTemplate(view: RepoView, doc: YamlDoc, node: YamlNode, path: string, depth: number, job?: string): CiStep[] {
  const template = doc.str(doc.get(node, "template"));
  if (!template || template.includes("@") || template.includes("$") || depth >= MAX_NESTING) return [];
  const target = joinRepoPath(dirname(path), template);
  if (!target || !view.has(target)) return [];
  return parseYamlCi(view, "azure-pipelines", target, depth + 1).steps.map((s) => ({ ...s, job: s.job ?? job, via: s.via ?? { path, line: doc.line(doc.get(node, "template")) } }));
}

// Bitbucket Pipelines

function parseBitbucket(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const pipelines = doc.get(doc.root, "pipelines");
  const steps: CiStep[] = [];
  const triggers: CiTrigger[] = [];
  const collect = (node: YamlNode): void => {
    for (const item of doc.items(node)) {
      const step = doc.get(item, "step");
      if (step !== undefined) {
        const job = doc.str(doc.get(step, "name"));
        for (const entry of doc.items(doc.get(step, "script"))) {
          const pipe = doc.get(entry, "pipe");
          if (doc.str(pipe)) steps.push({ system: "bitbucket", path, line: doc.line(pipe), job, uses: `pipe:${doc.str(pipe)}`, with: stringMap(doc, doc.get(entry, "variables")) });
          else {
            const made = scriptStep(doc, entry, text, { system: "bitbucket", path, job });
            if (made) steps.push(made);
          }
        }
      }
      const parallel = doc.get(item, "parallel");
      collect(doc.isMap(parallel) ? doc.get(parallel, "steps") : parallel);
      collect(doc.get(doc.get(item, "stage"), "steps"));
    }
  };
  for (const section of doc.entries(pipelines)) {
    const line = doc.line(section.keyNode);
    if (section.key === "default") {
      triggers.push({ event: "push", line });
      triggers.push({ event: "pull_request", line, implicit: "the default pipeline runs for every pushed branch and Bitbucket shows it on the pull request", assumed: true });
      collect(section.value);
    } else if (section.key === "pull-requests") {
      triggers.push({ event: "pull_request", line });
      for (const branch of doc.entries(section.value)) collect(branch.value);
    } else if (section.key === "custom") {
      triggers.push({ event: "workflow_dispatch", line });
      for (const branch of doc.entries(section.value)) collect(branch.value);
    } else {
      triggers.push({ event: section.key === "tags" ? "tag" : "push", line, branches: section.key === "branches" ? doc.entries(section.value).map((b) => b.key) : undefined });
      for (const branch of doc.entries(section.value)) collect(branch.value);
    }
  }
  return { configs: [{ system: "bitbucket", path, triggers }], steps };
}

// Drone (and Woodpecker-style) pipelines: one YAML document per pipeline

function parseDrone(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const root = doc.root;
  const kind = doc.str(doc.get(root, "kind"));
  if (kind !== undefined && kind !== "pipeline") return { configs: [], steps: [] };
  const steps: CiStep[] = [];
  // Drone lists its steps; Woodpecker names them in a map (`steps:` since 1.0, `pipeline:` before).
  const named = ["pipeline", "steps"].map((key) => doc.get(root, key)).find((node) => doc.isMap(node));
  const stepNodes = named ? doc.entries(named).map((e) => ({ name: e.key, node: e.value })) : doc.items(doc.get(root, "steps")).map((node) => ({ name: doc.str(doc.get(node, "name")), node }));
  for (const { name, node } of stepNodes) steps.push(...scriptListSteps(doc, doc.get(node, "commands"), text, { system: "drone", path, job: name }));
  const trigger = doc.get(root, "trigger");
  const eventNode = doc.get(trigger, "event");
  const included = doc.isMap(eventNode) ? doc.get(eventNode, "include") : eventNode;
  const excluded = doc.isMap(eventNode) ? doc.strings(doc.get(eventNode, "exclude")) : [];
  const events = doc.strings(included);
  const line = doc.line(eventNode) || doc.line(root);
  const triggers: CiTrigger[] = [];
  if (events.length === 0) {
    if (!excluded.includes("push")) triggers.push({ event: "push", line });
    if (!excluded.includes("pull_request")) triggers.push({ event: "pull_request", line, implicit: "Drone runs a pipeline on push and pull_request events unless its trigger limits them" });
  } else {
    for (const item of doc.items(included)) {
      const event = doc.str(item);
      if (event) triggers.push({ event: event === "tag" ? "tag" : event === "cron" ? "schedule" : event === "custom" || event === "promote" ? "workflow_dispatch" : event, line: doc.line(item) });
    }
  }
  return { configs: [{ system: "drone", path, triggers }], steps };
}

// Buildkite

function parseBuildkite(_view: RepoView, doc: YamlDoc, path: string, text: string): ParsedCi {
  const steps: CiStep[] = [];
  const collect = (node: YamlNode) => {
    for (const item of doc.items(node)) {
      const job = doc.str(doc.get(item, "label")) ?? doc.str(doc.get(item, "name")) ?? doc.str(doc.get(item, "key"));
      steps.push(...scriptListSteps(doc, doc.get(item, "command") ?? doc.get(item, "commands"), text, { system: "buildkite", path, job }));
      collect(doc.get(item, "steps"));
    }
  };
  collect(doc.get(doc.root, "steps"));
  const line = doc.line(doc.entry(doc.root, "steps")?.keyNode);
  return {
    configs: [
      {
        system: "buildkite",
        path,
        triggers: [
          { event: "push", line },
          { event: "pull_request", line, implicit: "Buildkite builds pull requests when the pipeline's GitHub settings allow it (the default), which the repository cannot show", assumed: true },
        ],
      },
    ],
    steps,
  };
}

// Jenkins (Groovy): `sh`/`bat`/`powershell` string steps, inside the enclosing stage

const JENKINS_STEP = /^(?:sh|bat|powershell|pwsh)\b/;

/** Scans a Jenkinsfile once, skipping comments, for shell steps and `stage('name')` headers. */
export function parseJenkinsfile(view: RepoView, path: string): ParsedCi {
  const text = view.text(path);
  if (text === undefined) return { configs: [{ system: "jenkins", path, triggers: [], skipped: `${path} could not be read (binary, too large or past the read budget)` }], steps: [] };
  const steps: CiStep[] = [];
  const lineAt = (offset: number) => view.lineAt(path, offset);
  let stage: string | undefined;
  let changeRequestLine: number | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      i = groovyString(text, i).end;
    } else if (/[A-Za-z_]/.test(c) && !/[\w.]/.test(text[i - 1] ?? " ")) {
      const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 40))?.[0] ?? c;
      const after = skipToArgument(text, i + word.length);
      if (word === "stage" && (text[after] === "'" || text[after] === '"')) stage = groovyString(text, after).value;
      if (word === "changeRequest") changeRequestLine ??= lineAt(i);
      if (JENKINS_STEP.test(word) && (text[after] === "'" || text[after] === '"')) {
        const literal = groovyString(text, after);
        const first = lineAt(literal.contentStart);
        const runLines = literal.value.split("\n").map((_, k) => first + k);
        steps.push({ system: "jenkins", path, line: runLines.find((_, k) => literal.value.split("\n")[k]?.trim()) ?? first, job: stage, run: literal.value, runLines });
        i = literal.end;
      } else i += word.length;
    } else i++;
  }
  const triggers: CiTrigger[] = [{ event: "push", line: 1 }];
  if (changeRequestLine !== undefined) triggers.push({ event: "pull_request", line: changeRequestLine });
  else triggers.push({ event: "pull_request", line: 1, implicit: "a multibranch Jenkins job builds pull requests when it is set to discover them, which is configured in Jenkins, not in the repository", assumed: true });
  return { configs: [{ system: "jenkins", path, triggers }], steps };
}

/** After a step name: skips `(`, spaces and a `script:` label to where its string argument starts. */
function skipToArgument(text: string, from: number): number {
  let j = from;
  while (j < text.length && (text[j] === " " || text[j] === "(" || text[j] === "\t")) j++;
  if (text.startsWith("script:", j)) {
    j += 7;
    while (j < text.length && text[j] === " ") j++;
  }
  return j;
}

/** A Groovy string literal (single, double or triple quoted) starting at `start`. */
function groovyString(text: string, start: number): { value: string; contentStart: number; end: number } {
  const quote = text[start] as string;
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  const contentStart = start + delimiter.length;
  let j = contentStart;
  while (j < text.length) {
    if (text[j] === "\\") j += 2;
    else if (text.startsWith(delimiter, j)) break;
    else if (!triple && text[j] === "\n") break;
    else j++;
  }
  return { value: text.slice(contentStart, j), contentStart, end: Math.min(text.length, j + delimiter.length) };
}
