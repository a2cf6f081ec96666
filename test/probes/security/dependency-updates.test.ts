import { describe, expect, it } from "vitest";
import { dependencyUpdates } from "../../../src/probes/security/dependency-updates.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const goModule = "module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n";

describe("security.dependency-updates", () => {
  it("passes on a Dependabot file that covers the project's npm dependencies, one evidence line per ecosystem", async () => {
    const finding = dependencyUpdates.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual([".github/dependabot.yml:3", ".github/dependabot.yml:11", ".github/dependabot.yml:15"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["Dependabot updates npm", "Dependabot updates github-actions", "Dependabot updates docker"]);
  });

  it("is partial when Dependabot only updates GitHub Actions and leaves the Go modules alone", () => {
    const dependabot = 'version: 2\nupdates:\n  - package-ecosystem: "github-actions"\n    directory: "/"\n    schedule:\n      interval: weekly\n';
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yaml": dependabot, "go.mod": goModule }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toBe("Dependabot (.github/dependabot.yaml) updates github-actions but not the project's gomod dependencies");
    expect(locations(finding)).toEqual([".github/dependabot.yaml:3"]);
  });

  it("fails with the parser's location when dependabot.yml is not valid YAML", () => {
    const broken = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n   schedule:\n      interval: weekly\n";
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yml": broken, "package.json": '{"dependencies":{"express":"4"}}' }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/^\.github\/dependabot\.yml is not valid YAML, so Dependabot ignores it: \.github\/dependabot\.yml:5:/);
    expect(locations(finding)).toEqual([".github/dependabot.yml:5"]);
  });

  it("fails when dependabot.yml lists no updates", () => {
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yml": "version: 2\nupdates: []\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/declares no "updates" entries/);
  });

  it("fails when every entry sets open-pull-requests-limit: 0, which turns version updates off", () => {
    const disabled = 'version: 2\nupdates:\n  - package-ecosystem: "npm"\n    directory: "/"\n    schedule:\n      interval: weekly\n    open-pull-requests-limit: 0\n';
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yml": disabled, "package.json": '{"dependencies":{"express":"4"}}' }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/^\.github\/dependabot\.yml sets open-pull-requests-limit: 0 on every entry, which turns Dependabot version updates off/);
    expect(locations(finding)).toEqual([".github/dependabot.yml:7"]);
  });

  it("does not count an entry with open-pull-requests-limit: 0 as covering its ecosystem", () => {
    const dependabot =
      "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule:\n      interval: weekly\n    open-pull-requests-limit: 0\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n";
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yml": dependabot, "go.mod": goModule }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toBe("Dependabot (.github/dependabot.yml) updates github-actions but not the project's gomod dependencies");
    expect(locations(finding)).toEqual([".github/dependabot.yml:8"]);
  });

  it("passes on Renovate: a renovate.json, a .github/renovate.json5, or a renovate key in package.json", () => {
    expect(locations(dependencyUpdates.run(contextOf({ "renovate.json": '{"extends":["config:recommended"]}', "go.mod": goModule })))).toEqual(["renovate.json"]);
    expect(locations(dependencyUpdates.run(contextOf({ ".github/renovate.json5": "{extends: ['config:recommended']}" })))).toEqual([".github/renovate.json5"]);
    const pkg = '{\n  "name": "api",\n  "dependencies": {\n    "express": "4.21.2"\n  },\n  "renovate": {\n    "extends": ["config:recommended"]\n  }\n}\n';
    const finding = dependencyUpdates.run(contextOf({ "package.json": pkg }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["package.json:6"]);
  });

  it("lets Renovate cover what a partial Dependabot file leaves out", () => {
    const dependabot = "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n";
    const finding = dependencyUpdates.run(contextOf({ ".github/dependabot.yml": dependabot, "renovate.json": "{}", "go.mod": goModule }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["renovate.json"]);
  });

  it("fails without either bot, and a Renovate badge in the README is not a configuration", () => {
    const finding = dependencyUpdates.run(contextOf({ "README.md": "[![renovate](https://img.shields.io/badge/renovate-enabled-blue)](https://renovatebot.com)\n", "go.mod": goModule }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no Dependabot .* or Renovate configuration/);
  });
});
