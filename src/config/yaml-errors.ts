import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";

/** One thing wrong with a YAML file, located so a person (or a check-run annotation) can find it. */
export interface YamlProblem {
  source: string;
  /** Dotted path of the offending key, e.g. "waivers.0.expires". */
  key: string;
  message: string;
  line?: number;
  column?: number;
}

export type ParsedYaml =
  | { ok: true; value: unknown; document: Document; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[]; message: string };

/** Aliases a document may expand: enough for real configs, far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;

export function parseYamlDocument(text: string, source: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = document.errors.map((error): YamlProblem => {
    const at = lineCounter.linePos(error.pos[0]);
    return { source, key: "", message: error.message.split("\n")[0] ?? error.message, line: at.line, column: at.col };
  });
  if (errors.length > 0) return { ok: false, problems: errors, message: describe(errors) };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), document, lineCounter };
  } catch (error) {
    const problem = { source, key: "", message: `YAML could not be expanded: ${(error as Error).message}` };
    return { ok: false, problems: [problem], message: describe([problem]) };
  }
}

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  /** zod's unrecognized_keys issue: the unknown keys, which live under `path`. */
  keys?: readonly string[];
}

/**
 * Places each validation issue on the line of the key it is about (or its nearest existing parent);
 * an unknown key is placed on the key itself, not on the mapping that holds it.
 */
export function locateIssues(parsed: Extract<ParsedYaml, { ok: true }>, source: string, issues: readonly IssueLike[]): YamlProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as (string | number)[];
    if (issue.keys?.length) return issue.keys.map((key) => locate(parsed, source, [...path, key], issue.message, key));
    return [locate(parsed, source, path, issue.message)];
  });
}

function locate(parsed: Extract<ParsedYaml, { ok: true }>, source: string, path: (string | number)[], message: string, unknownKey?: string): YamlProblem {
  let located: { line: number; col: number } | undefined;
  if (unknownKey !== undefined) {
    const parent = path.length === 1 ? parsed.document.contents : parsed.document.getIn(path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === unknownKey) : undefined;
    if (isScalar(pair?.key) && pair.key.range) located = parsed.lineCounter.linePos(pair.key.range[0]);
  }
  for (let length = path.length; length >= 0 && !located; length--) {
    const node = length === 0 ? parsed.document.contents : parsed.document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) located = parsed.lineCounter.linePos(node.range[0]);
  }
  return { source, key: path.join("."), message: unknownKey === undefined ? message : `unknown key "${unknownKey}"`, line: located?.line, column: located?.col };
}

export function describe(problems: readonly YamlProblem[]): string {
  return problems
    .map((p) => `${p.source}${p.line ? `:${p.line}:${p.column ?? 1}` : ""}: ${p.key ? `${p.key}: ` : ""}${p.message}`)
    .join("\n");
}
