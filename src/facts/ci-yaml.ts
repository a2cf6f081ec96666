import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";

/**
 * Line-preserving access to parsed YAML: CI facts need the line of every trigger and
 * step, which `toJS()` loses. Nothing is ever expanded: aliases and `<<` merge keys are
 * followed lazily, each alias resolved once and each mapping's merged entries computed
 * once, so an alias bomb costs work proportional to the file, not to its expansion.
 */
export type YamlNode = Node | null | undefined;

/** Merge chains deeper than this are cut: real CI files nest two or three templates. */
const MAX_MERGE_DEPTH = 8;

type Entry = { key: string; keyNode: Node; value: YamlNode };

export class YamlDoc {
  private readonly aliases = new Map<Node, YamlNode>();
  private readonly merged = new WeakMap<Node, Entry[]>();

  constructor(
    readonly path: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  get root(): YamlNode {
    return this.resolve(this.document.contents as YamlNode);
  }

  /** The node an alias stands for (resolved once per alias). */
  resolve(node: YamlNode): YamlNode {
    if (!isAlias(node)) return node;
    if (!this.aliases.has(node)) this.aliases.set(node, node.resolve(this.document) as YamlNode);
    return this.aliases.get(node);
  }

  /** 1-based line where the node starts (0 when unknown). */
  line(node: YamlNode): number {
    const start = node?.range?.[0];
    return start === undefined ? 0 : this.lineCounter.linePos(start).line;
  }

  /** Entries of a mapping, own keys first, then keys merged in with `<<` (computed once per mapping). */
  entries(node: YamlNode, depth = 0): Entry[] {
    const map = this.resolve(node);
    if (!isMap(map) || depth > MAX_MERGE_DEPTH) return [];
    const cached = this.merged.get(map);
    if (cached) return cached;
    const own: Entry[] = [];
    const merged: YamlNode[] = [];
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const raw = pair.key.value;
      const key = typeof raw === "symbol" ? "<<" : String(raw);
      if (key === "<<") merged.push(pair.value as YamlNode);
      else own.push({ key, keyNode: pair.key, value: pair.value as YamlNode });
    }
    const seen = new Set(own.map((e) => e.key));
    const sources = new Set(merged.flatMap((source) => (isSeq(this.resolve(source)) ? this.items(source) : [this.resolve(source)])));
    for (const target of sources) {
      for (const entry of this.entries(target, depth + 1)) {
        if (!seen.has(entry.key)) {
          seen.add(entry.key);
          own.push(entry);
        }
      }
    }
    this.merged.set(map, own);
    return own;
  }

  entry(node: YamlNode, key: string): Entry | undefined {
    return this.entries(node).find((e) => e.key === key);
  }

  get(node: YamlNode, key: string): YamlNode {
    return this.resolve(this.entry(node, key)?.value);
  }

  /** Items of a sequence (aliases resolved); a scalar or mapping counts as a one-item list. */
  items(node: YamlNode): YamlNode[] {
    const resolved = this.resolve(node);
    if (isSeq(resolved)) return resolved.items.map((item) => this.resolve(item as YamlNode));
    return resolved === undefined || resolved === null ? [] : [resolved];
  }

  /** A scalar's value as text; undefined for collections and nulls. */
  str(node: YamlNode): string | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined) return undefined;
    return typeof resolved.value === "object" ? undefined : String(resolved.value);
  }

  /** A string, or a list of strings, as a list. */
  strings(node: YamlNode): string[] {
    const out: string[] = [];
    for (const item of this.items(node)) {
      const value = this.str(item);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  isMap(node: YamlNode): boolean {
    return isMap(this.resolve(node));
  }

  isSeq(node: YamlNode): boolean {
    return isSeq(this.resolve(node));
  }

  /**
   * The source line of each line of a scalar's value. Block scalars map one to one
   * from the line after their header; other styles are looked up by content.
   */
  valueLines(node: YamlNode, value: string, sourceText: string): number[] {
    const resolved = this.resolve(node);
    const first = this.line(resolved);
    const valueLines = value.split("\n");
    if (isScalar(resolved) && (resolved.type === "BLOCK_LITERAL" || resolved.type === "BLOCK_FOLDED")) {
      return valueLines.map((_, i) => first + 1 + i);
    }
    if (valueLines.length === 1) return [first];
    const source = sourceText.split("\n");
    let cursor = first - 1;
    return valueLines.map((line) => {
      const needle = line.trim().slice(0, 60);
      if (!needle) return cursor + 1;
      for (let i = cursor; i < Math.min(source.length, cursor + 50); i++) {
        if ((source[i] as string).includes(needle)) {
          cursor = i;
          return i + 1;
        }
      }
      return cursor + 1;
    });
  }
}

export type ParsedYamlFile = { ok: true; docs: YamlDoc[] } | { ok: false; reason: string };

/** Parses every document of a YAML file; syntax errors come back as a located reason. */
export function parseYamlFile(text: string, path: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  let documents: Document[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return { ok: false, reason: `${path}: YAML could not be read: ${(error as Error).message}` };
  }
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      const message = error.message.split("\n")[0] ?? error.message;
      return { ok: false, reason: `${path}:${at.line}:${at.col}: ${message}` };
    }
  }
  return { ok: true, docs: documents.map((document) => new YamlDoc(path, document, lineCounter)) };
}
