import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, layerViolations } from "./support/import-graph.js";

/** The pipeline, lowest floor first; README's "How it works" draws the same tree. */
const FLOORS = [
  ["snapshot"],
  ["view", "findings"],
  ["config"],
  ["checklist"],
  ["facts"],
  ["profile"],
  ["probes"],
  ["score"],
  ["claims"],
  ["audit"],
  ["report"],
  ["cli", "app"],
];

const base = fileURLToPath(new URL("..", import.meta.url));
const graph = importGraph(fileURLToPath(new URL("../src", import.meta.url)), base);

describe("src/ layering", () => {
  it("reads the static and dynamic imports of every source file", () => {
    expect(graph.get("src/cli/audit-command.ts")).toContain("src/audit/audit.ts");
    expect(graph.get("src/cli/cli.ts")).toContain("src/cli/audit-command.ts");
  });

  it("has no import from a lower floor to a higher one, nor between neighbours", () => {
    expect(layerViolations(graph, FLOORS, "src/")).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe("the layering checks", () => {
  const sample = new Map([
    ["src/view/a.ts", ["src/view/b.ts"]],
    ["src/view/b.ts", ["src/probes/p.ts"]],
    ["src/probes/p.ts", ["src/view/a.ts", "src/findings/f.ts"]],
    ["src/findings/f.ts", ["src/view/a.ts"]],
  ]);

  it("name both files of an upward or sideways import", () => {
    expect(layerViolations(sample, [["view", "findings"], ["probes"]], "src/")).toEqual([
      "src/view/b.ts (view) imports src/probes/p.ts (probes), a higher floor: imports must point down",
      "src/findings/f.ts (findings) imports src/view/a.ts (view), a neighbour on the same floor: imports must point down",
    ]);
  });

  it("name every file around a cycle", () => {
    expect(importCycles(sample)).toEqual([
      "src/view/a.ts → src/view/b.ts → src/probes/p.ts → src/view/a.ts",
      "src/findings/f.ts → src/view/a.ts → src/view/b.ts → src/probes/p.ts → src/findings/f.ts",
    ]);
  });
});
