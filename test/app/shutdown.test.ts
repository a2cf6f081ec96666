import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { checkSuiteRequested, fakeGitHub, HEAD_SHA, serviceFiles } from "../support/app-fixtures.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

const WAITING = ["1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"];

test("on shutdown, audits accepted but not started stay stored, and the next process on the same store runs them", async () => {
  const github = fakeGitHub(Object.fromEntries([HEAD_SHA, ...WAITING].map((sha) => [sha, serviceFiles()])));
  github.delay(/\/git\/trees\//, 1_500);
  const app = await startApp(github, { settings: { concurrency: 1 } });
  for (const [i, sha] of [HEAD_SHA, ...WAITING].entries())
    await app.probot.receive({ id: `d-${i}`, name: "check_suite", payload: checkSuiteRequested(sha) } as Parameters<typeof app.probot.receive>[0]);
  while (app.readiness.stats().running === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const dataDir = app.readiness.store().location.replace(/\/[^/]+$/, "");
  await app.readiness.shutdown(50);

  // The audit in flight was interrupted and completed neutral: no run is left in progress.
  expect(github.checkRunBodies("create").map((b) => b.head_sha)).toEqual([HEAD_SHA]);
  expect(github.checkRunBodies("update")).toEqual([expect.objectContaining({ status: "completed", conclusion: "neutral" })]);

  github.delay(/\/git\/trees\//, 0);
  const next = await startApp(github, { settings: { concurrency: 1, dataDir } });
  await next.readiness.idle();
  expect(github.checkRunBodies("create").map((b) => b.head_sha)).toEqual([HEAD_SHA, ...WAITING]);
  expect(github.checkRunBodies("update").slice(1)).toEqual(WAITING.map(() => expect.objectContaining({ status: "completed", conclusion: expect.stringMatching(/success|failure/) })));
  expect(github.rejected).toEqual([]);
  await next.readiness.shutdown(0);
});
