import type { ItemOutcome } from "../../findings/findings.js";
import type { AuditSummary } from "../store/dashboard.js";

export interface ItemChange {
  item: string;
  /** Undefined when the item was not in the earlier audit (a new checklist item). */
  from: ItemOutcome | undefined;
  to: ItemOutcome | undefined;
  sha: string;
  at: number;
}

/** What changed between consecutive audits, item by item, newest first: "container.healthcheck fails since 3f2a9c1". */
export function changesOf(audits: AuditSummary[]): ItemChange[] {
  const changes: ItemChange[] = [];
  for (let i = 1; i < audits.length; i++) {
    const before = new Map((audits[i - 1] as AuditSummary).items.map((item) => [item.id, item.outcome]));
    const audit = audits[i] as AuditSummary;
    const after = new Map(audit.items.map((item) => [item.id, item.outcome]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(id) !== after.get(id)) changes.push({ item: id, from: before.get(id), to: after.get(id), sha: audit.sha, at: audit.finishedAt });
    }
  }
  return changes.reverse();
}
