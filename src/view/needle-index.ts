import { NeedleMatcher } from "./matcher.js";

/**
 * The plain strings the engine's searches look for before running a pattern. Queries register
 * theirs when they are made, most when their module loads (the catalogs of libraries), so the
 * first file searched is scanned once for all of them. The list only holds needles the code
 * declares; the cap keeps it bounded should one ever be built from repository content.
 */
const REGISTERED = new Map<string, number>();
const MAX_NEEDLES = 10_000;
let matcher: NeedleMatcher | undefined;

export function registerNeedles(needles: readonly string[]): void {
  for (const needle of needles) {
    if (needle === "" || REGISTERED.has(needle) || REGISTERED.size >= MAX_NEEDLES) continue;
    REGISTERED.set(needle, REGISTERED.size);
    matcher = undefined;
  }
}

function currentMatcher(): NeedleMatcher {
  matcher ??= new NeedleMatcher([...REGISTERED.keys()]);
  return matcher;
}

/**
 * Where the registered needles occur in one audit's files: each file is scanned once, the first
 * time a search asks about it, for every needle registered by then; later questions about that
 * file are lookups. A needle registered after a file was scanned (or never) is looked for in the
 * text directly. Owned by the view, so it lives and dies with the audit.
 */
export class NeedleIndex {
  private readonly scanned = new Map<string, { matcher: NeedleMatcher; at: Map<number, number[]> }>();

  constructor(private readonly text: (path: string) => string | undefined) {}

  /** Whether the file's text holds any of the needles (String.prototype.includes for each, in one pass). */
  mentionsAny(path: string, needles: readonly string[]): boolean {
    const text = this.text(path);
    if (text === undefined) return false;
    const scan = this.scan(path, text);
    return needles.some((needle) => {
      const id = REGISTERED.get(needle);
      return id !== undefined && scan.matcher.needles[id] === needle ? scan.at.has(id) : text.includes(needle);
    });
  }

  /** Offsets of every occurrence of the needle in the file's text, overlapping ones included, ascending. */
  occurrences(path: string, needle: string): readonly number[] {
    const text = this.text(path);
    if (text === undefined) return [];
    const scan = this.scan(path, text);
    const id = REGISTERED.get(needle);
    if (id !== undefined && scan.matcher.needles[id] === needle) return scan.at.get(id) ?? [];
    const out: number[] = [];
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) out.push(at);
    return out;
  }

  private scan(path: string, text: string): { matcher: NeedleMatcher; at: Map<number, number[]> } {
    let scan = this.scanned.get(path);
    if (scan === undefined) {
      const at = new Map<number, number[]>();
      const current = currentMatcher();
      current.scan(text, (id, start) => {
        const list = at.get(id);
        if (list) list.push(start);
        else at.set(id, [start]);
      });
      // Occurrences come in order of their ends; a needle's ends and starts share their order.
      scan = { matcher: current, at };
      this.scanned.set(path, scan);
    }
    return scan;
  }
}
