import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { HEAD_SHA, OWNER, REPO, serviceFiles } from "../support/app-fixtures.js";
import { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

test("on GitHub Enterprise Server (GHE_HOST) REST goes to /api/v3 and GraphQL to /api/graphql on that host", async () => {
  const github = new FakeGitHub("http://ghes.example.test").addRepository({ owner: OWNER, name: REPO, commits: { [HEAD_SHA]: serviceFiles() } }).start();
  // What Probot derives from GHE_HOST=ghes.example.test and GHE_PROTOCOL=http.
  const app = await startApp(github, { baseUrl: "http://ghes.example.test/api/v3" });
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = HEAD_SHA;
  await app.deliver("check_suite", payload);
  expect(github.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
    `POST /api/v3/app/installations/957387/access_tokens`,
    `POST /api/v3/repos/${OWNER}/${REPO}/check-runs`,
    `GET /api/v3/repos/${OWNER}/${REPO}/contents/.github%2Freadiness.yml`,
    `GET /api/v3/repos/${OWNER}/.github/contents/.github%2Freadiness.yml`,
    `GET /api/v3/repos/${OWNER}/${REPO}/git/trees/${HEAD_SHA}`,
    "POST /api/graphql",
    `PATCH /api/v3/repos/${OWNER}/${REPO}/check-runs/7000`,
  ]);
  expect(github.checkRunBodies("update")[0]).toMatchObject({ status: "completed" });
});
