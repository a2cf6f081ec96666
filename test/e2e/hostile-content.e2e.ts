import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { gitBlobSha, shaOf } from "../support/git-trees.js";
import type { CheckRunRecord } from "../support/github-standin.js";
import { HOSTILE_NAMES, hostileTrees } from "../support/hostile-trees.js";

/**
 * Repositories built to hurt the auditor, each audited through the running app: every audit
 * completes with a verdict (or, for an exploding configuration, with a message naming the file)
 * well inside its budget, the app stays within its memory bound, and names that look like
 * Markdown or HTML come out inert in the summary.
 */
const TREES = hostileTrees();
const CASES = Object.keys(TREES);
/** From an audit's in-progress write to its completing one: inside the default 60 s budget, with three audits sharing the process. */
const MAX_AUDIT_MS = 45_000;
const MAX_RSS_MB = 600;

const repoOf = (index: number) => ({ owner: "hostile", repo: `case-${index}`, installationId: 8000 + index, sha: shaOf(`hostile ${index}`) });
let world: World;
const runs = new Map<string, CheckRunRecord>();
/** Acknowledgement times of deliveries sent while the 100,000-file repository was being audited. */
const acksDuringBigAudit: number[] = [];

beforeAll(async () => {
  world = await startWorld({
    env: { AUDIT_CONCURRENCY: "3" },
    repositories: CASES.map((name, i) => ({ owner: "hostile", name: `case-${i}`, installationId: 8000 + i, commits: { [repoOf(i).sha]: { files: TREES[name] ?? {} } } })),
  });
  await Promise.all(CASES.map((_, i) => world.deliver(deliveries.checkSuite("requested", repoOf(i)))));
  const big = repoOf(CASES.indexOf("100,000 files"));
  while (!runsOf(world, big.owner, big.repo, big.sha).some((r) => r.status === "completed")) {
    acksDuringBigAudit.push((await world.deliver(deliveries.unrelated(big))).ms);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await world.settle(150_000);
  CASES.forEach((name, i) => {
    const { owner, repo, sha } = repoOf(i);
    const [run, ...more] = runsOf(world, owner, repo, sha);
    if (run && more.length === 0) runs.set(name, run);
  });
}, 200_000);

afterAll(async () => {
  await world?.close();
});

describe("hostile repository content", () => {
  it.each(CASES.filter((name) => name !== "a YAML bomb in .github/readiness.yml"))("%s: audited to a verdict, in bounded time", (name) => {
    const run = runs.get(name) as CheckRunRecord;
    expect(run?.status).toBe("completed");
    expect(run.conclusion, run.output.summary).toMatch(/^(success|failure)$/);
    const first = run.writes[0]?.at ?? 0;
    const last = run.writes.at(-1)?.at ?? 0;
    expect(last - first).toBeLessThan(MAX_AUDIT_MS);
  });

  it("a YAML bomb in .github/readiness.yml: the check says what is wrong with the file, no crash", () => {
    const run = runs.get("a YAML bomb in .github/readiness.yml") as CheckRunRecord;
    expect(run?.status).toBe("completed");
    expect(["action_required", "failure"]).toContain(run.conclusion);
    expect(run.output.summary).toContain("readiness.yml");
  });

  // Symbolic links are resolved from their own blobs (a target path each) inside the tree; what
  // they point to outside it (/etc/passwd, ../../../../etc/shadow) has no blob to fetch.
  it("huge files are listed, never fetched", () => {
    const never = [TREES["a 50 MB file"]?.["src/bundle.js"] as Uint8Array].map(gitBlobSha);
    const requested = world.standin.requests
      .filter((r) => r.route === "POST /graphql")
      .flatMap((r) => Object.values((r.body as { variables?: Record<string, unknown> }).variables ?? {}));
    expect(requested.length).toBeGreaterThan(0);
    expect(never.filter((sha) => requested.includes(sha))).toEqual([]);
    expect(world.standin.requests.filter((r) => r.route === "GET /repos/{owner}/{repo}/git/blobs/{file_sha}")).toEqual([]);
  });

  it("Markdown and HTML in file names are escaped in the summary", () => {
    const summary = runs.get("Markdown and HTML in file names")?.output.summary ?? "";
    expect(summary).toContain("Dockerfile");
    // Raw, these would render as an image tag, a live link, table cells and emphasis.
    expect(summary).not.toContain(HOSTILE_NAMES.html);
    expect(summary).not.toContain(HOSTILE_NAMES.link);
    expect(summary).not.toContain(`/${HOSTILE_NAMES.table}/`);
    expect(summary).not.toContain(HOSTILE_NAMES.emphasis);
    const annotations = runs.get("Markdown and HTML in file names")?.annotations ?? [];
    // Annotations carry the real path: GitHub shows it as text, and it must match the file.
    expect(annotations.some((a) => String(a.path).includes(HOSTILE_NAMES.html))).toBe(true);
  });

  it("webhooks are still acknowledged within GitHub's 10 s while a 100,000-file repository is audited", () => {
    expect(acksDuringBigAudit.length).toBeGreaterThan(0);
    console.info(`acks during the 100,000-file audit: max ${Math.max(...acksDuringBigAudit).toFixed(0)} ms over ${acksDuringBigAudit.length}`);
    expect(Math.max(...acksDuringBigAudit)).toBeLessThan(10_000);
  });

  it("the app's memory stayed bounded, and every request was one GitHub would accept", () => {
    expect(world.app.peakRssMb()).toBeLessThan(MAX_RSS_MB);
    expect(world.problems()).toEqual([]);
  });
});
