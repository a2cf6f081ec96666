import { describe, expect, it } from "vitest";
import { ChecklistError } from "../../src/checklist/checklist.js";
import { defaultSynonyms } from "../../src/claims/default-synonyms.js";
import { parseSynonyms } from "../../src/claims/synonyms-schema.js";
import { defaultChecklist, vocabulary } from "./claims-harness.js";

async function itemsNamedBy(text: string): Promise<string[]> {
  const concepts = (await vocabulary()).match(text);
  return [...new Set(concepts.flatMap((c) => c.items))].sort();
}

describe("the claim vocabulary", () => {
  it("matches whole words only: CI is not inside 'specific', 'docs' not inside 'dockerfile'", async () => {
    expect(await itemsNamedBy("A specific circuit for cities")).toEqual([]);
    expect(await itemsNamedBy("CI runs on every push")).toEqual(["ci.present"]);
    expect(await itemsNamedBy("Prometheusly healthzone")).toEqual([]);
  });

  it("folds case, plurals, hyphens, slashes and dots", async () => {
    expect(await itemsNamedBy("HEALTH CHECKS")).toEqual(await itemsNamedBy("health check"));
    expect(await itemsNamedBy("Multi-stage builds")).toEqual(["container.multistage"]);
    expect(await itemsNamedBy("CI/CD")).toEqual(["ci.present"]);
    expect(await itemsNamedBy(".env.example")).toEqual(["docs.env-example"]);
  });

  it("lets the longest phrase win: load testing is not the test suite, penetration testing is nothing we check", async () => {
    expect(await itemsNamedBy("Load testing with k6")).toEqual(["ops.load-tests"]);
    expect(await itemsNamedBy("E2E tests")).toEqual(["testing.e2e"]);
    expect(await itemsNamedBy("Penetration testing")).toEqual([]);
    expect((await vocabulary()).match("Penetration testing")[0]?.unchecked).toBe(true);
  });

  it("maps an ambiguous phrase to every item it may mean", async () => {
    expect(await itemsNamedBy("health checks")).toEqual(["container.healthcheck", "observability.health-endpoint"]);
    expect(await itemsNamedBy("Datadog")).toEqual(["observability.error-tracking", "observability.metrics", "observability.tracing"]);
  });

  it("knows the checklist's category titles for self-given scores", async () => {
    const [concept] = (await vocabulary()).match("Continuous integration");
    expect(concept?.categories).toEqual(["ci"]);
  });

  it("covers every item of the default checklist, and names no item the checklist lacks", async () => {
    const ids = new Set((await defaultChecklist()).items.map((i) => i.id));
    const listed = Object.keys(defaultSynonyms().items);
    expect(listed.filter((id) => !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !listed.includes(id))).toEqual([]);
  });

  it("rejects an invalid synonym file with the line of the problem", () => {
    const text = "version: 1\nitems:\n  testing.tests-present: >-\n    tests, unit tests,\n    Tests\n  Not An Id: docker\n  ci.present: ' , '\n";
    const message = (() => {
      try {
        parseSynonyms(text, "claims-synonyms.yml");
        return "";
      } catch (error) {
        expect(error).toBeInstanceOf(ChecklistError);
        return (error as Error).message;
      }
    })();
    expect(message.split("\n")).toEqual([
      'claims-synonyms.yml:3:26: items.testing.tests-present: "Tests" is listed twice (after folding case and plurals)',
      "claims-synonyms.yml:6:14: items.Not An Id: Invalid key in record",
      "claims-synonyms.yml:7:15: items.ci.present: expected at least one phrase",
    ]);
  });
});
