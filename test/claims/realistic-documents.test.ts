import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { discoverDocuments } from "../../src/claims/discovery.js";
import type { Claim } from "../../src/claims/model.js";
import type { ItemOutcome } from "../../src/findings/findings.js";
import { RepoView } from "../../src/view/repo-view.js";
import { judged } from "./claims-harness.js";

/** Readiness documents as AI assistants write them (our own writing): emoji tables, mojibake, scores, phase plans. */
const DIRECTORY = fileURLToPath(new URL("../fixtures/claims/documents/", import.meta.url));
const DOCUMENTS: Record<string, string> = Object.fromEntries(readdirSync(DIRECTORY).map((name) => [name, readFileSync(`${DIRECTORY}${name}`, "utf8")]));

function fail(...items: string[]): Record<string, ItemOutcome> {
  return Object.fromEntries(items.map((id) => [id, "fail"]));
}

/** "PROJECT_STATUS.md:9 contradicted" for every claim of the given verdicts. */
function lines(claims: readonly Claim[], ...verdicts: Claim["verdict"][]): string[] {
  return claims.filter((c) => verdicts.includes(c.verdict)).map((c) => `${c.path}:${c.line} ${c.verdict}`);
}

function claimAt(claims: readonly Claim[], where: string): Claim {
  const claim = claims.find((c) => `${c.path}:${c.line}` === where);
  if (!claim) throw new Error(`no claim at ${where}`);
  return claim;
}

