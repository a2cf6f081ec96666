// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfiles write their variables as ${NAME}
import { describe, expect, it } from "vitest";
import { containerNonRoot } from "../../../src/probes/container/non-root.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("container.non-root", () => {
  it("passes on USER ${APP_USER} resolved through its ARG default, judging the runtime image and not the dev container", async () => {
    const finding = containerNonRoot.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:23"]);
    expect(finding.evidence[0]?.note).toBe("USER fastapi");
    expect(finding.reason).not.toMatch(/devcontainer/);
  });

  it("fails when USER node is set only in the builder stage: a USER does not carry over to a stage FROM another image", async () => {
    const finding = containerNonRoot.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["Dockerfile:13"]);
    expect(finding.evidence[0]?.note).toMatch(/no USER in the final stage/);
  });

  it("counts a distroless :nonroot base image as non-root, with a note", async () => {
    const finding = containerNonRoot.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:8"]);
    expect(finding.evidence[0]?.note).toMatch(/base image gcr\.io\/distroless\/static-debian12:nonroot runs as its non-root user/);
  });

  it("counts a -nonroot tag suffix the same way", () => {
    const finding = containerNonRoot.run(contextOf({ Dockerfile: "FROM cgr.dev/chainguard/python:3.12-nonroot\nCOPY app /app\n" }));
    expect(finding.outcome).toBe("pass");
  });

  it("passes on user:group form and judges the last USER", () => {
    const finding = containerNonRoot.run(contextOf({ Dockerfile: "FROM eclipse-temurin:21-jre\nUSER root\nRUN apt-get update\nUSER spring:spring\n" }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:4"]);
  });

  it("fails when the last USER is root, 0 or 0:0", () => {
    for (const user of ["root", "0", "0:0", "ROOT"]) {
      const finding = containerNonRoot.run(
        contextOf({ Dockerfile: `FROM node:20.11-alpine\nUSER node\nRUN npm ci\nUSER ${user}\nCMD ["node", "server.js"]\n` }),
      );
      expect(finding.outcome, user).toBe("fail");
      expect(locations(finding)).toEqual(["Dockerfile:4"]);
    }
  });

  it("inherits USER from the earlier stage the final stage is built FROM", () => {
    const finding = containerNonRoot.run(
      contextOf({
        Dockerfile: "FROM python:3.12-slim AS base\nRUN useradd app\nUSER app\n\nFROM base AS build\nRUN pip wheel .\n\nFROM base\nCOPY --from=build /w /w\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:3"]);
    expect(finding.evidence[0]?.note).toMatch(/set in stage base, which the final stage is built from/);
  });

  it("judges Dockerfile.prod when the project names one for production, leaving the plain dev Dockerfile and the database image aside", () => {
    const finding = containerNonRoot.run(
      contextOf({
        "project/Dockerfile": "FROM python:3.12.1-slim\nCOPY . .\n",
        "project/Dockerfile.prod": "FROM python:3.12.1-slim AS builder\nRUN pip wheel .\nFROM python:3.12.1-slim\nRUN useradd app\nUSER app\n",
        "project/db/Dockerfile": "FROM postgres:16\nADD create.sql /docker-entrypoint-initdb.d\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["project/Dockerfile.prod:5"]);
    expect(finding.reason).toMatch(/project\/Dockerfile: not the production image; project\/db\/Dockerfile: database, cache or broker image/);
  });

  it("is partial when one runtime image runs as root and another does not", () => {
    const finding = containerNonRoot.run(
      contextOf({ "api/Dockerfile": "FROM node:20.11-alpine\nUSER node\n", "worker/Dockerfile": "FROM node:20.11-alpine\nCMD node worker.js\n" }),
    );
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["api/Dockerfile:2", "worker/Dockerfile:1"]);
  });

  it("trusts a USER chosen at build time to be an unprivileged user, and says so", () => {
    const finding = containerNonRoot.run(contextOf({ Dockerfile: "FROM node:20.11-alpine\nARG RUN_AS\nUSER $RUN_AS\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]?.note).toMatch(/chosen at build time/);
  });

  it("is not applicable when the only images are development and test images", () => {
    const finding = containerNonRoot.run(
      contextOf({ ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/base:bookworm\n", "test.Dockerfile": "FROM node:20.11\n" }),
    );
    expect(finding.outcome).toBe("not_applicable");
    expect(finding.reason).toMatch(/no runtime image to judge/);
  });

  it("does not judge a development-environment image: only the dev container's Dockerfile is as good as none", () => {
    const finding = containerNonRoot.run(contextOf({ ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/base:bookworm\n" }));
    expect(finding).toMatchObject({ outcome: "not_applicable", reason: "no Dockerfile or Containerfile in the project" });
  });

  it("is not applicable with no Dockerfile, and ignores one under tests/fixtures", () => {
    const finding = containerNonRoot.run(contextOf({ "tests/fixtures/Dockerfile": "FROM ubuntu:22.04\n" }));
    expect(finding.outcome).toBe("not_applicable");
  });

  it("does not crash on a garbled Dockerfile and judges the readable one", () => {
    const finding = containerNonRoot.run(
      contextOf({ Dockerfile: "\u0000\u00ff\u00fe\u0001USER\u0000 ROOT FROM\n\u0002\u0003", "docker/Dockerfile.api": "FROM node:20.11-alpine\nUSER node\n" }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/Dockerfile: has no FROM instruction/);
  });

  it("is partial when the image defaults to root but the Kubernetes manifests force a non-root user", () => {
    const deployment = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "spec:",
      "  template:",
      "    spec:",
      "      securityContext:",
      "        runAsNonRoot: true",
      "        # runAsUser: 0",
      "      containers:",
      "        - name: server",
      "          image: example/checkout:1.2.0",
    ].join("\n");
    const finding = containerNonRoot.run(
      contextOf({ Dockerfile: "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\n", "kubernetes-manifests/checkout.yaml": deployment }),
    );
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["Dockerfile:3", "kubernetes-manifests/checkout.yaml:7"]);
    expect(finding.reason).toMatch(
      /Kubernetes runs the containers as non-root \(runAsNonRoot: true in kubernetes-manifests\/checkout\.yaml\), but the image defaults to root/,
    );
  });

  it("reads a Helm chart's securityContext defaults from values.yaml beside Chart.yaml", () => {
    const finding = containerNonRoot.run(
      contextOf({
        Dockerfile: "FROM node:20.11-alpine\n",
        "charts/api/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
        "charts/api/values.yaml": "podSecurityContext:\n  runAsUser: 10001\n  fsGroup: 10001\n",
        "config/values.yaml": "runAsUser: 1000\n",
      }),
    );
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["Dockerfile:1", "charts/api/values.yaml:2"]);
  });

  it("does not take a database's runAsUser for the application's", () => {
    const statefulSet =
      "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 999\n      containers:\n        - name: db\n          image: postgres:16.3\n";
    const finding = containerNonRoot.run(contextOf({ Dockerfile: "FROM node:20.11-alpine\n", "k8s/postgres.yaml": statefulSet }));
    expect(finding.outcome).toBe("fail");
  });

  it("judges the stage a multi-target Dockerfile ships, not a test or upload stage written after it", () => {
    const dockerfile = [
      "FROM node:20.11-bookworm-slim AS build",
      "RUN npm ci && npm run build",
      "FROM node:20.11-bookworm-slim AS release",
      "COPY --from=build /app /app",
      "FROM release AS rootless",
      "USER node",
      "FROM build AS test",
      "USER node",
      "RUN npm test",
      "FROM alpine:3.20 AS upload-artifact",
      "USER 1000",
    ].join("\n");
    const finding = containerNonRoot.run(contextOf({ "docker/dockerfile": dockerfile }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["docker/dockerfile:3"]);
    expect(finding.evidence[0]?.note).toBe("no USER in stage release: runs as root");
  });

  it("falls back to the last stage not named for tests or tooling", () => {
    const dockerfile = "FROM python:3.12-slim AS app\nRUN useradd app\nUSER app\nFROM app AS test\nUSER root\nRUN pip install pytest\n";
    const finding = containerNonRoot.run(contextOf({ Dockerfile: dockerfile }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:3"]);
  });

  it("leaves base and builder images aside: the runtime image that starts FROM them sets the user", () => {
    const finding = containerNonRoot.run(
      contextOf({
        "docker/debian-base.dockerfile": "FROM node:22-bookworm-slim\nRUN apt-get update\n",
        "docker/builder-go.dockerfile": "FROM golang:1.22\n",
        "docker/Dockerfile": "FROM example/app:base2\nUSER node\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/docker\/debian-base\.dockerfile: base or builder image \(named "base"\)/);
  });
});
