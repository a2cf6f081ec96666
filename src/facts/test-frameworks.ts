import type { RepoView } from "../view/repo-view.js";
import type { Evidence } from "../findings/findings.js";
import { type Ecosystem, findDependency } from "./dependencies.js";
import { type TestStack, testFiles } from "./test-files.js";

export interface TestFramework {
  name: string;
  evidence: Evidence;
}

/** Test frameworks and libraries a project declares as dependencies, per ecosystem ("mocha" is also a Ruby mocking gem). */
const FRAMEWORK_PACKAGES: { name: string; ecosystem: Ecosystem; packages: string[] }[] = [
  { name: "jest", ecosystem: "npm", packages: ["jest", "ts-jest", "@jest/globals", "jest-cli"] },
  { name: "vitest", ecosystem: "npm", packages: ["vitest"] },
  { name: "mocha", ecosystem: "npm", packages: ["mocha"] },
  { name: "ava", ecosystem: "npm", packages: ["ava"] },
  { name: "jasmine", ecosystem: "npm", packages: ["jasmine", "jasmine-core"] },
  { name: "tap", ecosystem: "npm", packages: ["tap", "tape"] },
  { name: "karma", ecosystem: "npm", packages: ["karma"] },
  { name: "playwright", ecosystem: "npm", packages: ["@playwright/test"] },
  { name: "playwright", ecosystem: "pypi", packages: ["pytest-playwright"] },
  { name: "cypress", ecosystem: "npm", packages: ["cypress"] },
  { name: "webdriverio", ecosystem: "npm", packages: ["webdriverio", "@wdio/cli"] },
  { name: "supertest", ecosystem: "npm", packages: ["supertest"] },
  { name: "pytest", ecosystem: "pypi", packages: ["pytest"] },
  { name: "nose", ecosystem: "pypi", packages: ["nose", "nose2"] },
  { name: "JUnit", ecosystem: "maven", packages: ["junit:junit", "org.junit.jupiter:*", "org.junit:*", "org.springframework.boot:spring-boot-starter-test"] },
  { name: "TestNG", ecosystem: "maven", packages: ["org.testng:testng"] },
  { name: "Spock", ecosystem: "maven", packages: ["org.spockframework:*"] },
  { name: "Kotest", ecosystem: "maven", packages: ["io.kotest:*"] },
  { name: "rspec", ecosystem: "rubygems", packages: ["rspec", "rspec-rails", "rspec-core"] },
  { name: "minitest", ecosystem: "rubygems", packages: ["minitest"] },
  { name: "capybara", ecosystem: "rubygems", packages: ["capybara"] },
  { name: "selenium", ecosystem: "npm", packages: ["selenium-webdriver"] },
  { name: "selenium", ecosystem: "rubygems", packages: ["selenium-webdriver"] },
  { name: "selenium", ecosystem: "pypi", packages: ["selenium"] },
  { name: "selenium", ecosystem: "maven", packages: ["org.seleniumhq.selenium:*"] },
  { name: "phpunit", ecosystem: "composer", packages: ["phpunit/phpunit"] },
  { name: "pest", ecosystem: "composer", packages: ["pestphp/pest"] },
  { name: "codeception", ecosystem: "composer", packages: ["codeception/codeception"] },
];

/** Runners that come with the language's toolchain: tests of that stack need no declared framework. */
const BUILT_IN_RUNNERS: Partial<Record<TestStack, string>> = {
  go: "go test",
  rust: "cargo test",
  elixir: "ExUnit",
};

