import { describe, expect, it } from "vitest";
import { e2eTests } from "../../../src/probes/testing/e2e.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

/** A Rust web service: its manifest with one framework dependency, and a main. */
const rustService = (name: string, dependency: string) => ({ "Cargo.toml": `[package]\nname = "${name}"\n\n[dependencies]\n${dependency}\n`, "src/main.rs": "fn main() {}\n" });

describe("testing.e2e", () => {
  it("finds the supertest API suite in test/e2e (express fixture)", async () => {
    const finding = e2eTests.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "test/e2e/orders.e2e-spec.ts", note: "end-to-end test" }]);
  });

  it("fails on unit tests only (fastapi fixture)", async () => {
    const finding = e2eTests.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no end-to-end tests: looked for Playwright\/Cypress/);
  });

  it("passes on a Playwright config with its specs", () => {
    const finding = e2eTests.run(
      contextOf({
        "apps/web/playwright.config.ts": "import { defineConfig } from '@playwright/test';\nexport default defineConfig({ testDir: './e2e' });\n",
        "apps/web/e2e/login.spec.ts": "import { test, expect } from '@playwright/test';\ntest('logs in', async ({ page }) => {});\n",
      }),
    );
    expect(finding.reason).toBe("end-to-end tests: Playwright config; 1 end-to-end test file");
    expect(finding.evidence).toEqual([
      { path: "apps/web/playwright.config.ts", note: "Playwright config" },
      { path: "apps/web/e2e/login.spec.ts", note: "end-to-end test" },
    ]);
  });

  it("counts Cypress specs, Rails system tests and Selenium-driven tests", () => {
    const finding = e2eTests.run(
      contextOf({
        "cypress/e2e/checkout.cy.ts": "describe('checkout', () => { it('pays', () => cy.visit('/')) })\n",
        "test/system/accounts_test.rb": "class AccountsTest < ApplicationSystemTestCase\n  test \"signs in\" do\n    visit root_url\n  end\nend\n",
        "tests/test_browser.py": "import pytest\nfrom selenium import webdriver\n\ndef test_home():\n    webdriver.Chrome()\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/3 end-to-end test files/);
    expect(finding.evidence).toEqual(expect.arrayContaining([{ path: "cypress/e2e/checkout.cy.ts", note: "end-to-end test" }]));
  });

  it("counts Helm test hooks that run against the deployed release", () => {
    const finding = e2eTests.run(
      contextOf({
        "charts/api/templates/tests/smoke.yaml": 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: smoke\n  annotations:\n    "helm.sh/hook": test\n',
        "charts/api/templates/deployment.yaml": "kind: Deployment\n",
      }),
    );
    expect(finding.evidence).toEqual([{ path: "charts/api/templates/tests/smoke.yaml", line: 6, note: "Helm test hook (runs against the deployed release)" }]);
  });

  it("counts a Postman collection that Newman runs", () => {
    const finding = e2eTests.run(
      contextOf({
        "package.json": '{\n  "scripts": {\n    "test:api": "newman run postman/orders.postman_collection.json"\n  }\n}\n',
        "postman/orders.postman_collection.json": '{"info": {"name": "orders"}}',
      }),
    );
    expect(finding.evidence).toEqual([
      { path: "package.json", line: 3, note: "Newman runs a Postman collection" },
      { path: "postman/orders.postman_collection.json", note: "Postman collection" },
    ]);
  });

  it("counts Playwright and Selenium driven from C# and Java test code", () => {
    const csharp = e2eTests.run(
      contextOf({
        "tests/Web.AcceptanceTests/Web.AcceptanceTests.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Playwright.NUnit" />\n  </ItemGroup>\n</Project>\n',
        "tests/Web.AcceptanceTests/LoginTests.cs": "using Microsoft.Playwright;\nusing NUnit.Framework;\n\npublic class LoginTests\n{\n    [Test]\n    public async Task SignsIn() { }\n}\n",
      }),
    );
    expect(csharp.outcome).toBe("pass");
    expect(csharp.evidence).toContainEqual(expect.objectContaining({ path: "tests/Web.AcceptanceTests/LoginTests.cs", line: 1 }));
    const java = e2eTests.run(contextOf({ "src/test/java/com/acme/LoginIT.java": "package com.acme;\n\nimport com.microsoft.playwright.Browser;\n\nclass LoginIT {\n  @Test void signsIn() {}\n}\n" }));
    expect(java.outcome).toBe("pass");
  });

  it("counts Newman run by a CI job through a shell script", () => {
    const workflow = "on: [push]\njobs:\n  api:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./postman/run-api-tests.sh\n";
    const finding = e2eTests.run(
      contextOf({
        ".github/workflows/api.yml": workflow,
        "postman/run-api-tests.sh": "#!/usr/bin/env bash\nset -e\nnpx newman run postman/Conduit.postman_collection.json --delay-request 500\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
  });

  it("counts Newman run by a shell script beside the collection, without CI", () => {
    const files = { "tests/Conduit.postman_collection.json": '{"info": {"name": "Conduit"}}\n', "tests/test.sh": '#!/bin/sh\nnewman run ./Conduit.postman_collection.json --global-var "apiUrl=http://localhost:8000/api"\n' };
    expect(e2eTests.run(contextOf(files)).evidence).toEqual([
      { path: "tests/test.sh", line: 2, note: "Newman runs a Postman collection" },
      { path: "tests/Conduit.postman_collection.json", note: "Postman collection" },
    ]);
  });

  it("does not take in-process tests against a local test server for end-to-end tests", () => {
    const finding = e2eTests.run(
      contextOf({
        "tests/conftest.py": "import uvicorn\n\n@pytest.fixture(scope='session')\ndef server():\n    uvicorn.Server(config).run()\n",
        "tests/test_client.py": "def test_get(server):\n    assert httpx.get(server.url).status_code == 200\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("counts black-box suites that start the built program or image and drive it from another process", () => {
    const cases: [string, string, string, number][] = [
      [
        "tests/test_tui.py",
        'import subprocess\nimport time\n\n\ndef test_opens_main_menu(tmp_path):\n    subprocess.run(["tmux", "new-session", "-d", "-s", "t", "./target/release/app"], check=True)\n',
        "test drives the program in a terminal through tmux",
        6,
      ],
      [
        "src/test/java/com/acme/api/ContainerIT.java",
        'package com.acme.api;\n\nclass ContainerIT {\n  static GenericContainer<?> api = new GenericContainer<>(\n      new ImageFromDockerfile().withDockerfile(Path.of("Dockerfile")));\n}\n',
        "test starts the project's own image with Testcontainers",
        5,
      ],
      [
        "test/server.test.js",
        "const { spawn } = require('node:child_process');\n\nlet server;\nbefore(() => {\n  server = spawn('node', ['bin/www'], { env: { PORT: '4010' } });\n});\n\nit('answers', async () => {\n  const res = await fetch('http://127.0.0.1:4010/health');\n});\n",
        "test starts the server process and calls it over HTTP",
        5,
      ],
      [
        "internal/integration/cli_test.go",
        'package integration\n\nfunc TestVersion(t *testing.T) {\n\tout, err := exec.Command(binaryPath, "version").CombinedOutput()\n\trequire.NoError(t, err, string(out))\n}\n',
        "integration test runs the built binary",
        4,
      ],
    ];
    for (const [path, code, note, line] of cases) expect(e2eTests.run(contextOf({ [path]: code })).evidence, path).toEqual([{ path, line, note }]);
  });

  it("counts a Rust server's tests that start its built binary, not a command-line tool's tests that run it with arguments", () => {
    const server = { "Cargo.toml": '[package]\nname = "search"\n', "src/main.rs": "async fn run(listener: TcpListener) {\n    loop {\n        let (socket, _) = listener.accept().await.unwrap();\n        tokio::spawn(handle(socket));\n    }\n}\n" };
    const smoke = 'use std::process::Command;\n\n#[test]\nfn serves_version() {\n    let out = Command::new(env!("CARGO_BIN_EXE_search")).arg("--version").output().unwrap();\n    assert!(out.status.success());\n}\n';
    expect(e2eTests.run(contextOf({ ...server, "tests/smoke.rs": smoke })).evidence).toEqual([{ path: "tests/smoke.rs", line: 5, note: "integration test runs the built command-line binary" }]);
    // A harness module beside the tests finds the binary under target/ for them.
    const harness = 'pub static BIN: LazyLock<PathBuf> = LazyLock::new(|| {\n    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("debug/search")\n});\n\npub fn start() -> Child {\n    Command::new(BIN.as_path()).spawn().unwrap()\n}\n';
    expect(e2eTests.run(contextOf({ ...server, "tests/common/mod.rs": harness })).evidence).toEqual([{ path: "tests/common/mod.rs", line: 2, note: "test harness runs the built binary" }]);
    const cli = { "Cargo.toml": '[package]\nname = "mytool"\n', "src/main.rs": "fn main() {}\n" };
    const assertCmd = 'use assert_cmd::Command;\n\n#[test]\nfn prints_help() {\n    Command::cargo_bin("mytool").unwrap().arg("--help").assert().success();\n}\n';
    expect(e2eTests.run(contextOf({ ...cli, "tests/cli.rs": assertCmd })).outcome).toBe("fail");
  });

  it("does not take the tmux command lines a program is expected to generate for tests that drive tmux", () => {
    const spec = 'describe Window do\n  it "returns the commands" do\n    expect(window.commands).to eq [\n      "tmux send-keys -t test:1 git\\ fetch C-m"\n    ]\n  end\nend\n';
    expect(e2eTests.run(contextOf({ "spec/lib/window_spec.rb": spec })).outcome).toBe("fail");
    const driven = 'it "opens" do\n  system("tmux new-session -d -s t bin/app")\nend\n';
    expect(e2eTests.run(contextOf({ "spec/cli_spec.rb": driven })).evidence).toEqual([{ path: "spec/cli_spec.rb", line: 2, note: "test drives the program in a terminal through tmux" }]);
  });

  it("counts Testcontainers starting the image the repository builds, by its tag, not a database image", () => {
    const workflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t acme/orders-api:test .\n      - run: go test -tags=integration ./...\n";
    const test = (image: string) =>
      `package integration\n\nfunc TestOrders(t *testing.T) {\n\treq := testcontainers.ContainerRequest{\n\t\tImage:        "${image}",\n\t\tExposedPorts: []string{"8080/tcp"},\n\t}\n\t_ = req\n}\n`;
    const own = e2eTests.run(contextOf({ ".github/workflows/ci.yml": workflow, "internal/integration/orders_test.go": test("acme/orders-api:test") }));
    expect(own.evidence).toEqual([{ path: "internal/integration/orders_test.go", line: 5, note: "test starts the project's own image with Testcontainers" }]);
    const database = e2eTests.run(contextOf({ ".github/workflows/ci.yml": workflow, "internal/integration/orders_test.go": test("postgres:16-alpine") }));
    expect(database.outcome).toBe("fail");
    const compose = { "docker-compose.yml": "services:\n  api:\n    build: .\n    image: ghcr.io/acme/orders-api:dev\n" };
    const java = 'class OrdersIT {\n  static GenericContainer<?> api = new GenericContainer<>(DockerImageName.parse("ghcr.io/acme/orders-api:dev"));\n}\n';
    expect(e2eTests.run(contextOf({ ...compose, "src/test/java/com/acme/OrdersIT.java": java })).outcome).toBe("pass");
  });

  it("keeps in-process and tool-spawning tests out: supertest on the app, a Go integration test without the binary, a spawned git", () => {
    const finding = e2eTests.run(
      contextOf({
        "test/orders.test.ts": "import request from 'supertest';\nimport { app } from '../src/app';\n\nit('lists', () => request(app).get('/orders').expect(200));\n",
        "internal/integration/store_test.go": "package integration\n\nfunc TestStore(t *testing.T) {\n\tdb := openTestDB(t)\n\t_ = db\n}\n",
        "test/git.test.js": "const { spawn } = require('node:child_process');\nit('clones', () => { spawn('git', ['clone', 'http://localhost:3000/repo.git']); });\n",
        "internal/server/server_test.go": 'package server\n\nfunc TestRun(t *testing.T) {\n\t_ = exec.Command("go", "version")\n}\n',
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("ignores end-to-end specs under examples/ and is partial on a tool that has no specs", () => {
    const finding = e2eTests.run(
      contextOf({
        "examples/shop/e2e/cart.spec.ts": "test('cart', async () => {})\n",
        "package.json": '{\n  "devDependencies": {\n    "@playwright/test": "^1.48.0"\n  }\n}\n',
      }),
    );
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: "package.json", line: 3, note: "@playwright/test dependency" }]);
  });

  it("recognises Laravel Dusk browser tests, Go e2e build tags and Espresso UI tests", () => {
    const finding = e2eTests.run(
      contextOf({
        "tests/Browser/LoginTest.php": "<?php\nclass LoginTest extends DuskTestCase {}\n",
        "tests/Unit/PriceTest.php": "<?php\nclass PriceTest extends TestCase {}\n",
        "internal/api/smoke_test.go": "//go:build e2e\n\npackage api\n\nfunc TestSmoke(t *testing.T) {}\n",
        "app/src/androidTest/java/com/acme/LoginFlowTest.kt": "import androidx.test.espresso.Espresso.onView\nclass LoginFlowTest\n",
      }),
    );
    expect(finding.reason).toMatch(/3 end-to-end test files/);
    expect(finding.evidence).toEqual([
      { path: "tests/Browser/LoginTest.php", note: "end-to-end test" },
      { path: "internal/api/smoke_test.go", line: 1, note: "end-to-end build tag" },
    ]);
    const espresso = e2eTests.run(contextOf({ "app/src/androidTest/java/com/acme/LoginFlowTest.kt": "import androidx.test.espresso.Espresso.onView\nclass LoginFlowTest\n" }));
    expect(espresso.evidence).toEqual([{ path: "app/src/androidTest/java/com/acme/LoginFlowTest.kt", line: 1, note: "test drives a browser or device" }]);
  });

  it("takes .NET and JVM test classes named as end-to-end suites for end-to-end tests", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="xunit" Version="2.9.0" />\n  </ItemGroup>\n</Project>\n';
    const finding = e2eTests.run(contextOf({ "test/Tool.Tests/Tool.Tests.csproj": csproj, "test/Tool.Tests/EndToEndTests.cs": "public static class EndToEndTests\n{\n    [Fact]\n    public static void Upgrades() {}\n}\n" }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "test/Tool.Tests/EndToEndTests.cs" }] });
    expect(e2eTests.run(contextOf({ "test/Tool.Tests/Tool.Tests.csproj": csproj, "test/Tool.Tests/ParserTests.cs": "public class ParserTests {}\n" })).outcome).toBe("fail");
    const harness = e2eTests.run(contextOf({ "tests/Tool.EndToEndTests/Tool.EndToEndTests.csproj": csproj, "tests/Tool.EndToEndTests/SyncTests.cs": "public class SyncTests\n{\n    [Fact]\n    public void Syncs() {}\n}\n" }));
    expect(harness).toMatchObject({ outcome: "pass", evidence: [{ path: "tests/Tool.EndToEndTests/SyncTests.cs" }] });
  });

  it("recognises Go acceptance suites, by build tag or by an acceptance/ folder", () => {
    const goMod = { "go.mod": "module example.com/gh\n\ngo 1.22\n" };
    const tagged = e2eTests.run(contextOf({ ...goMod, "internal/blackbox/pr_test.go": "//go:build acceptance\n\npackage blackbox\n\nfunc TestPR(t *testing.T) {}\n" }));
    expect(tagged.evidence).toEqual([{ path: "internal/blackbox/pr_test.go", line: 1, note: "end-to-end build tag" }]);
    const folder = e2eTests.run(contextOf({ ...goMod, "acceptance/acceptance_test.go": "package acceptance\n\nfunc TestRepo(t *testing.T) {}\n" }));
    expect(folder.evidence).toEqual([{ path: "acceptance/acceptance_test.go", note: "end-to-end test" }]);
    expect(e2eTests.run(contextOf({ ...goMod, "internal/acceptance/rules_test.go": "package acceptance\n\nfunc TestRule(t *testing.T) {}\n" })).outcome).toBe("fail");
  });

  it("counts a recipe that starts the server in the background, waits for its port, then runs the tests", () => {
    const goMod = { "go.mod": "module example.com/reader\n\ngo 1.22\n", "internal/api/api_test.go": "package api\n\nfunc TestFeeds(t *testing.T) {}\n" };
    const recipe = [
      "integration-test:",
      "\tDATABASE_URL=postgres://localhost/reader_test \\",
      "\tgo run main.go >/tmp/reader.log 2>&1 & echo \"$$!\" > /tmp/reader.pid",
      "",
      "\twhile ! nc -z localhost 8080; do sleep 1; done",
      "",
      "\tBASE_URL=http://127.0.0.1:8080 go test -v -count=1 ./internal/api",
      "",
    ].join("\n");
    const finding = e2eTests.run(contextOf({ ...goMod, Makefile: recipe }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "Makefile", line: 7, note: "tests run against the server started for them" }]);
    const database = recipe.replace("go run main.go >/tmp/reader.log 2>&1 &", "docker run -d -p 5432:5432 postgres:16 &");
    expect(e2eTests.run(contextOf({ ...goMod, Makefile: database })).outcome).toBe("fail");
    const noWait = recipe.replace("\twhile ! nc -z localhost 8080; do sleep 1; done\n", "");
    expect(e2eTests.run(contextOf({ ...goMod, Makefile: noWait })).outcome).toBe("fail");
    const pause = recipe.replace("while ! nc -z localhost 8080; do sleep 1; done", "sleep 5");
    expect(e2eTests.run(contextOf({ ...goMod, Makefile: pause })).outcome).toBe("pass");
  });

  it("counts a shell script that starts the project's own installed binary, waits for it and runs the tests", () => {
    const cargo = '[package]\nname = "blog"\nversion = "0.1.0"\n\n[dependencies]\nrocket = "0.5"\n';
    const script = [
      "#!/bin/bash",
      "set -eo pipefail",
      "blog &",
      "until curl http://localhost:7878/health -f; do sleep 1; done",
      "cd $(dirname $0)/browser_test/",
      "python3 -m unittest *.py",
      "",
    ].join("\n");
    const files = { "Cargo.toml": cargo, "src/main.rs": "fn main() {}\n", "script/browser_test/instance.py": "import unittest\n" };
    expect(e2eTests.run(contextOf({ ...files, "script/run_browser_test.sh": script })).evidence).toEqual([
      { path: "script/run_browser_test.sh", line: 6, note: "tests run against the server started for them" },
    ]);
    const otherProgram = script.replace("blog &", "caddy run &");
    expect(e2eTests.run(contextOf({ ...files, "script/run_browser_test.sh": otherProgram })).outcome).toBe("fail");
  });

  it("counts a CI step that runs the tests of an end-to-end folder", () => {
    const workflow = (path: string) => `on: [pull_request]\njobs:\n  browser:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest ${path} -n auto -o "python_files=e2e_test_*.py"\n`;
    const files = { "bookmarks/tests/test_views.py": "def test_x():\n    pass\n" };
    expect(e2eTests.run(contextOf({ ...files, ".github/workflows/main.yaml": workflow("bookmarks/tests_e2e") })).evidence).toEqual([
      { path: ".github/workflows/main.yaml", line: 6, note: "CI runs end-to-end tests: pytest" },
    ]);
    expect(e2eTests.run(contextOf({ ...files, ".github/workflows/main.yaml": workflow("bookmarks/tests") })).outcome).toBe("fail");
  });

  it("counts a CI job whose steps start the server, wait for it and run the tests", () => {
    const workflow = [
      "on: [pull_request]",
      "jobs:",
      "  api:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: npm ci",
      "      - run: npm start &",
      "      - run: npx wait-on http://localhost:3000/health",
      "      - run: npm test",
      "",
    ].join("\n");
    const pkg = '{\n  "scripts": {\n    "start": "node server.js",\n    "test": "jest"\n  },\n  "devDependencies": { "jest": "^29.0.0" }\n}\n';
    const finding = e2eTests.run(contextOf({ ".github/workflows/api.yml": workflow, "package.json": pkg, "test/api.test.js": "test('x', () => {})\n" }));
    expect(finding.evidence).toEqual([{ path: ".github/workflows/api.yml", line: 9, note: "tests run against the server started for them" }]);
  });

  it("counts Karate feature files when Karate is a dependency", () => {
    const finding = e2eTests.run(
      contextOf({
        "pom.xml": "<project>\n  <dependencies>\n    <dependency>\n      <groupId>com.intuit.karate</groupId>\n      <artifactId>karate-junit5</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n",
        "src/test/java/orders/orders.feature": "Feature: orders\n  Scenario: create\n    Given url baseUrl\n",
      }),
    );
    expect(finding.evidence).toEqual([
      { path: "src/test/java/orders/orders.feature", note: "Karate API scenario" },
      { path: "pom.xml", line: 5, note: "com.intuit.karate:karate-junit5 dependency" },
    ]);
  });

  it("does not take assert_cmd driving another program (a shell loading completions) for a black-box test of the crate", () => {
    const completions = 'use assert_cmd::Command;\n\n#[test]\nfn completions_bash() {\n    Command::new("bash").args(["--norc", "-c", SOURCE]).assert().success();\n}\n';
    const cargo = '[package]\nname = "jump"\nversion = "0.1.0"\n';
    expect(e2eTests.run(contextOf({ "Cargo.toml": cargo, "src/main.rs": "fn main() {}\n", "tests/completions.rs": completions })).outcome).not.toBe("pass");
  });

  it("passes on a Robot Framework suite whose resources drive a browser, not on one without a driver library", () => {
    const suite = "*** Settings ***\nResource    ../common.resource\n\n*** Test Cases ***\nLogin With Valid Credentials\n    Open Login Page\n";
    const resource = "*** Settings ***\nLibrary           SeleniumLibrary\n\n*** Keywords ***\nOpen Login Page\n    Open Browser    %{LOGIN_URL}    chrome\n";
    expect(e2eTests.run(contextOf({ "tests/EndToEnd/Tests/login.robot": suite, "tests/EndToEnd/common.resource": resource }))).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "tests/EndToEnd/Tests/login.robot" }, { path: "tests/EndToEnd/common.resource", line: 2, note: "Robot Framework SeleniumLibrary" }],
    });
    const keywordsOnly = "*** Settings ***\nLibrary    OperatingSystem\n\n*** Test Cases ***\nFile Exists\n    File Should Exist    /etc/hosts\n";
    expect(e2eTests.run(contextOf({ "atest/files.robot": keywordsOnly })).outcome).toBe("fail");
  });

  it("counts Rust tests that drive a browser through WebDriver (thirtyfour), and browser-ui-test scripts", () => {
    const webdriver = "use thirtyfour::prelude::*;\n\n#[tokio::test]\nasync fn signs_in() -> WebDriverResult<()> {\n    Ok(())\n}\n";
    expect(e2eTests.run(contextOf({ "crates/integration-testing/tests/console_test.rs": webdriver })).evidence).toEqual([
      { path: "crates/integration-testing/tests/console_test.rs", line: 1, note: "test drives a browser or device" },
    ]);
    const guiTests = {
      "package.json": '{\n  "devDependencies": {\n    "browser-ui-test": "0.21.1"\n  }\n}\n',
      "gui-tests/basic.goml": 'go-to: |DOC_PATH| + "/sysinfo"\nassert: ".search-input"\n',
    };
    expect(e2eTests.run(contextOf(guiTests)).evidence).toEqual([
      { path: "gui-tests/basic.goml", note: "browser-ui-test script (drives the site in a browser)" },
      { path: "package.json", line: 3, note: "browser-ui-test dependency" },
    ]);
  });

  it("counts k6 checks of one user and one iteration against the deployed API, not a k6 load script", () => {
    const check = (options: string) =>
      `import http from "k6/http";\nimport { check } from "k6";\n\nexport const options = ${options};\n\nexport default function () {\n  check(http.get(__ENV.TARGET + "/users"), { ok: (r) => r.status === 200 });\n}\n`;
    expect(e2eTests.run(contextOf({ "test/k6/src/tests/users.js": check("{ vus: 1, iterations: 1 }") })).evidence).toEqual([
      { path: "test/k6/src/tests/users.js", line: 1, note: "k6 functional check (one user, one iteration) against the running API" },
    ]);
    expect(e2eTests.run(contextOf({ "test/k6/src/tests/users.js": check("{ stages: [{ duration: '1m', target: 100 }] }") })).outcome).toBe("fail");
  });

  it("counts a CI job that starts the server with cargo run, pauses for it, then runs an API suite", () => {
    const workflow = [
      "on: [pull_request]",
      "jobs:",
      "  api:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: |",
      "          cargo run&",
      "          sleep 5",
      "          cd realworld/api",
      "          ./run-api-tests.sh",
      "",
    ].join("\n");
    const files = rustService("realworld", 'axum = "0.7"');
    expect(e2eTests.run(contextOf({ ...files, ".github/workflows/rust.yml": workflow })).evidence).toEqual([
      { path: ".github/workflows/rust.yml", line: 10, note: "tests run against the server started for them" },
    ]);
    expect(e2eTests.run(contextOf({ ...files, ".github/workflows/rust.yml": workflow.replace("          sleep 5\n", "") })).outcome).toBe("fail");
  });

  it("counts a script that starts the binary cargo built, pauses, and runs each test case against it", () => {
    const script = [
      "#!/usr/bin/env bash",
      'FIXTURE_DIR=$(readlink -f "$(dirname "$0")")',
      'PROJECT_DIR="$FIXTURE_DIR/.."',
      "run_fixture() {",
      '  cd "$FIXTURE_DIR/$1" || exit 1',
      '  NO_COLOR=1 CONFIG=config.toml "$PROJECT_DIR/target/debug/rustypaste" &',
      "  sleep 1",
      "  run_test",
      "}",
      "",
    ].join("\n");
    const files = rustService("rustypaste", 'actix-web = "4"');
    expect(e2eTests.run(contextOf({ ...files, "scripts/test-fixtures.sh": script })).evidence).toEqual([
      { path: "scripts/test-fixtures.sh", line: 8, note: "tests run against the server started for them" },
    ]);
  });

  it("counts a Compose stack run until its test service exits, not one whose exit code is the app's", () => {
    const makefile = (service: string) =>
      `compose-up-integration-test: ### Run docker compose with integration test\n\tdocker compose -f docker-compose.yml -f docker-compose-test.yml up --build --abort-on-container-exit --exit-code-from ${service}\n`;
    expect(e2eTests.run(contextOf({ Makefile: makefile("integration-test") })).evidence).toEqual([
      { path: "Makefile", line: 2, note: "Compose runs the integration-test service against the started stack" },
    ]);
    expect(e2eTests.run(contextOf({ Makefile: makefile("app") })).outcome).toBe("fail");
  });

  it("counts a CI job the project names end-to-end that deploys and checks the application", () => {
    const workflow = (job: string) =>
      `on: [pull_request]\njobs:\n  ${job}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: kubectl apply -f yaml/crd.yaml\n      - run: kubectl wait --for=condition=available deploy/doc-controller --timeout=30s\n`;
    expect(e2eTests.run(contextOf({ ".github/workflows/ci.yml": workflow("e2e") })).evidence).toEqual([
      { path: ".github/workflows/ci.yml", line: 7, note: "CI job e2e runs against the deployed application" },
    ]);
    expect(e2eTests.run(contextOf({ ".github/workflows/ci.yml": workflow("deploy") })).outcome).toBe("fail");
    expect(e2eTests.run(contextOf({ ".github/workflows/e2e.yaml": workflow("simple_library") })).evidence).toEqual([
      { path: ".github/workflows/e2e.yaml", line: 7, note: "CI workflow e2e runs against the deployed application" },
    ]);
    expect(e2eTests.run(contextOf({ ".github/workflows/end_to_end_tests.yaml": workflow("demo") })).outcome).toBe("pass");
  });
});
