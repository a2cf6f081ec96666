import { afterEach, beforeEach, expect, test } from "vitest";
import { MAX_ATTEMPTS } from "../../src/app/audits/audit-job.js";
import { auditGeneration } from "../../src/app/jobs/job-store.js";
import { TableJobQueue } from "../../src/app/jobs/table-queue.js";
import { CHECK_NAME } from "../../src/app/settings.js";
import { openStore } from "../../src/app/store/store.js";
import type { AuditRequest } from "../../src/app/audit-request.js";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { BASE_SHA, fakeGitHub, HEAD_SHA, OWNER, PUSH_SHA, REPO, serviceFiles } from "../support/app-fixtures.js";
import { scratchDataDir } from "../support/databases.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

function push(sha: string): AuditRequest {
  return {
    installationId: 2,
    owner: OWNER,
    repo: REPO,
    repository: { id: 186853002, fullName: `${OWNER}/${REPO}`, visibility: "public", defaultBranch: "master" },
    ref: "refs/heads/master",
    headSha: sha,
    trigger: "push",
    deliveryId: `push-${sha}`,
    explicit: false,
    replyTo: [],
  };
}

/**
 * A process killed with three audits under way left a run in progress for each: one whose id it
 * stored, one it died before storing, and one on a job already interrupted too often. The next
 * process, on the same store, finishes every one of those runs and creates none.
 */
test("on start-up, the runs killed audits left in progress are finished, whether or not their ids were stored", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles(), [PUSH_SHA]: serviceFiles() });
  const dataDir = scratchDataDir("recovery");
  const store = await openStore({ dataDir });
  const killed = new TableJobQueue(store, 60_000);
  const runs: Record<string, number> = {};
  for (const sha of [HEAD_SHA, BASE_SHA, PUSH_SHA]) {
    await killed.enqueue(push(sha), auditGeneration("checklist", ""));
    const job = await killed.claim("killed");
    runs[sha] = github.openCheckRun(OWNER, REPO, sha, CHECK_NAME);
    if (sha === HEAD_SHA) await killed.recordCheckRun(job?.id as number, runs[sha]);
    if (sha === PUSH_SHA) await store.db.updateTable("jobs").set({ attempts: MAX_ATTEMPTS }).where("id", "=", job?.id as number).execute();
  }
  await store.close();

  const app = await startApp(github, { settings: { dataDir } });
  await app.readiness.idle();
  await app.readiness.shutdown(0);

  expect(github.checkRunBodies("create")).toEqual([]);
  expect([...github.checkRuns.values()].filter((run) => run.status !== "completed")).toEqual([]);
  const conclusion = (sha: string) => github.checkRuns.get(runs[sha] as number)?.conclusion;
  expect([conclusion(HEAD_SHA), conclusion(BASE_SHA)]).toEqual([expect.stringMatching(/^(success|failure)$/), expect.stringMatching(/^(success|failure)$/)]);
  expect(conclusion(PUSH_SHA)).toBe("neutral");
  const interrupted = github.checkRunBodies("update").find((body) => body.conclusion === "neutral") as { output: { summary: string } };
  expect(interrupted.output.summary).toMatch(/interrupted .* times/);
});
