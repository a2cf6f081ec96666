import type { AuditReport } from "../audit/report-model.js";

/** The report as stable, documented JSON (see README, "JSON report"). */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
