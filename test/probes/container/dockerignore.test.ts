import { describe, expect, it } from "vitest";
import { containerDockerignore } from "../../../src/probes/container/dockerignore.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const APP = "FROM node:20.11-alpine\nCOPY . .\n";

describe("container.dockerignore", () => {
  it("passes on a .dockerignore at the root build context", async () => {
    const finding = containerDockerignore.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual([".dockerignore"]);
    expect(finding.evidence[0]?.note).toBe("build context of Dockerfile");
  });

  it("fails when no build context has one, saying where it looked", async () => {
    const finding = containerDockerignore.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/no \.dockerignore beside Dockerfile or in a folder above/);
  });

  it("accepts a .dockerignore beside a Dockerfile in a sub-folder", () => {
    const finding = containerDockerignore.run(contextOf({ "project/Dockerfile": APP, "project/.dockerignore": ".git\n" }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["project/.dockerignore"]);
  });

  it("accepts a Dockerfile-specific ignore file", () => {
    const finding = containerDockerignore.run(contextOf({ "docker/api.Dockerfile": APP, "docker/api.Dockerfile.dockerignore": "node_modules\n" }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["docker/api.Dockerfile.dockerignore"]);
  });

  it("follows a compose build context that is not the Dockerfile's folder", () => {
    const finding = containerDockerignore.run(
      contextOf({
        "services/api/docker/Dockerfile": APP,
        "services/api/.dockerignore": "node_modules\n",
        "deploy/docker-compose.yml": "services:\n  api:\n    build:\n      context: ../services/api\n      dockerfile: docker/Dockerfile\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["services/api/.dockerignore"]);
  });

  it("is partial when only some shipped images have one", () => {
    const finding = containerDockerignore.run(contextOf({ "api/Dockerfile": APP, "api/.dockerignore": ".git\n", "worker/Dockerfile": APP }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/no \.dockerignore beside worker\/Dockerfile/);
  });

  it("does not take a .dockerignore in a sibling folder for the build context", () => {
    const finding = containerDockerignore.run(contextOf({ "api/Dockerfile": APP, "web/.dockerignore": ".git\n" }));
    expect(finding.outcome).toBe("fail");
  });

  it("is not applicable without a Dockerfile", () => {
    expect(containerDockerignore.run(contextOf({ ".dockerignore": ".git\n" })).outcome).toBe("not_applicable");
  });
});
