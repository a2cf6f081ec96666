import { describe, expect, it } from "vitest";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { configSchema } from "../../src/config/config-schema.js";
import { auditView } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";
import { fail, pass } from "../../src/findings/findings.js";
import type { Probe } from "../../src/probes/probe.js";

const checklist = await loadChecklist(DEFAULT_CHECKLIST_PATH);
const repository = { label: "acme/api" };
const now = new Date("2026-11-25T12:00:00Z");

const policyProbe: Probe = {
  id: "security.policy",
  run: ({ view }) => (view.has("SECURITY.md") ? pass("found", [{ path: "SECURITY.md" }]) : fail("no SECURITY.md")),
};
const crashingProbe: Probe = {
  id: "docs.readme",
  run: () => {
    throw new Error("boom");
  },
};
const probes = new Map([policyProbe, crashingProbe].map((p) => [p.id, p]));
const view = RepoView.fromFiles({ "README.md": "# api", "package.json": "{}" });

function audit(config: unknown = {}) {
  return auditView(view, repository, { checklist, config: configSchema().parse(config), now, probes });
}
const itemOf = (report: ReturnType<typeof audit>, id: string) => report.items.find((i) => i.id === id);

describe("auditView", () => {
  it("reports every checklist item, deciding the ones with probes", () => {
    const report = audit();
    expect(report.items).toHaveLength(checklist.items.length);
    expect(itemOf(report, "security.policy")).toMatchObject({ outcome: "fail", reason: "no SECURITY.md", weight: 1, remediation: expect.stringMatching(/SECURITY\.md/) });
    expect(report.score).toBe(0);
  });

  it("applies a waiver until it expires, then says it expired", () => {
    const live = audit({ waivers: [{ item: "security.policy", reason: "policy lives in the org repo", expires: "2026-12-31" }] });
    expect(itemOf(live, "security.policy")).toMatchObject({ outcome: "waived", waiver: { reason: "policy lives in the org repo", expires: "2026-12-31" } });
    const expired = audit({ waivers: [{ item: "security.policy", reason: "policy lives in the org repo", expires: "2026-11-24" }] });
    expect(itemOf(expired, "security.policy")?.outcome).toBe("fail");
    expect(expired.notes).toContain("the waiver for security.policy expired on 2026-11-24; the item counts again");
  });

  it("disables items and overrides weights from the configuration", () => {
    const report = audit({ items: { "security.policy": { enabled: false } } });
    expect(itemOf(report, "security.policy")).toMatchObject({ outcome: "not_applicable", reason: "disabled in the configuration" });
    expect(itemOf(audit({ items: { "security.policy": { weight: 7 } } }), "security.policy")?.weight).toBe(7);
  });

  it("fails the conclusion when a required item fails", () => {
    expect(audit({ required: ["security.policy"] }).conclusion).toBe("failure");
    expect(audit({ required: ["security.policy"], mode: "advisory" }).conclusion).toBe("neutral");
  });

  it("keeps going when a probe throws, leaving the item out of the score and saying so", () => {
    const report = audit();
    expect(itemOf(report, "docs.readme")?.outcome).toBe("not_applicable");
    expect(report.notes.some((n) => n.includes("docs.readme probe failed") && n.includes("boom"))).toBe(true);
  });

  it("warns about configuration that names items the checklist does not have", () => {
    expect(audit({ required: ["security.polcy"] }).notes).toContain("the configuration names security.polcy, which is not a checklist item; it has no effect");
  });

  it("marks items whose applicability does not hold as not applicable, with the profile's reason", () => {
    const report = audit();
    expect(itemOf(report, "security.headers")).toMatchObject({ outcome: "not_applicable", reason: expect.stringMatching(/web services/) });
    expect(itemOf(report, "observability.health-endpoint")).toMatchObject({ outcome: "not_applicable", reason: expect.stringMatching(/applies to services/) });
  });

  it("credits what a library has though it is not required (creditWhenPresent), and leaves what it lacks not applicable", () => {
    const library = {
      "package.json": JSON.stringify({ name: "left-pad", main: "index.js", scripts: { test: "node --test" } }),
      "index.js": "module.exports = (s) => s;\n",
    };
    const bare = auditView(RepoView.fromFiles(library), repository, { checklist, now });
    expect(bare.profile.kind).toBe("library");
    expect(itemOf(bare, "container.dockerfile")).toMatchObject({ outcome: "not_applicable", reason: expect.stringMatching(/applies to services/) });

    const withImage = auditView(RepoView.fromFiles({ ...library, Dockerfile: "FROM node:22-slim\nCOPY . .\nCMD [\"node\", \"index.js\"]\n" }), repository, { checklist, now });
    expect(withImage.profile.kind).toBe("library");
    expect(itemOf(withImage, "container.dockerfile")).toMatchObject({
      outcome: "pass",
      evidence: [expect.objectContaining({ path: "Dockerfile" })],
      reason: expect.stringMatching(/\(not required: applies to services/),
    });
    // A health endpoint carries no such credit: examples in a library's docs are not its service.
    expect(itemOf(withImage, "observability.health-endpoint")?.outcome).toBe("not_applicable");
  });
});
