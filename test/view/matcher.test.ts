import { describe, expect, it } from "vitest";
import { NeedleMatcher } from "../../src/view/matcher.js";
import { NeedleIndex, registerNeedles } from "../../src/view/needle-index.js";

/** Every occurrence by indexOf, overlapping ones included: what the matcher must find. */
function naive(text: string, needles: readonly string[]): string[] {
  const out: string[] = [];
  needles.forEach((needle, id) => {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) out.push(`${id}@${at}`);
  });
  return out.sort();
}

function found(matcher: NeedleMatcher, text: string): string[] {
  const out: string[] = [];
  matcher.scan(text, (id, start) => out.push(`${id}@${start}`));
  return out.sort();
}

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe("NeedleMatcher", () => {
  it("finds needles that overlap, nest and share prefixes and suffixes", () => {
    const needles = ["he", "she", "his", "hers", "s", "ushers"];
    expect(found(new NeedleMatcher(needles), "ushers and his shes")).toEqual(naive("ushers and his shes", needles));
  });

  it("finds what indexOf finds on random texts over a small alphabet", () => {
    const next = random(42);
    const word = (length: number) => Array.from({ length }, () => "abc/é"[Math.floor(next() * 5)]).join("");
    for (let round = 0; round < 200; round++) {
      const needles = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => word(1 + Math.floor(next() * 4))))];
      const text = word(Math.floor(next() * 60));
      expect(found(new NeedleMatcher(needles), text)).toEqual(naive(text, needles));
    }
  });

  it("finds nothing in an empty text or with no needles", () => {
    expect(found(new NeedleMatcher(["x"]), "")).toEqual([]);
    expect(found(new NeedleMatcher([]), "anything")).toEqual([]);
  });
});

describe("NeedleIndex", () => {
  const texts: Record<string, string> = { "a.ts": 'app.get("/health", ok); app.get("/healthz")', "b.py": "import sentry_sdk" };
  registerNeedles(["health", "sentry"]);
  const index = new NeedleIndex((path) => texts[path]);

  it("answers as includes and indexOf do, for registered needles and others alike", () => {
    expect(index.mentionsAny("a.ts", ["sentry", "health"])).toBe(true);
    expect(index.mentionsAny("b.py", ["health"])).toBe(false);
    expect(index.mentionsAny("b.py", ["sdk"])).toBe(true);
    expect(index.occurrences("a.ts", "health")).toEqual([10, 34]);
    expect(index.occurrences("a.ts", "get(")).toEqual([4, 28]);
    expect(index.mentionsAny("missing.ts", ["health"])).toBe(false);
  });

  it("answers for a needle registered after a file was scanned", () => {
    expect(index.mentionsAny("b.py", ["sentry"])).toBe(true);
    registerNeedles(["import"]);
    expect(index.occurrences("b.py", "import")).toEqual([0]);
    expect(new NeedleIndex((path) => texts[path]).occurrences("b.py", "import")).toEqual([0]);
  });
});
