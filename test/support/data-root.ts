import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup: one folder for every SQLite store the test run creates (test workers
 * inherit READINESS_TEST_DATA_ROOT), removed when the run ends, so runs leave nothing in /tmp.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "readiness-test-data-"));
  process.env.READINESS_TEST_DATA_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true });
}
