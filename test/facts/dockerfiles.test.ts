// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfiles write their variables as ${NAME}
import { describe, expect, it } from "vitest";
import { RepoView } from "../../src/view/repo-view.js";
import { composeServices } from "../../src/facts/compose.js";
import { classifyContainerFile } from "../../src/facts/container-roles.js";
import { isDockerfileName, parseDockerfile, parseImageReference } from "../../src/facts/dockerfiles.js";

describe("dockerfile facts", () => {
  it("takes image references apart: registry with port, digest, no tag", () => {
    expect(parseImageReference("localhost:5000/team/api:1.2@sha256:abc")).toEqual({
      name: "team/api",
      registry: "localhost:5000",
      tag: "1.2",
      digest: "sha256:abc",
    });
    expect(parseImageReference("registry.docker.com/library/ruby:3.4.4-slim")).toEqual({
      name: "library/ruby",
      registry: "registry.docker.com",
      tag: "3.4.4-slim",
    });
    expect(parseImageReference("localhost:5000/api")).toEqual({ name: "api", registry: "localhost:5000" });
    expect(parseImageReference("bitnami/redis")).toEqual({ name: "bitnami/redis" });
  });

  it("tells runtime images from development, test and CI images by place and name", () => {
    expect(classifyContainerFile("docker/Dockerfile.local").role).toBe("runtime");
    expect(classifyContainerFile("db-test-setup/mssql/Dockerfile").role).toBe("test");
    expect(classifyContainerFile("services/integration/Dockerfile").role).toBe("runtime");
    expect(classifyContainerFile("maildev.Dockerfile").role).toBe("runtime");
    expect(classifyContainerFile(".cursor/Dockerfile").role).toBe("development");
    expect(classifyContainerFile("Dockerfile.dev").role).toBe("development");
    expect(classifyContainerFile(".gitpod.Dockerfile").role).toBe("development");
    expect(classifyContainerFile("document.test.Dockerfile").role).toBe("test");
    expect(classifyContainerFile("e2e/Dockerfile").role).toBe("test");
    expect(classifyContainerFile(".github/actions/lint/Dockerfile").role).toBe("ci");
    expect(classifyContainerFile("docker-compose.relational.ci.yaml").role).toBe("ci");
    expect(classifyContainerFile("cypress/docker-compose.yml").role).toBe("test");
    expect(classifyContainerFile("docker/builder-go.dockerfile").role).toBe("base");
    expect(classifyContainerFile("Dockerfile.base").role).toBe("base");
  });

  it("knows Dockerfile names, and what only looks like one", () => {
    for (const name of ["Dockerfile", "dockerfile", "Containerfile", "Dockerfile.prod", "Dockerfile-full", "api.Dockerfile", "web.containerfile"])
      expect(isDockerfileName(name), name).toBe(true);
    for (const name of ["Dockerfile.prod.dockerignore", "Dockerfile.md", "dockerfile.ts", "Dockerfiles", "docker-compose.yml", "Dockerfile.j2", "Dockerfile.tmpl", "Dockerfile.template"])
      expect(isDockerfileName(name), name).toBe(false);
  });

  it("parses stages, aliases, ARG-substituted images and EXPOSE", () => {
    const file = parseDockerfile(
      "Dockerfile",
      "ARG GO=1.22\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\nFROM scratch AS empty\nFROM build\nEXPOSE 8080/tcp 9090\n",
    );
    expect(file.stages.map((s) => [s.line, s.image.resolved, s.alias, s.parentStage, s.scratch])).toEqual([
      [2, "golang:1.22", "build", undefined, false],
      [3, "scratch", "empty", undefined, true],
      [4, "build", undefined, 0, false],
    ]);
    expect(file.stages[2]?.exposes).toEqual([{ line: 5, ports: ["8080/tcp", "9090"] }]);
  });

  it("applies BuildKit's prefix, suffix and pattern substitutions to the ARG default in FROM", () => {
    const resolved = (text: string) => parseDockerfile("Dockerfile", text).stages.map((s) => s.image.resolved);
    expect(resolved("ARG NODE_VERSION=v20.11.1\nFROM node:${NODE_VERSION/v/}-alpine\n")).toEqual(["node:20.11.1-alpine"]);
    expect(resolved("ARG RUBY=ruby-3.3.4\nFROM ruby:${RUBY#ruby-}-slim\n")).toEqual(["ruby:3.3.4-slim"]);
    expect(resolved("ARG PY=3.12.4-bookworm\nFROM python:${PY%-*}\nFROM python:${PY%%.*}\n")).toEqual(["python:3.12.4", "python:3"]);
    expect(resolved("ARG GO=1.22.5\nFROM golang:${GO##*.}\nFROM golang:${GO//./-}\n")).toEqual(["golang:5", "golang:1-22-5"]);
    expect(parseDockerfile("Dockerfile", "ARG NODE_VERSION\nFROM node:${NODE_VERSION/v/}\n").stages[0]?.image).toMatchObject({ resolved: undefined, unresolved: ["NODE_VERSION"] });
    expect(resolved("ARG NODE_VERSION=22.11\nARG BASE=node:${NODE_VERSION}-alpine\nFROM ${BASE}\n")).toEqual(["node:22.11-alpine"]);
    expect(resolved("ARG NODE_VERSION\nARG BASE=node:${NODE_VERSION}\nFROM ${BASE}\n")).toEqual([undefined]);
  });

  it("resolves compose build contexts and Dockerfiles against the compose file's folder", () => {
    const view = RepoView.fromFiles({
      "deploy/compose.yaml":
        "services:\n  api:\n    build:\n      context: ../api\n      dockerfile: docker/Dockerfile.prod\n  web:\n    build: ../web\n  escape:\n    build: ../../elsewhere\n",
    });
    expect(composeServices(view).map((s) => [s.name, s.line, s.build])).toEqual([
      ["api", 2, { context: "api", dockerfile: "api/docker/Dockerfile.prod" }],
      ["web", 6, { context: "web", dockerfile: "web/Dockerfile" }],
      ["escape", 8, {}],
    ]);
  });
});
