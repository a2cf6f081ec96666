import { expect, test } from "vitest";
import { LruCache } from "../../src/app/lru.js";

test("forgets the least recently used entries past its capacity", () => {
  const cache = new LruCache<number>(2);
  cache.set("a", 1);
  cache.set("b", 2);
  cache.get("a");
  cache.set("c", 3);
  expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
});

test("capacity can count what entries weigh; an entry heavier than the whole cache is not kept", () => {
  const cache = new LruCache<string>(10, Number.POSITIVE_INFINITY, (text) => text.length);
  cache.set("a", "aaaa");
  cache.set("b", "bbbb");
  cache.set("c", "cccc");
  expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([false, true, true]);
  cache.set("huge", "x".repeat(11));
  expect(cache.has("huge")).toBe(false);
  expect(cache.size).toBe(2);
});

test("entries expire after their time to live", () => {
  let now = 0;
  const cache = new LruCache<string>(10, 1_000, () => 1, () => now);
  cache.set("k", "v");
  now = 999;
  expect(cache.get("k")).toBe("v");
  now = 2_000;
  expect(cache.get("k")).toBeUndefined();
  expect(cache.size).toBe(0);
});
