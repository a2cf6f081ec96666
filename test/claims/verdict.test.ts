import { describe, expect, it } from "vitest";
import type { ItemOutcome } from "../../src/findings/findings.js";
import { judged, verdicts } from "./claims-harness.js";

/** How documents name each family of the checklist, and the items each phrase is held against. */
const FAMILIES: Record<string, [phrase: string, items: string[]][]> = {
  tests: [
    ["Unit tests", ["testing.tests-present"]],
    ["Automated test suite", ["testing.tests-present"]],
    ["Integration tests with pytest", ["testing.runner-configured", "testing.tests-present"]],
    ["Code coverage reports", ["testing.coverage"]],
    ["E2E tests (Playwright)", ["testing.e2e"]],
  ],
  ci: [
    ["CI/CD pipeline (GitHub Actions)", ["ci.present"]],
    ["Continuous integration", ["ci.present"]],
    ["Tests run in CI", ["ci.runs-tests"]],
    ["PR checks", ["ci.on-pull-request"]],
  ],
  container: [
    ["Dockerized", ["container.dockerfile"]],
    ["Multi-stage Dockerfile", ["container.multistage"]],
    ["Runs as non-root user", ["container.non-root"]],
    ["Pinned base images", ["container.base-pinned"]],
    [".dockerignore", ["container.dockerignore"]],
  ],
  "error tracking": [
    ["Sentry error monitoring", ["observability.error-tracking"]],
    ["Crash reporting (Bugsnag)", ["observability.error-tracking"]],
  ],
  health: [
    ["Health endpoint at /healthz", ["observability.health-endpoint"]],
    ["Docker HEALTHCHECK", ["container.healthcheck"]],
  ],
  logging: [
    ["Structured logging (pino)", ["observability.structured-logging"]],
    ["JSON logs", ["observability.structured-logging"]],
  ],
  metrics: [
    ["Prometheus metrics", ["observability.metrics"]],
    ["Distributed tracing (OpenTelemetry)", ["observability.tracing"]],
  ],
  security: [
    ["Rate limiting", ["security.rate-limiting"]],
    ["Security headers", ["security.headers"]],
    ["Dependabot", ["security.dependency-updates"]],
    ["SECURITY.md", ["security.policy"]],
    ["CodeQL", ["security.sast"]],
    ["Lock files committed", ["security.lockfile"]],
    ["No hardcoded secrets", ["security.no-committed-secrets"]],
  ],
  docs: [
    ["README", ["docs.readme"]],
    ["Deployment guide", ["docs.deployment"]],
    [".env.example", ["docs.env-example"]],
  ],
  migrations: [
    ["Database migrations (Alembic)", ["ops.db-migrations"]],
    ["Prisma migrate", ["ops.db-migrations"]],
  ],
  "load tests": [
    ["Load testing with k6", ["ops.load-tests"]],
    ["Locust", ["ops.load-tests"]],
  ],
  operations: [["Graceful shutdown on SIGTERM", ["ops.graceful-shutdown"]]],
};

const CASES = Object.entries(FAMILIES).flatMap(([family, phrases]) => phrases.map(([phrase, items]) => ({ family, phrase, items })));

function all(items: readonly string[], outcome: ItemOutcome): Record<string, ItemOutcome> {
  return Object.fromEntries(items.map((id) => [id, outcome]));
}

async function claimOn(line: string, outcomes: Record<string, ItemOutcome>) {
  const [claim] = await judged({ "PRODUCTION_READINESS.md": `# Production readiness\n\n${line}\n` }, outcomes);
  if (!claim) throw new Error(`no claim read from ${line}`);
  return claim;
}

