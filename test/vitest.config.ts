import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Fixture repositories are audited as data: their own test files must never run as ours.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    globalSetup: ["test/support/data-root.ts"],
    exclude: [...configDefaults.exclude, "test/fixtures/**"],
    // Generous: CI machines have two cores, and the app tests run real retries and timers.
    testTimeout: 20_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "lcov"],
    },
  },
});
