import { describe, expect, it } from "vitest";
import { ciLint } from "../../../src/probes/ci/lint.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("ci.lint", () => {
  it("passes on ruff and mypy steps with their lines (fastapi fixture)", async () => {
    const finding = ciLint.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([".github/workflows/ci.yml:20", ".github/workflows/ci.yml:21", ".github/workflows/ci.yml:23"]);
    expect(finding.reason).toMatch(/ruff \(\.github\/workflows\/ci\.yml:20\)/);
  });

  it("passes on tsc --noEmit (express fixture) and on a local composite action (python-library fixture)", async () => {
    expect(ciLint.run(await fixtureContext("express-ts-service")).evidence[0]).toMatchObject({ path: ".github/workflows/build.yml", line: 24 });
    const composite = ciLint.run(await fixtureContext("python-library"));
    expect(composite.evidence).toEqual([
      { path: ".github/workflows/ci.yml", line: 14, note: expect.stringMatching(/ruff via \.github\/actions\/lint\/action\.yml:12/) },
      { path: ".github/actions/lint/action.yml", line: 12 },
    ]);
  });

  it("follows `npm run lint` and `make lint`, and lint actions", () => {
    const finding = ciLint.run(
      contextOf({
        ".github/workflows/ci.yml": "on: push\njobs:\n  l:\n    steps:\n      - run: make lint\n      - uses: golangci/golangci-lint-action@v6\n",
        Makefile: "lint:\n\tnpm run lint\n",
        "package.json": '{"scripts": {"lint": "biome check ."}}',
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([".github/workflows/ci.yml:5", "package.json:1", ".github/workflows/ci.yml:6"]);
  });

  it("counts prek, the pre-commit runner, as its action or its command", () => {
    const workflow = (step: string) => ({ ".github/workflows/prek.yml": `on: pull_request\njobs:\n  prek:\n    runs-on: ubuntu-24.04\n    steps:\n${step}` });
    expect(ciLint.run(contextOf(workflow("      - uses: j178/prek-action@v2\n"))).evidence[0]).toMatchObject({ path: ".github/workflows/prek.yml", line: 6 });
    expect(ciLint.run(contextOf(workflow("      - run: prek run --all-files\n"))).outcome).toBe("pass");
  });

  it("does not count formatters that rewrite files, or a lint step that is commented out", () => {
    const finding = ciLint.run(
      contextOf({ ".github/workflows/ci.yml": "on: push\njobs:\n  l:\n    steps:\n      - run: npx prettier --write .\n      # - run: npx eslint .\n      - run: black .\n" }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no linter, formatter check or type checker .* runs in \.github\/workflows\/ci\.yml/);
  });

  it("fails on a Jenkinsfile whose only lint step is commented out (spring fixture)", async () => {
    expect(ciLint.run(await fixtureContext("spring-boot-app")).outcome).toBe("fail");
  });

  it("counts a CI .NET build that enforces code style or makes opted-in analyzers errors, not a plain or compiler-only build", () => {
    const workflow = "on: pull_request\njobs:\n  build:\n    steps:\n      - run: dotnet restore\n      - run: dotnet build --no-restore -c Release\n      - run: dotnet test --no-build\n";
    const props = "<Project>\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n    <AnalysisMode>Recommended</AnalysisMode>\n  </PropertyGroup>\n</Project>\n";
    const gated = ciLint.run(contextOf({ ".github/workflows/ci.yml": workflow, "Directory.Build.props": props, "src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web" />\n' }));
    expect(gated.outcome).toBe("pass");
    expect(gated.reason).toMatch(/dotnet build with analyzer warnings as errors \(Directory\.Build\.props:4\)/);
    expect(gated.evidence[0]).toMatchObject({ path: ".github/workflows/ci.yml", line: 6 });
    const plain = ciLint.run(contextOf({ ".github/workflows/ci.yml": workflow, "src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web" />\n' }));
    expect(plain.outcome).toBe("fail");
    // Warnings as errors without analyzers only hardens the compiler.
    const compilerOnly = props.replace("    <AnalysisMode>Recommended</AnalysisMode>\n", "");
    expect(ciLint.run(contextOf({ ".github/workflows/ci.yml": workflow, "Directory.Build.props": compilerOnly })).outcome).toBe("fail");
    const styled = compilerOnly.replace("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", "<EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>");
    expect(ciLint.run(contextOf({ ".github/workflows/ci.yml": workflow, "Directory.Build.props": styled })).outcome).toBe("pass");
  });
});
