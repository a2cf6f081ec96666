import type { Finding } from "../../src/findings/findings.js";

/** A finding's evidence as "path:line" (or "path" when it has no line), for compact assertions. */
export function locations(finding: Finding): string[] {
  return finding.evidence.map((e) => (e.line === undefined ? e.path : `${e.path}:${e.line}`));
}
