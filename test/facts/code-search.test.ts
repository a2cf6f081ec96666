import { describe, expect, it } from "vitest";
import { blankComments } from "../../src/view/code.js";
import { rankReads, readWithinBudget } from "../../src/view/content-plan.js";
import { PathTable } from "../../src/view/path-table.js";
import { RepoView } from "../../src/view/repo-view.js";
import { filesNamed, searchCode } from "../../src/facts/code-search.js";

const SENTRY_INIT = { languages: ["python"] as const, needles: ["sentry_sdk"], pattern: /sentry_sdk\.init\(/ };

describe("searchCode", () => {
  it("finds matches with their lines in the project's own source, never in comments", () => {
    const view = RepoView.fromFiles({
      "app/main.py": 'import sentry_sdk\n# sentry_sdk.init(dsn="old")\nsentry_sdk.init(dsn=DSN)\n',
      "app/other.py": "import logging\n",
    });
    const found = searchCode(view, SENTRY_INIT);
    expect(found.map((m) => `${m.path}:${m.line}`)).toEqual(["app/main.py:3"]);
  });

  it("leaves out tests, fixtures, examples and developer tooling", () => {
    const init = "sentry_sdk.init(dsn=DSN)\n";
    const view = RepoView.fromFiles({ "tests/test_app.py": init, "tests/fixtures/app.py": init, "examples/demo.py": init, "scripts/seed.py": init, "docs/conf.py": init });
    expect(searchCode(view, SENTRY_INIT)).toEqual([]);
  });

  it("searches named configuration files with their comments blanked", () => {
    const view = RepoView.fromFiles({
      "src/main/resources/application.yml": "server:\n  # shutdown: graceful\n  shutdown: graceful\n  url: http://host/#anchor\n",
      "src/main/resources/logback.xml": "<!-- <encoder class=\"net.logstash.logback.encoder.LogstashEncoder\"/> -->\n<configuration/>\n",
    });
    expect(searchCode(view, { files: filesNamed(/^application\.yml$/), needles: ["shutdown"], pattern: /shutdown: graceful/ }).map((m) => m.line)).toEqual([3]);
    expect(searchCode(view, { files: filesNamed(/^logback\.xml$/), needles: ["logstash"], pattern: /LogstashEncoder/ })).toEqual([]);
  });
});

describe("blankComments", () => {
  it("reads past a regular expression literal holding quotes, so the comments after it are still comments", () => {
    const source = 'const KEY = /^["\'`]\\s*:/;\n/** Sets { "X-Frame-Options": "DENY" }. */\nconst ratio = total / count; // "quoted"\nreturn /\\/\\*[^*]*/.test(x);\n';
    const blanked = blankComments(source, "src/headers.ts");
    expect(blanked).not.toContain("X-Frame-Options");
    expect(blanked).not.toContain('"quoted"');
    expect(blanked).toContain("total / count");
    expect(blanked.length).toBe(source.length);
  });

  it("keeps offsets and lines, strings included", () => {
    const source = 'const a = "// not a comment"; // a comment\n/* block\n   comment */ app.get("/health");\n';
    const blanked = blankComments(source, "src/app.ts");
    expect(blanked).toHaveLength(source.length);
    expect(blanked).toContain('"// not a comment"');
    expect(blanked).not.toContain("a comment\n");
    expect(blanked.split("\n")[2]).toBe(`${" ".repeat(14)}app.get("/health");`);
  });
});

const readAll = async (paths: readonly string[]) => new Map(paths.map((path) => [path, { status: "text" as const, text: "", size: 100 }]));

describe("the content plan", () => {
  it("reads a monorepo package's wiring before deep docs and translations", async () => {
    const entries = [
      ...Array.from({ length: 50 }, (_, i) => ({ path: `docs/docs/cn/page-${i}.md`, size: 100 })),
      ...Array.from({ length: 50 }, (_, i) => ({ path: `packages/core/client/src/locale/l${i}.json`, size: 100 })),
      { path: "packages/core/server/package.json", size: 100 },
      { path: "packages/core/server/src/gateway/index.ts", size: 100 },
      { path: "packages/core/server/src/gateway/index.test.ts", size: 100 },
    ];
    const { contents } = await readWithinBudget(rankReads(entries, new PathTable(entries)), { maxFiles: 3, maxBytes: 1_000_000 }, readAll);
    expect([...contents.keys()]).toEqual(["packages/core/server/package.json", "packages/core/server/src/gateway/index.ts", "packages/core/server/src/gateway/index.test.ts"]);
  });
});