/** Frameworks told by what a stack's test files import (a framework may come with the platform, like unittest). */
const IMPORT_SIGNATURES: { stack: TestStack; name: string; pattern: RegExp }[] = [
  { stack: "python", name: "django-test", pattern: /^[^\S\r\n]*from\s+(?:django|rest_framework)\.test\b/m },
  // unittest.mock helpers do not make a unittest suite; TestCase classes do (Django's TestCase is one).
  { stack: "python", name: "unittest", pattern: /\bunittest\.(?:IsolatedAsyncio)?TestCase\b|^[^\S\r\n]*from\s+unittest\s+import\b[^\n]*\bTestCase\b|^[^\S\r\n]*from\s+django\.test\s+import\b[^\n]*TestCase\b/m },
  { stack: "python", name: "pytest", pattern: /^[^\S\r\n]*(?:import\s+pytest\b|from\s+pytest\b)/m },
  { stack: "jvm", name: "JUnit", pattern: /^[^\S\r\n]*import\s+(?:static\s+)?org\.junit\./m },
  { stack: "jvm", name: "TestNG", pattern: /^[^\S\r\n]*import\s+(?:static\s+)?org\.testng\./m },
  { stack: "jvm", name: "Kotest", pattern: /^[^\S\r\n]*import\s+io\.kotest\./m },
  { stack: "jvm", name: "Spock", pattern: /^[^\S\r\n]*import\s+spock\.lang\./m },
  { stack: "javascript", name: "vitest", pattern: /from\s+["']vitest["']/ },
  { stack: "javascript", name: "jest", pattern: /from\s+["']@jest\/globals["']/ },
  { stack: "javascript", name: "node:test", pattern: /(?:from\s+|require\(\s*)["']node:test["']/ },
  { stack: "javascript", name: "bun test", pattern: /from\s+["']bun:test["']/ },
  { stack: "dotnet", name: "xUnit", pattern: /^[^\S\r\n]*using\s+Xunit\s*;/m },
  { stack: "dotnet", name: "NUnit", pattern: /^[^\S\r\n]*using\s+NUnit\.Framework\s*;/m },
  { stack: "dotnet", name: "MSTest", pattern: /^[^\S\r\n]*using\s+Microsoft\.VisualStudio\.TestTools\.UnitTesting\s*;/m },
];

/** The test frameworks in use: declared test dependencies plus the toolchain runners of the stacks that have tests. */
export function testFrameworks(view: RepoView): TestFramework[] {
  return view.memo("facts:test-frameworks", () => {
    const found: TestFramework[] = [];
    for (const { name, ecosystem, packages } of FRAMEWORK_PACKAGES) {
      const dep = findDependency(view, packages).find((d) => d.ecosystem === ecosystem);
      if (dep && !found.some((f) => f.name === name)) found.push({ name, evidence: { path: dep.path, line: dep.line, note: `${name} (${dep.name})` } });
    }
    const files = testFiles(view);
    const stacks = new Set(files.map((f) => f.stack));
    for (const stack of stacks) {
      const runner = BUILT_IN_RUNNERS[stack];
      const first = files.find((f) => f.stack === stack);
      if (runner && first) found.push({ name: runner, evidence: { path: first.path, note: `${runner} (built into the toolchain)` } });
    }
    found.push(...importedFrameworks(view, found));
    if (stacks.has("ruby") && !found.some((f) => f.name === "rspec" || f.name === "minitest")) {
      const railsTest = files.find((f) => f.stack === "ruby" && f.path.endsWith("_test.rb"));
      if (railsTest) found.push({ name: "minitest", evidence: { path: railsTest.path, note: "minitest (*_test.rb)" } });
    }
    return found;
  });
}

/** Frameworks the test files import that no dependency declared: the first importing file is the evidence. */
function importedFrameworks(view: RepoView, declared: readonly TestFramework[]): TestFramework[] {
  const out: TestFramework[] = [];
  const files = testFiles(view);
  for (const { stack, name, pattern } of IMPORT_SIGNATURES) {
    if (declared.some((f) => f.name === name)) continue;
    for (const file of files) {
      if (file.stack !== stack) continue;
      const code = view.code(file.path);
      const match = code === undefined ? null : pattern.exec(code);
      if (match) {
        out.push({ name, evidence: { path: file.path, line: view.lineAt(file.path, match.index + match[0].search(/\S/)), note: `${name} (imported by the tests)` } });
        break;
      }
    }
  }
  return out;
}
