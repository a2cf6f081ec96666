import { describe, expect, it } from "vitest";
import { includesAny } from "../../src/view/regex.js";

describe("includesAny", () => {
  it("answers as an includes per needle would, whatever characters the needles hold", () => {
    const needles = ["a.b", "(x)", "c|d", "[e]", "f*", "g+h?", "$i^", "\\j", "k/l", "m-n", "{o}", 'up"', "up`"];
    const texts = ["", "a.b", "axb", "(x)", "x", "c|d", "cd", "[e]", "e", "ff*", "g+h?", "gh", "$i^", "i", "\\j", "k/l", "m-n", "{o}", 'get up"', "up`", "up'"];
    for (const text of texts) {
      expect(includesAny(text, needles), text).toBe(needles.some((n) => text.includes(n)));
      for (const needle of needles) expect(includesAny(text, [needle, "zzz"]), `${text} ${needle}`).toBe(text.includes(needle));
    }
  });

  it("takes one needle, no needle and an empty needle as includes does", () => {
    expect(includesAny("health", ["health"])).toBe(true);
    expect(includesAny("health", ["live"])).toBe(false);
    expect(includesAny("health", [])).toBe(false);
    expect(includesAny("health", ["", "zzz"])).toBe(true);
  });
});
