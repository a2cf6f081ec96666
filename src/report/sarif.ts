import type { AuditReport, ItemResult } from "../engine/report-model.js";
import { claimsSarif } from "./claims.js";

/**
 * SARIF 2.1.0: failing and partial items as results, so GitHub code scanning can show them;
 * contradicted and stale readiness claims as results on the claim's line.
 */
export function renderSarif(report: AuditReport): string {
  const findings = report.items.filter((i) => i.outcome === "fail" || i.outcome === "partial");
  const claims = claimsSarif(report, report.items.length);
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "readiness",
            version: report.tool.version,
            rules: [
              ...report.items.map((item) => ({
                id: item.id,
                name: item.id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()),
                shortDescription: { text: item.title },
                fullDescription: { text: item.why },
                help: { text: item.remediation },
                properties: {
                  category: item.category,
                  weight: item.weight,
                  tags: ["production-readiness", item.category],
                },
              })),
              ...claims.rules,
            ],
          },
        },
        results: [
          ...findings.map((item) => ({
            ruleId: item.id,
            ruleIndex: report.items.indexOf(item),
            level: item.outcome === "fail" ? "error" : "warning",
            message: {
              text: `${item.title}: ${item.reason}. Fix: ${item.remediation}`,
            },
            locations: locations(item),
            partialFingerprints: { readinessItem: item.id },
          })),
          ...claims.results,
        ],
        properties: {
          score: report.score,
          level: report.level,
          conclusion: report.conclusion,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function locations(item: ItemResult) {
  return item.evidence.slice(0, 10).map((evidence) => ({
    physicalLocation: {
      artifactLocation: { uri: evidence.path },
      ...(evidence.line ? { region: { startLine: evidence.line } } : {}),
    },
    ...(evidence.note ? { message: { text: evidence.note } } : {}),
  }));
}
