import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { basename, dirname, joinRepoPath, languageOf, segments } from "../view/paths.js";
import type { RepoView } from "../view/repo-view.js";
import { ciConfigs } from "./ci.js";
import { composeServices } from "./compose.js";
import { type ContainerFileClass, CI_WORDS, classifyContainerFile, DEVELOPMENT_WORDS, nameWords, PRODUCTION_WORDS, TEST_WORDS } from "./container-roles.js";
import { entry, parseYamlDocuments, scalarText } from "./yaml-nodes.js";

const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:[._-].+)?$|\.(?:dockerfile|containerfile)$/i;
/**
 * `Dockerfile.prod.dockerignore`, `Dockerfile.md`, `dockerfile.ts`: named after a Dockerfile, but not
 * one. Templates (`Dockerfile.j2`, `Dockerfile.tmpl`) render the real Dockerfiles: their FROM lines hold placeholders.
 */
const NOT_A_DOCKERFILE = /\.(?:dockerignore|md|rst|txt|sh|ps1|json|ya?ml|toml|lock|html|j2|jinja2?|tmpl|tpl|gotmpl|template|mustache|hbs)$/i;

/** A file name Docker or Podman would build from (Dockerfile, api.Dockerfile, Dockerfile.prod, Containerfile). */
export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_A_DOCKERFILE.test(name) && languageOf(name) === undefined;
}

/**
 * The Dockerfiles/Containerfiles that may build the project's images: fixtures and examples excluded,
 * and so are development-environment images, which build a developer's workspace, never the service.
 */
export function projectDockerfiles(view: RepoView): string[] {
  return view.memo("facts:dockerfile-paths", () => {
    const environments = new Set(developmentEnvironmentImages(view).map((image) => image.path));
    return candidateDockerfiles(view).filter((path) => !environments.has(path));
  });
}

function candidateDockerfiles(view: RepoView): string[] {
  return view.memo("facts:dockerfile-candidates", () => view.findRows((row) => isDockerfileName(row.name) && !row.nonProject));
}

/** A Dockerfile that builds a development environment (dev container, Gitpod workspace), and why it is taken for one. */
export interface EnvironmentImage {
  path: string;
  because: string;
}

/** Editor and cloud-IDE workspace folders: an image there builds a developer's machine. */
const ENVIRONMENT_DIRS = new Set([".devcontainer", ".gitpod", ".cursor", ".idea", ".vscode"]);
const ENVIRONMENT_WORDS = new Set(["devcontainer", "gitpod"]);
const DEVCONTAINER_CONFIG = /^\.?devcontainer\.json$/;
const DEVCONTAINER_DOCKERFILE = /"docker[fF]ile"\s*:\s*"([^"$]+)"/g;
const GITPOD_CONFIG = /^\.gitpod\.ya?ml$/;
/** CI steps that build an image: a Dockerfile with the default name may be the one they build. */
const IMAGE_BUILD = /\bdocker(?:\s+buildx)?\s+build\b|\bbuild-push-action\b|\bdocker(?:-|\s+)compose\b[^\n]*\bbuild\b|\bkaniko\b|\bbuildah\s+(?:bud|build)\b/;
/** Hosting platforms that build the repository's Dockerfile themselves. */
const PLATFORM_CONFIGS = new Set(["fly.toml", "heroku.yml", "render.yaml", "railway.toml", "railway.json", "captain-definition", "skaffold.yaml"]);

/**
 * Images that only build a development environment: in a workspace folder (.devcontainer/, .gitpod/),
 * named for one (.gitpod.Dockerfile), or referenced from devcontainer.json or .gitpod.yml and built by nothing else.
 */
export function developmentEnvironmentImages(view: RepoView): EnvironmentImage[] {
  return view.memo("facts:dockerfiles:environments", () => {
    const references = environmentReferences(view);
    const out: EnvironmentImage[] = [];
    for (const path of candidateDockerfiles(view)) {
      const dir = segments(path)
        .slice(0, -1)
        .find((d) => ENVIRONMENT_DIRS.has(d.toLowerCase()));
      const word = nameWords(path).find((w) => ENVIRONMENT_WORDS.has(w));
      const reference = references.get(path);
      if (dir) out.push({ path, because: `development environment image (${dir}/)` });
      else if (word) out.push({ path, because: `development environment image (named "${word}")` });
      else if (reference && !builtForTheService(view, path)) out.push({ path, because: `development environment image (built only by ${reference})` });
    }
    return out;
  });
}

