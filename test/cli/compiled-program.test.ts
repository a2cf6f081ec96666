import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CompiledBundle, loadCompiledProgram } from "../../src/cli/compiled-program.js";

interface Answer {
  answer(): number;
  separator: string;
}

let scratch: string;
let cacheRoot: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "readiness-compiled-"));
  cacheRoot = join(scratch, "cache");
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A bundle in the build's shape: one function expression taking CommonJS's five arguments. Each
 * load in a test writes a file of its own name, as V8 would otherwise answer from the code it keeps
 * in memory for a source and name it compiled before, and never read the cache on disk.
 */
function writeBundle(name: string, answer: number): CompiledBundle {
  const source = `(function (exports, require, module, __filename, __dirname) { exports.answer = () => ${answer}; exports.separator = require("node:path").sep; })`;
  const path = join(scratch, name);
  writeFileSync(path, source);
  return { path, sha256: createHash("sha256").update(source).digest("hex") };
}

const cacheFiles = () => (existsSync(join(cacheRoot, "readiness")) ? readdirSync(join(cacheRoot, "readiness")) : []);

describe("the compiled command line", () => {
  it("runs the bundle with require, keeps its compiled code after the run, and starts from it next time", () => {
    const bundle = writeBundle("program-1.cjs", 42);
    const first = loadCompiledProgram<Answer>(bundle, { NODE_COMPILE_CACHE: cacheRoot });
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.separator).toBe("/");
    expect(first.usedCache).toBe(false);
    first.keepCompiledCode();
    expect(cacheFiles()).toEqual([`${bundle.sha256.slice(0, 16)}-${process.version}-${process.arch}.cache`]);

    const second = loadCompiledProgram<Answer>(writeBundle("program-2.cjs", 42), { NODE_COMPILE_CACHE: cacheRoot });
    expect(second.usedCache).toBe(true);
    expect(second.exports.answer()).toBe(42);
  });

  it("never offers one bundle's code to another of the same length: the content's hash names the cache", () => {
    const before = writeBundle("program-1.cjs", 41);
    loadCompiledProgram<Answer>(before, { NODE_COMPILE_CACHE: cacheRoot }).keepCompiledCode();
    const after = writeBundle("program-2.cjs", 42);
    const loaded = loadCompiledProgram<Answer>(after, { NODE_COMPILE_CACHE: cacheRoot });
    expect(loaded.usedCache).toBe(false);
    expect(loaded.exports.answer()).toBe(42);
  });

  it("replaces a cache V8 rejects (corrupt, or from another Node) instead of starting slowly from then on", () => {
    loadCompiledProgram<Answer>(writeBundle("program-1.cjs", 42), { NODE_COMPILE_CACHE: cacheRoot }).keepCompiledCode();
    const [file] = cacheFiles();
    writeFileSync(join(cacheRoot, "readiness", file as string), "not V8's code cache");
    const rejected = loadCompiledProgram<Answer>(writeBundle("program-2.cjs", 42), { NODE_COMPILE_CACHE: cacheRoot });
    expect(rejected.usedCache).toBe(false);
    expect(rejected.exports.answer()).toBe(42);
    rejected.keepCompiledCode();
    expect(loadCompiledProgram<Answer>(writeBundle("program-3.cjs", 42), { NODE_COMPILE_CACHE: cacheRoot }).usedCache).toBe(true);
  });

  it("keeps no cache with NODE_DISABLE_COMPILE_CACHE", () => {
    const bundle = writeBundle("program.cjs", 42);
    const loaded = loadCompiledProgram<Answer>(bundle, { NODE_COMPILE_CACHE: cacheRoot, NODE_DISABLE_COMPILE_CACHE: "1" });
    loaded.keepCompiledCode();
    expect(loaded.exports.answer()).toBe(42);
    expect(cacheFiles()).toEqual([]);
  });

  it.skipIf(process.platform === "win32")("neither reads nor writes a cache folder others may write to, where a planted cache would run their code", () => {
    const bundle = writeBundle("program.cjs", 42);
    mkdirSync(join(cacheRoot, "readiness"), { recursive: true });
    chmodSync(join(cacheRoot, "readiness"), 0o777);
    const loaded = loadCompiledProgram<Answer>(bundle, { NODE_COMPILE_CACHE: cacheRoot });
    loaded.keepCompiledCode();
    expect(loaded.exports.answer()).toBe(42);
    expect(cacheFiles()).toEqual([]);
  });
});
