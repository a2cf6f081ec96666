import { describe, expect, it } from "vitest";
import { containerDockerfile } from "../../../src/probes/container/dockerfile.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("container.dockerfile", () => {
  it("takes the runtime Dockerfile as evidence and says the dev container's image builds a workspace (fastapi fixture)", async () => {
    const finding = containerDockerfile.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:17"]);
    expect(finding.reason).toMatch(/built by Dockerfile/);
    expect(finding.reason).toMatch(/\.devcontainer\/Dockerfile is a development environment image \(\.devcontainer\/\), which builds a developer's workspace/);
  });

  it("recognises Dockerfile.*, *.Dockerfile, Dockerfile-* and Containerfile names, but not a .dockerignore named after one", () => {
    const finding = containerDockerfile.run(
      contextOf({
        Containerfile: "FROM registry.access.redhat.com/ubi9/nodejs-20:1-60\n",
        "api.Dockerfile": "FROM node:20.11-alpine\n",
        "docker/Dockerfile-full": "FROM node:20.11-alpine\n",
        "docker/Dockerfile.prod": "FROM node:20.11-alpine\n",
        "docker/Dockerfile.prod.dockerignore": "node_modules\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding).sort()).toEqual(["Containerfile:1", "api.Dockerfile:1", "docker/Dockerfile-full:1", "docker/Dockerfile.prod:1"]);
  });

  it("is partial when the only images are development and test images", () => {
    const finding = containerDockerfile.run(
      contextOf({
        ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/typescript-node:1-20\n",
        "relational.e2e.Dockerfile": "FROM node:20.11-alpine\nRUN npm ci\n",
      }),
    );
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/test image \(named "e2e"\)/);
    expect(locations(finding)).toEqual(["relational.e2e.Dockerfile:1"]);
  });

  it("fails when the only images build development environments: dev container, Gitpod, a Dockerfile only devcontainer.json builds", () => {
    const devcontainer = '// Format details: https://aka.ms/devcontainer.json\n{\n  "name": "api",\n  "build": {\n    "dockerfile": "../Dockerfile",\n    "context": ".."\n  },\n  "forwardPorts": [3000]\n}\n';
    const files = {
      ".devcontainer/devcontainer.json": devcontainer,
      Dockerfile: "FROM mcr.microsoft.com/devcontainers/javascript-node:1-20-bookworm\nRUN npm i -g pnpm\n",
      ".gitpod.yml": "image:\n  file: .gitpod.Dockerfile\ntasks:\n  - init: npm ci\n",
      ".gitpod.Dockerfile": "FROM gitpod/workspace-full\n",
      "package.json": JSON.stringify({ scripts: { start: "node server.js" }, dependencies: { express: "^4.21.2" } }),
    };
    const finding = containerDockerfile.run(contextOf(files));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/Dockerfile is a development environment image \(built only by \.devcontainer\/devcontainer\.json:5\)/);
    expect(finding.evidence.map((e) => e.path).sort()).toEqual([".gitpod.Dockerfile", "Dockerfile"]);
    const built = { ...files, ".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n" };
    expect(containerDockerfile.run(contextOf(built))).toMatchObject({ outcome: "pass", evidence: [{ path: "Dockerfile" }] });
  });

  it("fails, naming what it looked for, when the only Dockerfile belongs to test fixtures", () => {
    const finding = containerDockerfile.run(contextOf({ "tests/fixtures/app/Dockerfile": "FROM ubuntu\n", "app.py": "print('hi')\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/looked for Dockerfile, Dockerfile\.\*, \*\.Dockerfile and Containerfile/);
    expect(finding.reason).toMatch(/tests\/fixtures\/app\/Dockerfile belong to fixtures/);
  });

  it("does not crash on a binary file named Dockerfile, and does not count it as the service's image", () => {
    const garbled = "\u0000\u0001PK\u0003\u0004\u00ff\u00fe FROM\u0000 \u0007\n\u0010\u0011binary";
    const finding = containerDockerfile.run(contextOf({ Dockerfile: garbled }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/Dockerfile has no FROM instruction/);
    expect(finding.evidence).toEqual([{ path: "Dockerfile", note: expect.stringMatching(/no FROM/) }]);
  });

  it("takes a Dockerfile that only the dev container's compose file builds for a development environment image", () => {
    const files = {
      ".devcontainer/devcontainer.json": '{\n  "dockerComposeFile": "docker-compose.yml",\n  "service": "workspace"\n}\n',
      ".devcontainer/docker-compose.yml": "services:\n  workspace:\n    build:\n      context: ..\n      dockerfile: docker/workspace.Dockerfile\n  db:\n    image: postgres:16\n",
      "docker/workspace.Dockerfile": "FROM mcr.microsoft.com/devcontainers/python:1-3.12\n",
    };
    const finding = containerDockerfile.run(contextOf(files));
    expect(finding).toMatchObject({ outcome: "fail", evidence: [{ path: "docker/workspace.Dockerfile" }] });
    expect(finding.reason).toMatch(/built only by \.devcontainer\/docker-compose\.yml:2/);
  });
});
