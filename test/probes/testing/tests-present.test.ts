import { describe, expect, it } from "vitest";
import { testsPresent } from "../../../src/probes/testing/tests-present.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const paths = (evidence: { path: string }[]) => evidence.map((e) => e.path);

describe("testing.tests-present", () => {
  it("counts pytest modules, not conftest.py or the data folder (fastapi fixture)", async () => {
    const finding = testsPresent.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toBe("2 test files: pytest");
    expect(paths(finding.evidence)).toEqual(["tests/test_health.py", "tests/test_orders.py"]);
  });

  it("finds JUnit tests under a com/example package, by name or by @Test (spring fixture)", async () => {
    const finding = testsPresent.run(await fixtureContext("spring-boot-app"));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toBe("2 test files: JUnit");
    expect(finding.evidence).toContainEqual({ path: "src/test/java/com/example/orders/OrderPricing.java", note: "test file" });
    expect(finding.evidence).toContainEqual(expect.objectContaining({ path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "spring-boot-starter-test") }));
  });

  it("counts *_test.go files and leaves testdata alone (go fixture)", async () => {
    const finding = testsPresent.run(await fixtureContext("go-nethttp-service"));
    expect(finding.reason).toBe("2 test files: go test");
    expect(paths(finding.evidence)).toEqual(["internal/httpapi/health_test.go", "internal/httpapi/orders_test.go"]);
  });

  it("does not count test files under examples/ (express fixture)", async () => {
    const finding = testsPresent.run(await fixtureContext("express-ts-service"));
    expect(finding.reason).toBe("2 test files: vitest, supertest");
    expect(paths(finding.evidence)).not.toContain("examples/client/client.test.ts");
    expect(finding.evidence).toContainEqual({ path: "package.json", line: fixtureLine("express-ts-service", "package.json", '"supertest"'), note: "supertest (supertest)" });
  });

  it("fails on a tests/ folder that holds only data and fixtures, and says what it holds", () => {
    const finding = testsPresent.run(
      contextOf({
        "tests/data/orders.json": "[]",
        "tests/fixtures/sample-repo/test_app.py": "def test_sample():\n    assert True\n",
        "examples/demo/app.test.js": "test('demo', () => {})\n",
        "src/app.py": "print('hi')\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no test files found/);
    expect(finding.reason).toMatch(/tests\/ \(2 files: \.json, \.py\) holds no test code/);
  });

  it("counts JS files in test folders only when they declare tests in code, not in comments", () => {
    const finding = testsPresent.run(
      contextOf({
        "test/app.router.js": "const request = require('supertest');\ndescribe('app.router', () => {\n  it('routes', () => {});\n});\n",
        "test/support/env.js": "process.env.NODE_ENV = 'test';\n",
        "src/__tests__/helpers.ts": "// describe('not a test', () => {})\nexport const user = { id: 1 };\n",
        "package.json": '{"devDependencies": {"mocha": "^10.0.0"}}',
      }),
    );
    expect(finding.reason).toBe("1 test file: mocha");
    expect(finding.evidence[0]).toEqual({ path: "test/app.router.js", note: "test file" });
  });

  it("recognises Rust test modules, RSpec and minitest files, but not their helpers", () => {
    const finding = testsPresent.run(
      contextOf({
        "src/parser.rs": "pub fn parse() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn parses() {}\n}\n",
        "src/lexer.rs": "// #[cfg(test)] lives in the parser\npub fn lex() {}\n",
        "tests/cli.rs": "#[test]\nfn runs() {}\n",
        "spec/models/user_spec.rb": "RSpec.describe User do\n  it \"has a name\" do\n    expect(User.new(name: \"a\").name).to eq(\"a\")\n  end\nend\n",
        "spec/spec_helper.rb": "RSpec.configure { |c| }\n",
        "test/test_helper.rb": "require 'minitest/autorun'\n",
        "test/models/order_test.rb": "class OrderTest < ActiveSupport::TestCase\n  test \"totals\" do\n    assert_equal 3, Order.new(items: [1, 2]).total\n  end\nend\n",
      }),
    );
    expect(finding.reason).toMatch(/^4 test files: /);
    expect(paths(finding.evidence)).toEqual(expect.arrayContaining(["tests/cli.rs"]));
  });

  it("does not count the stubs Rails generators write, whose only test is commented out", () => {
    const stub = 'require "test_helper"\n\nclass ArticleTest < ActiveSupport::TestCase\n  # test "the truth" do\n  #   assert true\n  # end\nend\n';
    const stubs = { "Gemfile": 'gem "rails"\n', "test/models/article_test.rb": stub, "test/controllers/articles_controller_test.rb": stub.replace("ArticleTest", "ArticlesControllerTest") };
    expect(testsPresent.run(contextOf(stubs)).outcome).toBe("fail");
    const real = stub.replace('  # test "the truth" do\n  #   assert true\n  # end\n', '  test "slug is derived from the title" do\n    assert_equal "a-b", Article.new(title: "A B").slug\n  end\n');
    const finding = testsPresent.run(contextOf({ ...stubs, "test/models/article_test.rb": real }));
    expect(finding.outcome).toBe("pass");
    expect(paths(finding.evidence)).toEqual(["test/models/article_test.rb"]);
  });

  it("follows pytest's python_files setting and skips project templates", () => {
    const finding = testsPresent.run(
      contextOf({
        "pytest.ini": "[pytest]\npython_files = check_*.py\n",
        "tests/check_api.py": "def test_api():\n    assert True\n",
        "{{cookiecutter.project_slug}}/tests/test_app.py": "def test_app():\n    pass\n",
      }),
    );
    expect(finding.reason).toMatch(/^1 test file: /);
    expect(finding.evidence[0]?.path).toBe("tests/check_api.py");
  });

  it("fails on the empty fixture", async () => {
    expect(testsPresent.run(await fixtureContext("empty-repo")).outcome).toBe("fail");
  });

  it("recognises a Rust test function outside a cfg(test) module, with or without an async runtime's attribute", () => {
    const slug = "pub fn slugify(s: &str) -> String { s.to_lowercase() }\n\n#[test]\nfn test_slugify() {\n    assert_eq!(slugify(\"A\"), \"a\");\n}\n";
    expect(testsPresent.run(contextOf({ "src/http/articles.rs": slug })).outcome).not.toBe("fail");
    expect(testsPresent.run(contextOf({ "src/db.rs": "#[sqlx::test]\nasync fn inserts(pool: PgPool) {}\n" })).outcome).not.toBe("fail");
    expect(testsPresent.run(contextOf({ "src/db.rs": "/// ```\n/// #[test]\n/// ```\npub fn f() {}\n" })).outcome).toBe("fail");
  });
});
