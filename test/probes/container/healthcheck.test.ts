import { describe, expect, it } from "vitest";
import { containerHealthcheck } from "../../../src/probes/container/healthcheck.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const APP = "FROM node:20.11-alpine\nCOPY . .\nCMD node server.js\n";

describe("container.healthcheck", () => {
  it("passes on a multi-line HEALTHCHECK in the runtime image, at the instruction's first line", async () => {
    const finding = containerHealthcheck.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:25"]);
    expect(finding.evidence[0]?.note).toMatch(/^HEALTHCHECK CMD python -c/);
  });

  it("passes on liveness/readiness probes in a multi-document Kubernetes manifest when the image has none", async () => {
    const finding = containerHealthcheck.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["deploy/k8s/base/deployment.yaml:26", "deploy/k8s/base/deployment.yaml:31"]);
    expect(finding.evidence[0]?.note).toBe("livenessProbe of container server");
    expect(finding.reason).toMatch(/Kubernetes liveness\/readiness probes/);
  });

  it("scans a Helm template line by line, skipping a commented-out probe, despite HEALTHCHECK NONE in the image", async () => {
    const finding = containerHealthcheck.run(await fixtureContext("spring-boot-app"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["charts/spring-boot-app/templates/deployment.yaml:24", "charts/spring-boot-app/templates/deployment.yaml:29"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["livenessProbe", "readinessProbe"]);
  });

  it("is partial when only docker-compose health-checks the service it builds (the redis check does not count)", async () => {
    const finding = containerHealthcheck.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["docker-compose.yml:12"]);
    expect(finding.reason).toMatch(/only docker-compose checks the service's health \(api in docker-compose\.yml:12\)/);
  });

  it("does not count a compose healthcheck on a database service", () => {
    const finding = containerHealthcheck.run(
      contextOf({
        Dockerfile: APP,
        "compose.yaml": "services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n    healthcheck:\n      test: pg_isready\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("fails on HEALTHCHECK NONE, pointing at it", () => {
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: `${APP}HEALTHCHECK NONE\n` }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["Dockerfile:4"]);
    expect(finding.reason).toMatch(/switch the check off with HEALTHCHECK NONE/);
  });

  it("inherits a HEALTHCHECK from the stage the final stage is built FROM, but not from an unrelated builder stage", () => {
    const inherited = containerHealthcheck.run(
      contextOf({ Dockerfile: "FROM node:20.11-alpine AS base\nHEALTHCHECK CMD wget -qO- localhost:3000/health\nFROM base\nCOPY . .\n" }),
    );
    expect(inherited.outcome).toBe("pass");
    expect(locations(inherited)).toEqual(["Dockerfile:2"]);
    const builderOnly = containerHealthcheck.run(
      contextOf({ Dockerfile: "FROM node:20.11 AS build\nHEALTHCHECK CMD true\nRUN npm run build\nFROM node:20.11-alpine\nCOPY --from=build /app /app\n" }),
    );
    expect(builderOnly.outcome).toBe("fail");
  });

  it("judges the images built FROM a release stage (web, worker targets), not the release stage they share", () => {
    const dockerfile = [
      "FROM python:3.12-slim AS release",
      "COPY . /code",
      "FROM release AS worker",
      "HEALTHCHECK CMD /code/healthcheck-worker.sh",
      "CMD /code/start-worker.sh",
      "FROM release AS web",
      "HEALTHCHECK CMD /code/healthcheck-web.sh",
      "CMD /code/start-web.sh",
      "",
    ].join("\n");
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: dockerfile }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:7"]);
    const testedRelease = containerHealthcheck.run(
      contextOf({ Dockerfile: "FROM python:3.12-slim AS release\nHEALTHCHECK CMD true\nFROM release AS test\nRUN pytest\n" }),
    );
    expect(locations(testedRelease)).toEqual(["Dockerfile:2"]);
  });

  it("does not count probes on a bundled database container, in a CRD schema or in docs", () => {
    const finding = containerHealthcheck.run(
      contextOf({
        Dockerfile: APP,
        "k8s/postgres.yaml":
          "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16.3\n          readinessProbe:\n            exec:\n              command: [pg_isready]\n",
        "k8s/crd.yaml":
          "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n    - schema:\n        openAPIV3Schema:\n          properties:\n            livenessProbe:\n              type: object\n",
        "docs/kubernetes/deployment.yaml":
          "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:1.0\n          livenessProbe:\n            httpGet: {path: /health, port: 80}\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("tells a Helm template's database container from the application's by its image", () => {
    const template = [
      "apiVersion: apps/v1",
      "kind: StatefulSet",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: postgresql",
      '          image: "{{ .Values.postgresql.image.repository }}:{{ .Values.postgresql.image.tag }}"',
      "          env:",
      "            - name: POSTGRES_USER",
      "              value: {{ .Values.auth.username | quote }}",
      "          readinessProbe:",
      "            exec:",
      "              command: [pg_isready]",
    ].join("\n");
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: APP, "charts/app/templates/postgresql.yaml": template }));
    expect(finding.outcome).toBe("fail");
  });

  it("leaves out charts vendored under another chart's charts/ folder", () => {
    const manifest =
      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:1.0\n          livenessProbe:\n            httpGet: {path: /health, port: 80}\n";
    const vendored = containerHealthcheck.run(contextOf({ Dockerfile: APP, "charts/app/charts/common/templates/deployment.yaml": manifest }));
    expect(vendored.outcome).toBe("fail");
    const own = containerHealthcheck.run(contextOf({ Dockerfile: APP, "deploy/deployment.yaml": manifest }));
    expect(own.outcome).toBe("pass");
    expect(locations(own)).toEqual(["deploy/deployment.yaml:9"]);
  });

  it("is partial when only a startup probe exists", () => {
    const manifest =
      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: example/app:1.0\n      startupProbe:\n        tcpSocket: {port: 80}\n";
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: APP, "k8s/pod.yml": manifest }));
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["k8s/pod.yml:7"]);
  });

  it("survives YAML that is neither valid nor a template", () => {
    const broken = "apiVersion: apps/v1\nkind: Deployment\n  containers: [\n    livenessProbe:\n  : : :\n";
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: APP, "k8s/broken.yaml": broken }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["k8s/broken.yaml:4"]);
  });

  it("is not applicable when the only Dockerfile is a dev container and nothing else checks health", () => {
    const finding = containerHealthcheck.run(contextOf({ ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/go:1.22\n" }));
    expect(finding.outcome).toBe("not_applicable");
  });

  it("does not count a compose healthcheck that is switched off, nor one in a development compose file", () => {
    const finding = containerHealthcheck.run(
      contextOf({
        Dockerfile: APP,
        "docker-compose.yml": "services:\n  web:\n    build: .\n    healthcheck:\n      disable: true\n",
        "docker-compose.dev.yml": "services:\n  web:\n    build: .\n    healthcheck:\n      test: [CMD, curl, -f, localhost:3000]\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("does not count a compose healthcheck in an end-to-end test folder", () => {
    const compose = "services:\n  app:\n    build: ..\n    healthcheck:\n      test: [CMD, curl, -f, localhost:3000/api/heartbeat]\n";
    const finding = containerHealthcheck.run(contextOf({ Dockerfile: APP, "cypress/docker-compose.yml": compose }));
    expect(finding.outcome).toBe("fail");
  });
});
