import { describe, expect, it } from "vitest";
import { runnerConfigured } from "../../../src/probes/testing/runner-configured.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const NPM_INIT = '{\n  "name": "chat",\n  "scripts": {\n    "test": "echo \\"Error: no test specified\\" && exit 1",\n    "start": "node main.js"\n  }\n}\n';

describe("testing.runner-configured", () => {
  it("fails on npm's placeholder test script, pointing at it", () => {
    const finding = runnerConfigured.run(contextOf({ "package.json": NPM_INIT, "main.js": "require('express')().listen(3000)\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/package\.json:4 "test" is a placeholder/);
    expect(finding.evidence).toEqual([{ path: "package.json", line: 4, note: "placeholder test script" }]);
  });

  it("is partial when tests exist but only the placeholder declares how to run them, and says what to add", () => {
    const finding = runnerConfigured.run(contextOf({ "package.json": NPM_INIT, "src/chat.test.js": "test('joins', () => {})\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/1 test file \(javascript\) but nothing declares how to run them/);
    expect(finding.reason).toMatch(/add a "test" script to package\.json/);
    expect(finding.evidence[0]).toMatchObject({ path: "package.json", line: 4 });
  });

  it("is partial when a test framework is installed but no script runs it", () => {
    const finding = runnerConfigured.run(
      contextOf({ "package.json": '{\n  "devDependencies": {\n    "vitest": "^2.1.0"\n  }\n}\n', "src/sum.test.ts": "import { test } from 'vitest'\ntest('sums', () => {})\n" }),
    );
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/vitest is a dependency \(package\.json:3\) but no script runs it/);
  });

  it("passes on the package.json test script with its line (express fixture)", async () => {
    const finding = runnerConfigured.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: "package.json", line: fixtureLine("express-ts-service", "package.json", '"test":'), note: '"test": "vitest run"' });
    expect(finding.evidence).toContainEqual({ path: "vitest.config.ts", line: 1, note: "vitest config" });
  });

  it("puts the Makefile test target before conftest.py (fastapi fixture)", async () => {
    const finding = runnerConfigured.run(await fixtureContext("fastapi-service"));
    expect(finding.reason).toBe(`test command declared: Makefile target "test" (Makefile:${fixtureLine("fastapi-service", "Makefile", "test:")})`);
    expect(finding.evidence[1]).toMatchObject({ path: "tests/conftest.py" });
  });

  it("relies on the toolchain runner for Go and Maven tests (go and spring fixtures)", async () => {
    const go = runnerConfigured.run(await fixtureContext("go-nethttp-service"));
    expect(go.outcome).toBe("pass");
    expect(go.evidence).toEqual([{ path: "go.mod", line: 1, note: "go test ./... (built into Go)" }]);
    const spring = runnerConfigured.run(await fixtureContext("spring-boot-app"));
    expect(spring.evidence[0]).toMatchObject({ path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "spring-boot-starter-test"), note: expect.stringMatching(/^mvn test/) });
  });

  it("points at the pytest section of pyproject.toml", () => {
    const finding = runnerConfigured.run(
      contextOf({ "pyproject.toml": '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n', "tests/test_x.py": "def test_x():\n    pass\n" }),
    );
    expect(finding.evidence[0]).toEqual({ path: "pyproject.toml", line: 4, note: "pytest config in pyproject.toml" });
  });

  it("ignores a commented-out Makefile test target", () => {
    const finding = runnerConfigured.run(contextOf({ Makefile: "build:\n\tgo build ./...\n\n# test:\n#\tgo test ./...\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no test command/);
  });

  it("counts Rails' built-in runner when the app has tests", () => {
    const finding = runnerConfigured.run(contextOf({ "bin/rails": "#!/usr/bin/env ruby\n", "test/models/user_test.rb": "class UserTest < ActiveSupport::TestCase\n  test \"is valid\" do\n    assert User.new.valid?\n  end\nend\n" }));
    expect(finding.evidence).toEqual([{ path: "bin/rails", line: 1, note: "bin/rails test (Rails' test runner)" }]);
  });

  it("fails on the empty fixture", async () => {
    expect(runnerConfigured.run(await fixtureContext("empty-repo")).outcome).toBe("fail");
  });

  it("finds a hatch test script in pyproject.toml", () => {
    const finding = runnerConfigured.run(
      contextOf({ "pyproject.toml": '[project]\nname = "x"\n\n[tool.hatch.envs.default.scripts]\ntest = "pytest {args:tests}"\n', "tests/test_x.py": "def test_x():\n    pass\n" }),
    );
    expect(finding.evidence[0]).toEqual({ path: "pyproject.toml", line: 5, note: 'test task in pyproject.toml: test = "pytest {args:tests}"' });
  });
});

