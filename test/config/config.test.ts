import { describe, expect, it } from "vitest";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { parseChecklist } from "../../src/checklist/checklist-schema.js";
import { DEFAULT_CONFIG } from "../../src/config/config.js";
import { configSchema, parseConfig } from "../../src/config/config-schema.js";

describe("readiness.yml", () => {
  it("accepts a full configuration and fills defaults", () => {
    const result = parseConfig(
      [
        "threshold: 75",
        "mode: advisory",
        "required: [ci.runs-tests]",
        "items:",
        "  container.healthcheck: { weight: 3 }",
        "  ops.load-tests: { enabled: false }",
        "waivers:",
        "  - item: security.sast",
        "    reason: CodeQL default setup is enabled in the repository settings",
        "    expires: 2027-03-31",
        "ignore: ['legacy/**']",
      ].join("\n"),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ threshold: 75, mode: "advisory", required: ["ci.runs-tests"], ignore: ["legacy/**"], claims: true });
    expect(result.config.waivers[0]?.expires).toBe("2027-03-31");
  });

  it("says exactly what is wrong and where: file, line, column, key", () => {
    const result = parseConfig("threshold: 75\nwaivers:\n  - item: security.sast\n    expires: next year\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(expect.objectContaining({ key: "waivers.0.expires", line: 4, column: 14 }));
    expect(result.problems).toContainEqual(expect.objectContaining({ key: "waivers.0.reason", line: 3 }));
    expect(result.message).toMatch(/^\.github\/readiness\.yml:4:14: waivers\.0\.expires: expected a date as YYYY-MM-DD/m);
  });

  it("rejects unknown keys instead of silently ignoring them", () => {
    const result = parseConfig("treshold: 80\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/treshold/);
  });

  it("places an unknown key on its own line and column, nested or not", () => {
    const result = parseConfig("threshold: 80\nmode: advisory\ntreshold: 80\nitems:\n  ci.lint:\n    wieght: 2\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(expect.objectContaining({ key: "treshold", line: 3, column: 1 }));
    expect(result.problems).toContainEqual(expect.objectContaining({ key: "items.ci.lint.wieght", line: 6, column: 5 }));
    expect(result.message).toMatch(/^\.github\/readiness\.yml:3:1: treshold: unknown key "treshold"$/m);
  });

  it("refuses waiver expiries that are not calendar dates, and accepts a leap day", () => {
    const waiver = (expires: string) => parseConfig(`waivers:\n  - item: security.sast\n    reason: CodeQL default setup\n    expires: ${expires}\n`);
    for (const impossible of ["2027-13-01", "2027-02-30", "2027-00-10", "2027-04-31"]) {
      const result = waiver(impossible);
      expect(result.ok, impossible).toBe(false);
      if (!result.ok) expect(result.message).toContain(`:4:14: waivers.0.expires: ${impossible} is not a date in the calendar`);
    }
    expect(waiver("2028-02-29").ok).toBe(true);
  });

  it("reports malformed YAML with its position", () => {
    const result = parseConfig("threshold: [80\nmode: enforce\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.line).toBeGreaterThan(0);
  });

  it("refuses a YAML alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const started = Date.now();
    const result = parseConfig(bomb);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/alias/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("treats an empty file as the defaults", () => {
    const result = parseConfig("");
    expect(result.ok && result.config.threshold).toBe(0);
  });

  it("has defaults that are what the schema fills in for an empty file, key for key", () => {
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(JSON.stringify(configSchema().parse({})));
  });
});

describe("checklist", () => {
  it("loads the default checklist with every item of the product table", async () => {
    const checklist = await loadChecklist(DEFAULT_CHECKLIST_PATH);
    expect(checklist.items).toHaveLength(32);
    expect(new Set(checklist.items.map((i) => i.category))).toEqual(new Set(Object.keys(checklist.categories)));
  });

  it("names the item and the field when the checklist is broken", () => {
    const text = "version: 1\ncategories: { ci: CI }\nlevels: {}\nitems:\n  - id: ci.present\n    title: CI\n    category: ci\n    weight: -1\n    why: w\n    remediation: r\n    applies: [always]\n";
    expect(() => parseChecklist(text, "custom.yml")).toThrow(/custom\.yml:8:13: items\.0\.weight: .*\(item ci\.present\)/);
  });
});
