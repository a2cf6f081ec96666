import { describe, expect, it } from "vitest";
import { PathTable } from "../../src/view/path-table.js";
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

  it("is the view's own: two audits' views share no rows", () => {
    const a = RepoView.fromFiles({ "a/x.ts": "" });
    const b = RepoView.fromFiles({ "b/x.ts": "" });
    expect(a.named("x.ts")).toEqual(["a/x.ts"]);
    expect(b.named("x.ts")).toEqual(["b/x.ts"]);
    expect(a.paths).not.toBe(b.paths);
  });
});
