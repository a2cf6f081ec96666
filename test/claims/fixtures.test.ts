import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/report-model.js";
import { auditClaimsFixture } from "./claims-harness.js";

type Row = [path: string, line: number, kind: string, items: string[], verdict: string];

function rows(report: AuditReport): Row[] {
  return (report.claims?.items ?? []).map((c) => [c.path, c.line, c.kind, [...c.items].sort(), c.verdict]);
}

/**
 * Real-looking repositories whose readiness documents support some claims and contradict others,
 * audited end to end with the real probes. Every claim is listed: its line, kind, items and verdict.
 */
describe("claims in realistic repositories", () => {
  it("express-service: an emoji table with scores, a Windows-1252 mojibake list, a Mac Roman mojibake table", async () => {
    const report = await auditClaimsFixture("express-service");
    expect(report.claims?.documents).toEqual(["DEPLOYMENT_FINAL.md", "PRODUCTION_READINESS.md", "docs/production-readiness/observability.md"]);
    expect(rows(report)).toEqual([
      ["DEPLOYMENT_FINAL.md", 5, "positive", ["container.dockerfile", "container.multistage"], "supported"],
      ["DEPLOYMENT_FINAL.md", 6, "positive", ["ci.runs-tests"], "supported"],
      ["DEPLOYMENT_FINAL.md", 7, "negative", ["ops.graceful-shutdown"], "stale"],
      ["DEPLOYMENT_FINAL.md", 8, "negative", ["security.dependency-updates"], "confirmed"],
      ["DEPLOYMENT_FINAL.md", 9, "negative", ["security.rate-limiting"], "confirmed"],
      ["DEPLOYMENT_FINAL.md", 10, "positive", ["observability.structured-logging"], "supported"],
      ["DEPLOYMENT_FINAL.md", 11, "negative", [], "not_verifiable"],
      ["PRODUCTION_READINESS.md", 3, "score", [], "contradicted"],
      ["PRODUCTION_READINESS.md", 11, "positive", ["container.dockerfile", "container.multistage"], "supported"],
      ["PRODUCTION_READINESS.md", 12, "positive", ["container.non-root"], "supported"],
      ["PRODUCTION_READINESS.md", 13, "positive", ["ci.present"], "supported"],
      ["PRODUCTION_READINESS.md", 14, "positive", ["observability.error-tracking"], "supported"],
      ["PRODUCTION_READINESS.md", 15, "positive", ["container.healthcheck", "observability.health-endpoint"], "supported"],
      ["PRODUCTION_READINESS.md", 16, "positive", ["security.rate-limiting"], "contradicted"],
      ["PRODUCTION_READINESS.md", 17, "positive", ["security.headers"], "contradicted"],
      ["PRODUCTION_READINESS.md", 18, "negative", ["ops.load-tests"], "confirmed"],
      ["PRODUCTION_READINESS.md", 19, "negative", ["observability.metrics"], "stale"],
      ["PRODUCTION_READINESS.md", 20, "positive", [], "not_verifiable"],
      ["PRODUCTION_READINESS.md", 21, "negative", ["security.dependency-updates"], "confirmed"],
      [
        "PRODUCTION_READINESS.md",
        27,
        "score",
        [
          "security.dependency-updates",
          "security.headers",
          "security.lockfile",
          "security.no-committed-secrets",
          "security.policy",
          "security.rate-limiting",
          "security.sast",
        ],
        "contradicted",
      ],
      ["PRODUCTION_READINESS.md", 28, "score", ["testing.coverage", "testing.e2e", "testing.runner-configured", "testing.tests-present"], "supported"],
      [
        "PRODUCTION_READINESS.md",
        29,
        "score",
        ["observability.error-tracking", "observability.health-endpoint", "observability.metrics", "observability.structured-logging", "observability.tracing"],
        "supported",
      ],
      ["docs/production-readiness/observability.md", 5, "positive", ["observability.error-tracking"], "supported"],
      ["docs/production-readiness/observability.md", 6, "positive", ["observability.metrics"], "supported"],
      ["docs/production-readiness/observability.md", 7, "negative", ["observability.tracing"], "confirmed"],
      ["docs/production-readiness/observability.md", 8, "negative", ["observability.structured-logging"], "not_verifiable"],
    ]);
    expect(report.claims?.summary).toEqual({ supported: 12, contradicted: 4, not_verifiable: 3, confirmed: 5, stale: 2 });
  });

  it("fastapi-service: a checkbox list with headings that carry the status, a README section, a CLAUDE.md table, a to-do template", async () => {
    const report = await auditClaimsFixture("fastapi-service");
    expect(report.claims?.documents).toEqual(["PRODUCTION_STATUS.md", "docs/launch-checklist.md", "CLAUDE.md", "README.md"]);
    expect(rows(report)).toEqual([
      ["PRODUCTION_STATUS.md", 3, "score", [], "contradicted"],
      ["PRODUCTION_STATUS.md", 7, "positive", ["testing.runner-configured", "testing.tests-present"], "supported"],
      ["PRODUCTION_STATUS.md", 8, "positive", ["ci.present"], "supported"],
      ["PRODUCTION_STATUS.md", 9, "positive", ["observability.health-endpoint"], "supported"],
      ["PRODUCTION_STATUS.md", 10, "positive", ["container.non-root"], "contradicted"],
      ["PRODUCTION_STATUS.md", 11, "negative", ["testing.e2e"], "confirmed"],
      ["PRODUCTION_STATUS.md", 12, "negative", ["observability.tracing"], "confirmed"],
      ["PRODUCTION_STATUS.md", 15, "positive", ["security.policy"], "supported"],
      ["PRODUCTION_STATUS.md", 19, "negative", ["security.dependency-updates"], "confirmed"],
      ["PRODUCTION_STATUS.md", 25, "positive", ["ci.lint"], "supported"],
      ["PRODUCTION_STATUS.md", 29, "positive", ["container.dockerfile"], "supported"],
      ["PRODUCTION_STATUS.md", 30, "positive", ["security.sast"], "contradicted"],
      ["PRODUCTION_STATUS.md", 34, "negative", ["observability.metrics"], "confirmed"],
      ["PRODUCTION_STATUS.md", 35, "negative", ["container.dockerfile", "container.multistage"], "confirmed"],
      ["PRODUCTION_STATUS.md", 39, "score", ["testing.coverage", "testing.e2e", "testing.runner-configured", "testing.tests-present"], "contradicted"],
      ["PRODUCTION_STATUS.md", 40, "score", ["ops.db-migrations", "ops.graceful-shutdown", "ops.load-tests"], "supported"],
      ["CLAUDE.md", 9, "positive", ["observability.health-endpoint"], "supported"],
      ["CLAUDE.md", 10, "positive", ["container.base-pinned"], "supported"],
      ["CLAUDE.md", 11, "negative", ["container.dockerfile", "container.healthcheck", "observability.health-endpoint"], "confirmed"],
      ["CLAUDE.md", 12, "positive", ["container.dockerignore"], "supported"],
      ["README.md", 18, "positive", ["security.rate-limiting"], "supported"],
      ["README.md", 19, "positive", ["observability.structured-logging"], "supported"],
      ["README.md", 20, "positive", ["ops.db-migrations"], "supported"],
      ["README.md", 21, "positive", ["observability.error-tracking"], "contradicted"],
      ["README.md", 22, "negative", ["ops.load-tests"], "stale"],
    ]);
  });

  it("says what is missing on a contradicted claim and cites the evidence on a stale one", async () => {
    const claims = (await auditClaimsFixture("fastapi-service")).claims?.items ?? [];
    const sentry = claims.find((c) => c.path === "README.md" && c.line === 21);
    expect(sentry?.reason).toMatch(/^claims Sentry error monitoring — no error tracker found/);
    const locust = claims.find((c) => c.path === "README.md" && c.line === 22);
    expect(locust?.evidence[0]?.path).toBe("loadtests/locustfile.py");
    const grade = claims.find((c) => c.line === 3);
    expect(grade?.score).toMatchObject({ value: "A", scale: "grade" });
    expect(grade?.reason).toMatch(/^claims grade A; measured \d+\/100 for the whole checklist$/);
  });
});
