import { describe, expect, it } from "vitest";
import { containerMultistage } from "../../../src/probes/container/multistage.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("container.multistage", () => {
  it("passes on a build stage plus a runtime stage, with every FROM as evidence", async () => {
    const finding = containerMultistage.run(await fixtureContext("spring-boot-app"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:1", "Dockerfile:9"]);
    expect(finding.evidence[0]?.note).toBe("FROM eclipse-temurin:21.0.4_7-jdk-jammy AS build");
  });

  it("counts `FROM python:3.12-slim AS base` followed by stages built FROM base", async () => {
    const finding = containerMultistage.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:4", "Dockerfile:10", "Dockerfile:17"]);
  });

  it("fails on a single stage that installs and builds, even when a test image is multi-stage", () => {
    const finding = containerMultistage.run(
      contextOf({
        Dockerfile: "FROM node:20.11\nCOPY . .\nRUN npm ci && npm run build\nCMD node dist/main.js\n",
        "app.test.Dockerfile": "FROM node:20.11 AS deps\nRUN npm ci\nFROM deps\nRUN npm test\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["Dockerfile:1"]);
    expect(finding.reason).toMatch(/only app\.test\.Dockerfile, which do not ship, use stages/);
  });

  it("is not applicable to a single stage that only copies an artefact built elsewhere: there is nothing to separate", () => {
    const finding = containerMultistage.run(
      contextOf({ Dockerfile: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY dist/server /server\nENTRYPOINT ["/server"]\n' }),
    );
    expect(finding.outcome).toBe("not_applicable");
    expect(finding.reason).toMatch(/Dockerfile only copies prebuilt artefacts \(no RUN\)/);
  });

  it("judges the production image when one is named so", () => {
    const finding = containerMultistage.run(
      contextOf({
        "docker/Dockerfile.web": "FROM node:24-alpine\nRUN npm ci\n",
        "docker/Dockerfile.prod": "FROM node:24-alpine AS builder\nRUN npm ci\nFROM node:24-alpine AS runner\nCOPY --from=builder /app /app\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/docker\/Dockerfile\.web: not the production image/);
  });

  it("is partial when one runtime image uses stages and another does not", () => {
    const finding = containerMultistage.run(
      contextOf({
        "api/Dockerfile": "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
        "worker/Dockerfile": "FROM python:3.12\nRUN pip install -r requirements.txt\n",
      }),
    );
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/built and run in one stage: worker\/Dockerfile:1/);
  });

  it("fails when no runtime image uses stages, even if another only copies prebuilt files", () => {
    const finding = containerMultistage.run(
      contextOf({
        ".docker/nginx/Dockerfile": "FROM nginx:1.27-alpine\nCOPY default.conf /etc/nginx/conf.d/\n",
        ".docker/php-fpm/Dockerfile": "FROM php:8.3-fpm\nRUN composer install --no-dev\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/one stage: \.docker\/php-fpm\/Dockerfile:1; \.docker\/nginx\/Dockerfile only copies prebuilt artefacts/);
  });

  it("is not applicable without a Dockerfile", () => {
    expect(containerMultistage.run(contextOf({ "README.md": "# x\n" })).outcome).toBe("not_applicable");
  });
});
