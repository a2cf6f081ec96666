import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { fakeGitHub, HEAD_SHA, serviceFiles } from "../support/app-fixtures.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

function checkSuite(sha: string) {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = sha;
  payload.check_suite.pull_requests = [];
  return payload;
}

const WAITING = ["1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"];

test("on shutdown, audits accepted but not started end as completed neutral check runs asking for a re-run", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.delay(/\/git\/trees\//, 1_500);
  const app = await startApp(github, { settings: { concurrency: 1 } });
  for (const [i, sha] of [HEAD_SHA, ...WAITING].entries())
    await app.probot.receive({ id: `d-${i}`, name: "check_suite", payload: checkSuite(sha) } as Parameters<typeof app.probot.receive>[0]);
  expect(app.readiness.queue().stats()).toMatchObject({ waiting: 2, running: 1 });
  await app.readiness.shutdown(50);

  const created = github.checkRunBodies("create");
  expect(created[0]).toMatchObject({ head_sha: HEAD_SHA, status: "in_progress" });
  expect(created.slice(1)).toEqual(
    WAITING.map((sha) => ({
      name: "Production readiness",
      head_sha: sha,
      status: "completed",
      conclusion: "neutral",
      completed_at: "2026-11-24T12:00:00Z",
      external_id: "",
      output: {
        title: "Readiness could not finish the audit",
        summary: [
          "## The audit did not finish",
          "",
          "**What failed:** the app restarted before it started auditing this commit",
          "",
          "Nothing was concluded about this commit's readiness. Press **Re-run audit** to try again; if it keeps failing, the app's logs have the details.",
        ].join("\n"),
      },
      actions: [{ label: "Re-run audit", description: "Audit this commit again", identifier: "rerun" }],
    })),
  );
  // The audit in flight was interrupted and completed neutral too: no commit is left without a completed run.
  expect(github.checkRunBodies("update")).toEqual([expect.objectContaining({ status: "completed", conclusion: "neutral" })]);
  expect(github.rejected).toEqual([]);
  const unfinished = app.logs.find((l) => l.msg === "shut down with unfinished work");
  expect(unfinished).toMatchObject({ dropped: [] });
  expect(app.logs.filter((l) => l.msg === "audit not started before shutdown; check run completed as neutral").map((l) => l.sha)).toEqual(WAITING);
});

test("a waiting audit whose check run cannot be written before the grace period ends is logged with its repository and sha", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.delay(/\/git\/trees\//, 1_500);
  github.fail({ method: "POST", path: /\/check-runs$/ }, 500, { times: 100 });
  const app = await startApp(github, { settings: { concurrency: 1 } });
  for (const [i, sha] of [HEAD_SHA, ...WAITING].entries())
    await app.probot.receive({ id: `d-${i}`, name: "check_suite", payload: checkSuite(sha) } as Parameters<typeof app.probot.receive>[0]);
  await app.readiness.shutdown(50);
  const unfinished = app.logs.find((l) => l.msg === "shut down with unfinished work");
  expect(unfinished?.dropped).toEqual(WAITING.map((sha) => `957387:codertocat/hello-world@${sha}`));
  expect(app.logs.filter((l) => String(l.msg).startsWith("audit not started before shutdown could not be reported")).map((l) => [l.repo, l.sha])).toEqual(
    WAITING.map((sha) => ["Codertocat/Hello-World", sha]),
  );
});
