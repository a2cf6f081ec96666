import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** tsx's ESM registration API (the package's "import" entry; require.resolve would give the CommonJS one). */
const TSX_API = new URL("dist/esm/api/index.mjs", pathToFileURL(createRequire(import.meta.url).resolve("tsx/package.json"))).href;

/**
 * A worker thread running one of this repository's TypeScript modules. The worker registers tsx
 * itself before importing the module: a worker's own --import runs too late for its entry module,
 * and vitest's transform does not reach worker threads.
 */
export function tsWorker(moduleUrl: string, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(moduleUrl)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}