/**
 * Dockerfiles named by devcontainer.json (`build.dockerfile`, `dockerFile`), by .gitpod.yml (`image.file`)
 * or built by a compose file in a workspace folder (.devcontainer/docker-compose.yml), with the referring file:line.
 */
function environmentReferences(view: RepoView): Map<string, string> {
  const out = new Map<string, string>();
  for (const service of composeServices(view)) {
    const inWorkspace = segments(service.path).slice(0, -1).some((d) => ENVIRONMENT_DIRS.has(d.toLowerCase()));
    if (inWorkspace && service.build?.dockerfile) out.set(service.build.dockerfile, `${service.path}:${service.line}`);
  }
  for (const config of view.findRows((row) => DEVCONTAINER_CONFIG.test(row.name) && !row.nonProject)) {
    const text = view.text(config) ?? "";
    for (const match of text.matchAll(DEVCONTAINER_DOCKERFILE)) {
      const target = joinRepoPath(dirname(config), match[1] as string);
      if (target !== undefined) out.set(target, `${config}:${view.lineAt(config, match.index)}`);
    }
  }
  for (const config of view.find((path) => GITPOD_CONFIG.test(path))) {
    const yaml = parseYamlDocuments(view.text(config) ?? "");
    for (const root of yaml.roots) {
      const file = entry(entry(root, "image")?.value, "file");
      const target = joinRepoPath("", scalarText(file?.value) ?? "");
      if (file && target) out.set(target, `${config}:${yaml.lineOf(file.keyNode) ?? 1}`);
    }
  }
  return out;
}

/** A compose service outside the dev container builds it, CI names it or builds the default Dockerfile, or a hosting platform builds it. */
function builtForTheService(view: RepoView, path: string): boolean {
  if (composeServices(view).some((service) => service.role !== "development" && service.build?.dockerfile === path)) return true;
  const folder = dirname(path);
  if ([...PLATFORM_CONFIGS].some((name) => view.has(folder === "" ? name : `${folder}/${name}`))) return true;
  return ciConfigs(view).some((config) => {
    const text = view.text(config.path) ?? "";
    return text.includes(path) || (basename(path) === "Dockerfile" && IMAGE_BUILD.test(text));
  });
}

/** An image reference taken apart: `registry.example.com/team/api:1.2@sha256:...`. */
export interface ImageReference {
  /** Repository without registry host, tag or digest: "library/ruby", "node". */
  name: string;
  registry?: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(reference: string): ImageReference {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf("/");
  const first = slash === -1 ? "" : rest.slice(0, slash);
  if (first.includes(".") || first.includes(":") || first === "localhost") {
    registry = first;
    rest = rest.slice(slash + 1);
  }
  return { name: rest, registry, tag: tag || undefined, digest: digest || undefined };
}

/** Databases, caches and brokers: an image of one of these is the project's supporting service, not its application. */
const DATASTORE_WORDS = new Set(
  (
    "postgres postgresql postgis timescaledb mysql mariadb mongo mongodb redis valkey memcached " +
    "rabbitmq kafka zookeeper elasticsearch opensearch cassandra clickhouse neo4j influxdb minio nats etcd"
  ).split(" "),
);

/** True when an image name (or a container name) names a database, cache or broker. */
export function namesDatastore(text: string): boolean {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => DATASTORE_WORDS.has(word));
}

export interface FromImage {
  /** The image as written after FROM, e.g. `node:${NODE_VERSION}-alpine`. */
  written: string;
  /** After substituting the global ARG defaults; undefined when a variable has no default. */
  resolved?: string;
  /** Variables with no default value: the image is chosen at build time. */
  unresolved: string[];
  reference?: ImageReference;
}

export interface UserInstruction {
  line: number;
  written: string;
  /** After ARG/ENV substitution; undefined when a variable has no value in the file. */
  resolved?: string;
}

export interface HealthcheckInstruction {
  line: number;
  /** `HEALTHCHECK NONE`: switches off a check inherited from the base image. */
  disabled: boolean;
  command: string;
}

