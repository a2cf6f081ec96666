import { describe, expect, it } from "vitest";
import type { FileContent, SnapshotEntry } from "../../src/snapshot/snapshot.js";
import { readWithinBudget } from "../../src/view/content-plan.js";

const SIZES: Record<string, number> = { "a.ts": 400, "big.ts": 700, "b.ts": 300, "c.ts": 200, "d.ts": 100 };
const ranked = Object.keys(SIZES);

/** A snapshot's reads, recording which paths were asked for. */
function reader(asked: string[]) {
  return async (paths: readonly string[]) => {
    asked.push(...paths);
    return new Map<string, FileContent>(paths.map((path) => [path, { status: "text", text: path, size: SIZES[path] ?? 0 }]));
  };
}

describe("readWithinBudget", () => {
  const budget = { maxFiles: 3, maxBytes: 1000 };

  it("passes over a file whose listed size would break the byte budget, unread, and takes the next", async () => {
    const asked: string[] = [];
    const entries: SnapshotEntry[] = ranked.map((path) => ({ path, size: SIZES[path] }));
    const { contents, leftOut } = await readWithinBudget(entries, budget, reader(asked));
    expect([...contents.keys()]).toEqual(["a.ts", "b.ts", "c.ts"]);
    expect(asked).toEqual(["a.ts", "b.ts", "c.ts"]);
    expect(leftOut).toBe(2);
  });

  it("makes the same choice when sizes are learnt by reading, dropping what turned out past the budget", async () => {
    const asked: string[] = [];
    const entries: SnapshotEntry[] = ranked.map((path) => ({ path }));
    const { contents, leftOut } = await readWithinBudget(entries, budget, reader(asked));
    expect([...contents.keys()]).toEqual(["a.ts", "b.ts", "c.ts"]);
    expect(asked).toEqual(["a.ts", "big.ts", "b.ts", "c.ts"]);
    expect(leftOut).toBe(2);
  });

  it("stops at the file budget without reading further", async () => {
    const asked: string[] = [];
    const { contents } = await readWithinBudget(ranked.map((path) => ({ path })), { maxFiles: 2, maxBytes: 10_000 }, reader(asked));
    expect([...contents.keys()]).toEqual(["a.ts", "big.ts"]);
    expect(asked).toEqual(["a.ts", "big.ts"]);
  });
});
