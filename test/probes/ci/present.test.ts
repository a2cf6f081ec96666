import { describe, expect, it } from "vitest";
import { ciPresent } from "../../../src/probes/ci/present.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("ci.present", () => {
  it("passes on the fixture's GitHub workflows, listing each file with its system", async () => {
    const finding = ciPresent.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: ".github/workflows/ci.yml", note: "GitHub Actions" },
      { path: ".github/workflows/codeql.yml", note: "GitHub Actions" },
    ]);
  });

  it("names every system: Travis and AppVeyor together", () => {
    const finding = ciPresent.run(contextOf({ ".travis.yml": "language: python\nscript: pytest\n", "appveyor.yml": "test_script:\n  - pytest\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/Travis CI and AppVeyor configured/);
    expect(finding.evidence.map((e) => e.path)).toEqual([".travis.yml", "appveyor.yml"]);
  });

  it("recognises Google Cloud Build, whose triggers live outside the repository", () => {
    const finding = ciPresent.run(contextOf({ "cloudbuild.yaml": "steps:\n  - id: test\n    name: golang:1.23\n    entrypoint: go\n    args: [test, ./...]\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/Google Cloud Build/);
    expect(finding.evidence.map((e) => e.path)).toEqual(["cloudbuild.yaml"]);
  });

  it("passes on a Jenkinsfile and a GitLab file (fixtures)", async () => {
    expect(ciPresent.run(await fixtureContext("spring-boot-app")).evidence).toEqual([{ path: "Jenkinsfile", note: "Jenkins" }]);
    const gitlab = ciPresent.run(await fixtureContext("go-nethttp-service"));
    expect(gitlab.outcome).toBe("pass");
    expect(gitlab.evidence).toEqual([{ path: ".gitlab-ci.yml", note: "GitLab CI" }]);
  });

  it("is partial when the only workflow is not valid YAML, and says where", () => {
    const finding = ciPresent.run(contextOf({ ".github/workflows/ci.yml": "on: [push\njobs:\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/\.github\/workflows\/ci\.yml:\d+:\d+: /);
  });

  it("fails on the empty fixture and ignores workflows under tests/fixtures or nested folders", async () => {
    expect(ciPresent.run(await fixtureContext("empty-repo")).outcome).toBe("fail");
    const finding = ciPresent.run(contextOf({ "tests/fixtures/app/.github/workflows/ci.yml": "on: push\njobs: {}\n", "docs/ci.md": "# CI\nWe use GitHub Actions." }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/looked for \.github\/workflows\/\*\.yml, \.gitlab-ci\.yml/);
  });
});