describe("realistic readiness documents", () => {
  it("finds readiness documents by content: self-grades, marked practices, an overall score outside the readiness section", () => {
    const { documents } = discoverDocuments(RepoView.fromFiles(DOCUMENTS), {
      documents: [],
      maxDocuments: 20,
      practicesNamed: (line) => [...line.matchAll(/rate limiting|sentry|ci pipeline|pino|prometheus|health endpoint|graceful shutdown|e2e/gi)].map((m) => m[0].toLowerCase()),
    });
    expect(documents.map((d) => [d.path, d.sections])).toEqual([
      ["ENTERPRISE_READINESS.md", undefined], // by name
      ["HARDENING_REPORT.md", [{ from: 56, to: 61 }]], // its "Deployment complete" section: too few practices this test's list knows
      ["IMPROVEMENTS_SUMMARY.md", undefined], // "Production readiness: 90%"
      ["README.md", [{ from: 11, to: 14 }, { from: 5, to: 5 }]], // its readiness section, and its score
      ["SECURITY_FIXES_REPORT.md", undefined], // "Overall score 82/100"
      ["PROJECT_STATUS.md", undefined], // a status report marking practices done
      ["ROADMAP.md", undefined], // a roadmap checking practices off
    ]);
  });

  it("does not take pros and cons, or a document marking one or two practices, for a readiness document", () => {
    const adr = ["# ADR-004: Modular monolith", "", "## Options", "- ✅ Easier to test", "- ❌ Harder to deploy", "- ✅ Simple migrations", "- ⚠️ Learning curve", "- ✅ One CI pipeline"].join("\n");
    const found = discoverDocuments(RepoView.fromFiles({ "docs/adr/ADR-004.md": adr }), {
      documents: [],
      maxDocuments: 20,
      practicesNamed: (line) => (/test|migration|ci pipeline/i.test(line) ? [(/test|migration|ci pipeline/i.exec(line) as RegExpExecArray)[0]] : []),
    });
    expect(found.documents).toEqual([]);
  });

  it("says when the content budget leaves documents unsearched", () => {
    const files = { "a.md": "x".repeat(50), "b.md": "Production readiness: 90%\n", "c.md": "Overall score 80/100\n" };
    const { documents, notes } = discoverDocuments(RepoView.fromFiles(files), { documents: [], maxDocuments: 20, contentBudget: { total: 50, perDocument: 50 } });
    expect(documents).toEqual([]);
    expect(notes).toEqual(["2 documents were not searched for readiness content (at most 50 characters are): b.md, c.md"]);
  });

  /** For each document, a repository it tells the truth about: what it admits missing, or only plans, is missing. */
  const TRUTHFUL: Record<string, string[]> = {
    "ENTERPRISE_READINESS.md": ["security.rate-limiting"],
    "HARDENING_REPORT.md": ["ops.load-tests", "observability.error-tracking"],
    "IMPROVEMENTS_SUMMARY.md": ["ops.load-tests"],
    "PROJECT_STATUS.md": [],
    "README.md": [],
    "ROADMAP.md": ["observability.metrics", "observability.tracing", "ops.load-tests"],
    "SECURITY_FIXES_REPORT.md": ["security.policy"],
  };

  it.each(Object.entries(TRUTHFUL))("never contradicts nor calls stale %s where the code is as it says", async (path, missing) => {
    const claims = await judged({ [path]: DOCUMENTS[path] as string }, fail(...missing));
    expect(claims.length).toBeGreaterThan(1);
    expect(lines(claims, "contradicted", "stale")).toEqual([]);
  });

  it("gives no verdict on a guide's contents, a gap narrowed to one part, a ratio, a condition or another readiness", async () => {
    const missing = fail(...["testing.tests-present", "testing.e2e", "observability.metrics", "observability.error-tracking", "ops.load-tests", "security.policy", "ci.present"]);
    const hardening = { "PRODUCTION_READINESS.md": DOCUMENTS["HARDENING_REPORT.md"] as string };
    expect(lines(await judged(hardening, missing), "contradicted", "stale")).toEqual([]);
    const present = await judged(hardening, fail("ops.load-tests"));
    expect(claimAt(present, "PRODUCTION_READINESS.md:18")).toMatchObject({
      verdict: "not_verifiable",
      reason: 'the code has unit tests; the gap is about "invoice module" in particular, which the check cannot tell apart',
    });
    expect(claimAt(present, "PRODUCTION_READINESS.md:21")).toMatchObject({ verdict: "confirmed" }); // "Write load tests"
    expect(present.map((c) => c.line)).not.toContain(30); // "Final score: 48/48 endpoints protected (100%)"
    expect(claimAt(present, "PRODUCTION_READINESS.md:32")).toMatchObject({ kind: "score", verdict: "not_verifiable" }); // "Integration readiness: 9/10"
  });

  it("grades a category only where the subject is the category, and admits no broad gap as stale", async () => {
    const claims = await judged({ "PRODUCTION_READINESS.md": DOCUMENTS["HARDENING_REPORT.md"] as string }, fail("security.sast", "security.headers", "security.policy", "security.rate-limiting"));
    expect(claimAt(claims, "PRODUCTION_READINESS.md:48")).toMatchObject({
      verdict: "not_verifiable",
      reason: 'scores "Security middleware", a part of Security ("middleware"), not what the checklist measures',
    });
    expect(claimAt(claims, "PRODUCTION_READINESS.md:49")).toMatchObject({ kind: "score", verdict: "contradicted" });
    expect(claimAt(claims, "PRODUCTION_READINESS.md:51")).toMatchObject({ kind: "negative", verdict: "not_verifiable" });
  });

  it("reads a negated status as a gap, and instructions under a finished heading as no claim", async () => {
    const claims = await judged({ "PRODUCTION_READINESS.md": DOCUMENTS["HARDENING_REPORT.md"] as string }, fail("observability.error-tracking", "ci.present", "observability.metrics"));
    expect(claimAt(claims, "PRODUCTION_READINESS.md:54")).toMatchObject({ kind: "negative", verdict: "confirmed" }); // "No error reporting service integrated yet"
    // "## 🎉 Deployment complete!" then "**Next steps:** 1. Set up continuous deployment": instructions, not claims.
    expect(claims.filter((c) => c.line >= 57 && c.line <= 60)).toEqual([]);
  });

  it("leaves for a person a section about a folder the repository does not have, and a practice its description explains", async () => {
    const claims = await judged({ "PRODUCTION_READINESS.md": DOCUMENTS["HARDENING_REPORT.md"] as string }, fail("ops.load-tests"));
    expect(claimAt(claims, "PRODUCTION_READINESS.md:65")).toMatchObject({
      verdict: "not_verifiable",
      reason: "the section is about legacy-scheduler/, which is not in this repository",
    });
    expect(claimAt(claims, "PRODUCTION_READINESS.md:68").verdict).toBe("not_verifiable");
    expect(claimAt(claims, "PRODUCTION_READINESS.md:68").reason).toMatch(/^the document describes it as benchmarking, which this checklist does not check; /);
  });

  it("reads headings by their status: a phase marked complete claims, a phase ahead or a past state does not", async () => {
    const claims = (await judged(DOCUMENTS, fail("observability.metrics", "observability.tracing", "ops.load-tests", "security.rate-limiting"))).filter(
      (c) => c.path === "ROADMAP.md",
    );
    expect(claims.map((c) => [c.line, c.verdict])).toEqual([
      [4, "supported"], // Phase 1 (✅ COMPLETE): Dockerized, multi-stage
      [5, "supported"],
      [6, "supported"],
      [7, "supported"],
      [14, "supported"], // Acceptance criteria — ✅ met
      [27, "contradicted"], // After the changes: rate limiting per API key
      [28, "supported"],
    ]);
    // Phase 2 (Week 6), Phase 3 (Q3 2099), "After launch" and "After deployment:" list targets; "Before" lists how things were.
    expect(claims.some((c) => [10, 11, 17, 23, 24, 31, 34].includes(c.line))).toBe(false);
  });

  it("holds every practice a line names, and says which one is missing", async () => {
    const claims = await judged(DOCUMENTS, fail("observability.metrics", "testing.e2e"));
    const monitoring = claimAt(claims, "PROJECT_STATUS.md:8");
    expect(monitoring.verdict).toBe("contradicted");
    expect(monitoring.reason).toBe("claims Prometheus metrics — no observability.metrics found");
    expect(claimAt(claims, "PROJECT_STATUS.md:9").reason).toBe("claims e2e — no testing.e2e found");
    // "rate limiting on the health route is off": a practice named as a place, or as switched off, is not claimed.
    expect(claimAt(claims, "PROJECT_STATUS.md:14").items.sort()).toEqual(["container.healthcheck", "observability.health-endpoint"]);
  });

  it("does not let a broad word hide the practice a line names, nor a category word", async () => {
    const onlyHealth = await judged(DOCUMENTS, fail("observability.error-tracking", "observability.metrics", "observability.tracing", "security.rate-limiting"));
    expect(claimAt(onlyHealth, "PROJECT_STATUS.md:8").verdict).toBe("contradicted"); // not "supported" by a health route
    expect(claimAt(onlyHealth, "PROJECT_STATUS.md:18").reason).toBe("claims rate limits — no security.rate-limiting found"); // "API security | … rate limits active"
    expect(claimAt(onlyHealth, "PROJECT_STATUS.md:19").verdict).toBe("contradicted"); // "Observability | Sentry + Prometheus"
    // "monitoring" alone still means any of its practices.
    expect(claimAt(onlyHealth, "PROJECT_STATUS.md:10").reason).toMatch(/^claims rate limiting — /);
    const noRateLimit = await judged(DOCUMENTS, fail("security.rate-limiting"));
    expect(claimAt(noRateLimit, "PROJECT_STATUS.md:10").verdict).toBe("contradicted");
  });

  it("reads status said in prose", async () => {
    const claims = await judged(DOCUMENTS, fail("ops.load-tests"));
    expect(claimAt(claims, "PROJECT_STATUS.md:3")).toMatchObject({ kind: "positive", verdict: "contradicted", items: ["ops.load-tests", "security.rate-limiting"] });
    expect(claimAt(claims, "PROJECT_STATUS.md:5")).toMatchObject({ kind: "positive", verdict: "contradicted", items: ["ops.load-tests"] });
  });

  it("reads before-and-after tables by their after column, and a ✅ beside the subject when the status column holds a detail", async () => {
    const claims = await judged(DOCUMENTS, fail("ops.load-tests", "ops.graceful-shutdown"));
    expect([11, 12, 13, 14].map((line) => claimAt(claims, `IMPROVEMENTS_SUMMARY.md:${line}`).verdict)).toEqual(["supported", "supported", "supported", "confirmed"]);
    expect(claimAt(claims, "PROJECT_STATUS.md:20")).toMatchObject({ kind: "positive", verdict: "contradicted", items: ["ops.graceful-shutdown"] });
  });

  it("knows performance tests, deployment procedures and a removed .env, in mojibake too", async () => {
    const claims = await judged(DOCUMENTS, fail("ops.load-tests", "docs.deployment", "security.no-committed-secrets", "security.rate-limiting"));
    expect(claimAt(claims, "ENTERPRISE_READINESS.md:7")).toMatchObject({ verdict: "contradicted", items: ["ops.load-tests"] });
    expect(claimAt(claims, "ENTERPRISE_READINESS.md:6")).toMatchObject({ kind: "negative", verdict: "confirmed" });
    expect(claimAt(claims, "PROJECT_STATUS.md:13")).toMatchObject({ verdict: "contradicted", items: ["docs.deployment"] });
    expect(claimAt(claims, "SECURITY_FIXES_REPORT.md:5")).toMatchObject({ verdict: "contradicted", items: ["security.no-committed-secrets"] });
  });

  it("takes a document's overall score wherever it stands, and scores out of 5", async () => {
    const failing = fail(
      ...["security.sast", "security.headers", "security.policy", "security.rate-limiting", "security.dependency-updates", "security.lockfile"],
      ...["ops.load-tests", "ops.graceful-shutdown", "testing.e2e", "testing.coverage", "observability.metrics", "observability.tracing"],
    );
    const claims = await judged(DOCUMENTS, failing);
    expect(claimAt(claims, "README.md:5")).toMatchObject({ kind: "score", verdict: "contradicted", score: { value: 92, scale: 100 } });
    expect(claimAt(claims, "IMPROVEMENTS_SUMMARY.md:7")).toMatchObject({ kind: "score", items: [], score: { value: 90, scale: 100 } });
    const scorecard = await judged({ "PRODUCTION_READINESS.md": DOCUMENTS["SCORECARD.md"] as string }, fail("security.sast", "security.headers", "security.policy", "security.rate-limiting"));
    expect(scorecard.map((c) => [c.line, c.kind, c.score?.value, c.score?.scale])).toEqual([
      [5, "score", 3.5, 5],
      [6, "score", 4, 5],
      [9, "positive", undefined, undefined], // "Rate limiting (weight: 10/10) — ✅ done": a weight is not a score
    ]);
    // "20% trace sampling" and "30% faster" (lines 8 and 10) measure something else.
    expect(claimAt(scorecard, "PRODUCTION_READINESS.md:5").reason).toMatch(/^claims 3\.5\/5; measured \d+\/100 for Security — failing: /);
  });
});
