#!/usr/bin/env node
// Builds dist/: each entry point bundled with esbuild (one file to read and compile at start-up
// instead of about 200 modules), and the default checklist and claim synonyms parsed and validated
// here, once, instead of at every start.
//
// Every output sits two folders below the package root, as every module of src/ does, because a
// bundled module's import.meta.url is its bundle's: relative URLs in the source (../../package.json,
// ../../checklists/default.yml, ./engine-worker.js beside the engine threads) resolve the same way.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

// Bundled CommonJS dependencies (yaml, picomatch...) call require() for Node's built-in modules.
const REQUIRE_BANNER = 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.18",
  sourcemap: true,
  logLevel: "warning",
  banner: { js: REQUIRE_BANNER },
};

/**
 * yaml's ES module build (the same source and version as its CommonJS build for Node): bundled as
 * ES modules its code is hoisted and tree-shaken instead of evaluated module by module behind
 * require wrappers, about 10 ms less at each start. The one difference is where a yaml warning
 * goes (console.warn rather than process.emitWarning, both stderr); reports are the same.
 */
const YAML_ESM = { yaml: "./node_modules/yaml/browser/index.js" };

/** The default checklist and synonyms, loaded by the source's own loaders (so validated as at run time), as JSON. */
async function precompileDefaults() {
  const scratch = await mkdtemp(join(tmpdir(), "readiness-build-"));
  try {
    const loader = join(scratch, "defaults.mjs");
    await build({
      ...common,
      sourcemap: false,
      stdin: {
        contents: 'export { loadChecklist } from "./src/checklist/checklist.ts"; export { parseSynonyms } from "./src/claims/synonyms-schema.ts";',
        resolveDir: root,
        loader: "ts",
      },
      outfile: loader,
    });
    const { loadChecklist, parseSynonyms } = await import(pathToFileURL(loader).href);
    const synonymsPath = join(root, "checklists/claims-synonyms.yml");
    return {
      checklist: JSON.stringify(await loadChecklist(join(root, "checklists/default.yml"))),
      synonyms: JSON.stringify(parseSynonyms(await readFile(synonymsPath, "utf8"), synonymsPath)),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const defaults = await precompileDefaults();

/**
 * Replaces src/checklist/precompiled.ts (nothing precompiled) with the defaults parsed above, and
 * src/claims/synonyms-schema.ts with a stub: it reads the default synonyms when run from the
 * source, which the bundles never do, and would bring zod into every start.
 */
const precompiled = {
  name: "precompiled-defaults",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]checklist[\\/]precompiled\.ts$/ }, () => ({
      contents: `export const PRECOMPILED = ${JSON.stringify(defaults)};`,
      loader: "js",
    }));
    builder.onLoad({ filter: /[\\/]src[\\/]claims[\\/]synonyms-schema\.ts$/ }, () => ({
      contents: 'export function readDefaultSynonyms() { throw new Error("the bundles carry the default synonyms precompiled"); }',
      loader: "js",
    }));
  },
};

await rm(join(root, "dist"), { recursive: true, force: true });

/**
 * The command line: all its code, dependencies too (all plain JavaScript), in one CommonJS bundle
 * written as the function expression src/cli/compiled-program.ts compiles with V8's code cache.
 * Its hash names the cache, so main.js is built after it.
 */
const COMPILED_BUNDLE = "cli/program.cjs";
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/cli/cli.ts"],
  banner: { js: `(function (exports, require, module, __filename, __dirname) { const __bundleUrl = require("node:url").pathToFileURL(__filename).href;` },
  footer: { js: "})" },
  define: { "import.meta.url": "__bundleUrl" },
  alias: YAML_ESM,
  plugins: [precompiled],
  outfile: join("dist", COMPILED_BUNDLE),
});
const bundleSha256 = createHash("sha256").update(await readFile(join(root, "dist", COMPILED_BUNDLE))).digest("hex");

/** main.js loads the bundle; the modules it holds are never imported from main.js. */
const compiledBundle = {
  name: "compiled-bundle",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]cli[\\/]compiled-bundle\.ts$/ }, () => ({
      contents: `export const COMPILED_BUNDLE = ${JSON.stringify({ file: "./program.cjs", sha256: bundleSha256 })};`,
      loader: "js",
    }));
    builder.onResolve({ filter: /^\.\/cli\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: { "cli/main": "src/cli/main.ts" }, plugins: [compiledBundle], outdir: "dist" }),
  // The GitHub Action starts on a fresh runner every time, where no code cache is ever warm: ES
  // modules, the ones it imports lazily in chunks of their own.
  build({
    ...common,
    entryPoints: { "cli/action-main": "src/cli/action-main.ts" },
    splitting: true,
    chunkNames: "cli/[name]-[hash]",
    alias: YAML_ESM,
    plugins: [precompiled],
    outdir: "dist",
  }),
  // An engine thread: the audit and everything it needs, in one file beside the app's main.js
  // (the engine threads start ./engine-worker.js relative to their own bundle).
  build({
    ...common,
    entryPoints: { "app/engine-worker": "src/app/audits/engine-worker.ts" },
    alias: YAML_ESM,
    plugins: [precompiled],
    outdir: "dist",
  }),
  // The app's main thread keeps its dependencies in node_modules: Probot, pino's transport
  // threads, Sentry's module hooks and the SQLite addon load files by path.
  build({
    ...common,
    entryPoints: { "app/main": "src/app/main.ts" },
    packages: "external",
    plugins: [precompiled],
    outdir: "dist",
  }),
]);
