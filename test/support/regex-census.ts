import { fileURLToPath } from "node:url";
import type { RegexTarget } from "./regex-attacks.js";

/**
 * Every regular expression the engine runs on repository content, found by watching it work:
 * RegExp.prototype.exec is wrapped while `work` runs (test, match, matchAll, replace, split and
 * search all go through exec once it is replaced), and each expression is recorded once with the
 * first place in src/ that ran it and the longest input it was given.
 */
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

export async function regexCensus(work: () => Promise<void>): Promise<RegexTarget[]> {
  const found = new Map<string, RegexTarget>();
  const original = RegExp.prototype.exec;
  RegExp.prototype.exec = function censusExec(this: RegExp, input: string) {
    const key = `/${this.source}/${this.flags}`;
    let target = found.get(key);
    if (target === undefined) {
      // The first frame with a file: native frames (RegExp.test, String.replace) sit in between.
      const caller = (new Error().stack ?? "")
        .split("\n")
        .slice(1)
        .find((frame) => !frame.includes("regex-census") && !frame.includes("<anonymous>") && !frame.includes("(native)"));
      const site = caller?.includes(SRC) ? caller.slice(caller.indexOf(SRC) + SRC.length).replace(/\)$/, "") : "";
      target = { source: this.source, flags: this.flags, site: site ? `src/${site}` : "", length: 0 };
      found.set(key, target);
    }
    if (typeof input === "string" && input.length > target.length) target.length = input.length;
    return original.call(this, input);
  };
  try {
    await work();
  } finally {
    RegExp.prototype.exec = original;
  }
  // Only the engine's own expressions: libraries (YAML, glob matching) and the test's are someone else's.
  return [...found.values()].filter((t) => t.site !== "");
}
