import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * GitHub's REST API as its published OpenAPI description (@octokit/openapi) states it: which
 * operation a METHOD + path is, and whether a request body is one GitHub would accept. Every
 * operation, not a hand-picked few, so a request the app should never make is caught too.
 */
interface Operation {
  operationId: string;
  requestBody?: { required?: boolean; content?: { "application/json"?: { schema?: object } } };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

export interface MatchedOperation {
  /** Octokit's route form, e.g. "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}". */
  route: string;
  operationId: string;
  params: Record<string, string>;
}

interface CompiledPath {
  template: string;
  pattern: RegExp;
  names: string[];
  /** Fewer parameters first: /repos/{owner}/{repo}/check-runs beats a catch-all template of the same length. */
  parameters: number;
}

const DOCUMENT_ID = "github-rest";
const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "head"]);

let loaded: { document: OpenApiDocument; paths: CompiledPath[]; ajv: Ajv; validators: Map<string, ValidateFunction | null> } | undefined;

function api() {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const document = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
  const paths = Object.keys(document.paths)
    .map((template): CompiledPath => {
      const names: string[] = [];
      const source = template
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(param[1] as string);
          // A file path may arrive with its slashes encoded (Octokit) or not (GitHub accepts both).
          return param[1] === "path" ? "(.+)" : "([^/]+)";
        })
        .join("/");
      return { template, pattern: new RegExp(`^${source}$`), names, parameters: names.length };
    })
    .sort((a, b) => a.parameters - b.parameters);
  // OpenAPI 3.0 keywords (example, x-*) and formats such as "repo.nwo" are not JSON Schema: strict mode would reject the document.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
  loaded = { document, paths, ajv, validators: new Map() };
  return loaded;
}

/** The documented operation for a request, or undefined when GitHub has no such endpoint. */
export function matchOperation(method: string, pathname: string): MatchedOperation | undefined {
  const { document, paths } = api();
  const verb = method.toLowerCase();
  if (!HTTP_METHODS.has(verb)) return undefined;
  for (const path of paths) {
    const match = path.pattern.exec(pathname);
    const operation = match ? document.paths[path.template]?.[verb] : undefined;
    if (!match || !operation) continue;
    const params: Record<string, string> = {};
    path.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] as string);
    });
    return { route: `${method.toUpperCase()} ${path.template}`, operationId: operation.operationId, params };
  }
  return undefined;
}

/** The schema's complaints about a JSON request body, empty when GitHub would accept it. */
export function requestBodyErrors(operation: MatchedOperation, body: unknown): string[] {
  const state = api();
  const [verb, template] = operation.route.split(" ") as [string, string];
  const requestBody = state.document.paths[template]?.[verb.toLowerCase()]?.requestBody;
  if (body === undefined) return requestBody?.required ? [`${operation.route} needs a request body`] : [];
  let validate = state.validators.get(operation.route);
  if (validate === undefined) {
    const schema = requestBody?.content?.["application/json"]?.schema;
    validate = schema ? state.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT_ID}#/`))) : null;
    state.validators.set(operation.route, validate);
  }
  if (validate === null) return [`${operation.route} takes no request body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""}`.trim());
}
