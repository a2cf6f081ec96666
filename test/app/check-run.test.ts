import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { auditOutcome } from "../../src/app/checks/check-output.js";
import { findOpenCheckRun } from "../../src/app/checks/check-run.js";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { auditView } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";
import { fail, notApplicable, pass } from "../../src/findings/findings.js";
import type { Probe } from "../../src/probes/probe.js";
import { NOW, releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { BASE_SHA, fakeGitHub, HEAD_SHA, improvedServiceFiles, serviceFiles } from "../support/app-fixtures.js";
import { checkRunBodyErrors } from "../support/check-run-schema.js";
import type { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

/** Decides container.healthcheck from the Dockerfile alone, so these tests do not move with the real probes. */
const healthcheckProbe: Probe = {
  id: "container.healthcheck",
  run: ({ view }) => {
    const text = view.text("Dockerfile") ?? "";
    const line = text.split("\n").findIndex((l) => l.startsWith("HEALTHCHECK"));
    return line >= 0
      ? pass("HEALTHCHECK instruction", [{ path: "Dockerfile", line: line + 1 }])
      : fail("no HEALTHCHECK instruction in the Dockerfile", [{ path: "Dockerfile", line: 1, note: "the image's first stage" }]);
  },
};

/** Fails container.non-root with one evidence line per line of src/many.ts. */
const manyFindingsProbe: Probe = {
  id: "container.non-root",
  run: ({ view }) => {
    const text = view.text("src/many.ts");
    if (text === undefined) return notApplicable("no src/many.ts");
    return fail(
      "runs as root",
      text.split("\n").map((_, i) => ({ path: "src/many.ts", line: i + 1 })),
    );
  },
};

const probes = new Map([healthcheckProbe, manyFindingsProbe].map((p) => [p.id, p]));

function checkSuite(sha = HEAD_SHA) {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = sha;
  return payload;
}

function updates(github: FakeGitHub) {
  return github.checkRunBodies("update") as { output: { title: string; summary: string; annotations: Record<string, unknown>[] } }[];
}

describe("the completed check run", () => {
  test("carries the engine's conclusion, title, Markdown summary and an annotation on each failing evidence line", async () => {
    const files = serviceFiles();
    const github = fakeGitHub({ [HEAD_SHA]: files });
    const app = await startApp(github, { probes });
    await app.deliver("check_suite", checkSuite());

    const expected = auditOutcome(auditView(RepoView.fromFiles(files), { label: "x" }, { checklist: await loadChecklist(), probes, now: NOW }));
    expect(github.checkRunBodies("create")).toEqual([
      { name: "Production readiness", head_sha: HEAD_SHA, status: "in_progress", started_at: "2026-11-24T12:00:00Z", external_id: "" },
    ]);
    expect(github.checkRunBodies("update")).toEqual([
      {
        status: "completed",
        conclusion: expected.conclusion,
        completed_at: "2026-11-24T12:00:00Z",
        output: { title: expected.title, summary: expected.summary, annotations: expected.annotations },
        actions: [{ label: "Re-run audit", description: "Audit this commit again", identifier: "rerun" }],
      },
    ]);
    expect(expected.title).toMatch(/^Readiness \d+\/100 · .+ · 1 failing$/);
    expect(expected.summary).toContain("**container\\.healthcheck** — ");
    expect(expected.summary).toContain("_Fix:_ ");
    expect(expected.annotations).toEqual([
      {
        path: "Dockerfile",
        start_line: 1,
        end_line: 1,
        annotation_level: "failure",
        title: expect.stringMatching(/^container\.healthcheck: /),
        message: expect.stringContaining("no HEALTHCHECK instruction in the Dockerfile\nthe image's first stage\nFix: "),
      },
    ]);
    expect(github.rejected).toEqual([]);
  });

  test("a readiness claim the code contradicts gets a warning on its line, before the findings, and the summary's headline", async () => {
    const files = { ...serviceFiles(), "PRODUCTION_READINESS.md": "# Production readiness\n\n- [x] Docker HEALTHCHECK configured\n" };
    const github = fakeGitHub({ [HEAD_SHA]: files });
    const app = await startApp(github, { probes });
    await app.deliver("check_suite", checkSuite());

    const [completed] = updates(github);
    expect(completed?.output.annotations[0]).toMatchObject({ path: "PRODUCTION_READINESS.md", start_line: 3, end_line: 3, annotation_level: "warning" });
    expect(completed?.output.annotations[1]).toMatchObject({ path: "Dockerfile", annotation_level: "failure" });
    expect(completed?.output.summary).toContain("1 of 1 claim in PRODUCTION\\_READINESS\\.md is not supported by the code");
    expect(github.rejected).toEqual([]);
  });

  test("120 findings: 50 annotations with the conclusion, then two PATCHes of 50 and 20, each repeating title and summary", async () => {
    const files = { ...serviceFiles(), "src/many.ts": Array.from({ length: 119 }, (_, i) => `export const v${i} = ${i};`).join("\n") };
    const github = fakeGitHub({ [HEAD_SHA]: files });
    const app = await startApp(github, { probes });
    await app.deliver("check_suite", checkSuite());

    const patches = updates(github);
    expect(patches.map((p) => p.output.annotations.length)).toEqual([50, 50, 20]);
    expect(patches[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(patches[1]).not.toHaveProperty("conclusion");
    for (const patch of patches) {
      expect(patch.output.title).toBe(patches[0]?.output.title);
      expect(patch.output.summary).toBe(patches[0]?.output.summary);
    }
    const lines = patches.flatMap((p) => p.output.annotations).map((a) => `${a.path}:${a.start_line}`);
    expect(lines).toHaveLength(120);
    expect(new Set(lines)).toEqual(new Set(["Dockerfile:1", ...Array.from({ length: 119 }, (_, i) => `src/many.ts:${i + 1}`)]));
    expect(github.rejected).toEqual([]);
    // Create, two config reads, tree, blobs, and three PATCHes.
    expect(github.apiRequests()).toHaveLength(8);
  });

  test("findings past 150 annotations are summarised instead of costing more requests", async () => {
    const files = { ...serviceFiles(), "src/many.ts": Array.from({ length: 400 }, (_, i) => `export const v${i} = ${i};`).join("\n") };
    const github = fakeGitHub({ [HEAD_SHA]: files });
    const app = await startApp(github, { probes });
    await app.deliver("check_suite", checkSuite());
    const patches = updates(github);
    expect(patches.map((p) => p.output.annotations.length)).toEqual([50, 50, 50]);
    expect(patches[0]?.output.summary).toContain("_251 more annotations were left out; the items below list every finding._");
  });

  test("an oversized summary is cut to GitHub's 65,535 characters with a note, and GitHub's schema accepts it", async () => {
    const required = Array.from({ length: 3000 }, (_, i) => `  - unknown.item-${String(i).padStart(4, "0")}`).join("\n");
    const github = fakeGitHub({ [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": `required:\n${required}\n` } });
    const app = await startApp(github, { probes });
    await app.deliver("check_suite", checkSuite());
    const [patch] = updates(github);
    expect(patch?.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(patch?.output.summary.length).toBeGreaterThan(60_000);
    expect(patch?.output.summary).toContain("truncated to fit GitHub's 65535-character limit");
    expect(github.rejected).toEqual([]);
  });

  test("the schema helper refuses what GitHub refuses", () => {
    const valid = { name: "Production readiness", head_sha: HEAD_SHA, status: "in_progress" };
    expect(checkRunBodyErrors("create", valid)).toEqual([]);
    expect(checkRunBodyErrors("update", { output: { title: "t", summary: "x".repeat(65_536) } })).toEqual([
      "/output/summary must NOT have more than 65535 characters",
    ]);
    const annotation = { path: "a", start_line: 1, end_line: 1, annotation_level: "notice", message: "m" };
    expect(checkRunBodyErrors("update", { output: { title: "t", summary: "s", annotations: Array(51).fill(annotation) } })).toEqual([
      "/output/annotations must NOT have more than 50 items",
    ]);
    expect(checkRunBodyErrors("update", { actions: [{ label: "x".repeat(21), description: "d", identifier: "i" }] })).toContain(
      "/actions/0/label must NOT have more than 20 characters",
    );
  });
});

describe("pull requests", () => {
  function pullRequest() {
    return example("pull_request", "synchronize");
  }

  test("the summary leads with the change against the base branch", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: improvedServiceFiles() });
    const app = await startApp(github, { probes });
    await app.deliver("pull_request", pullRequest());
    const summary = updates(github)[0]?.output.summary ?? "";
    expect(summary).toMatch(/### Change against master \\\(f95f852\\\)\n\n\*\*−\d+\*\* \(\d+ → \d+\)\n\n- −\d+: container\.healthcheck now fails \(was passing\)\n/);
    expect(summary.indexOf("Change against")).toBeLessThan(summary.indexOf("### ❌ Failing"));
  });

  test("a fix shows as a gain; the base is audited once and reused for the next push", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: improvedServiceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github, { probes });
    await app.deliver("pull_request", pullRequest());
    expect(updates(github)[0]?.output.summary).toMatch(/- \+\d+: container\.healthcheck now passes \(was failing\)/);

    const nextHead = "1111111111111111111111111111111111111111";
    github.addCommit("Codertocat", "Hello-World", nextHead, improvedServiceFiles());
    const next = pullRequest();
    next.pull_request.head.sha = nextHead;
    const before = github.requests.length;
    await app.deliver("pull_request", next);
    const routes = github.requests.slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    // The configuration and the base's report are cached, and unchanged blobs are not fetched again.
    expect(routes).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
      `GET /repos/Codertocat/Hello-World/git/trees/${nextHead}`,
      "PATCH /repos/Codertocat/Hello-World/check-runs/7001",
    ]);
  });
});

describe("a run left open by an interrupted attempt", () => {
  const target = { owner: "octo", repo: "svc", headSha: HEAD_SHA, name: "Readiness" };
  const client = (runs: { id: number; name: string; status: string }[]) => ({
    calls: [] as { route: string; parameters?: Record<string, unknown> }[],
    async request(route: string, parameters?: Record<string, unknown>) {
      this.calls.push({ route, parameters });
      return { data: { total_count: runs.length, check_runs: runs } };
    },
  });

  test("is found on the commit by the check's name and reused, not a completed run or another app's check", async () => {
    const github = client([
      { id: 1, name: "Readiness", status: "completed" },
      { id: 2, name: "CodeQL", status: "in_progress" },
      { id: 3, name: "Readiness", status: "in_progress" },
    ]);
    expect(await findOpenCheckRun(github, target)).toEqual({ owner: "octo", repo: "svc", id: 3 });
    expect(github.calls[0]).toMatchObject({ route: "GET /repos/{owner}/{repo}/commits/{ref}/check-runs", parameters: { ref: HEAD_SHA, check_name: "Readiness" } });
    expect(await findOpenCheckRun(client([{ id: 1, name: "Readiness", status: "completed" }]), target)).toBeUndefined();
  });
});
