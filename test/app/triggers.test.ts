import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { auditOutcome } from "../../src/app/checks/check-output.js";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { BASE_SHA, expectedReport, fakeGitHub, HEAD_SHA, OWNER, PUSH_SHA, REPO, serviceFiles } from "../support/app-fixtures.js";
import type { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

const CHECK_RUNS = `/repos/${OWNER}/${REPO}/check-runs`;

/** The audit's request sequence for a repository without configuration, whose files fit one GraphQL query. */
function auditRoutes(sha: string, id = 7000): string[] {
  return [
    `POST ${CHECK_RUNS}`,
    `GET /repos/${OWNER}/${REPO}/contents/.github%2Freadiness.yml`,
    `GET /repos/${OWNER}/.github/contents/.github%2Freadiness.yml`,
    `GET /repos/${OWNER}/${REPO}/git/trees/${sha}`,
    "POST /graphql",
    `PATCH ${CHECK_RUNS}/${id}`,
  ];
}

function summaryOf(github: FakeGitHub): string {
  const output = github.checkRunBodies("update")[0]?.output as { summary?: string } | undefined;
  return output?.summary ?? "";
}

function created(github: FakeGitHub) {
  return github.checkRunBodies("create");
}

async function expectCompletedAudit(github: FakeGitHub, sha: string) {
  const expected = auditOutcome(await expectedReport(serviceFiles()));
  const [create] = created(github);
  expect(create).toMatchObject({ name: "Production readiness", head_sha: sha, status: "in_progress" });
  const [update] = github.checkRunBodies("update");
  expect(update).toMatchObject({ status: "completed", conclusion: expected.conclusion, output: { title: expected.title } });
  expect(github.rejected).toEqual([]);
}

describe("check_suite", () => {
  test.each(["requested", "rerequested"])("%s audits the suite's head sha", async (action) => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
    const app = await startApp(github);
    const payload = example("check_suite", action);
    payload.check_suite.head_sha = HEAD_SHA;
    payload.check_suite.pull_requests = [];
    await app.deliver("check_suite", payload);
    await expectCompletedAudit(github, HEAD_SHA);
    expect(github.routes().slice(0, 6)).toEqual(auditRoutes(HEAD_SHA));
  });

  test("a suite of a pull request keeps the pull request in the run's external_id for later re-runs", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github);
    await app.deliver("check_suite", example("check_suite", "rerequested"));
    expect(created(github)[0]).toMatchObject({ head_sha: HEAD_SHA, external_id: `pr:2:${BASE_SHA}:master` });
  });
});

describe("check_run", () => {
  function ownRun(action: string) {
    const payload = example("check_run", action);
    payload.check_run.app.id = 4242;
    payload.check_run.name = "Production readiness";
    payload.check_run.head_sha = HEAD_SHA;
    payload.repository.owner.login = OWNER;
    payload.repository.name = REPO;
    payload.check_run.pull_requests = [];
    return payload;
  }

  test("rerequested re-audits the run's head sha and recovers the pull request from external_id", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github);
    const payload = ownRun("rerequested");
    payload.check_run.external_id = `pr:2:${BASE_SHA}:master`;
    await app.deliver("check_run", payload);
    await expectCompletedAudit(github, HEAD_SHA);
    expect(created(github)[0]?.external_id).toBe(`pr:2:${BASE_SHA}:master`);
    expect(github.routes()).toContain(`GET /repos/${OWNER}/${REPO}/git/trees/${BASE_SHA}`);
  });

  test("requested_action with the Re-run audit button re-audits", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
    const app = await startApp(github);
    const payload = ownRun("requested_action");
    payload.requested_action = { identifier: "rerun" };
    await app.deliver("check_run", payload);
    await expectCompletedAudit(github, HEAD_SHA);
  });

  test("another app's runs and unknown buttons are ignored", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
    const app = await startApp(github);
    const foreign = ownRun("rerequested");
    foreign.check_run.app.id = 2;
    await app.deliver("check_run", foreign);
    const unknownButton = ownRun("requested_action");
    unknownButton.requested_action = { identifier: "lgtm|26764" };
    await app.deliver("check_run", unknownButton);
    expect(github.apiRequests()).toEqual([]);
  });
});

