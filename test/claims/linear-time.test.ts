import { beforeAll, describe, expect, it } from "vitest";
import { auditClaims } from "../../src/claims/claims.js";
import { discoverDocuments } from "../../src/claims/discovery.js";
import { extractClaims } from "../../src/claims/extract.js";
import { repairMojibake } from "../../src/claims/mojibake.js";
import { plainText } from "../../src/claims/text.js";
import { RepoView } from "../../src/view/repo-view.js";
import { defaultChecklist, syntheticItems, vocabulary } from "./claims-harness.js";

const N = 100_000;

/** Inputs that make backtracking patterns take quadratic or exponential time, each about as large as a document can be (1 MB). */
const HOSTILE: Record<string, string> = {
  pipes: `|${"|".repeat(N)}`,
  brackets: `- ✅ ${"[".repeat(N)}`,
  images: `- ✅ ${"![a](".repeat(N / 5)}`,
  parentheses: `- ✅ ${"(".repeat(N)}x`,
  emphasis: `- ✅ ${"*_".repeat(N / 2)}`,
  tags: `- ✅ ${"<a ".repeat(N / 3)}`,
  urls: `- ✅ ${"http://".repeat(N / 7)}`,
  scores: `- ✅ ${"1/10 ".repeat(N / 5)}`,
  percentages: `Score: ${"9%".repeat(N / 2)}`,
  grades: `${"grade ".repeat(N / 6)}A`,
  separators: `- ✅ x${" - ".repeat(N / 3)}`,
  spaces: `- ✅ ${" ".repeat(N)}:`,
  paths: `- ✅ ${"a/".repeat(N / 2)}`,

  dottedNames: `- ✅ ${"a-b.".repeat(N / 4)}ts!`,
  mojibake: "âœ".repeat(N / 2),
  lostBytes: "â�".repeat(N / 2),
  headings: `${"#".repeat(N)} readiness`,
  backticks: `${"`".repeat(N)}`,
  rows: Array.from({ length: 20_000 }, (_, i) => `| Docker ${i} | ✅ |`).join("\n"),
  nesting: Array.from({ length: 1_400 }, (_, i) => `${" ".repeat(i)}- ✅ Docker`).join("\n"),
  headingLadder: Array.from({ length: 20_000 }, (_, i) => `${"#".repeat((i % 6) + 1)} ✅ Sentry ${i}`).join("\n"),
};

/** Documents of many long lines, each as long as a line is read, naming practices in every way a line can. */
const lines = (line: string) => Array.from({ length: Math.ceil((10 * N) / line.length) }, () => line).join("\n");
const HOSTILE_LINES: Record<string, string> = {
  practices: lines(`- ✅ ${"rate limiting tests ".repeat(100)}`),
  practiceParts: lines(`- ❌ Add ${"unit tests, ".repeat(160)}`),
  denials: lines(`- ✅ Monitoring ${"— no tracing (sentry off) ".repeat(75)}`),
  proseClauses: lines(`Updated: ${"load testing done, ".repeat(110)}`),
  gradeLines: lines("| **Overall score** | 87/100 | Production readiness: 90% |"),
};

describe("claims on hostile documents", () => {
  // Compiling the Unicode-property patterns the first time takes a moment; that is not what is measured.
  beforeAll(async () => {
    extractClaims({ path: "warm-up.md", text: "- ✅ Docker\n| Sentry | ❌ |" }, { vocabulary: await vocabulary(), maxClaims: 400 });
  });

  it.each(Object.keys(HOSTILE))("%s: extraction finishes in well under a second", async (name) => {
    const text = HOSTILE[name] as string;
    const options = { vocabulary: await vocabulary(), maxClaims: 400 };
    const started = performance.now();
    extractClaims({ path: "PRODUCTION_READINESS.md", text }, options);
    repairMojibake(text);
    plainText(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  // A megabyte of dense 2,000-character lines takes about a second; anything quadratic in a line would take minutes.
  it.each(Object.keys(HOSTILE_LINES))("%s: a megabyte of long claim lines is read in seconds", async (name) => {
    const text = HOSTILE_LINES[name] as string;
    const options = { vocabulary: await vocabulary(), maxClaims: 400 };
    const started = performance.now();
    extractClaims({ path: "PRODUCTION_READINESS.md", text }, options);
    discoverDocuments(RepoView.fromFiles({ "notes.md": text }), { documents: [], maxDocuments: 20, practicesNamed: () => ["security.rate-limiting"] });
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it("discovery and the whole pass stay fast and bounded on a repository full of hostile documents", async () => {
    const files = Object.fromEntries(Object.entries(HOSTILE).map(([name, text]) => [`docs/${name}/PRODUCTION_READINESS.md`, text]));
    const checklist = await defaultChecklist();
    const items = await syntheticItems();
    const started = performance.now();
    const { claims, notes } = auditClaims(RepoView.fromFiles(files), { items, score: 90, level: "Gold", categories: [] }, { documents: [], categoryTitles: checklist.categories });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(claims.documents).toHaveLength(20);
    expect(notes).toContain("1 more readiness documents were not checked for claims (at most 20 are read): docs/urls/PRODUCTION_READINESS.md");
    expect(claims.items.filter((c) => c.path === "docs/rows/PRODUCTION_READINESS.md")).toHaveLength(400);
    expect(notes).toContain("docs/rows/PRODUCTION_READINESS.md has more than 400 claims; only the first 400 were checked");
  });
});
