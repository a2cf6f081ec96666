import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { fakeGitHub, HEAD_SHA, serviceFiles } from "../support/app-fixtures.js";
import type { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

function checkSuite() {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = HEAD_SHA;
  payload.check_suite.pull_requests = [];
  return payload;
}

function completions(github: FakeGitHub) {
  return github.checkRunBodies("update") as { status: string; conclusion: string; output: { title: string; summary: string } }[];
}

function auditLog(logs: Record<string, unknown>[]) {
  return logs.find((l) => l.msg === "audit finished");
}

test("a 500 is retried and the audit completes as if nothing happened", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.fail({ method: "GET", path: /\/git\/trees\// }, 500);
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  expect(github.routes().filter((r) => r.includes("/git/trees/"))).toHaveLength(2);
  const [completed] = completions(github);
  expect(completed?.output.title).toMatch(/^Readiness \d+\/100/);
  expect(auditLog(app.logs)).toMatchObject({ requests: 6, attempts: 7, sha: HEAD_SHA, repo: "Codertocat/Hello-World" });
});

test("a persistent failure completes the check as neutral saying what failed, after at most two retries", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.fail({ method: "POST", path: /\/graphql$/ }, 502, { times: 10, body: { message: "Server Error" } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  expect(github.routes().filter((r) => r === "POST /graphql")).toHaveLength(3);
  expect(completions(github)).toEqual([
    {
      status: "completed",
      conclusion: "neutral",
      completed_at: "2026-11-24T12:00:00Z",
      output: {
        title: "Readiness could not finish the audit",
        summary: [
          "## The audit did not finish",
          "",
          "**What failed:** GitHub answered 502 to POST /graphql while reading and auditing the repository: Server Error",
          "",
          "Nothing was concluded about this commit's readiness. Press **Re-run audit** to try again; if it keeps failing, the app's logs have the details.",
        ].join("\n"),
        annotations: [],
      },
      actions: [{ label: "Re-run audit", description: "Audit this commit again", identifier: "rerun" }],
    },
  ]);
  expect(github.rejected).toEqual([]);
});

test("a failure to create the check run leaves nothing behind and is logged", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.fail({ method: "POST", path: /\/check-runs$/ }, 403, { body: { message: "Resource not accessible by integration" } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  expect(github.routes()).toEqual(["POST /repos/Codertocat/Hello-World/check-runs"]);
  expect(app.logs.find((l) => l.level === 50)?.msg).toContain("GitHub answered 403 to POST /repos/Codertocat/Hello-World/check-runs while creating the check run");
});

test("an audit that runs past its budget is completed as neutral, not left in progress", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.delay(/\/graphql$/, 8_000);
  const app = await startApp(github, { settings: { auditTimeoutMs: 6_000 } });
  const started = Date.now();
  await app.deliver("check_suite", checkSuite());
  // The budget leaves 5 s for completing the run, so the audit itself is cut after 1 s, long before GitHub answers.
  expect(Date.now() - started).toBeLessThan(5_000);
  const [completed] = completions(github);
  expect(completed?.conclusion).toBe("neutral");
  expect(completed?.output.summary).toContain("the audit ran past its 6\\-second budget, while reading and auditing the repository");
});

/** An audit whose tree request first meets GitHub's secondary rate limit, with this retry-after. */
async function auditUnderSecondaryLimit(retryAfterSeconds: number) {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.fail({ method: "GET", path: /\/git\/trees\// }, 403, {
    body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
    headers: { "retry-after": String(retryAfterSeconds) },
  });
  const app = await startApp(github, { throttle: true });
  await app.deliver("check_suite", checkSuite());
  return { treeRequests: github.routes().filter((r) => r.includes("/git/trees/")).length, completed: completions(github)[0] };
}

test("a secondary rate limit is retried once when retry-after fits the budget", async () => {
  const { treeRequests, completed } = await auditUnderSecondaryLimit(2);
  expect(treeRequests).toBe(2);
  expect(completed?.output.title).toMatch(/^Readiness \d+\/100/);
});

test("a secondary rate limit whose retry-after outlasts the budget ends the audit as neutral, naming the limit", async () => {
  const { treeRequests, completed } = await auditUnderSecondaryLimit(120);
  expect(treeRequests).toBe(1);
  expect(completed?.conclusion).toBe("neutral");
  expect(completed?.output.summary).toContain("GitHub answered 403 to GET /repos/Codertocat/Hello\\-World/git/trees/");
  expect(completed?.output.summary).toContain("a GitHub rate limit; the app does not wait past an audit's budget");
});

test("on shutdown the app takes no new work and fails closed the audits it cannot finish", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.delay(/\/git\/trees\//, 1_500);
  const app = await startApp(github);
  await app.probot.receive({ id: "d-1", name: "check_suite", payload: checkSuite() } as Parameters<typeof app.probot.receive>[0]);
  while (app.readiness.stats().running === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await app.readiness.shutdown(50);
  const [completed] = completions(github);
  expect(completed?.conclusion).toBe("neutral");
  expect(completed?.output.summary).toContain("the app was shutting down");
  const late = checkSuite();
  late.check_suite.head_sha = "3333333333333333333333333333333333333333";
  await expect(app.probot.receive({ id: "d-2", name: "check_suite", payload: late } as Parameters<typeof app.probot.receive>[0])).rejects.toThrow(
    /shutting down/,
  );
});

test("a completion GitHub refuses for a rate limit is tried once more after retry-after, so the run is not left in progress", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.fail({ method: "PATCH", path: /\/check-runs\/\d+$/ }, 403, {
    body: { message: "You have exceeded a secondary rate limit." },
    headers: { "retry-after": "1" },
  });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  expect(github.routes().filter((r) => r.startsWith("PATCH"))).toHaveLength(1);
  const deadline = Date.now() + 5_000;
  const lateRetryDone = () => app.logs.some((l) => l.msg === "check run completed on the late retry");
  while (!lateRetryDone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const patches = github.requests.filter((r) => r.method === "PATCH").map((r) => r.body as { conclusion?: string; output: { annotations: unknown[] } });
  expect(patches).toHaveLength(2);
  expect(patches[1]).toMatchObject({ status: "completed", output: { annotations: [] } });
  expect(patches[1]?.conclusion).toBe(patches[0]?.conclusion);
});
