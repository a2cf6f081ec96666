import { describe, expect, it } from "vitest";
import { ciOnPullRequest } from "../../../src/probes/ci/on-pull-request.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const workflow = (on: string, steps = "      - run: npm test\n") => `on: ${on}\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

describe("ci.on-pull-request", () => {
  it("passes on `on: [push, pull_request]` with the trigger line (fastapi fixture)", async () => {
    const finding = ciOnPullRequest.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: ".github/workflows/ci.yml", line: 3, note: "on: pull_request" }]);
  });

  it("passes through a reusable workflow: the caller's pull_request trigger is the evidence (python-library fixture)", async () => {
    const finding = ciOnPullRequest.run(await fixtureContext("python-library"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/ci.yml", line: 4 });
  });

  it("fails on push-only CI plus a pull_request_target labeler (express fixture), saying why", async () => {
    const finding = ciOnPullRequest.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/triggered by: push, pull_request_target/);
    expect(finding.reason).toMatch(/pull_request_target workflows run the base branch's code/);
  });

  it("counts pull_request_target when the workflow checks out the pull request head", () => {
    const steps = `      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n      - run: npm test\n`;
    const finding = ciOnPullRequest.run(contextOf({ ".github/workflows/ci.yml": workflow("pull_request_target", steps) }));
    expect(finding.outcome).toBe("pass");
  });

  it("does not count a pull_request workflow that only runs bots, nor types that never fire on updates", () => {
    const bot = workflow("pull_request", "      - uses: actions/labeler@v5\n      - uses: actions/stale@v9\n");
    const closed = "on:\n  pull_request:\n    types: [closed]\njobs:\n  c:\n    steps:\n      - run: ./notify.sh\n";
    const finding = ciOnPullRequest.run(contextOf({ ".github/workflows/label.yml": bot, ".github/workflows/closed.yml": closed }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/only run bots \(\.github\/workflows\/label\.yml\)/);
  });

  it("passes on GitLab merge request rules with the rule line (go fixture)", async () => {
    const finding = ciOnPullRequest.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".gitlab-ci.yml", line: 9 });
  });

  it("passes on Travis's default pull-request builds, explaining the default", () => {
    const finding = ciOnPullRequest.run(contextOf({ ".travis.yml": "language: node_js\nscript:\n  - npm test\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/by default: Travis CI builds pull requests by default/);
    expect(finding.evidence).toEqual([{ path: ".travis.yml", line: 1, note: expect.stringMatching(/Travis/) }]);
  });

  it("is partial where the default hangs on settings outside the repository (Jenkins fixture, GitLab branch pipelines)", async () => {
    const jenkins = ciOnPullRequest.run(await fixtureContext("spring-boot-app"));
    expect(jenkins.outcome).toBe("partial");
    expect(jenkins.reason).toMatch(/multibranch/);
    const gitlab = ciOnPullRequest.run(contextOf({ ".gitlab-ci.yml": "test:\n  script:\n    - pytest\n" }));
    expect(gitlab.outcome).toBe("partial");
    expect(gitlab.reason).toMatch(/branch pipeline/);
  });

  it("fails on Azure `pr: none`", () => {
    const finding = ciOnPullRequest.run(contextOf({ "azure-pipelines.yml": "trigger: [main]\npr: none\nsteps:\n  - script: npm test\n" }));
    expect(finding.outcome).toBe("fail");
  });
});
