import { describe, expect, it } from "vitest";
import { coverage } from "../../../src/probes/testing/coverage.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("testing.coverage", () => {
  it("finds pytest --cov in the Makefile recipe and the Codecov upload (fastapi fixture)", async () => {
    const finding = coverage.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: "Makefile", line: fixtureLine("fastapi-service", "Makefile", "--cov=app") });
    expect(finding.evidence.map((e) => e.path)).toContain(".github/workflows/ci.yml");
  });

  it("does not take jest settings that leave coverage off for coverage configured", () => {
    const jestInit = [
      "const config: Config = {",
      "  // Indicates whether the coverage information should be collected while executing the test",
      "  collectCoverage: false,",
      "  // The directory where Jest should output its coverage files",
      '  coverageDirectory: "coverage",',
      '  coverageProvider: "v8",',
      '  testEnvironment: "jsdom",',
      "};",
      "",
    ].join("\n");
    const packageJson = '{\n  "scripts": { "test": "jest" },\n  "jest": { "collectCoverage": false, "coverageReporters": ["text"] }\n}\n';
    expect(coverage.run(contextOf({ "jest.config.ts": jestInit, "package.json": packageJson })).outcome).toBe("fail");
    const on = coverage.run(contextOf({ "jest.config.ts": jestInit.replace("collectCoverage: false", "collectCoverage: true"), "package.json": packageJson }));
    expect(on.evidence).toEqual([{ path: "jest.config.ts", line: 3, note: "test runner coverage settings" }]);
  });

  it("reads the coverage block of vitest.config.ts (express fixture)", async () => {
    const finding = coverage.run(await fixtureContext("express-ts-service"));
    expect(finding.evidence[0]).toEqual({ path: "vitest.config.ts", line: fixtureLine("express-ts-service", "vitest.config.ts", "coverage:"), note: "test runner coverage settings" });
  });

  it("finds the JaCoCo plugin (spring fixture) and go test -coverprofile in GitLab CI (go fixture)", async () => {
    expect(coverage.run(await fixtureContext("spring-boot-app")).evidence[0]).toEqual({ path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "jacoco-maven-plugin"), note: "JaCoCo Maven plugin" });
    expect(coverage.run(await fixtureContext("go-nethttp-service")).evidence[0]).toMatchObject({ path: ".gitlab-ci.yml", line: fixtureLine("go-nethttp-service", ".gitlab-ci.yml", "-coverprofile") });
  });

  it("fails when tests run without coverage (python-library fixture)", async () => {
    const finding = coverage.run(await fixtureContext("python-library"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no coverage configuration: looked for/);
  });

  it("fails, naming the package, when a coverage tool is only installed", () => {
    const finding = coverage.run(contextOf({ "requirements-dev.txt": "pytest==8.3.3\npytest-cov==5.0.0\n", "tests/test_app.py": "def test_app():\n    pass\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.evidence).toEqual([{ path: "requirements-dev.txt", line: 2, note: "coverage tool pytest-cov" }]);
  });

  it("reads jest coverage keys in package.json, coverage scripts by command and by name", () => {
    const finding = coverage.run(
      contextOf({
        "package.json": '{\n  "scripts": {\n    "test": "jest",\n    "test:cov": "jest --coverage",\n    "test:server-coverage": "acme-cli test-coverage:server"\n  },\n  "jest": {\n    "collectCoverageFrom": ["src/**/*.ts"],\n    "collectCoverage": true\n  }\n}\n',
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "package.json", line: 9, note: "jest collectCoverage" },
      { path: "package.json", line: 4, note: '"test:cov": "jest --coverage"' },
      { path: "package.json", line: 5, note: '"test:server-coverage": "acme-cli test-coverage:server"' },
    ]);
  });

  it("finds coverage.py config, SimpleCov and nps scripts at their lines", () => {
    const finding = coverage.run(
      contextOf({
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.coverage.run]\nbranch = true\n',
        "test/test_helper.rb": 'if ENV["COVERAGE"]\n  require "simplecov"\n  SimpleCov.start "rails"\nend\n',
        "package-scripts.js": "module.exports = {\n  scripts: {\n    coverage: { script: 'nps \"test --coverage\"' },\n  },\n};\n",
      }),
    );
    expect(finding.evidence).toEqual(
      expect.arrayContaining([
        { path: "pyproject.toml", line: 4, note: "coverage.py config in pyproject.toml" },
        { path: "test/test_helper.rb", line: 3, note: "SimpleCov.start" },
        { path: "package-scripts.js", line: 3, note: 'coverage task "coverage" in package-scripts.js' },
      ]),
    );
  });

  it("expands Makefile variables built with += and reads Go's -test.coverprofile spelling", () => {
    const makefile = "GO_TEST_FLAGS := -race\nGO_TEST_FLAGS += -coverprofile=coverage.out\n\ntest:\n\tgo test $(GO_TEST_FLAGS) ./...\n";
    expect(coverage.run(contextOf({ Makefile: makefile, "go.mod": "module x\n" })).outcome).toBe("pass");
    const binary = "test:\n\tgo test ./... -args -test.coverprofile=coverage.out\n";
    expect(coverage.run(contextOf({ Makefile: binary, "go.mod": "module x\n" })).outcome).toBe("pass");
    const unset = "GO_TEST_FLAGS ?= -coverprofile=c.out\nGO_TEST_FLAGS ?= -v\n\ntest:\n\tgo test $(GO_TEST_FLAGS) ./...\n";
    expect(coverage.run(contextOf({ Makefile: unset, "go.mod": "module x\n" })).outcome).toBe("pass");
  });

  it("ignores coverage commands that are commented out", () => {
    const finding = coverage.run(
      contextOf({
        Makefile: "test:\n\tgo test ./...\n# cover:\n#\tgo test -coverprofile=c.out ./...\n",
        "scripts/test.sh": "#!/bin/sh\n# pytest --cov=app\npytest\n",
        "test/test_helper.rb": '# SimpleCov.start "rails"\nrequire "minitest/autorun"\n',
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("counts a coverage upload step in CI", () => {
    const finding = coverage.run(
      contextOf({
        ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n      - uses: codecov/codecov-action@v4\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/ci.yml", line: 7 });
  });

  it("reads coverage settings of other build tools: sbt-scoverage, mix, SonarQube report paths", () => {
    const finding = coverage.run(
      contextOf({
        "project/plugins.sbt": 'addSbtPlugin("org.scoverage" % "sbt-scoverage" % "2.0.12")\n',
        "mix.exs": "def project do\n  [app: :shop, test_coverage: [tool: ExCoveralls]]\nend\n",
        "sonar-project.properties": "sonar.projectKey=shop\n# sonar.coverage.exclusions=**/*\nsonar.javascript.lcov.reportPaths=coverage/lcov.info\n",
      }),
    );
    expect(finding.evidence).toEqual(
      expect.arrayContaining([
        { path: "project/plugins.sbt", line: 1, note: "sbt-scoverage plugin" },
        { path: "mix.exs", line: 2, note: "Elixir test coverage settings" },
        { path: "sonar-project.properties", line: 3, note: "coverage report imported by SonarQube" },
      ]),
    );
  });

  it("reads coverage switched on in Nx executor options: a project's test target and nx.json targetDefaults", () => {
    const project = {
      name: "api",
      targets: {
        test: { executor: "@nx/jest:jest", outputs: ["{workspaceRoot}/coverage/{projectRoot}"], options: { jestConfig: "apps/api/jest.config.ts" }, configurations: { ci: { ci: true, codeCoverage: true } } },
      },
    };
    const finding = coverage.run(contextOf({ "apps/api/project.json": JSON.stringify(project, null, 2), "apps/api/src/main.spec.ts": "it('works', () => {});\n" }));
    expect(finding.evidence).toEqual([{ path: "apps/api/project.json", line: 15, note: "coverage switched on in the test executor's options" }]);
    const nx = { targetDefaults: { "@nx/vite:test": { cache: true, inputs: ["default", "^production"], options: { passWithNoTests: true, coverage: true } } } };
    expect(coverage.run(contextOf({ "nx.json": JSON.stringify(nx, null, 2) })).evidence[0]).toMatchObject({ path: "nx.json", line: 11 });
    const vite = '{\n  "targets": {\n    "test": {\n      "executor": "@nx/vite:test",\n      "options": { "coverage": { "enabled": true, "provider": "v8" } }\n    }\n  }\n}\n';
    expect(coverage.run(contextOf({ "libs/ui/project.json": vite })).evidence[0]).toMatchObject({ path: "libs/ui/project.json", line: 5 });
    const off = { targetDefaults: { "@nx/jest:jest": { options: { codeCoverage: false } } } };
    expect(coverage.run(contextOf({ "nx.json": JSON.stringify(off, null, 2) })).outcome).toBe("fail");
  });

  it("counts coverlet referenced for every test project from a Directory.Build.props", () => {
    const props = '<Project>\n  <ItemGroup>\n    <PackageReference Include="coverlet.collector">\n      <PrivateAssets>all</PrivateAssets>\n    </PackageReference>\n  </ItemGroup>\n</Project>\n';
    expect(coverage.run(contextOf({ "tests/Directory.Build.props": props }))).toMatchObject({ outcome: "pass", evidence: [{ path: "tests/Directory.Build.props", line: 3 }] });
  });

  it("does not take a test project's template coverlet.collector reference for coverage, unless its runs collect", () => {
    const csproj = (extra: string) =>
      `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>${extra}</PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="coverlet.collector" Version="6.0.2" />\n  </ItemGroup>\n</Project>\n`;
    expect(coverage.run(contextOf({ "tests/Lib.Tests/Lib.Tests.csproj": csproj("") })).outcome).toBe("fail");
    expect(coverage.run(contextOf({ "tests/Lib.Tests/Lib.Tests.csproj": csproj("<CollectCoverage>true</CollectCoverage>") })).outcome).toBe("pass");
    const workflow = "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: dotnet test --collect:\"XPlat Code Coverage\"\n";
    expect(coverage.run(contextOf({ "tests/Lib.Tests/Lib.Tests.csproj": csproj(""), ".github/workflows/ci.yml": workflow })).outcome).toBe("pass");
    const runsettings = '<RunSettings>\n  <DataCollectionRunSettings>\n    <DataCollectors>\n      <DataCollector friendlyName="Code Coverage" uri="datacollector://Microsoft/CodeCoverage/2.0" />\n    </DataCollectors>\n  </DataCollectionRunSettings>\n</RunSettings>\n';
    expect(coverage.run(contextOf({ "tests/Lib.Tests/Lib.Tests.csproj": csproj(""), "CodeCoverage.runsettings": runsettings }))).toMatchObject({ outcome: "pass", evidence: [{ path: "CodeCoverage.runsettings", line: 4 }] });
  });

  it("does not take phpunit's empty <coverage/> element for coverage settings", () => {
    const xml = (coverage: string) => `<phpunit>\n  <testsuites/>\n  ${coverage}\n</phpunit>\n`;
    expect(coverage.run(contextOf({ "phpunit.xml.dist": xml("<coverage/>") })).outcome).toBe("fail");
    // PHPUnit 8 names the sources coverage measures in a filter whitelist.
    expect(coverage.run(contextOf({ "phpunit.xml": xml('<filter>\n    <whitelist processUncoveredFilesFromWhitelist="true">\n      <directory suffix=".php">./app</directory>\n    </whitelist>\n  </filter>') })).outcome).not.toBe("fail");
    expect(coverage.run(contextOf({ "phpunit.xml.dist": xml('<coverage>\n    <report><clover outputFile="clover.xml"/></report>\n  </coverage>') })).outcome).toBe("pass");
  });
});
