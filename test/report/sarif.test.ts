import { fileURLToPath } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { runAudit } from "../../src/audit/audit.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { renderSarif } from "../../src/report/sarif.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";
import { multitoolFindings, schemaErrors } from "../support/sarif-validation.js";

const checklist = await loadChecklist(DEFAULT_CHECKLIST_PATH);
const now = new Date("2026-11-25T12:00:00Z");
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/repos/${name}`, import.meta.url));
const thisRepository = fileURLToPath(new URL("../..", import.meta.url));

async function sarifOf(root: string): Promise<{ report: AuditReport; text: string; log: Log; results: Result[]; rules: ReportingDescriptor[] }> {
  const report = await runAudit(new LocalSnapshot(root), { checklist, now });
  const text = renderSarif(report);
  const log: Log = JSON.parse(text);
  const run = log.runs[0];
  return { report, text, log, results: run?.results ?? [], rules: run?.tool.driver.rules ?? [] };
}

const REPOSITORIES = [
  ["an empty repository (everything missing)", fixture("empty-repo")],
  ["an Express service", fixture("express-ts-service")],
  ["a FastAPI service", fixture("fastapi-service")],
  ["a Go service", fixture("go-nethttp-service")],
  ["a Python library", fixture("python-library")],
  ["this repository", thisRepository],
] as const;

describe("SARIF for GitHub code scanning", () => {
  it("is valid SARIF 2.1.0 and passes GitHub's upload rules (SARIF Multitool, Sarif;Ghas) with no error or warning", async () => {
    const texts: Record<string, string> = {};
    for (const [name, root] of REPOSITORIES) {
      const { text, log } = await sarifOf(root);
      expect(schemaErrors(log), name).toEqual([]);
      texts[name] = text;
    }
    expect(await multitoolFindings(texts)).toEqual([]);
  }, 120_000);

  it("is what the Multitool flags when a result has no location (the check is live)", async () => {
    const { log, results } = await sarifOf(fixture("empty-repo"));
    (results[0] as Result).locations = [];
    const findings = await multitoolFindings({ broken: JSON.stringify(log) });
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["GH1015", "GH1017", "GH2012"]));
    expect(findings.every((f) => f.file === "broken")).toBe(true);
  }, 60_000);

  it("places every missing thing in the file where it belongs, and says so", async () => {
    const { results } = await sarifOf(fixture("empty-repo"));
    const at = (ruleId: string) => results.find((r) => r.ruleId === ruleId)?.locations?.[0];
    expect(results.length).toBeGreaterThan(10);
    for (const result of results) expect(result.locations?.length, result.ruleId).toBeGreaterThan(0);
    expect(at("ci.present")).toMatchObject({ physicalLocation: { artifactLocation: { uri: ".github/workflows/" } }, message: { text: expect.stringMatching(/belongs in this folder/) } });
    expect(at("security.policy")?.physicalLocation?.artifactLocation?.uri).toBe("SECURITY.md");
    expect(at("docs.readme")?.physicalLocation?.artifactLocation?.uri).toBe("README.md");
  });

  it("points a service's missing code practices at its manifest and container items at its Dockerfile", async () => {
    const { results, report } = await sarifOf(fixture("express-ts-service"));
    const missing = report.items.filter((i) => (i.outcome === "fail" || i.outcome === "partial") && i.evidence.length === 0);
    expect(missing.length).toBeGreaterThan(0);
    for (const item of missing) {
      const uri = results.find((r) => r.ruleId === item.id)?.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      if (item.category === "container" && item.id !== "container.dockerignore") expect(uri, item.id).toMatch(/Dockerfile$/);
      if (item.category === "observability") expect(uri, item.id).toBe("package.json");
    }
  });

  it("gives every rule help and a link to the item's documentation, and every result a fingerprint that follows the item", async () => {
    const { rules, results } = await sarifOf(fixture("express-ts-service"));
    for (const rule of rules) {
      expect(rule.help?.text.length, rule.id).toBeGreaterThan(10);
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\/github\.com\/.+/);
    }
    expect(rules.find((r) => r.id === "container.non-root")?.helpUri).toMatch(/docs\/checklist\.md#containernon-root$/);
    for (const result of results) expect(Object.values(result.partialFingerprints ?? {})).toHaveLength(1);
    expect(results.find((r) => r.ruleId?.startsWith("observability."))?.partialFingerprints).toEqual({ "readinessItem/v1": expect.stringMatching(/^observability\./) });
  });
});
