import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import { CHECK_NAME, expectedHeadline, runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";
import type { CheckRunRecord } from "../support/github-standin.js";

/**
 * Every trigger, delivered over HTTP to the app's process and answered by the stand-in: the
 * check run ends completed with the engine's verdict on exactly that commit, once per request.
 */
const APP_ID = 31337;
const ORG = "acme";
const INSTALLATION = 101;
const OTHER_INSTALLATION = 202;
const fixture = (name: string) => ({ directory: fileURLToPath(new URL(`../fixtures/repos/${name}`, import.meta.url)) });

const BASE = shaOf("api base");
const HEAD = shaOf("api head");
const FORK_HEAD = shaOf("api fork head");
const WORKER = shaOf("worker main");
const improved = {
  files: {
    "package.json": JSON.stringify({ name: "api", scripts: { start: "node dist/server.js", test: "vitest run" }, dependencies: { express: "^4.19.2" } }, null, 2),
    "package-lock.json": "{}\n",
    "src/server.ts": 'import express from "express";\nconst app = express();\napp.get("/healthz", (_req, res) => res.json({ ok: true }));\napp.listen(3000);\n',
    "test/server.test.ts": 'import { test } from "vitest";\ntest("starts", () => {});\n',
  },
};

let world: World;
const api = { owner: ORG, repo: "api", installationId: INSTALLATION };

beforeAll(async () => {
  world = await startWorld({
    appId: APP_ID,
    repositories: [
      {
        owner: ORG,
        name: "api",
        installationId: INSTALLATION,
        commits: { [BASE]: fixture("express-ts-service"), [HEAD]: improved, [FORK_HEAD]: improved, [shaOf("api feature")]: improved },
        head: BASE,
        pulls: { 7: { headSha: HEAD, baseSha: BASE }, 8: { headSha: FORK_HEAD, baseSha: BASE } },
        collaborators: { maintainer: "maintain", visitor: "read" },
      },
      { owner: ORG, name: "worker", installationId: INSTALLATION, commits: { [WORKER]: fixture("fastapi-service") } },
      { owner: "globex", name: "lib-one", installationId: OTHER_INSTALLATION, commits: { [shaOf("lib-one main")]: fixture("go-nethttp-service") } },
      { owner: "globex", name: "lib-two", installationId: OTHER_INSTALLATION, commits: { [shaOf("lib-two main")]: fixture("spring-boot-app") } },
      { owner: "globex", name: "lib-three", installationId: OTHER_INSTALLATION, commits: { [shaOf("lib-three main")]: improved } },
    ],
  });
});

afterEach(() => {
  expect(world.problems()).toEqual([]);
});

afterAll(async () => {
  await world?.close();
});

function completedOnce(runs: CheckRunRecord[]): CheckRunRecord {
  expect(runs).toHaveLength(1);
  const run = runs[0] as CheckRunRecord;
  expect(run.status).toBe("completed");
  expect(run.writes[0]?.body).toMatchObject({ status: "in_progress", name: CHECK_NAME });
  return run;
}

describe("each trigger audits its commit once and completes the check run", () => {
  it("check_suite.requested: the engine's verdict on the pushed commit", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", { ...api, sha: BASE }));
    expect(ack.status).toBe(200);
    await world.settle();
    const run = completedOnce(runsOf(world, ORG, "api", BASE));
    expect(["success", "failure"]).toContain(run.conclusion);
    expect(run.output.title).toBe(await expectedHeadline(fixture("express-ts-service")));
    expect(run.actions).toEqual([expect.objectContaining({ identifier: "rerun" })]);
  });

  it("check_suite.rerequested: audits again even though the commit was just audited", async () => {
    await world.deliver(deliveries.checkSuite("rerequested", { ...api, sha: BASE }));
    await world.settle();
    const runs = runsOf(world, ORG, "api", BASE);
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.status === "completed")).toBe(true);
  });

  it("pull_request.opened: audits the head and compares with the base branch", async () => {
    await world.deliver(deliveries.pullRequest("opened", { ...api, sha: HEAD, number: 7, baseSha: BASE }));
    await world.settle();
    const run = completedOnce(runsOf(world, ORG, "api", HEAD));
    expect(run.output.title).toBe(await expectedHeadline(improved));
    expect(run.output.summary).toContain(BASE.slice(0, 7));
    expect(run.external_id).toContain("pr:7:");
  });

  it("pull_request from a fork: the check goes on the base repository at the fork's head", async () => {
    await world.deliver(deliveries.pullRequest("opened", { ...api, sha: FORK_HEAD, number: 8, baseSha: BASE, forkOwner: "outsider" }));
    await world.settle();
    completedOnce(runsOf(world, ORG, "api", FORK_HEAD));
    expect(world.standin.requests.some((r) => r.url.includes("/repos/outsider/"))).toBe(false);
  });

  it("check_run.rerequested on this app's run: a new run, still compared with the pull request's base", async () => {
    const previous = runsOf(world, ORG, "api", HEAD)[0] as CheckRunRecord;
    await world.deliver(
      deliveries.checkRun("rerequested", { ...api, sha: HEAD }, { id: previous.id, appId: APP_ID, name: CHECK_NAME, externalId: previous.external_id }),
    );
    await world.settle();
    const runs = runsOf(world, ORG, "api", HEAD);
    expect(runs).toHaveLength(2);
    expect(runs[1]?.status).toBe("completed");
    expect(runs[1]?.output.summary).toContain(BASE.slice(0, 7));
  });

  it("check_run events about another app's run are ignored", async () => {
    const before = world.standin.checkRuns.size;
    const ack = await world.deliver(deliveries.checkRun("rerequested", { ...api, sha: HEAD }, { id: 1, appId: APP_ID + 1, name: "other-ci" }));
    expect(ack.status).toBe(200);
    await world.settle();
    expect(world.standin.checkRuns.size).toBe(before);
  });

  it("check_run.requested_action (the Re-run audit button): a new run", async () => {
    const previous = runsOf(world, ORG, "api", BASE)[0] as CheckRunRecord;
    await world.deliver(deliveries.checkRun("requested_action", { ...api, sha: BASE }, { id: previous.id, appId: APP_ID, name: CHECK_NAME, identifier: "rerun" }));
    await world.settle();
    expect(runsOf(world, ORG, "api", BASE)).toHaveLength(3);
  });

  it("push to the default branch audits it; pushes to other branches and tags do not", async () => {
    await world.deliver(deliveries.push({ ...api, repo: "worker", sha: WORKER }));
    await world.deliver(deliveries.push({ ...api, sha: shaOf("api feature") }, "refs/heads/feature"));
    await world.deliver(deliveries.push({ ...api, sha: shaOf("api feature") }, "refs/tags/v1.0.0"));
    await world.settle();
    const run = completedOnce(runsOf(world, ORG, "worker", WORKER));
    expect(run.output.title).toBe(await expectedHeadline(fixture("fastapi-service")));
    expect(runsOf(world, ORG, "api", shaOf("api feature"))).toHaveLength(0);
  });

  it("installation.created audits every listed repository's default branch", async () => {
    await world.deliver(deliveries.installationCreated(OTHER_INSTALLATION, "globex", ["lib-one", "lib-two"]));
    await world.settle();
    completedOnce(runsOf(world, "globex", "lib-one", shaOf("lib-one main")));
    completedOnce(runsOf(world, "globex", "lib-two", shaOf("lib-two main")));
  });

  it("installation_repositories.added audits the added repositories", async () => {
    await world.deliver(deliveries.installationRepositoriesAdded(OTHER_INSTALLATION, "globex", ["lib-three"]));
    await world.settle();
    completedOnce(runsOf(world, "globex", "lib-three", shaOf("lib-three main")));
  });

  it("/readiness from a user with write access re-runs the pull request's audit and replies with a link", async () => {
    const pull = { ...api, sha: HEAD, number: 7, baseSha: BASE };
    const before = runsOf(world, ORG, "api", HEAD).length;
    await world.deliver(deliveries.pullRequestComment(pull, { body: "/readiness", login: "maintainer" }));
    await world.settle();
    const runs = runsOf(world, ORG, "api", HEAD);
    expect(runs).toHaveLength(before + 1);
    const reply = world.standin.comments.find((c) => c.issue === 7);
    expect(reply?.body).toContain(`/runs/${runs.at(-1)?.id}`);
  });

  it("/readiness from a reader, from a bot, or not alone on its line does nothing", async () => {
    const pull = { ...api, sha: HEAD, number: 7, baseSha: BASE };
    const before = world.standin.checkRuns.size;
    await world.deliver(deliveries.pullRequestComment(pull, { body: "/readiness", login: "visitor" }));
    await world.deliver(deliveries.pullRequestComment(pull, { body: "/readiness", login: "readiness[bot]", bot: true }));
    await world.deliver(deliveries.pullRequestComment(pull, { body: "please run /readiness", login: "maintainer" }));
    await world.settle();
    expect(world.standin.checkRuns.size).toBe(before);
  });

  it("every request the app made went to the stand-in, authenticated, and GitHub would have accepted it", () => {
    expect(world.standin.requests.length).toBeGreaterThan(0);
    expect(world.standin.requests.every((r) => r.status !== 401 && r.status !== 422)).toBe(true);
    expect(world.app.stderr.filter((l) => l.includes("LOOPBACK_GUARD"))).toEqual([]);
  });
});
