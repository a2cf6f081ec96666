import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import vm from "node:vm";

/**
 * The built CLI is one CommonJS bundle run through `vm.Script` with V8's code cache: a start with
 * the cache skips parsing and compiling the engine (about 45 ms of a 240 ms audit of 1,000
 * files), on every Node version (Node 20 has no `module.enableCompileCache`).
 *
 * The bundle file is the function expression `(function (exports, require, module, __filename,
 * __dirname) {...})` exactly as compiled, and its SHA-256 (computed by the build) names the cache
 * file: V8 checks a cache against the source's length only, so a cache is never offered to any
 * other source. The cache is written after the run, when it also holds the functions the audit
 * compiled lazily, and only when there was none or V8 rejected it (another Node, other flags).
 */
export interface CompiledProgram<Exports> {
  exports: Exports;
  /** Whether V8 took the cached code (false on a first run, after an upgrade, or with the cache off). */
  usedCache: boolean;
  /** Saves the code compiled so far for the next start, when needed; never throws. */
  keepCompiledCode(): void;
}

export interface CompiledBundle {
  /** Path of the bundle file. */
  path: string;
  sha256: string;
}

type Env = Record<string, string | undefined>;

export function loadCompiledProgram<Exports>(bundle: CompiledBundle, env: Env = process.env): CompiledProgram<Exports> {
  const source = readFileSync(bundle.path, "utf8");
  const cacheFile = codeCacheFile(bundle.sha256, env);
  const cachedData = cacheFile ? readIfPresent(cacheFile) : undefined;
  const script = new vm.Script(source, { filename: bundle.path, ...(cachedData ? { cachedData } : {}) });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Exports };
  script.runInThisContext()(module.exports, createRequire(bundle.path), module, bundle.path, dirname(bundle.path));
  return {
    exports: module.exports,
    usedCache,
    keepCompiledCode() {
      if (cacheFile && !usedCache) writeAtomically(cacheFile, script.createCachedData());
    },
  };
}

/**
 * `$NODE_COMPILE_CACHE/readiness` when set (Node's own variable for its cache folder), otherwise a
 * folder of the user's in the temp folder; none with NODE_DISABLE_COMPILE_CACHE. A folder that is
 * not the user's own, or that others may write to, is not used: a cache there could run their code.
 */
function codeCacheFile(sha256: string, env: Env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const folder = env.NODE_COMPILE_CACHE ? join(env.NODE_COMPILE_CACHE, "readiness") : join(tmpdir(), `readiness-compile-cache-${uid ?? "user"}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = lstatSync(folder);
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (process.platform !== "win32" && (stats.mode & 0o022) !== 0)) return undefined;
  } catch {
    return undefined;
  }
  return join(folder, `${sha256.slice(0, 16)}-${process.version}-${process.arch}.cache`);
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Runs started together each write a whole file under a name of their own, then rename it into place. */
function writeAtomically(path: string, data: Buffer): void {
  const scratch = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(scratch, data, { mode: 0o600 });
    renameSync(scratch, path);
  } catch {
    // A cache that cannot be written costs the next start its speed, nothing else.
  }
}
