import type { Log, ReportingDescriptor, Result } from "sarif";
import type { ItemResult } from "../findings/findings.js";
import type { AuditReport } from "../audit/report-model.js";
import type { Evidence } from "../findings/findings.js";
import { claimsSarif } from "./claims.js";
import { itemDocsUrl, PROJECT_URL } from "./links.js";
import { locatable, whereItBelongs } from "./where-it-belongs.js";

/** GitHub code scanning shows at most this many locations of one result. */
const MAX_LOCATIONS = 10;

/**
 * SARIF 2.1.0 that GitHub code scanning accepts: failing and partial items as results at their
 * evidence, or, for something missing, at the file where it belongs; contradicted and stale
 * readiness claims on the claim's line. Every result has a location and a fingerprint that follows
 * the item (not a line) from commit to commit; every rule has help and a link to its documentation.
 */
export function renderSarif(report: AuditReport): string {
  const findings = report.items.filter((i) => i.outcome === "fail" || i.outcome === "partial");
  const claims = claimsSarif(report, report.items.length);
  const home = whereItBelongs(report);
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "readiness",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: PROJECT_URL,
            rules: [...report.items.map(rule), ...claims.rules],
          },
        },
        results: [
          ...findings.map(
            (item): Result => ({
              ruleId: item.id,
              ruleIndex: report.items.indexOf(item),
              level: item.outcome === "fail" ? "error" : "warning",
              message: { text: `${item.title}: ${item.reason}. Fix: ${item.remediation}` },
              locations: locations(item, home),
              partialFingerprints: { "readinessItem/v1": item.id },
            }),
          ),
          ...claims.results,
        ],
        properties: { score: report.score, level: report.level, conclusion: report.conclusion },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(item: ItemResult): ReportingDescriptor {
  return {
    id: item.id,
    name: item.id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: item.title },
    fullDescription: { text: item.why },
    help: { text: `${item.why} Fix: ${item.remediation}`, markdown: `${item.why}\n\n**Fix:** ${item.remediation}` },
    helpUri: itemDocsUrl(item.id),
    properties: { category: item.category, weight: item.weight, tags: ["production-readiness", item.category] },
  };
}

function locations(item: ItemResult, home: ReturnType<typeof whereItBelongs>): NonNullable<Result["locations"]> {
  const found = locatable(item.evidence).slice(0, MAX_LOCATIONS);
  const places: Evidence[] = found.length > 0 ? found : [home(item)];
  return places.map((place) => ({
    physicalLocation: {
      artifactLocation: { uri: place.path },
      // A whole file (or one still to be written) is placed on its first line, as code scanning shows it.
      region: { startLine: place.line ?? 1 },
    },
    ...(place.note ? { message: { text: place.note } } : {}),
  }));
}
