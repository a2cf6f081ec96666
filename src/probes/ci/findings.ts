import { type CiFinding, findingEvidence, pipelineOf, runsOnChanges } from "../../facts/ci.js";
import type { CommandKind } from "../../facts/commands.js";
import type { RepoView } from "../../view/repo-view.js";
import type { Evidence } from "../../findings/findings.js";

/** Most CI lines worth listing for one item: enough to show where, few enough to read. */
const MAX_EVIDENCE_LINES = 6;

export interface KindInCi {
  /** Findings in pipelines that run on pushes or pull requests. */
  onChanges: CiFinding[];
  /** Findings only in pipelines started by hand, on a schedule or on release. */
  otherwise: CiFinding[];
}

/** The CI findings of some kinds, split by whether their pipeline runs on code changes. */
export function findingsOfKind(view: RepoView, findings: readonly CiFinding[], kinds: readonly CommandKind[]): KindInCi {
  const wanted = findings.filter((f) => kinds.includes(f.kind));
  const onChanges = wanted.filter((f) => runsOnChanges(view, pipelineOf(f.step)));
  return { onChanges, otherwise: wanted.filter((f) => !onChanges.includes(f)) };
}

/** One evidence group per CI line (tool-named findings before name-only ones), capped. */
export function evidenceFor(findings: readonly CiFinding[], what: string): Evidence[] {
  const ordered = [...findings].sort((a, b) => Number(a.byName ?? false) - Number(b.byName ?? false));
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const finding of ordered) {
    const key = `${finding.at.path}:${finding.at.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const place of findingEvidence(finding, what)) {
      if (!out.some((e) => e.path === place.path && e.line === place.line)) out.push(place);
    }
    if (seen.size >= MAX_EVIDENCE_LINES) break;
  }
  return out;
}

/** "jest (ci.yml:12), ruff (ci.yml:20)": the distinct tools and where they first run. */
export function summarise(findings: readonly CiFinding[]): string {
  const byTool = new Map<string, CiFinding>();
  for (const finding of findings) if (!byTool.has(finding.tool)) byTool.set(finding.tool, finding);
  const parts = [...byTool.values()].slice(0, 4).map((f) => `${f.tool} (${f.at.path}:${f.at.line})`);
  return byTool.size > 4 ? `${parts.join(", ")} and ${byTool.size - 4} more` : parts.join(", ");
}

/** Why a pipeline does not run on changes: the events it does run on. */
export function manualOnlyNote(findings: readonly CiFinding[]): string {
  const pipelines = [...new Set(findings.map((f) => pipelineOf(f.step)))];
  return `only in ${pipelines.slice(0, 3).join(", ")}, which ${pipelines.length === 1 ? "runs" : "run"} by hand, on a schedule or on release, not on pushes or pull requests`;
}
