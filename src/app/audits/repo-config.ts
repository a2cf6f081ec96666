import { CONFIG_PATH, type ReadinessConfig } from "../../config/config.js";
import { configSchema, parseConfig, validateConfig } from "../../config/config-schema.js";
import { locateIssues, parseYamlDocument, type YamlProblem } from "../../config/yaml-errors.js";

type Configuration = Record<string, unknown>;

/** The slice of a Probot installation client that loading configuration needs. */
export interface ConfigClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>;
  config: {
    get(options: { owner: string; repo: string; path: string; branch?: string; defaults?: (configs: Configuration[]) => Configuration }): Promise<{
      config: Configuration;
      files: { owner: string; repo: string; path: string; url: string; config: Configuration | null }[];
    }>;
  };
}

export type ConfigOutcome =
  | { ok: true; config: ReadinessConfig; sources: string[] }
  | { ok: false; problems: YamlProblem[] };

/**
 * The repository's readiness configuration, exactly as Probot's `context.config` resolves it:
 * `.github/readiness.yml` on the default branch, else the org's `.github` repository, then every
 * `_extends` hop, deep-merged with later files winning and lists concatenated (inherited entries
 * first). The result is validated strictly; problems come back located in the file that has them.
 * The repository's own file is read at `ref` (a commit sha) when given: the configuration a
 * commit is audited under is the one in that commit, whichever event about it arrives first.
 */
export async function loadRepositoryConfig(github: ConfigClient, owner: string, repo: string, ref?: string): Promise<ConfigOutcome> {
  let loaded: Awaited<ReturnType<ConfigClient["config"]["get"]>>;
  const at = (file: { owner: string; repo: string }) => (file.owner === owner && file.repo === repo ? ref : undefined);
  try {
    loaded = await github.config.get({ owner, repo, path: CONFIG_PATH, branch: ref, defaults: (configs) => mergeConfigs(configs) });
  } catch (error) {
    return { ok: false, problems: await unreadableConfigProblems(github, owner, repo, error, ref) };
  }
  const files = loaded.files.filter((f) => f.config !== null);
  const sources = files.map((f) => sourceLabel(f, owner, repo));
  const validated = validateConfig(loaded.config);
  if (validated.ok) return { ok: true, config: validated.config, sources };
  // The merged object has no lines; read the files again (only on this error path) to place each problem.
  const documents = await Promise.all(
    files.map(async (file) => ({ source: sourceLabel(file, owner, repo), text: await rawFile(github, file.owner, file.repo, file.path, at(file)) })),
  );
  const parsed = documents.map(({ source, text }) => ({ source, parsed: text === undefined ? undefined : parseYamlDocument(text, source) }));
  return {
    ok: false,
    problems: invalidIssues(loaded.config).map((issue) => {
      // The file that holds the deepest part of the key's path is the one that set it.
      let best: { source: string; parsed: Extract<ReturnType<typeof parseYamlDocument>, { ok: true }>; depth: number } | undefined;
      for (const { source, parsed: document } of parsed) {
        if (!document?.ok) continue;
        let depth = 0;
        while (depth < issue.path.length && document.document.hasIn(issue.path.slice(0, depth + 1))) depth++;
        if (!best || depth > best.depth) best = { source, parsed: document, depth };
      }
      if (best) return locateIssues(best.parsed, best.source, [issue])[0] as YamlProblem;
      return { source: sources[0] ?? CONFIG_PATH, key: issue.path.join("."), message: issue.message };
    }),
  };
}

/** The schema's issues with their key paths, to look each one up in the files. */
function invalidIssues(config: unknown): { path: (string | number)[]; message: string }[] {
  const result = configSchema().safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message }));
}

/** A file the loader could not parse (YAML syntax, a folder in its place, an `_extends` loop): say which and where. */
async function unreadableConfigProblems(github: ConfigClient, owner: string, repo: string, error: unknown, ref: string | undefined): Promise<YamlProblem[]> {
  const message = String((error as Error).message ?? error).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
  const file = fileOfUrl(message);
  if (file) {
    const source = sourceLabel(file, owner, repo);
    const text = await rawFile(github, file.owner, file.repo, file.path, file.owner === owner && file.repo === repo ? ref : undefined);
    if (text !== undefined) {
      const parsed = parseConfig(text, source);
      if (!parsed.ok) return parsed.problems;
    }
    return [{ source, key: "", message }];
  }
  return [{ source: CONFIG_PATH, key: "", message }];
}

/** The loader's errors end with the contents API URL of the file at fault. */
function fileOfUrl(message: string): { owner: string; repo: string; path: string } | undefined {
  const match = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\/([^\s?]+)/.exec(message);
  if (!match) return undefined;
  return { owner: match[1] as string, repo: match[2] as string, path: decodeURIComponent(match[3] as string) };
}

async function rawFile(github: ConfigClient, owner: string, repo: string, path: string, ref: string | undefined): Promise<string | undefined> {
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path, ...(ref ? { ref } : {}), mediaType: { format: "raw" } });
    return typeof data === "string" ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The repository's own file is named by its path (annotations go there); inherited ones by owner/repo:path. */
function sourceLabel(file: { owner: string; repo: string; path: string }, owner: string, repo: string): string {
  return file.owner === owner && file.repo === repo ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

/** Probot's `context.config` merge (deepmerge defaults): objects merge key by key, lists concatenate, later scalars win. */
export function mergeConfigs(configs: readonly Configuration[]): Configuration {
  return configs.reduce<Configuration>((merged, config) => mergeInto(merged, config), {});
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    if (Array.isArray(existing) && Array.isArray(value)) out[key] = [...existing, ...value];
    else if (isPlainObject(existing) && isPlainObject(value)) out[key] = mergeInto(existing, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
