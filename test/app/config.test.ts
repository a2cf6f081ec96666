import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { fakeGitHub, HEAD_SHA, OWNER, serviceFiles } from "../support/app-fixtures.js";
import type { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

function checkSuite() {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = HEAD_SHA;
  return payload;
}

function completion(github: FakeGitHub) {
  const [update] = github.checkRunBodies("update") as {
    conclusion: string;
    output: { title: string; summary: string; annotations: Record<string, unknown>[] };
  }[];
  if (!update) throw new Error("the check run was never completed");
  return update;
}

test("an invalid .github/readiness.yml completes the check as failure, naming file, line and problem, with annotations there", async () => {
  const config = "# Readiness settings\nthreshold: 150\nmode: strict\nwaivers:\n  - item: container.healthcheck\n    expires: 2027-01-01\n";
  const github = fakeGitHub({ [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": config } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());

  const update = completion(github);
  expect(update.conclusion).toBe("failure");
  expect(update.output.title).toBe("Invalid configuration: 3 problems");
  expect(update.output.summary).toContain("## The readiness configuration is invalid");
  expect(update.output.summary).toContain("- `.github/readiness.yml:2:12` **threshold**: ");
  expect(update.output.summary).toContain("- `.github/readiness.yml:3:7` **mode**: ");
  expect(update.output.summary).toContain("- `.github/readiness.yml:5:5` **waivers\\.0\\.reason**: ");
  expect(update.output.annotations.map((a) => `${a.path}:${a.start_line}:${a.annotation_level}`)).toEqual([
    ".github/readiness.yml:2:failure",
    ".github/readiness.yml:3:failure",
    ".github/readiness.yml:5:failure",
  ]);
  // No audit was run on a configuration that could not be applied.
  expect(github.routes().some((r) => r.includes("/git/trees/"))).toBe(false);
  expect(github.rejected).toEqual([]);
});

test("a YAML syntax error is located too, and reading the file again is the only extra request", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": "threshold: 80\nrequired: [security.policy\n" } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  const update = completion(github);
  expect(update.conclusion).toBe("failure");
  expect(update.output.title).toBe("Invalid configuration: 1 problem");
  expect(update.output.summary).toMatch(/- `\.github\/readiness\.yml:3:1` /);
  expect(update.output.annotations).toHaveLength(1);
  expect(github.routes().filter((r) => r.includes("contents"))).toHaveLength(2);
});

test("_extends pulls org defaults from the org's .github repository and merges them under the repository's settings", async () => {
  const github = fakeGitHub({
    [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": "_extends: .github\nmode: advisory\n" },
  });
  github.addRepository({ owner: OWNER, name: ".github", commits: { org: { ".github/readiness.yml": "required:\n  - security.policy\nmode: enforce\n" } } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  const update = completion(github);
  // security.policy fails (no SECURITY.md) and the org requires it; the repository's advisory mode turns failure into neutral.
  expect(update.conclusion).toBe("neutral");
  expect(update.output.summary).toContain("_Configuration: .github/readiness.yml ← Codertocat/.github:.github/readiness.yml_");
  expect(github.routes().filter((r) => r.includes("contents"))).toEqual([
    "GET /repos/Codertocat/Hello-World/contents/.github%2Freadiness.yml",
    "GET /repos/Codertocat/.github/contents/.github%2Freadiness.yml",
  ]);
});

test("a problem in the inherited file is reported against that file, without an annotation in this repository", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": "_extends: .github\n" } });
  github.addRepository({ owner: OWNER, name: ".github", commits: { org: { ".github/readiness.yml": "threshold: high\n" } } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  const update = completion(github);
  expect(update.conclusion).toBe("failure");
  expect(update.output.summary).toContain("- `Codertocat/.github:.github/readiness.yml:1:12` **threshold**: ");
  expect(update.output.annotations).toEqual([]);
});

test("configuration is read once per minute per repository, and a push to the default branch reloads it", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: { ...serviceFiles(), ".github/readiness.yml": "threshold: 10\n" } });
  const app = await startApp(github);
  await app.deliver("check_suite", checkSuite());
  const rerun = checkSuite();
  rerun.action = "rerequested";
  await app.deliver("check_suite", rerun);
  expect(github.routes().filter((r) => r.includes("contents"))).toHaveLength(1);
  const merged = "2222222222222222222222222222222222222222";
  github.addCommit(OWNER, "Hello-World", merged, serviceFiles());
  const push = example("push", undefined, (p) => p.ref === "refs/heads/master");
  push.after = merged;
  await app.deliver("push", push);
  expect(github.routes().filter((r) => r.includes("contents"))).toHaveLength(2);
});