export interface DockerStage {
  index: number;
  /** Line of the FROM instruction. */
  line: number;
  image: FromImage;
  alias?: string;
  /** Index of the earlier stage this one is built FROM (an alias, not a base image). */
  parentStage?: number;
  scratch: boolean;
  users: UserInstruction[];
  healthchecks: HealthcheckInstruction[];
  exposes: { line: number; ports: string[] }[];
  /** Whether the stage runs any command at build time (RUN): false for images that only copy prebuilt artefacts. */
  runsCommands: boolean;
}

export interface ParsedDockerfile extends ContainerFileClass {
  path: string;
  stages: DockerStage[];
  /** Why the file could not be judged: unreadable, or no FROM instruction. */
  problem?: string;
}

/** Far beyond any real Dockerfile; a larger "Dockerfile" is generated or not one. */
const MAX_DOCKERFILE_CHARS = 512 * 1024;
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*)|(##?|%%?)([^}]*)|(\/\/?)([^/}]*)(?:\/([^}]*))?)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

const MAX_EXPANDED_CHARS = 512;

/** A shell pattern (`*`, `?`) as a regular expression; everything else is literal. */
function globSource(pattern: string, greedy: boolean): string {
  const any = greedy ? ".*" : ".*?";
  return pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? any : c === "?" ? "." : `\\${c}`));
}

/** BuildKit's `${VAR#pattern}`, `${VAR%pattern}` (`##`, `%%`: longest match) and `${VAR/pattern/replacement}` (`//`: every match). */
function expand(value: string, operator: string, pattern: string, replacement = ""): string {
  // An image reference is at most a few hundred characters; a glob over a huge value would backtrack quadratically.
  if (value.length > MAX_EXPANDED_CHARS) return value;
  const longest = operator.length === 2;
  const glob = globSource(pattern, longest);
  if (operator.startsWith("/")) return pattern === "" ? value : value.replace(new RegExp(glob, longest ? "g" : ""), () => replacement);
  if (operator.startsWith("#")) return value.replace(new RegExp(`^${glob}`), "");
  // The shortest suffix is the one a greedy prefix leaves; the longest starts at the leftmost match.
  const suffix = new RegExp(longest ? `${glob}$` : `^(.*)${glob}$`).exec(value);
  if (!suffix) return value;
  return longest ? value.slice(0, suffix.index) : (suffix[1] as string);
}

/** Docker's `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR:+alternative}` and BuildKit's prefix, suffix and pattern substitutions. */
function substitute(text: string, lookup: (name: string) => string | undefined): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = text.replace(
    VARIABLE,
    (
      _match,
      braced: string | undefined,
      operator: string | undefined,
      operand: string | undefined,
      trimmer: string | undefined,
      trimmed: string | undefined,
      replacer: string | undefined,
      pattern: string | undefined,
      replacement: string | undefined,
      bare: string | undefined,
    ) => {
      const name = (braced ?? bare) as string;
      const current = lookup(name);
      const set = current !== undefined && current !== "";
      if (operator?.endsWith("-")) return set ? current : (operand ?? "");
      if (operator?.endsWith("+")) return set ? (operand ?? "") : "";
      if (current === undefined) {
        unresolved.push(name);
        return "";
      }
      if (trimmer) return expand(current, trimmer, trimmed ?? "");
      if (replacer) return expand(current, replacer, pattern ?? "", replacement);
      return current;
    },
  );
  return { value, unresolved };
}

