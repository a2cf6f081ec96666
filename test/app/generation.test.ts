import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { checkSuiteRequested, fakeGitHub, HEAD_SHA, OWNER, serviceFiles } from "../support/app-fixtures.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

const ORG_CONFIG_SHA = "0c0ffee".padEnd(40, "0");

/** A push to the organisation's `.github` repository that changes the readiness.yml every repository inherits. */
function orgConfigPush() {
  const payload = example("push", undefined, (p) => p.ref === "refs/heads/master");
  payload.repository = { ...payload.repository, name: ".github", full_name: `${OWNER}/.github`, default_branch: "master" };
  payload.after = ORG_CONFIG_SHA;
  payload.commits = [{ ...payload.commits[0], added: [], removed: [], modified: [".github/readiness.yml"] }];
  return payload;
}

test("a commit already audited is audited again, once the organisation's configuration changed", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  github.addRepository({ owner: OWNER, name: ".github", commits: { [ORG_CONFIG_SHA]: { ".github/readiness.yml": "ignore:\n  - docs/**\n" } } });
  const app = await startApp(github);
  const runsOfHead = () => github.checkRunBodies("create").filter((body) => body.head_sha === HEAD_SHA).length;

  await app.deliver("check_suite", checkSuiteRequested());
  await app.deliver("check_suite", checkSuiteRequested());
  expect(runsOfHead()).toBe(1);

  await app.deliver("push", orgConfigPush());
  await app.deliver("check_suite", checkSuiteRequested(), "after-org-change");
  expect(runsOfHead()).toBe(2);
  expect(app.logs.find((l) => l.msg === "webhook accepted" && l.deliveryId === "after-org-change")?.results).toEqual({ [`${OWNER}/Hello-World@${HEAD_SHA.slice(0, 7)}`]: "queued" });
  await app.deliver("check_suite", checkSuiteRequested());
  expect(runsOfHead()).toBe(2);
  await app.readiness.shutdown(0);
});
