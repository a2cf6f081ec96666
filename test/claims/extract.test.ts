import { describe, expect, it } from "vitest";
import { extracted } from "./claims-harness.js";

const doc = (...lines: string[]) => lines.join("\n");

describe("claim extraction", () => {
  it("reads checkbox lists: [x] claims, [ ] admits a gap where the list records progress", async () => {
    const claims = await extracted(
      doc(
        "# Checklist", // 1
        "- [x] Unit tests (Vitest)", // 2
        "- [X] **Sentry** error tracking", // 3
        "- [ ] Load testing (k6)", // 4
        "- [ ] Configure PagerDuty alerts", // 5: a task, not a claim
        "* [x] CI/CD with [GitHub Actions](https://github.com/features/actions)", // 6
      ),
    );
    expect(claims).toEqual([
      { line: 2, kind: "positive", items: ["testing.tests-present"] },
      { line: 3, kind: "positive", items: ["observability.error-tracking"] },
      { line: 4, kind: "negative", items: ["ops.load-tests"] },
      { line: 6, kind: "positive", items: ["ci.present"] },
    ]);
  });

  it("treats a list with nothing checked as a to-do template, unless its heading says the items are missing", async () => {
    const template = doc("# Launch checklist", "- [ ] Rate limiting configured", "- [ ] Health checks");
    expect(await extracted(template)).toEqual([]);
    const gaps = doc("## Missing", "- [ ] Rate limiting", "- [ ] Verify health checks");
    expect(await extracted(gaps)).toEqual([{ line: 2, kind: "negative", items: ["security.rate-limiting"] }]);
  });

  it("reads emoji tables, wide ones included, and takes the specific cell over a group column", async () => {
    const claims = await extracted(
      doc(
        "| Area | Item | Status | Notes |", // 1
        "|------|------|:------:|-------|", // 2
        "| Monitoring | Prometheus metrics | ❌ Not implemented | |", // 3
        "| Containers | **Docker** multi-stage build | ✅ Done | `Dockerfile` |", // 4
        "| Security | Rate limiting | 🟢 | 100 req/min |", // 5
        "| Security | HSTS | ⚠️ Partial | |", // 6
        "| Performance | CDN | N/A | |", // 7: not applicable to them
        "| Team | On-call rota | ✅ | |", // 8: names nothing we check
      ),
    );
    expect(claims).toEqual([
      { line: 3, kind: "negative", items: ["observability.metrics"] },
      { line: 4, kind: "positive", items: ["container.dockerfile", "container.multistage"] },
      { line: 5, kind: "positive", items: ["security.rate-limiting"] },
      { line: 6, kind: "negative", items: ["security.headers"] },
      { line: 8, kind: "positive", items: [] },
    ]);
  });

  it("reads status words in a status column and yes/no values", async () => {
    const claims = await extracted(doc("| Practice | Done? |", "|---|---|", "| Health endpoint | yes |", "| Load tests | no |", "| Tracing | Implemented |"));
    expect(claims).toEqual([
      { line: 3, kind: "positive", items: ["observability.health-endpoint"] },
      { line: 4, kind: "negative", items: ["ops.load-tests"] },
      { line: 5, kind: "positive", items: ["observability.tracing"] },
    ]);
  });

  it("reads tables nested in lists and quotes", async () => {
    const claims = await extracted(doc("- Containers:", "  | Check | State |", "  |---|---|", "  | Non-root user | ✅ |", "", "> | Metrics | ❌ |"));
    expect(claims).toEqual([
      { line: 4, kind: "positive", items: ["container.non-root"] },
      { line: 6, kind: "negative", items: ["observability.metrics"] },
    ]);
  });

  it("reads self-given scores overall and per category, in tables and text", async () => {
    const claims = await extracted(
      doc(
        "# 10/10 PRODUCTION READY", // 1
        "Overall: 85%", // 2
        "| Category | Score |", // 3
        "|---|---|", // 4
        "| Security | 7/10 |", // 5
        "| Testing | 92/100 |", // 6
        "- **Observability**: 6.5/10 → 9/10", // 7
        "Grade: S+", // 8
        "- Load testing: 0/10", // 9: admits a gap
        "Released on 10/10/2024 to 50% of users.", // 10: a date and a rollout, not scores
      ),
    );
    expect(claims).toEqual([
      { line: 1, kind: "score", items: [] },
      { line: 2, kind: "score", items: [] },
      { line: 5, kind: "score", items: [] },
      { line: 6, kind: "score", items: ["testing.tests-present"] },
      {
        line: 7,
        kind: "score",
        items: [
          "observability.error-tracking",
          "observability.health-endpoint",
          "observability.metrics",
          "observability.structured-logging",
          "observability.tracing",
        ],
      },
      { line: 8, kind: "score", items: [] },
      { line: 9, kind: "negative", items: ["ops.load-tests"] },
    ]);
  });

  it("reads headings that carry the status, and status lines under a titled heading", async () => {
    const claims = await extracted(
      doc(
        "## ✅ Error tracking", // 1: a claim: nothing under it claims anything
        "Sentry is initialised in src/instrument.ts.", // 2
        "## Load testing — ❌ NOT DONE", // 3
        "### Graceful shutdown", // 4
        "**Status:** ✅ Implemented", // 5: about the heading
        "## ✅ Completed", // 6: a pure status heading: the list under it is claimed
        "- Docker image", // 7
        "- Code scanning", // 8
        "## Known gaps", // 9
        "- Metrics export", // 10
      ),
    );
    expect(claims).toEqual([
      { line: 1, kind: "positive", items: ["observability.error-tracking"] },
      { line: 3, kind: "negative", items: ["ops.load-tests"] },
      { line: 5, kind: "positive", items: ["ops.graceful-shutdown"] },
      { line: 7, kind: "positive", items: ["container.dockerfile"] },
      { line: 8, kind: "positive", items: ["security.sast"] },
      { line: 10, kind: "negative", items: ["observability.metrics"] },
    ]);
  });

  it("reads lead-in labels, and skips lists of targets and plans", async () => {
    const claims = await extracted(
      doc(
        "✅ **Ready**:", // 1
        "- Health checks", // 2
        "⚠️ **Needs setup**:", // 3
        "- Prometheus metrics", // 4
        "- Configure monitoring dashboards", // 5: a task
        "", // 6
        "When all tasks above are completed:", // 7
        "- ✅ Unit + E2E tests passing", // 8: a target
        "### Phase 6: Production Ready (Week 8)", // 9
        "- CI/CD pipeline", // 10: a plan
      ),
    );
    expect(claims).toEqual([
      { line: 2, kind: "positive", items: ["container.healthcheck", "observability.health-endpoint"] },
      { line: 4, kind: "negative", items: ["observability.metrics"] },
    ]);
  });

  it("strips emphasis and links, and skips legends, code fences and HTML comments", async () => {
    const claims = await extracted(
      doc(
        "Legend: ✅ done · ⚠️ partial · ❌ missing", // 1
        "- ✅ __Rate limiting__ via [express-rate-limit](https://npmjs.com/package/express-rate-limit)", // 2
        "```markdown", // 3
        "- ✅ Sentry", // 4
        "| Metrics | ❌ |", // 5
        "```", // 6
        "~~~", // 7
        "- [x] Docker", // 8
        "~~~", // 9
        "<!--", // 10
        "- ✅ Tracing", // 11
        "-->", // 12
        "- ❌ No SECURITY.md yet", // 13
      ),
    );
    expect(claims).toEqual([
      { line: 2, kind: "positive", items: ["security.rate-limiting"] },
      { line: 13, kind: "negative", items: ["security.policy"] },
    ]);
  });

  it("keeps negative words ahead of the positive ones they contain", async () => {
    const claims = await extracted(
      doc("- Rate limiting: not implemented", "- Tracing — not yet configured", "- Metrics: partially done", "- Sentry: configured"),
    );
    expect(claims.map((c) => c.kind)).toEqual(["negative", "negative", "negative", "positive"]);
  });

  it("repairs mojibake before reading the marks", async () => {
    const claims = await extracted(doc("- âœ… Sentry", "- â\u009dŒ Load tests", "| Tracing | ‚ùå |", "- ðŸŸ¢ Docker"));
    expect(claims.map((c) => c.kind)).toEqual(["positive", "negative", "negative", "positive"]);
  });

  it("reports a claim that names nothing the checklist checks instead of dropping it", async () => {
    expect(await extracted(doc("- ✅ Input validation on every endpoint"))).toEqual([{ line: 1, kind: "positive", items: [] }]);
  });
});

describe("claim extraction, details", () => {
  it("takes alert thresholds for what they are, not self-given scores", async () => {
    expect(await extracted(doc("| Metric | Warning | Critical |", "|---|---|---|", "| Error rate | > 1% | > 5% |", "| CPU | ≥ 70% | ~90% |"))).toEqual([]);
  });

  it("matches the subject and what its description adds, not a practice named as a place: '**Docker Compose** - Container orchestration' is about Compose", async () => {
    expect(await extracted(doc("- [x] **Docker Compose** - Container orchestration", "- [x] **Service Containers** - MongoDB & Redis in CI"))).toEqual([
      { line: 1, kind: "positive", items: [] },
      { line: 2, kind: "positive", items: [] },
    ]);
    // A broad subject gives way to the practices the description names within it.
    expect(await extracted(doc("- [x] **Observability** - Sentry and Prometheus"))).toEqual([
      { line: 1, kind: "positive", items: ["observability.error-tracking", "observability.metrics"] },
    ]);
  });
});