describe("pull_request", () => {
  test.each(["opened", "synchronize", "reopened"])("%s audits the head and compares with the base", async (action) => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github);
    await app.deliver("pull_request", example("pull_request", action, (p) => p.installation !== undefined));
    await expectCompletedAudit(github, HEAD_SHA);
    expect(created(github)[0]?.external_id).toBe(`pr:2:${BASE_SHA}:master`);
    const summary = summaryOf(github);
    expect(summary).toContain("### Change against master \\(f95f852\\)");
    expect(summary).toContain("No change: every item has the same outcome as on the base branch.");
  });

  test("a pull request from a fork gets its check on the base repository at the fork's head sha", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github);
    const payload = example("pull_request", "opened", (p) => p.installation !== undefined);
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, id: 999, full_name: "forker/Hello-World", name: "Hello-World", owner: { login: "forker" } };
    payload.pull_request.head.label = "forker:changes";
    await app.deliver("pull_request", payload);
    expect(github.routes()[0]).toBe(`POST ${CHECK_RUNS}`);
    expect(created(github)[0]).toMatchObject({ head_sha: HEAD_SHA });
    expect(github.routes().filter((r) => r.includes("forker"))).toEqual([]);
    await expectCompletedAudit(github, HEAD_SHA);
  });
});

describe("push", () => {
  test("a push to the default branch audits the pushed sha", async () => {
    const github = fakeGitHub({ [PUSH_SHA]: serviceFiles() });
    const app = await startApp(github);
    await app.deliver("push", example("push", undefined, (p) => p.ref === "refs/heads/master"));
    expect(github.routes()).toEqual(auditRoutes(PUSH_SHA));
    await expectCompletedAudit(github, PUSH_SHA);
  });

  test("pushes to other branches, tags and branch deletions are left to their check suites", async () => {
    const github = fakeGitHub({ [PUSH_SHA]: serviceFiles() });
    const app = await startApp(github);
    const feature = example("push", undefined, (p) => p.ref === "refs/heads/master");
    feature.ref = "refs/heads/feature";
    await app.deliver("push", feature);
    await app.deliver("push", example("push", undefined, (p) => p.ref === "refs/tags/simple-tag" && !p.deleted));
    await app.deliver("push", example("push", undefined, (p) => p.deleted === true));
    expect(github.apiRequests()).toEqual([]);
  });
});

describe("one commit, many events", () => {
  test("the events one push fires, and a redelivery, audit the sha once", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() });
    const app = await startApp(github);
    const suite = example("check_suite", "requested");
    suite.check_suite.head_sha = HEAD_SHA;
    const pull = example("pull_request", "synchronize");
    const push = example("push", undefined, (p) => p.ref === "refs/heads/master");
    push.after = HEAD_SHA;
    await Promise.all([
      app.probot.receive({ id: "delivery-1", name: "check_suite", payload: suite }),
      app.probot.receive({ id: "delivery-2", name: "pull_request", payload: pull }),
      app.probot.receive({ id: "delivery-3", name: "push", payload: push }),
    ]);
    await app.readiness.idle();
    await app.deliver("pull_request", pull, "delivery-2");
    await app.deliver("check_suite", suite, "delivery-4");
    expect(created(github)).toHaveLength(1);
    expect(github.checkRunBodies("update")).toHaveLength(1);
    // The pull request merged into the suite's audit, so its base was compared too.
    expect(summaryOf(github)).toContain("Change against master");
  });

  test("an explicit re-run of a sha audited a moment ago runs again", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
    const app = await startApp(github);
    const suite = example("check_suite", "requested");
    suite.check_suite.head_sha = HEAD_SHA;
    await app.deliver("check_suite", suite);
    const rerun = example("check_suite", "requested");
    rerun.action = "rerequested";
    rerun.check_suite.head_sha = HEAD_SHA;
    await app.deliver("check_suite", rerun);
    expect(created(github)).toHaveLength(2);
  });
});

