import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type YAMLMap } from "yaml";

/** Nesting deeper than this is not walked: real manifests are far shallower. */
const MAX_WALK_DEPTH = 64;

export interface YamlDocuments {
  /** The top-level node of each document that parsed without errors. */
  roots: unknown[];
  /** Messages of the documents that did not parse. */
  errors: string[];
  /** Some document did not parse. */
  broken: boolean;
  /** 1-based line where a node starts. */
  lineOf(node: unknown): number | undefined;
}

/** Every document of a multi-document YAML text, kept as nodes so lines stay known. */
export function parseYamlDocuments(text: string): YamlDocuments {
  const lineCounter = new LineCounter();
  const roots: unknown[] = [];
  const errors: string[] = [];
  let documents: Document[] = [];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    errors.push((error as Error).message);
  }
  for (const document of documents) {
    if (document.errors.length > 0) errors.push(...document.errors.map((e) => e.message.split("\n")[0] ?? e.message));
    else roots.push(document.contents);
  }
  return {
    roots,
    errors,
    broken: errors.length > 0,
    lineOf(node) {
      const start = (node as Node | undefined)?.range?.[0];
      return start === undefined ? undefined : lineCounter.linePos(start).line;
    },
  };
}

/** The key/value pair of a mapping node under a plain key. */
export function entry(node: unknown, key: string): { keyNode: unknown; value: unknown } | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return { keyNode: pair.key, value: pair.value };
  }
  return undefined;
}

/** A scalar node's value as text; undefined for collections, nulls and aliases. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === "object") return undefined;
  return String(node.value);
}

/** Calls `visit` for every mapping in the tree (aliases are not followed, so each node is seen once). */
export function eachMap(node: unknown, visit: (map: YAMLMap) => void, depth = 0): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (isMap(node)) {
    visit(node);
    for (const pair of node.items) if (isPair(pair)) eachMap(pair.value, visit, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) eachMap(item, visit, depth + 1);
  }
}
