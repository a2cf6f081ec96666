import { dirname, joinRepoPath } from "../view/paths.js";
import type { RepoView } from "../view/repo-view.js";
import { type ContainerFileClass, classifyContainerFile } from "./container-roles.js";
import { isMap, isNode, isSeq } from "yaml";
import { entry, parseYamlDocuments, scalarText } from "./yaml-nodes.js";

const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/i;
/** Larger compose files are generated; their services are not worth the parse. */
const MAX_COMPOSE_CHARS = 256 * 1024;

export interface ComposeBuild {
  /** Repository-relative folder sent as the build context ("" for the root); undefined when it is a URL or a variable. */
  context?: string;
  /** Repository-relative Dockerfile path the build uses, when it can be told. */
  dockerfile?: string;
}

export interface ComposeService extends ContainerFileClass {
  /** The compose file. */
  path: string;
  name: string;
  line: number;
  image?: string;
  build?: ComposeBuild;
  healthcheck?: { line: number; disabled: boolean };
}

/** The project's docker-compose / compose files (fixtures and examples excluded). */
export function composeFiles(view: RepoView): string[] {
  return view.memo("facts:compose-paths", () => view.findRows((row) => COMPOSE_NAME.test(row.name) && !row.nonProject));
}

/** Every service of every project compose file, parsed once per audit. */
export function composeServices(view: RepoView): ComposeService[] {
  return view.memo("facts:compose-services", () => composeFiles(view).flatMap((path) => servicesOf(path, view.text(path))));
}

function servicesOf(path: string, text: string | undefined): ComposeService[] {
  if (text === undefined || text.length > MAX_COMPOSE_CHARS) return [];
  const classified = classifyContainerFile(path);
  const yaml = parseYamlDocuments(text);
  const services: ComposeService[] = [];
  for (const root of yaml.roots) {
    const section = entry(root, "services")?.value;
    if (!isMap(section)) continue;
    for (const pair of section.items) {
      const name = scalarText(pair.key);
      if (name === undefined || !isNode(pair.key)) continue;
      const build = entry(pair.value, "build");
      const healthcheck = entry(pair.value, "healthcheck");
      services.push({
        path,
        ...classified,
        name,
        line: yaml.lineOf(pair.key) ?? 1,
        image: scalarText(entry(pair.value, "image")?.value),
        build: build ? buildOf(path, build.value) : undefined,
        healthcheck: healthcheck ? { line: yaml.lineOf(healthcheck.keyNode) ?? 1, disabled: isDisabled(healthcheck.value) } : undefined,
      });
    }
  }
  return services;
}

/** `build: ./api` or `build: {context: ./api, dockerfile: Dockerfile.prod}`, resolved against the compose file's folder. */
function buildOf(composePath: string, value: unknown): ComposeBuild {
  const short = scalarText(value);
  const contextText = short ?? scalarText(entry(value, "context")?.value) ?? ".";
  const dockerfileText = short === undefined ? scalarText(entry(value, "dockerfile")?.value) : undefined;
  if (contextText.includes("$") || /^[a-z]+:\/\/|^git@/i.test(contextText)) return {};
  const context = joinRepoPath(dirname(composePath), contextText);
  if (context === undefined) return {};
  const dockerfile = dockerfileText?.includes("$") ? undefined : joinRepoPath(context, dockerfileText ?? "Dockerfile");
  return { context, dockerfile };
}

/** `healthcheck: {disable: true}` or `test: ["NONE"]` switches off the image's own check. */
function isDisabled(value: unknown): boolean {
  if (scalarText(entry(value, "disable")?.value) === "true") return true;
  const test = entry(value, "test")?.value;
  const first = isSeq(test) ? scalarText(test.items[0]) : scalarText(test);
  return first?.toUpperCase() === "NONE";
}
