import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:e2e`: the running app over real HTTP on loopback. The files are named *.e2e.ts so
 * the default `vitest run` (unit tests, run before every commit) never picks them up. Files run
 * one at a time: each starts its own app process, and the timing assertions (acknowledgement
 * latency, write spacing) should not compete with another file for the machine's two cores.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    globalSetup: ["test/support/data-root.ts"],
    include: ["test/e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
