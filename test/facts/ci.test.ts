import { describe, expect, it } from "vitest";
import { ciConfigs, ciFindings, ciSteps, effectiveTriggers, runsOnChanges } from "../../src/facts/ci.js";
import { RepoView } from "../../src/view/repo-view.js";

const view = (files: Record<string, string>) => RepoView.fromFiles(files);
const events = (v: RepoView, path: string) => effectiveTriggers(v, path).map((t) => `${t.event}:${t.line}${t.implicit ? "*" : ""}`);

describe("GitHub Actions", () => {
  it("reads `on` as a string, a list, a map, and the YAML 1.1 `true` key", () => {
    const v = view({
      ".github/workflows/a.yml": "on: push\njobs: {}\n",
      ".github/workflows/b.yml": "on: [push, pull_request]\njobs: {}\n",
      ".github/workflows/c.yml": "on:\n  pull_request:\n    types: [labeled]\n  merge_group:\njobs: {}\n",
      ".github/workflows/d.yml": "true:\n  pull_request:\njobs: {}\n",
    });
    expect(events(v, ".github/workflows/a.yml")).toEqual(["push:1"]);
    expect(events(v, ".github/workflows/b.yml")).toEqual(["push:1", "pull_request:1"]);
    expect(ciConfigs(v).find((c) => c.path.endsWith("c.yml"))?.triggers[0]).toMatchObject({ event: "pull_request", line: 2, types: ["labeled"] });
    expect(events(v, ".github/workflows/d.yml")).toEqual(["pull_request:2"]);
  });

  it("reports a push of tags only as a release trigger, not a change", () => {
    const v = view({ ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n  t:\n    steps:\n      - run: npm test\n" });
    expect(events(v, ".github/workflows/release.yml")).toEqual(["tag:2"]);
    expect(runsOnChanges(v, ".github/workflows/release.yml")).toBe(false);
  });

  it("lists run steps with the line of each command, skipping `if: false` steps", () => {
    const v = view({
      ".github/workflows/ci.yml": [
        "on: pull_request",
        "jobs:",
        "  test:",
        "    defaults:",
        "      run:",
        "        working-directory: web",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: |",
        "          npm ci",
        "          npm test",
        "      - if: false",
        "        run: npm run e2e",
      ].join("\n"),
      "web/package.json": '{"scripts": {"test": "vitest run"}}',
    });
    const steps = ciSteps(v);
    expect(steps.map((s) => s.uses ?? s.run?.trim())).toEqual(["actions/checkout@v4", "npm ci\nnpm test"]);
    expect(steps[1]).toMatchObject({ line: 10, cwd: "web", runLines: [10, 11, 12] });
    const test = ciFindings(v).find((f) => f.kind === "test");
    expect(test?.at).toEqual({ path: ".github/workflows/ci.yml", line: 11 });
    expect(test?.trail[0]?.path).toBe("web/package.json");
  });

  it("expands local composite actions at the line that uses them, and inherits triggers through workflow_call", () => {
    const v = view({
      ".github/workflows/pr.yml": "on: pull_request\njobs:\n  ci:\n    uses: ./.github/workflows/ci.yml\n",
      ".github/workflows/ci.yml": "on:\n  workflow_call:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/test\n",
      ".github/actions/test/action.yml": "runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: go test ./...\n",
    });
    expect(events(v, ".github/workflows/ci.yml")).toEqual(["pull_request:1"]);
    const test = ciFindings(v).find((f) => f.kind === "test");
    expect(test?.at).toEqual({ path: ".github/workflows/ci.yml", line: 7 });
    expect(test?.trail[0]).toMatchObject({ path: ".github/actions/test/action.yml", line: 5 });
  });

  it("reads a reusable workflow kept in another repository by its file name", () => {
    const workflow = [
      "on: pull_request",
      "jobs:",
      "  codeql-sast:",
      "    uses: acme/infrastructure/.github/workflows/codeql-analysis.yml@main",
      "  lint-ruby:",
      "    uses: acme/infrastructure/.github/workflows/rubocop.yml@main",
      "  test-javascript:",
      "    uses: acme/infrastructure/.github/workflows/jasmine.yml@main",
      "  build:",
      "    uses: acme/infrastructure/.github/workflows/setup-and-build.yml@main",
      "",
    ].join("\n");
    const found = ciFindings(view({ ".github/workflows/ci.yml": workflow })).map((f) => `${f.kind}:${f.tool}`);
    expect(found).toEqual(["sast:reusable workflow codeql-analysis", "lint:reusable workflow rubocop", "test:reusable workflow jasmine"]);
  });

  it("gives each Travis job without a script its language's default, jobs.include entries included", () => {
    const travis = 'language: ruby\njobs:\n  include:\n  - stage: "Testing time"\n    before_script:\n    - bundle exec rake setup\n  - stage: ship\n    language: bash\n    script: make ship\n';
    const steps = ciSteps(view({ ".travis.yml": travis })).filter((s) => s.run === "bundle exec rake");
    expect(steps.map((s) => s.line)).toEqual([4]);
  });

  it("runs a command that names a matrix value once for each value", () => {
    const workflow = `on: pull_request\njobs:\n  static:\n    strategy:\n      matrix:\n        command: ['cs', 'stan']\n    runs-on: ubuntu-latest\n    steps:\n      - run: composer \${{ matrix.command }}\n`;
    const steps = ciSteps(view({ ".github/workflows/ci.yml": workflow }));
    expect(steps.map((s) => [s.run, s.runLines])).toEqual([["composer cs\ncomposer stan", [9, 9]]]);
  });

  it("reads a GitHub Actions env expression in a run line as the shell variable it is", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    const workflow = "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${{ env.CARGO }} +stable test --locked\n";
    const steps = ciSteps(view({ ".github/workflows/ci.yml": workflow }));
    expect(steps.map((s) => s.run)).toEqual(["$CARGO +stable test --locked"]);
    expect(ciFindings(view({ ".github/workflows/ci.yml": workflow })).map((f) => f.kind)).toEqual(["test"]);
  });

  it("reads Woodpecker's named steps and cargo actions that take a command", () => {
    const woodpecker = "steps:\n  cargo_fmt:\n    image: rust\n    commands:\n      - cargo +nightly fmt -- --check\n  cargo_test:\n    image: rust\n    commands:\n      - cargo test --workspace\n";
    expect(ciFindings(view({ ".woodpecker.yml": woodpecker })).map((f) => f.kind)).toEqual(["lint", "test"]);
    const workflow = "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ClementTsang/cargo-action@v0.0.6\n        with:\n          command: test\n          args: --workspace\n";
    expect(ciFindings(view({ ".github/workflows/ci.yaml": workflow })).map((f) => f.kind)).toEqual(["test"]);
  });

  it("ignores workflows outside the root .github/workflows (fixtures, nested projects)", () => {
    const v = view({ "tests/fixtures/repo/.github/workflows/ci.yml": "on: pull_request\njobs: {}\n", "examples/app/.gitlab-ci.yml": "test:\n  script: [pytest]\n" });
    expect(ciConfigs(v)).toEqual([]);
  });

  it("skips malformed YAML with a located reason instead of failing", () => {
    const v = view({ ".github/workflows/broken.yml": "on: push\njobs:\n  test:\n    steps:\n      - run: npm test\n     - run: oops\n" });
    const [config] = ciConfigs(v);
    expect(config?.skipped).toMatch(/^\.github\/workflows\/broken\.yml:6:\d+: .+; the file was not parsed$/);
    expect(ciSteps(v)).toEqual([]);
  });

  it("bounds alias expansion (a YAML bomb costs nothing)", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "on: push", "jobs:", "  t:", "    steps:", "      - run: *c"].join("\n");
    expect(() => ciFindings(view({ ".github/workflows/bomb.yml": bomb }))).not.toThrow();
  });
});

