/**
 * The slice of GitHub's GraphQL API a repository auditor uses, answered from stand-in data:
 * `repository(owner:, name:)` with `defaultBranchRef { name target { oid } }` and any number of
 * aliased `object(oid:)` / `object(expression: "rev:path")` selections on Blob
 * (`text isBinary isTruncated byteSize oid`). Blob.text follows GitHub: null for binaries (a NUL
 * byte in the first 8,000), cut at 512,000 bytes with isTruncated. Queries GitHub would refuse
 * (undeclared or missing variables, a malformed GitObjectID) are reported as invalid.
 */

export interface GraphqlRepository {
  defaultBranch: string;
  defaultBranchHead: string;
  blob(oid: string): Uint8Array | undefined;
  /** The blob at `path` in commit or branch `rev`. */
  entry(rev: string, path: string): Uint8Array | undefined;
}

export interface GraphqlAnswer {
  response: { data: unknown; errors?: { type?: string; message: string; path?: (string | number)[] }[] };
  invalid: string[];
}

/** GitHub cuts Blob.text here. */
export const BLOB_TEXT_LIMIT = 512_000;
const BINARY_SNIFF_BYTES = 8_000;
const GIT_OBJECT_ID = /^[0-9a-f]{40}$/;

export function answerGraphql(
  query: string,
  variables: Record<string, unknown>,
  lookup: (owner: string, name: string) => GraphqlRepository | undefined,
): GraphqlAnswer {
  const invalid: string[] = [];
  const declared = new Map<string, string>();
  const header = /^\s*(?:query|mutation)\s*\w*\s*\(([^)]*)\)/.exec(query);
  for (const definition of (header?.[1] ?? "").split(",")) {
    const match = /\$(\w+)\s*:\s*([\w![\]]+)/.exec(definition);
    if (match) declared.set(match[1] as string, match[2] as string);
  }
  const body = header ? query.slice(header[0].length) : query;
  for (const used of body.matchAll(/\$(\w+)/g)) if (!declared.has(used[1] as string)) invalid.push(`variable $${used[1]} is used but not declared`);
  for (const [name, type] of declared) {
    const value = variables[name];
    if (type.endsWith("!") && (value === undefined || value === null)) invalid.push(`variable $${name} (${type}) was not provided`);
    if (type.startsWith("GitObjectID") && value !== undefined && !GIT_OBJECT_ID.test(String(value))) invalid.push(`variable $${name} is not a GitObjectID: ${String(value)}`);
  }
  if (invalid.length > 0) return { response: { data: null, errors: invalid.map((message) => ({ message })) }, invalid };

  const value = (token: string) => (token.startsWith("$") ? String(variables[token.slice(1)] ?? "") : token.replace(/^"|"$/g, ""));
  const repositoryCall = /repository\(\s*owner:\s*("[^"]*"|\$\w+)\s*,?\s*name:\s*("[^"]*"|\$\w+)\s*\)\s*\{/.exec(body);
  if (!repositoryCall) return { response: { data: {} }, invalid: ["the stand-in answers only repository(owner:, name:) queries"] };
  const owner = value(repositoryCall[1] as string);
  const name = value(repositoryCall[2] as string);
  const repository = lookup(owner, name);
  if (!repository)
    return {
      response: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${owner}/${name}'.` }] },
      invalid,
    };

  const selection = body.slice(repositoryCall.index + repositoryCall[0].length);
  const data: Record<string, unknown> = {};
  if (/\bdefaultBranchRef\s*\{/.test(selection)) data.defaultBranchRef = { name: repository.defaultBranch, target: { oid: repository.defaultBranchHead } };
  for (const object of selection.matchAll(/(?:(\w+)\s*:\s*)?object\(\s*(oid|expression)\s*:\s*("[^"]*"|\$\w+)\s*\)\s*\{([^{}]*\{[^{}]*\})?[^{}]*\}/g)) {
    const alias = object[1] ?? "object";
    const argument = value(object[3] as string);
    let bytes: Uint8Array | undefined;
    if (object[2] === "oid") bytes = repository.blob(argument);
    else {
      const colon = argument.indexOf(":");
      bytes = colon > 0 ? repository.entry(argument.slice(0, colon), argument.slice(colon + 1)) : undefined;
    }
    data[alias] = bytes ? blobFields(bytes, object[4] ?? "") : null;
  }
  return { response: { data: { repository: data } }, invalid };
}

function blobFields(bytes: Uint8Array, fragment: string): Record<string, unknown> {
  const binary = bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
  const truncated = bytes.length > BLOB_TEXT_LIMIT;
  const all: Record<string, unknown> = {
    text: binary ? null : Buffer.from(bytes.subarray(0, BLOB_TEXT_LIMIT)).toString("utf8"),
    isBinary: binary,
    isTruncated: truncated,
    byteSize: bytes.length,
  };
  const fields: Record<string, unknown> = {};
  for (const field of Object.keys(all)) if (new RegExp(`\\b${field}\\b`).test(fragment)) fields[field] = all[field];
  return fields;
}
