import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * Validators for the bodies of POST and PATCH /repos/{owner}/{repo}/check-runs, compiled from
 * GitHub's published OpenAPI description (@octokit/openapi), so a field GitHub would reject
 * (a 51st annotation, a 65,536-character summary, a 21-character button label) fails the test.
 */
interface OpenApi {
  paths: Record<string, Record<string, { requestBody: { content: { "application/json": { schema: object } } } }>>;
}

let compiled: { create: ValidateFunction; update: ValidateFunction } | undefined;

function validators() {
  if (compiled) return compiled;
  const path = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const spec = JSON.parse(readFileSync(path, "utf8")) as OpenApi;
  const bodyOf = (route: string, method: string) => spec.paths[route]?.[method]?.requestBody.content["application/json"].schema as object;
  // OpenAPI 3.0 keywords (nullable, example, x-*) are not JSON Schema; strict mode would reject the document itself.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  compiled = {
    create: ajv.compile(bodyOf("/repos/{owner}/{repo}/check-runs", "post")),
    update: ajv.compile(bodyOf("/repos/{owner}/{repo}/check-runs/{check_run_id}", "patch")),
  };
  return compiled;
}

/** The schema's complaints about a body, empty when GitHub would accept it. */
export function checkRunBodyErrors(kind: "create" | "update", body: unknown): string[] {
  const validate = validators()[kind];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""}`.trim());
}