describe("other systems", () => {
  it("GitLab: scripts with extends and default before_script, merge request rules, local includes", () => {
    const v = view({
      ".gitlab-ci.yml": [
        "include:",
        "  - local: /ci/lint.yml",
        "  - template: Security/SAST.gitlab-ci.yml",
        "default:",
        "  before_script:",
        "    - pip install -r requirements.txt",
        ".tests:",
        "  script:",
        "    - pytest --cov",
        "unit:",
        "  extends: .tests",
        "  rules:",
        "    - if: $CI_PIPELINE_SOURCE == 'merge_request_event'",
      ].join("\n"),
      "ci/lint.yml": "ruff:\n  script:\n    - ruff check .\n",
    });
    const root = ciConfigs(v).find((c) => c.path === ".gitlab-ci.yml");
    expect(root?.includes?.map((i) => `${i.kind}:${i.target}`)).toEqual(["local:/ci/lint.yml", "template:Security/SAST.gitlab-ci.yml"]);
    expect(events(v, ".gitlab-ci.yml")).toEqual(["pull_request:13", "push:10"]);
    expect(ciFindings(v).map((f) => `${f.kind}@${f.at.path}:${f.at.line}`).sort()).toEqual(["coverage@.gitlab-ci.yml:9", "lint@ci/lint.yml:3", "test@.gitlab-ci.yml:9"]);
  });

  it("GitLab: jobs built from anchors merged into anchors (`<<: *template`) keep their scripts", () => {
    const v = view({
      ".gitlab-ci.yml": [
        ".base: &base",
        "  stage: test",
        "  before_script:",
        "    - pip install poetry",
        ".backend: &backend",
        "  <<: *base",
        "  script:",
        "    - poetry run pytest",
        "test:core:",
        "  <<: *backend",
        "  variables:",
        "    TARGET: core",
      ].join("\n"),
    });
    expect(ciFindings(v).map((f) => `${f.kind}:${f.tool}:${f.at.line}`)).toEqual(["test:pytest:8"]);
    expect(ciSteps(v).map((s) => s.line)).toEqual([4, 8]);
  });

  it("GitLab: branch pipelines are an assumed pull-request trigger; mainline-only jobs are not", () => {
    const open = view({ ".gitlab-ci.yml": "test:\n  script: [go test ./...]\n" });
    expect(effectiveTriggers(open, ".gitlab-ci.yml").find((t) => t.event === "pull_request")).toMatchObject({ assumed: true });
    const mainline = view({ ".gitlab-ci.yml": "test:\n  script: [go test ./...]\n  only: [main, tags]\n" });
    expect(effectiveTriggers(mainline, ".gitlab-ci.yml").map((t) => t.event)).toEqual(["push"]);
  });

  it("Travis: default script per language, implicit pull-request builds", () => {
    const v = view({ ".travis.yml": "language: node_js\nnode_js: [20]\n", "package.json": '{"scripts": {"test": "mocha"}}' });
    expect(ciSteps(v)[0]).toMatchObject({ run: "npm test", line: 1 });
    expect(ciFindings(v)[0]?.tool).toBe("mocha");
    expect(effectiveTriggers(v, ".travis.yml").find((t) => t.event === "pull_request")?.implicit).toMatch(/Travis CI builds pull requests by default/);
  });

  it("CircleCI: run steps, reusable commands, orb jobs and branch filters", () => {
    const v = view({
      ".circleci/config.yml": [
        "version: 2.1",
        "orbs:",
        "  node: circleci/node@5",
        "commands:",
        "  lint:",
        "    steps:",
        "      - run: npx eslint .",
        "jobs:",
        "  build:",
        "    docker: [{image: cimg/node:20.11}]",
        "    steps:",
        "      - checkout",
        "      - lint",
        "      - run:",
        "          name: Unit tests",
        "          command: npx jest --ci",
        "workflows:",
        "  main:",
        "    jobs:",
        "      - build",
        "      - node/test",
      ].join("\n"),
    });
    expect(ciFindings(v).map((f) => `${f.kind}:${f.tool}:${f.at.line}`)).toEqual(["lint:eslint:7", "test:jest:16", "test:orb node/test:21"]);
    expect(effectiveTriggers(v, ".circleci/config.yml").find((t) => t.event === "pull_request")).toMatchObject({ assumed: true });
  });

  it("Azure Pipelines: script steps, tasks with inputs, pr: none", () => {
    const v = view({
      "azure-pipelines.yml": [
        "trigger: [main]",
        "pr: none",
        "stages:",
        "  - stage: ci",
        "    jobs:",
        "      - job: test",
        "        steps:",
        "          - script: dotnet test --collect:'XPlat Code Coverage'",
        "          - task: SonarCloudAnalyze@1",
      ].join("\n"),
    });
    expect(ciFindings(v).map((f) => `${f.kind}:${f.at.line}`)).toEqual(["test:8", "coverage:8", "sast:9"]);
    expect(effectiveTriggers(v, "azure-pipelines.yml").map((t) => t.event)).toEqual(["push"]);
  });

  it("Bitbucket, Drone and Buildkite steps and triggers", () => {
    const v = view({
      "bitbucket-pipelines.yml": "pipelines:\n  pull-requests:\n    '**':\n      - step:\n          script:\n            - ./gradlew check\n",
      ".drone.yml": "kind: pipeline\nname: default\nsteps:\n  - name: test\n    image: golang:1.23\n    commands:\n      - go test ./...\ntrigger:\n  event: [push]\n---\nkind: secret\nname: token\n",
      ".buildkite/pipeline.yml": "steps:\n  - label: rspec\n    command: bundle exec rspec\n",
    });
    expect(events(v, "bitbucket-pipelines.yml")).toEqual(["pull_request:2"]);
    expect(events(v, ".drone.yml")).toEqual(["push:9"]);
    expect(ciFindings(v).map((f) => `${f.at.path}:${f.at.line}:${f.tool}`)).toEqual(["bitbucket-pipelines.yml:6:gradle", ".drone.yml:7:go test", ".buildkite/pipeline.yml:3:rspec"]);
  });

  it("Jenkinsfile: sh steps in their stage, comments and other text ignored", () => {
    const v = view({
      Jenkinsfile: "pipeline {\n  stages {\n    stage('Test') {\n      steps {\n        // sh 'make lint'\n        echo \"sh 'not a step'\"\n        sh '''\n          ./gradlew test\n        '''\n      }\n    }\n  }\n}\n",
    });
    expect(ciSteps(v).map((s) => `${s.job}:${s.line}:${s.run?.trim()}`)).toEqual(["Test:8:./gradlew test"]);
    expect(ciFindings(v)[0]?.at).toEqual({ path: "Jenkinsfile", line: 8 });
  });
});
