import { describe, expect, it } from "vitest";
import { PathTable } from "../../src/view/path-table.js";
import { isLoadTestPath, isNonProjectPath, isTestPath } from "../../src/view/paths.js";
import { RepoView } from "../../src/view/repo-view.js";

const table = new PathTable(["src/app.ts", "README.md", "src/app.test.ts", "docs/README.md", "examples/demo/Main.JAVA", "lib/types.d.ts"].map((path) => ({ path })));

describe("PathTable", () => {
  it("works out each path's name, extension, folder, depth, language and flags", () => {
    expect(table.row("src/app.test.ts")).toMatchObject({ name: "app.test.ts", extension: "ts", folder: "src", depth: 1, index: 2, language: "typescript", test: true, nonProject: false });
    expect(table.row("examples/demo/Main.JAVA")).toMatchObject({ extension: "java", language: "java", test: false, nonProject: true });
    expect(table.row("README.md")).toMatchObject({ folder: "", depth: 0, language: undefined });
    expect(table.row("lib/types.d.ts")?.language).toBeUndefined();
    expect(table.row("nope.ts")).toBeUndefined();
  });

  it("indexes paths by file name, extension and folder, in listing order", () => {
    expect(table.named("README.md").map((r) => r.path)).toEqual(["README.md", "docs/README.md"]);
    expect(table.withExtension("ts").map((r) => r.path)).toEqual(["src/app.ts", "src/app.test.ts", "lib/types.d.ts"]);
    expect(table.inFolder("src").map((r) => r.path)).toEqual(["src/app.ts", "src/app.test.ts"]);
    expect(table.inFolder("")).toHaveLength(1);
    expect(table.named("missing")).toEqual([]);
  });

  it("finds by row what find finds by path, in listing order", () => {
    const view = RepoView.fromFiles({ "src/b.ts": "", "a.md": "", "examples/c.ts": "", "src/d.test.ts": "" });
    expect(view.findRows((row) => row.language === "typescript" && !row.nonProject)).toEqual(["src/b.ts", "src/d.test.ts"]);
    expect(view.findRows((row) => row.test)).toEqual(view.find((path) => path.endsWith(".test.ts")));
  });

  it("is the view's own: two audits' views share no rows", () => {
    const a = RepoView.fromFiles({ "a/x.ts": "" });
    const b = RepoView.fromFiles({ "b/x.ts": "" });
    expect(a.named("x.ts")).toEqual(["a/x.ts"]);
    expect(b.named("x.ts")).toEqual(["b/x.ts"]);
    expect(a.paths).not.toBe(b.paths);
  });

  it("gives the path functions' verdicts, though it works them out once per folder", () => {
    const folders = ["", "src", "test", "Tests", "src/test/java", "src/main/java/com/example", "app/src/main/kotlin/org/samples/demo", "examples/api", "docs/examples"];
    folders.push("packages/core/__tests__", "perf", "load-tests/k6", "Api.UnitTests", "My.Api.Tests/Controllers", "fixtures/src/main/java", "src/fixtures/java");
    folders.push("testdata/test-projects", "a/testing", "Load_Test/x", "benchmarks", "spec/support", "sample", "vendor/x/test", "it/cases", "src/androidTest/java");
    folders.push("integration", "integration/ruby", "src/integration", "integrations");
    const names = ["app.ts", "app.test.ts", "test_app.py", "AppTest.java", "locustfile.py", "locustfile_x.py", "README.md", "Dockerfile", "x_test.go", "y_spec.rb"];
    const paths = folders.flatMap((folder) => names.map((name) => (folder ? `${folder}/${name}` : name)));
    const rows = new PathTable(paths.map((path) => ({ path }))).rows;
    for (const row of rows) {
      expect({ path: row.path, test: row.test, nonProject: row.nonProject, loadTest: row.loadTest }).toEqual({
        path: row.path,
        test: isTestPath(row.path),
        nonProject: isNonProjectPath(row.path),
        loadTest: isLoadTestPath(row.path),
      });
    }
  });
});