describe("verdicts, family by family", () => {
  it.each(CASES)("$family: '✅ $phrase' is supported, never contradicted, when the repository has it", async ({ phrase, items }) => {
    const claim = await claimOn(`- ✅ ${phrase}`, {});
    expect(claim.items.sort()).toEqual([...items].sort());
    expect(claim.verdict).toBe("supported");
    expect(claim.evidence.length).toBeGreaterThan(0);
    expect(claim.evidence[0]?.path).toMatch(/^evidence\//);
  });

  it.each(CASES)("$family: '✅ $phrase' is supported when the repository has it partly", async ({ phrase, items }) => {
    expect((await claimOn(`- [x] ${phrase}`, all(items, "partial"))).verdict).toBe("supported");
  });

  it.each(CASES)("$family: '✅ $phrase' is contradicted when the repository lacks it", async ({ phrase, items }) => {
    const claim = await claimOn(`| ${phrase} | ✅ Done |`, all(items, "fail"));
    expect(claim.verdict).toBe("contradicted");
    expect(claim.reason).toMatch(/^claims .+ — no /);
  });

  it.each(CASES)("$family: '❌ $phrase' is stale when the repository has it now, confirmed when it does not", async ({ phrase, items }) => {
    const stale = await claimOn(`- ❌ ${phrase}`, {});
    expect(stale.verdict).toBe("stale");
    expect(stale.evidence.length).toBeGreaterThan(0);
    expect((await claimOn(`- ❌ ${phrase}`, all(items, "fail"))).verdict).toBe("confirmed");
    expect((await claimOn(`- ⚠️ ${phrase}`, all(items, "partial"))).verdict).toBe("confirmed");
  });

  it.each(CASES)("$family: '$phrase' is not verifiable where the item does not apply or is waived", async ({ phrase, items }) => {
    expect((await claimOn(`- ✅ ${phrase}`, all(items, "not_applicable"))).verdict).toBe("not_verifiable");
    expect((await claimOn(`- ❌ ${phrase}`, all(items, "waived"))).verdict).toBe("not_verifiable");
  });
});

describe("verdict rules", () => {
  it("supports a claim with several meanings when any one holds, and never calls it stale unless all do", async () => {
    const outcomes = { "observability.health-endpoint": "pass", "container.healthcheck": "fail" } as const;
    expect((await claimOn("- ✅ Health checks", outcomes)).verdict).toBe("supported");
    expect((await claimOn("- ❌ Health checks", outcomes)).verdict).toBe("confirmed");
    expect((await claimOn("- ❌ Health checks", {})).verdict).toBe("stale");
  });

  it("contradicts a claim when one of the things it names is missing, and says which", async () => {
    const claim = await claimOn("- ✅ Docker, Sentry and rate limiting", { "security.rate-limiting": "fail" });
    expect(claim.verdict).toBe("contradicted");
    expect(claim.reason).toBe("claims rate limiting — no security.rate-limiting found");
    expect(claim.items.sort()).toEqual(["container.dockerfile", "observability.error-tracking", "security.rate-limiting"]);
  });

  it("confirms a gap when only part of what it names exists", async () => {
    const claim = await claimOn("- ❌ HEALTHCHECK in the Dockerfile", { "container.healthcheck": "fail" });
    expect(claim.verdict).toBe("confirmed");
  });

  it("does not call a gap stale when it may be about something this checklist cannot see", async () => {
    const claim = await claimOn("| JSON logs | ⚠️ needs log shipping |", {});
    expect(claim.verdict).toBe("not_verifiable");
    expect(claim.reason).toMatch(/log shipping/);
  });

  it("does not hold a gap about testing or verifying something against its presence", async () => {
    expect((await claimOn("- [ ] Database migrations tested\n- [x] Docker", {})).verdict).toBe("not_verifiable");
  });

  it("says why a claim cannot be verified", async () => {
    expect((await claimOn("- ✅ Penetration testing", {})).reason).toBe("Penetration testing: not something this checklist checks");
    expect((await claimOn("- ✅ Input validation everywhere", {})).reason).toBe("Input validation: not something this checklist checks");
    expect((await claimOn("- ✅ Feature flags for risky changes", {})).reason).toBe("Feature flags: not something this checklist checks");
    expect((await claimOn("- ✅ On-call rota agreed", {})).reason).toBe("names nothing this checklist checks");
  });
});

describe("self-given scores", () => {
  const failing = Object.fromEntries(
    [
      "security.sast",
      "security.headers",
      "security.policy",
      "security.dependency-updates",
      "ops.load-tests",
      "observability.metrics",
      "observability.tracing",
      "testing.e2e",
      "testing.coverage",
      "ci.lint",
    ].map((id) => [id, "fail"]),
  ) as Record<string, ItemOutcome>;

  it("compares an overall score with the measured score", async () => {
    const [claim] = await judged({ "PRODUCTION_READINESS.md": "# Readiness\n\n**Overall Score: 10/10 — PRODUCTION READY**\n" }, failing);
    expect(claim).toMatchObject({ line: 3, kind: "score", verdict: "contradicted", items: [], score: { value: 10, scale: 10 } });
    expect(claim?.reason).toMatch(/^claims 10\/10; measured \d+\/100 for the whole checklist$/);
    expect(claim?.score?.measured).toBeLessThan(85);
  });

  it("compares a category's score with that category's measured score, and names what fails", async () => {
    const claims = await judged(
      { "PRODUCTION_READINESS.md": "| Category | Score |\n|---|---|\n| Security | 9/10 |\n| Testing | 70% |\n| Containers | 8/10 |\n" },
      failing,
    );
    expect(verdicts(claims)).toEqual([
      { line: 3, kind: "score", verdict: "contradicted" },
      { line: 4, kind: "score", verdict: "supported" },
      { line: 5, kind: "score", verdict: "supported" },
    ]);
    expect(claims[0]?.reason).toMatch(
      /^claims 9\/10; measured (\d+)\/100 for Security — failing: security.dependency-updates, security.policy, security.sast, security.headers$/,
    );
    expect(claims[0]?.score).toEqual({ value: 9, scale: 10, measured: Number(/measured (\d+)/.exec(claims[0]?.reason ?? "")?.[1]) });
    expect(claims[0]?.items).toContain("security.sast");
  });

  it("reads a letter grade", async () => {
    const [claim] = await judged({ "PRODUCTION_STATUS.md": "# Status\n\nGrade: A+ overall\n" }, failing);
    expect(claim).toMatchObject({ kind: "score", verdict: "contradicted", score: { value: "A+", scale: "grade" } });
  });

  it("does not call a modest self-score wrong", async () => {
    const [claim] = await judged({ "PRODUCTION_READINESS.md": "# Readiness\n\nReadiness score: 40%\n" }, {});
    expect(claim?.verdict).toBe("supported");
  });

  it("cannot verify a score of something that is not a category or item", async () => {
    const [claim] = await judged({ "PRODUCTION_READINESS.md": "# Readiness\n\n- Application code: 95%\n" }, {});
    expect(claim).toMatchObject({
      verdict: "not_verifiable",
      reason: 'scores "Application code", which is not a checklist category or item',
      score: { measured: null },
    });
  });
});

describe("claims that cite a file", () => {
  it("are not contradicted when the cited file exists but the check recognises nothing in it", async () => {
    const files = {
      "PRODUCTION_READINESS.md": "# Readiness\n\n- ✅ Rate limiting (`src/middlewares/rate-limit.ts`)\n- ✅ Rate limiting (`src/missing.ts`)\n",
      "src/middlewares/rate-limit.ts": "export const limit = () => {};\n",
    };
    const claims = await judged(files, { "security.rate-limiting": "fail" });
    expect(verdicts(claims)).toEqual([
      { line: 3, kind: "positive", verdict: "not_verifiable" },
      { line: 4, kind: "positive", verdict: "contradicted" },
    ]);
    expect(claims[0]?.evidence).toEqual([{ path: "src/middlewares/rate-limit.ts", note: "cited by the document" }]);
    expect(claims[0]?.reason).toMatch(/^the document points at src\/middlewares\/rate-limit\.ts, which exists, but the check found nothing/);
  });
});

describe("gaps admitted about a list", () => {
  it("are not stale when the list names things this checklist cannot see", async () => {
    const claim = await claimOn("- 🟡 **Good**: Logging implementation, configuration validation, test coverage", {});
    expect(claim.verdict).toBe("not_verifiable");
    expect(claim.reason).toBe(
      "the code has test coverage; the gap may be about Logging implementation, configuration validation, which this checklist does not check",
    );
    expect((await claimOn("- ❌ Prometheus metrics and tracing", {})).verdict).toBe("stale");
    expect((await claimOn("- ❌ Coverage, input validation", { "testing.coverage": "fail" })).verdict).toBe("confirmed");
  });
});
