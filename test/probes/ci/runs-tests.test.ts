import { describe, expect, it } from "vitest";
import { ciRunsTests } from "../../../src/probes/ci/runs-tests.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const MATRIX_WORKFLOW = `name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        node: [20, 22]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
      - run: npm ci
      - run: npm run ci
`;

describe("ci.runs-tests", () => {
  it("reads Cloud Build steps: a builder image's entrypoint and args, and bash -c scripts", () => {
    const cloudbuild = "steps:\n  - id: lint\n    name: golangci/golangci-lint:v1.61\n    args: [golangci-lint, run]\n  - id: unit-tests\n    name: golang:1.23\n    dir: internal/trainer\n    entrypoint: bash\n    args: [-c, go test ./...]\n";
    const finding = ciRunsTests.run(contextOf({ "cloudbuild.yaml": cloudbuild, "internal/trainer/go.mod": "module trainer\n\ngo 1.23\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: "cloudbuild.yaml", line: 8 });
  });

  it("reads the command of a docker:// step from its args", () => {
    const workflow = "on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker://mcr.microsoft.com/playwright:v1.50.0-noble\n        with:\n          args: npx playwright test\n";
    const finding = ciRunsTests.run(contextOf({ ".github/workflows/e2e.yml": workflow, "package.json": JSON.stringify({ devDependencies: { "@playwright/test": "^1.50.0" } }) }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/e2e.yml", line: 7 });
  });

  it("follows docker/build-push-action to the RUN lines of the Dockerfile target it builds", () => {
    const dockerfile = "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS dotnet-build\nCOPY . .\nRUN dotnet build -c Release Modix.sln\n\nFROM dotnet-build AS dotnet-test\nRUN dotnet test -c Release --no-build Modix.sln\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=dotnet-build /app /app\n";
    const workflow = (target: string) =>
      `on: [pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Run Tests\n        uses: docker/build-push-action@v6\n        with:\n          context: .\n          target: ${target}\n          push: false\n`;
    const finding = ciRunsTests.run(contextOf({ Dockerfile: dockerfile, ".github/workflows/build-container.yml": workflow("dotnet-test") }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/build-container.yml", line: 8 });
    expect(ciRunsTests.run(contextOf({ Dockerfile: dockerfile, ".github/workflows/build-container.yml": workflow("dotnet-build") })).outcome).toBe("fail");
  });

  it("follows `npm run ci` to the test runner and points at the workflow line", () => {
    const finding = ciRunsTests.run(
      contextOf({
        ".github/workflows/ci.yml": MATRIX_WORKFLOW,
        "package.json": JSON.stringify({ scripts: { ci: "npm run lint && npm run test", lint: "eslint .", test: "vitest run" } }, null, 2),
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/ci.yml", line: 16 });
    expect(finding.evidence[0]?.note).toMatch(/runs tests: vitest via package\.json:3 → package\.json:5/);
    expect(finding.evidence[1]).toMatchObject({ path: "package.json", line: 5 });
  });

  it("follows `make test` to the Makefile recipe (fastapi fixture)", async () => {
    const finding = ciRunsTests.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence.slice(0, 2)).toMatchObject([
      { path: ".github/workflows/ci.yml", line: 46 },
      { path: "Makefile", line: 9 },
    ]);
  });

  it("finds tests in a reusable workflow called on pull requests (python-library fixture)", async () => {
    const finding = ciRunsTests.run(await fixtureContext("python-library"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/tests.yml", line: 24 });
  });

  it("reads GitLab scripts and Jenkinsfile sh steps (fixtures)", async () => {
    expect(ciRunsTests.run(await fixtureContext("go-nethttp-service")).evidence[0]).toMatchObject({ path: ".gitlab-ci.yml", line: 33 });
    const jenkins = ciRunsTests.run(await fixtureContext("spring-boot-app"));
    expect(jenkins.outcome).toBe("pass");
    expect(jenkins.evidence[0]).toMatchObject({ path: "Jenkinsfile", line: 18 });
  });

  it("fails when the test step is commented out and the build skips tests (express fixture)", async () => {
    const finding = ciRunsTests.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no CI step runs a test command .* in \.github\/workflows\/build\.yml, \.github\/workflows\/labeler\.yml/);
  });

  it("does not count -DskipTests builds or a test word in a step name", () => {
    const finding = ciRunsTests.run(
      contextOf({ ".github/workflows/build.yml": "on: push\njobs:\n  build:\n    steps:\n      - name: Run tests later\n        run: ./mvnw -B -DskipTests package\n" }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("is partial when tests only run on manual dispatch", () => {
    const finding = ciRunsTests.run(contextOf({ ".github/workflows/nightly.yml": "on: workflow_dispatch\njobs:\n  t:\n    steps:\n      - run: go test ./...\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/by hand/);
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/nightly.yml", line: 5 });
  });

  it("explains a malformed workflow instead of crashing", () => {
    const finding = ciRunsTests.run(contextOf({ ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps: [\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/Skipped: \.github\/workflows\/ci\.yml:\d+:\d+: .*the file was not parsed/);
  });

  it("fails with no CI at all (empty fixture)", async () => {
    expect(ciRunsTests.run(await fixtureContext("empty-repo")).outcome).toBe("fail");
  });

  it("follows a PowerShell build script, and its Invoke-<Tool> wrappers, to the test run", () => {
    const workflow = "on: pull_request\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - name: Build and Test\n        run: ./build.ps1\n        shell: pwsh\n";
    const script = "param([string]$configuration = 'Release')\n\ntarget compile {\n  Invoke-Dotnet build $solution_file -c $configuration\n}\n\ntarget test {\n  Invoke-Dotnet test $solution_file -c $configuration --no-build\n}\n";
    const finding = ciRunsTests.run(contextOf({ ".github/workflows/ci.yml": workflow, "build.ps1": script }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual(expect.objectContaining({ path: "build.ps1", line: 8 }));
    const direct = "on: push\njobs:\n  t:\n    steps:\n      - run: pwsh -NoProfile -ExecutionPolicy Bypass -File ./ci/test.ps1\n";
    expect(ciRunsTests.run(contextOf({ ".github/workflows/ci.yml": direct, "ci/test.ps1": "dotnet test ./App.sln\n" })).outcome).toBe("pass");
  });

  it("looks inside reproducible dev shells: nix develop --command, nix-shell --run, devbox run", () => {
    const workflow = (run: string) => `on: pull_request\njobs:\n  t:\n    steps:\n      - run: ${run}\n`;
    const justfile = "test:\n    cargo test --workspace\n";
    expect(ciRunsTests.run(contextOf({ ".github/workflows/test.yaml": workflow("nix develop --command just test"), justfile })).outcome).toBe("pass");
    expect(ciRunsTests.run(contextOf({ ".github/workflows/test.yaml": workflow('nix-shell --run "cargo test"') })).outcome).toBe("pass");
    expect(ciRunsTests.run(contextOf({ ".github/workflows/test.yaml": workflow("devbox run cargo test") })).outcome).toBe("pass");
  });

  it("reads just recipes with parameters and defaults, and rails tasks chained before the tests", () => {
    const workflow = (run: string) => `on: pull_request\njobs:\n  t:\n    steps:\n      - run: ${run}\n`;
    const justfile = "# running tests.\ntest *args='':\n  cargo test --all {{args}}\n\nbuild target=\"release\":\n  cargo build --profile {{target}}\n";
    expect(ciRunsTests.run(contextOf({ ".github/workflows/check.yml": workflow("just test"), justfile }))).toMatchObject({ outcome: "pass", evidence: expect.arrayContaining([expect.objectContaining({ path: "justfile", line: 3 })]) });
    expect(ciRunsTests.run(contextOf({ ".github/workflows/ci.yml": workflow("bin/rails db:setup test") })).outcome).toBe("pass");
    expect(ciRunsTests.run(contextOf({ ".github/workflows/ci.yml": workflow("bin/rails db:setup assets:precompile") })).outcome).toBe("fail");
  });
});
