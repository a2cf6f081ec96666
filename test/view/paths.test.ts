import { describe, expect, it } from "vitest";
import { isNonProjectPath, isTestPath } from "../../src/view/paths.js";

describe("isNonProjectPath", () => {
  it.each([
    "tests/fixtures/app/Dockerfile",
    "examples/express/server.js",
    "docs_src/security/tutorial005.py",
    "docs_src/app_testing/test_main.py",
    "test-projects/development-dependencies-lock/packages.lock.json",
  ])("sets %s aside", (path) => {
    expect(isNonProjectPath(path)).toBe(true);
  });

  it.each(["fastapi/applications.py", "docs/deployment.md", "src/docs/server.ts"])("keeps %s", (path) => {
    expect(isNonProjectPath(path)).toBe(false);
  });

  it("takes helpers that only tests use for test code", () => {
    expect(isTestPath("crates/common/src/test_utils/capture.rs")).toBe(true);
    expect(isTestPath("internal/testutil/server.go")).toBe(true);
    expect(isTestPath("crates/common/src/utils/capture.rs")).toBe(false);
    // A top-level integration/ folder holds integration suites; src/integration/ is product code.
    expect(isTestPath("integration/python/alembic/env.py")).toBe(true);
    expect(isTestPath("src/integration/stripe.ts")).toBe(false);
  });

  it("takes .NET test projects, named after the project they test, for test code", () => {
    expect(isTestPath("Rnwood.Smtp4dev.Tests/Resources/smtp4dev.key")).toBe(true);
    expect(isTestPath("src/Shop.Api.IntegrationTests/Fixtures/Seed.cs")).toBe(true);
    expect(isTestPath("src/Shop.Api/Program.cs")).toBe(false);
    expect(isTestPath("src/Shop.Contests/Program.cs")).toBe(false);
  });

  it("takes Gradle's test source sets, the ones a build adds included, for test code", () => {
    expect(isTestPath("src/integrationTest/resources/application-test.yml")).toBe(true);
    expect(isTestPath("src/functionalTest/java/uk/gov/api/AuthorizationFunctionalTest.java")).toBe(true);
    expect(isTestPath("app/src/androidTest/java/Smoke.kt")).toBe(true);
    expect(isTestPath("src/main/resources/application.yml")).toBe(false);
    expect(isTestPath("src/contest/Main.java")).toBe(false);
  });
});
