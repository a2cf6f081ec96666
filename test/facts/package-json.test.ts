import { describe, expect, it } from "vitest";
import { RepoView } from "../../src/view/repo-view.js";
import { isPlaceholderScript, jsonPropertyLine, packageScripts } from "../../src/facts/package-json.js";

describe("package.json facts", () => {
  it("tells scripts that run nothing from scripts that run something", () => {
    expect(isPlaceholderScript('echo "Error: no test specified" && exit 1')).toBe(true);
    expect(isPlaceholderScript("exit 0")).toBe(true);
    expect(isPlaceholderScript('echo "tests live in CI"')).toBe(true);
    expect(isPlaceholderScript("echo building && tsc")).toBe(false);
    expect(isPlaceholderScript("vitest run")).toBe(false);
  });

  it("places a script at its line inside the scripts block, not at a same-named key elsewhere", () => {
    const text = '{\n  "test": "not a script",\n  "scripts": {\n    "build": "tsc",\n    "test": "jest"\n  }\n}\n';
    expect(jsonPropertyLine(text, "scripts", "test")).toBe(5);
    expect(jsonPropertyLine(text, "scripts")).toBe(3);
  });

  it("lists the scripts of project manifests only, root first", () => {
    const view = RepoView.fromFiles({
      "packages/api/package.json": '{"scripts": {"test": "vitest"}}',
      "package.json": '{"scripts": {"test": "turbo run test"}}',
      "examples/demo/package.json": '{"scripts": {"test": "jest"}}',
      "broken/package.json": "{ not json",
    });
    expect(packageScripts(view).map((s) => `${s.path}:${s.command}`)).toEqual(["package.json:turbo run test", "packages/api/package.json:vitest"]);
  });
});
