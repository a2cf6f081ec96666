import { describe, expect, it } from "vitest";
import { claimsCheckRunOutput, claimsHeadline } from "../../src/claims/present.js";
import { parseConfig } from "../../src/config/config-schema.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderSarif } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { auditClaimsFixture } from "./claims-harness.js";

function config(yaml: string) {
  const result = parseConfig(yaml);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

describe("claims in every report format", () => {
  it("JSON: a top-level claims object with documents, items and summary", async () => {
    const json = JSON.parse(renderJson(await auditClaimsFixture("fastapi-service")));
    expect(Object.keys(json.claims)).toEqual(["documents", "items", "summary"]);
    expect(Object.keys(json.claims.summary)).toEqual(["supported", "contradicted", "not_verifiable", "confirmed", "stale"]);
    expect(json.claims.items[0]).toEqual({
      path: "PRODUCTION_STATUS.md",
      line: 3,
      text: "Grade: A overall",
      kind: "score",
      items: [],
      verdict: "contradicted",
      evidence: [],
      reason: expect.stringMatching(/^claims grade A; measured \d+\/100 for the whole checklist$/),
      score: { value: "A", scale: "grade", measured: json.score },
    });
    expect(json.claims.items.find((c: { line: number; path: string }) => c.path === "README.md" && c.line === 18)).toMatchObject({
      kind: "positive",
      items: ["security.rate-limiting"],
      verdict: "supported",
      evidence: [{ path: "app/main.py", line: 10, note: "slowapi / flask-limiter set up" }, { path: "requirements.txt", line: 7, note: "slowapi declared" }],
    });
  });

  it("text: a Claims section with the headline, contradicted and stale first, grouped by document", async () => {
    const text = renderText(await auditClaimsFixture("express-service"), { color: false });
    const section = text.slice(text.indexOf("\nClaims\n"));
    expect(section).toContain("  6 of 26 claims in 3 readiness documents are not supported by the code");
    expect(section).toContain("  PRODUCTION_READINESS.md: 5 of 15 claims are not supported by the code (4 contradicted, 1 stale, 7 supported, 2 confirmed, 1 not verifiable)");
    const readiness = section.slice(section.indexOf("  PRODUCTION_READINESS.md:"), section.indexOf("  docs/production-readiness"));
    const order = [...readiness.matchAll(/^ {4}\S (\S+:\d+) {2}(\w[\w ]*?) {2}/gm)].map((m) => `${m[2]} ${m[1]}`);
    expect(order.slice(0, 5)).toEqual([
      "contradicted PRODUCTION_READINESS.md:3",
      "contradicted PRODUCTION_READINESS.md:16",
      "contradicted PRODUCTION_READINESS.md:17",
      "contradicted PRODUCTION_READINESS.md:27",
      "stale PRODUCTION_READINESS.md:19",
    ]);
    expect(section).toContain("        claims Rate limiting — no rate limiter found");
    expect(section.indexOf("Claims")).toBeLessThan(text.length);
  });

  it("Markdown: the Claims section sits before the collapsed lists, with the headline in bold", async () => {
    const markdown = renderMarkdown(await auditClaimsFixture("express-service"));
    const claims = markdown.indexOf("### 📄 Claims");
    expect(claims).toBeGreaterThan(0);
    expect(claims).toBeLessThan(markdown.indexOf("<details><summary>✅ Passing"));
    expect(markdown).toContain("**6 of 26 claims in 3 readiness documents are not supported by the code**");
    expect(markdown).toContain("- ❌ **contradicted** · line 16: Security \\| Rate limiting \\| ✅ Implemented \\| 100 req/min per IP  ");
  });

  it("SARIF: contradicted and stale claims as results on the claim's line", async () => {
    const report = await auditClaimsFixture("express-service");
    const sarif = JSON.parse(renderSarif(report));
    const run = sarif.runs[0];
    const claimResults = run.results.filter((r: { ruleId: string }) => r.ruleId.startsWith("claims."));
    expect(claimResults).toHaveLength(6);
    const stale = claimResults.find((r: { ruleId: string }) => r.ruleId === "claims.stale");
    expect(stale.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "DEPLOYMENT_FINAL.md" }, region: { startLine: 7 } });
    expect(run.tool.driver.rules[stale.ruleIndex].id).toBe("claims.stale");
    expect(stale.level).toBe("warning");
  });

  it("the check run: the headline and a warning annotation per contradicted or stale claim", async () => {
    const output = claimsCheckRunOutput(await auditClaimsFixture("fastapi-service"));
    expect(output?.headline).toBe("6 of 25 claims in 4 readiness documents are not supported by the code");
    expect(output?.annotations).toContainEqual({
      path: "README.md",
      line: 21,
      level: "warning",
      title: "Readiness claim not supported by the code",
      message: expect.stringMatching(/^claims Sentry error monitoring — no error tracker found/),
    });
    expect(output?.annotations.find((a) => a.line === 22 && a.path === "README.md")?.title).toBe("Readiness document out of date");
  });

  it("config: `claims: false` turns the section off in every format", async () => {
    const report = await auditClaimsFixture("fastapi-service", config("claims: false\n"));
    expect(report.claims).toBeUndefined();
    expect(claimsCheckRunOutput(report)).toBeUndefined();
    expect(renderText(report, { color: false })).not.toContain("\nClaims\n");
    expect(renderMarkdown(report)).not.toContain("Claims");
    expect(JSON.parse(renderJson(report))).not.toHaveProperty("claims");
    expect(JSON.parse(renderSarif(report)).runs[0].results.some((r: { ruleId: string }) => r.ruleId.startsWith("claims."))).toBe(false);
    expect((await auditClaimsFixture("fastapi-service", config("claims:\n  enabled: false\n"))).claims).toBeUndefined();
  });

  it("config: claims.documents adds documents discovery would miss", async () => {
    const report = await auditClaimsFixture("express-service", config("claims:\n  documents: [docs/runbooks/*.md]\n"));
    expect(report.claims?.documents[0]).toBe("docs/runbooks/deploy.md");
  });

  it("a repository without readiness documents has an empty claims object and no headline", async () => {
    const report = await auditClaimsFixture("express-service", config("ignore: ['*.md', 'docs/**']\n"));
    expect(report.claims).toEqual({ documents: [], items: [], summary: { supported: 0, contradicted: 0, not_verifiable: 0, confirmed: 0, stale: 0 } });
    expect(claimsHeadline(report.claims as NonNullable<typeof report.claims>)).toBeUndefined();
    expect(renderText(report, { color: false })).not.toContain("\nClaims\n");
  });
});