describe("installation", () => {
  test("installation.created audits every listed repository's default branch", async () => {
    const github = fakeGitHub({ [PUSH_SHA]: serviceFiles() });
    const app = await startApp(github);
    await app.deliver("installation", example("installation", "created"));
    expect(github.routes()[0]).toBe("POST /graphql");
    expect(github.requests[1]?.body).toMatchObject({ variables: { owner: OWNER, name: REPO } });
    await expectCompletedAudit(github, PUSH_SHA);
  });

  test("installation_repositories.added audits the added repositories, a bounded number at a time", async () => {
    const github = fakeGitHub({ [PUSH_SHA]: serviceFiles() });
    const names = Array.from({ length: 6 }, (_, i) => `Space-${i}`);
    for (const name of names) github.addRepository({ owner: OWNER, name, commits: { [PUSH_SHA]: serviceFiles() } });
    github.delay(/\/git\/trees\//, 30);
    const app = await startApp(github, { settings: { concurrency: 2 } });
    const payload = example("installation_repositories", "added");
    payload.repositories_added = names.map((name, i) => ({ id: i, node_id: `n${i}`, name, full_name: `${OWNER}/${name}`, private: false }));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, app.readiness.stats().running);
    }, 5);
    await app.deliver("installation_repositories", payload);
    clearInterval(timer);
    expect(created(github).map((b) => b.head_sha)).toEqual(names.map(() => PUSH_SHA));
    expect(github.checkRunBodies("update")).toHaveLength(6);
    expect(peak).toBe(2);
  });
});

describe("issue_comment /readiness", () => {
  function comment(body: string) {
    const payload = example("issue_comment", "created");
    payload.issue.number = 2;
    payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/2` };
    payload.comment.body = body;
    payload.comment.user.login = "octocat";
    payload.comment.user.type = "User";
    return payload;
  }

  test("from a user with write access re-runs the audit and replies with a link to the new check", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles(), [BASE_SHA]: serviceFiles() }, { collaborators: { octocat: "write" } });
    const app = await startApp(github);
    await app.deliver("issue_comment", comment("/readiness"));
    expect(github.routes().slice(0, 3)).toEqual([
      `GET /repos/${OWNER}/${REPO}/collaborators/octocat/permission`,
      `GET /repos/${OWNER}/${REPO}/pulls/2`,
      `POST ${CHECK_RUNS}`,
    ]);
    await expectCompletedAudit(github, HEAD_SHA);
    const reply = github.requests.find((r) => r.path.endsWith("/issues/2/comments"));
    expect((reply?.body as { body?: string } | undefined)?.body).toMatch(
      new RegExp(`^Readiness audited \`ec26c3e\` again: \\[Readiness \\d+/100 · .+\\]\\(https://github.com/${OWNER}/${REPO}/runs/7000\\)$`),
    );
  });

  test("from a user without write access is refused, and so are other comments", async () => {
    const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() }, { collaborators: { octocat: "read" } });
    const app = await startApp(github);
    await app.deliver("issue_comment", comment("/readiness"));
    await app.deliver("issue_comment", comment("Looks good! /readiness later"));
    const onIssue = comment("/readiness");
    delete onIssue.issue.pull_request;
    await app.deliver("issue_comment", onIssue);
    expect(github.routes()).toEqual([`GET /repos/${OWNER}/${REPO}/collaborators/octocat/permission`]);
    expect(app.logs.some((l) => String(l.msg).includes("without write access"))).toBe(true);
  });
});
