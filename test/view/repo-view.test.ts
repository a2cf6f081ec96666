import { describe, expect, it } from "vitest";
import { RepoView } from "../../src/view/repo-view.js";

describe("RepoView line offsets", () => {
  it("maps a line to the offset of its first character and back", () => {
    const view = RepoView.fromFiles({ "Program.cs": "var app = builder.Build();\napp.MapHealthChecks(\"/health\");\n\napp.Run();\n" });
    expect([1, 2, 3, 4].map((line) => view.offsetOfLine("Program.cs", line))).toEqual([0, 27, 59, 60]);
    expect([1, 2, 3, 4].map((line) => view.lineAt("Program.cs", view.offsetOfLine("Program.cs", line)))).toEqual([1, 2, 3, 4]);
  });
});