function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** Parses one Dockerfile into its stages; never throws on garbage, which simply has no FROM. */
export function parseDockerfile(path: string, text: string | undefined): ParsedDockerfile {
  const classified = classifyContainerFile(path);
  if (text === undefined) return { path, ...classified, stages: [], problem: "could not be read (binary, too large or past the read budget)" };
  if (text.length > MAX_DOCKERFILE_CHARS)
    return { path, ...classified, stages: [], problem: `is ${text.length} characters long, too large to be a real Dockerfile` };
  const dockerfile = DockerfileParser.parse(text);
  const globals = new Map<string, string | undefined>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    // A default may use an earlier ARG (`ARG BASE=node:${NODE_VERSION}-alpine`); one that needs a value nobody gave is chosen at build time.
    const written = property?.getValue() ?? undefined;
    const value = written === undefined ? undefined : substitute(written, (name) => globals.get(name));
    if (property) globals.set(property.getName(), value && value.unresolved.length === 0 ? value.value : undefined);
  }
  const stages: DockerStage[] = [];
  const aliases = new Map<string, number>();
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = lineOf(instruction);
    if (keyword === "FROM") {
      const stage = fromStage(instruction, stages.length, globals, aliases);
      if (stage.alias) aliases.set(stage.alias.toLowerCase(), stage.index);
      stages.push(stage);
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (keyword === "USER") {
      const written = instruction.getArgumentsContent() ?? "";
      const { value, unresolved } = substitute(written, (name) => dockerfile.resolveVariable(name, line - 1) ?? undefined);
      stage.users.push({ line, written, resolved: unresolved.length ? undefined : value.trim() });
    } else if (keyword === "HEALTHCHECK") {
      const command = (instruction.getArgumentsContent() ?? "").trim();
      const words = instruction.getArguments().map((a) => a.getValue().toUpperCase());
      stage.healthchecks.push({ line, disabled: words.includes("NONE") && !words.includes("CMD"), command });
    } else if (keyword === "EXPOSE") {
      stage.exposes.push({ line, ports: instruction.getArguments().map((a) => a.getValue()) });
    } else if (keyword === "RUN") {
      stage.runsCommands = true;
    }
  }
  if (stages.length === 0) return { path, ...classified, stages, problem: "has no FROM instruction, so it is not a Dockerfile Docker could build" };
  return { path, ...classified, stages };
}

function fromStage(instruction: Instruction, index: number, globals: Map<string, string | undefined>, aliases: Map<string, number>): DockerStage {
  const args = instruction.getArguments().map((a) => a.getValue());
  const flagsEnd = args.findIndex((a) => !a.startsWith("--"));
  const written = flagsEnd === -1 ? "" : (args[flagsEnd] as string);
  const asAt = args.findIndex((a, i) => i > flagsEnd && a.toLowerCase() === "as");
  const alias = asAt === -1 ? undefined : args[asAt + 1];
  const { value, unresolved } = substitute(written, (name) => globals.get(name));
  const resolved = unresolved.length ? undefined : value;
  const parentStage = resolved === undefined ? undefined : aliases.get(resolved.toLowerCase());
  const image: FromImage = { written, resolved, unresolved, reference: resolved && parentStage === undefined ? parseImageReference(resolved) : undefined };
  return {
    index,
    line: lineOf(instruction),
    image,
    alias,
    parentStage,
    scratch: resolved?.toLowerCase() === "scratch",
    users: [],
    healthchecks: [],
    exposes: [],
    runsCommands: false,
  };
}

/** Every project Dockerfile, parsed once per audit. */
export function parsedDockerfiles(view: RepoView): ParsedDockerfile[] {
  return view.memo("facts:dockerfiles", () => projectDockerfiles(view).map((path) => parseDockerfile(path, view.text(path))));
}

const SHIPPING_STAGE_WORDS = new Set(["prod", "production", "release", "runtime", "runner", "final"]);
const TOOLING_STAGE_WORDS = new Set([...DEVELOPMENT_WORDS, ...TEST_WORDS, ...CI_WORDS, "lint", "upload", "artifact", "artifacts", "docs"]);

/**
 * The stage that becomes the shipped image. Usually the last one; but a Dockerfile with several
 * targets (`docker build --target release`) may end with a test, dev or upload stage, so a stage
 * named for release wins, then the last stage not named for development, tests or tooling. When
 * the last stage is itself built from the release stage (`FROM release AS web`), it is the image.
 */
export function shippedStage(file: ParsedDockerfile): DockerStage | undefined {
  const words = (stage: DockerStage) => (stage.alias ?? "").toLowerCase().split(/[-_.]/);
  const tooling = (stage: DockerStage) => words(stage).some((w) => TOOLING_STAGE_WORDS.has(w));
  const reversed = [...file.stages].reverse();
  const last = file.stages.at(-1);
  const release = reversed.find((stage) => words(stage).some((w) => SHIPPING_STAGE_WORDS.has(w)));
  if (release && last && !tooling(last) && lineage(file, last).includes(release)) return last;
  return release ?? reversed.find((stage) => !tooling(stage)) ?? last;
}

