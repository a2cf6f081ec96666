import { describe, expect, it } from "vitest";
import { RepoView } from "../../src/engine/repo-view.js";
import { findDependency } from "../../src/facts/dependencies.js";

describe("pyproject dependencies", () => {
  it("reads past extras in brackets to the end of the array", () => {
    const view = RepoView.fromFiles({
      "backend/pyproject.toml": '[project]\nname = "app"\ndependencies = [\n    "fastapi[standard]>=0.115,<1.0",\n    "sentry-sdk[fastapi]>=2.0",\n]\n\n[dependency-groups]\ndev = ["pytest>=8"]\n',
    });
    expect(findDependency(view, ["sentry-sdk", "pytest"]).map((d) => [d.name, d.line, d.dev])).toEqual([
      ["sentry-sdk", 5, false],
      ["pytest", 9, true],
    ]);
  });
});

describe("requirements files", () => {
  it("reads a requirements/ folder, local and test files as development dependencies", () => {
    const view = RepoView.fromFiles({
      "requirements/base.txt": "django==5.1\n",
      "requirements/production.txt": "-r base.txt\ngunicorn==23.0.0\nsentry-sdk==2.19.2\n",
      "requirements/local.txt": "-r base.txt\nipdb==0.13.13\n",
    });
    expect(findDependency(view, ["sentry-sdk", "ipdb"]).map((d) => [d.path, d.line, d.dev])).toEqual([
      ["requirements/production.txt", 3, false],
      ["requirements/local.txt", 2, true],
    ]);
  });
});
