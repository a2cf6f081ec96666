import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { auditView, runAudit } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";
import { hostileTrees } from "../support/hostile-trees.js";
import { judgeAll, type RegexVerdict } from "../support/regex-attacks.js";
import { regexCensus } from "../support/regex-census.js";

/**
 * Every regular expression the engine runs on repository content must be linear-time or
 * bounded in its input. The expressions are found by watching the engine audit the fixture
 * repositories and the hostile ones; each is then fed its worst catastrophic-backtracking input
 * and must finish in under a second.
 */
const LIMIT_MS = 1_000;
/**
 * Each expression is judged on the longest input the engine gave it while auditing the hostile
 * repositories (480 KB files, some on one line). Files that pass an expression's literal gate
 * (e.g. a Python test file that mentions pytest) can give it more than the census saw: set
 * REGEX_MIN_ATTACK_LENGTH=512000 to judge every expression on GitHub's full Blob.text instead.
 */
const MIN_ATTACK_LENGTH = Number(process.env.REGEX_MIN_ATTACK_LENGTH ?? 0);
const BLOB_TEXT_LIMIT = 512_000;
const FIXTURES = fileURLToPath(new URL("../fixtures/repos/", import.meta.url));

describe("the catastrophic inputs", () => {
  // Judged at GitHub's largest Blob.text, as an expression without an input bound would be: a
  // quadratic expression there takes minutes on any machine, so the verdict does not hang on its speed.
  it("catch expressions known to backtrack catastrophically (so a pass means something)", async () => {
    const known = [
      { source: "^(a+)+$", flags: "", site: "exponential", length: 64 },
      { source: "\\s*$", flags: "", site: "quadratic, trailing space", length: BLOB_TEXT_LIMIT },
      { source: "(?:\\w+\\.)+com", flags: "", site: "quadratic, dotted words", length: BLOB_TEXT_LIMIT },
      { source: "<!--[\\s\\S]*?-->", flags: "g", site: "quadratic, unclosed comments", length: BLOB_TEXT_LIMIT },
    ];
    const verdicts = await judgeAll(known);
    expect(verdicts.filter((v) => v.worstMs < LIMIT_MS).map((v) => v.site)).toEqual([]);
  }, 60_000);
});

describe("regular expressions on repository content", () => {
  let verdicts: RegexVerdict[] = [];

  it("are found by auditing the fixture and hostile repositories", async () => {
    const checklist = await loadChecklist();
    const targets = await regexCensus(async () => {
      for (const name of readdirSync(FIXTURES)) await runAudit(new LocalSnapshot(`${FIXTURES}${name}`), { checklist });
      // The 100,000-file tree repeats one trivial file; the others carry the hostile text.
      for (const [name, files] of Object.entries(hostileTrees())) {
        if (name === "100,000 files") continue;
        const text = Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
        auditView(RepoView.fromFiles(text), { label: "hostile" }, { checklist });
      }
    });
    expect(targets.length).toBeGreaterThan(50);
    verdicts = await judgeAll(targets.map((t) => ({ ...t, length: Math.max(t.length, MIN_ATTACK_LENGTH) })));
    expect(verdicts).toHaveLength(targets.length);
  }, 240_000);

  it(`each finishes its worst catastrophic input in under ${LIMIT_MS} ms`, () => {
    const slowest = [...verdicts].sort((a, b) => b.worstMs - a.worstMs);
    console.info(
      `${verdicts.length} expressions; slowest:\n${slowest
        .slice(0, 8)
        .map((v) => `  ${v.worstMs.toFixed(1).padStart(8)} ms  ${v.length.toString().padStart(7)} chars  ${v.site}  /${v.source.slice(0, 80)}/${v.flags}`)
        .join("\n")}`,
    );
    expect(slowest.filter((v) => v.worstMs >= LIMIT_MS).map((v) => `${v.site} /${v.source}/${v.flags}: ${v.worstMs.toFixed(0)} ms on ${v.length} chars, e.g. ${JSON.stringify(v.attack.slice(0, 60))}`)).toEqual([]);
  });
});