/** The stage and its ancestors through `FROM <earlier stage>`, nearest first: image config (USER, HEALTHCHECK) is inherited along it. */
function lineage(file: ParsedDockerfile, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  let current = stage;
  while (current.parentStage !== undefined && chain.length <= file.stages.length) {
    const parent = file.stages[current.parentStage];
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

export interface EffectiveUser {
  root: boolean;
  /** The USER instruction (or the FROM whose base image decides), for evidence. */
  line: number;
  note: string;
}

const ROOT_USERS = new Set(["root", "0"]);

/** How a reason names the shipped stage: "the final stage", or "stage release" when a later stage exists. */
function stageName(file: ParsedDockerfile, stage: DockerStage): string {
  return stage === file.stages.at(-1) ? "the final stage" : `stage ${stage.alias ?? stage.index}`;
}

/** Who the shipped stage runs as: the last USER of the stage or of the stage it is built from; else its base image's default. */
export function effectiveUser(file: ParsedDockerfile): EffectiveUser | undefined {
  const shipped = shippedStage(file);
  if (!shipped) return undefined;
  const chain = lineage(file, shipped);
  for (const stage of chain) {
    const user = stage.users.at(-1);
    if (!user) continue;
    const inherited = stage === shipped ? "" : ` (set in stage ${stage.alias ?? stage.index}, which ${stageName(file, shipped)} is built from)`;
    if (user.resolved === undefined) return { root: false, line: user.line, note: `USER ${user.written}: chosen at build time${inherited}` };
    const name = user.resolved.split(":")[0] ?? "";
    const root = ROOT_USERS.has(name.toLowerCase()) || name === "";
    return { root, line: user.line, note: `USER ${user.resolved}${inherited}` };
  }
  const base = chain.at(-1) as DockerStage;
  const tag = base.image.reference?.tag?.toLowerCase() ?? "";
  if (tag.split(/[-._]/).includes("nonroot"))
    return { root: false, line: base.line, note: `no USER, but the base image ${base.image.resolved?.split("@")[0]} runs as its non-root user` };
  return { root: true, line: shipped.line, note: `no USER in ${stageName(file, shipped)}: runs as root` };
}

/** The health check the shipped image carries: its own or one inherited from the stage it is built from. */
export function effectiveHealthcheck(file: ParsedDockerfile): HealthcheckInstruction | undefined {
  const shipped = shippedStage(file);
  if (!shipped) return undefined;
  for (const stage of lineage(file, shipped)) {
    const check = stage.healthchecks.at(-1);
    if (check) return check;
  }
  return undefined;
}

/** An image of a database, cache or broker the project runs beside its application (e.g. db/Dockerfile FROM postgres:16). */
export function isDatastoreImage(file: ParsedDockerfile): boolean {
  const shipped = shippedStage(file);
  if (!shipped) return false;
  const base = lineage(file, shipped).at(-1) as DockerStage;
  const name = base.image.reference?.name;
  return name !== undefined && namesDatastore(basename(name));
}

export interface ImageSelection {
  files: ParsedDockerfile[];
  /** How the files were chosen, for the finding's reason. */
  basis: string;
}

/** Runtime images that build the application (not development/test/CI images, not database images beside it). */
export function applicationImages(view: RepoView): ImageSelection {
  return view.memo("facts:dockerfiles:application", () => {
    const runtime = parsedDockerfiles(view).filter((f) => f.role === "runtime" && !f.problem);
    const applications = runtime.filter((f) => !isDatastoreImage(f));
    const files = applications.length > 0 ? applications : runtime;
    return { files, basis: `the runtime image${files.length > 1 ? "s" : ""}` };
  });
}

/**
 * The images that ship: runtime images named for production (Dockerfile.prod, api.production.Dockerfile) when
 * there are any, since the others then build local or staging variants; otherwise every application image.
 */
export function productionImages(view: RepoView): ImageSelection {
  return view.memo("facts:dockerfiles:production", () => {
    const applications = applicationImages(view);
    const named = applications.files.filter((f) => nameWords(f.path).some((w) => PRODUCTION_WORDS.has(w)));
    if (named.length > 0) return { files: named, basis: `the production image${named.length > 1 ? "s" : ""}` };
    return applications;
  });
}

/** Candidate build contexts of a Dockerfile: its own folder and every folder above it, nearest first. */
export function contextFolders(path: string): string[] {
  const folders: string[] = [];
  let folder = dirname(path);
  for (;;) {
    folders.push(folder);
    if (folder === "") break;
    folder = dirname(folder);
  }
  return folders;
}
