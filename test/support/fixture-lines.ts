import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturePath } from "./probe-harness.js";

/**
 * 1-based line of the first line of a fixture repository's file that contains `needle`. Several
 * helpers append to the shared fixture repos, so tests locate lines by content, not by number.
 */
export function fixtureLine(repo: string, path: string, needle: string): number {
  const lines = readFileSync(join(fixturePath(repo), path), "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`${needle} not found in ${repo}/${path}`);
  return index + 1;
}
