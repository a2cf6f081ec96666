// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfiles write their variables as ${NAME}
import { describe, expect, it } from "vitest";
import { containerBasePinned } from "../../../src/probes/container/base-pinned.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("container.base-pinned", () => {
  it("resolves ARG defaults in FROM and skips the stages built FROM an earlier stage", async () => {
    const finding = containerBasePinned.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:4"]);
    expect(finding.evidence.find((e) => e.path === "Dockerfile")?.note).toBe("FROM python:${PYTHON_VERSION}-slim (= python:3.12-slim)");
  });

  it("passes digest pins", async () => {
    const finding = containerBasePinned.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence.find((e) => e.line === 1)?.note).toMatch(/pinned by digest/);
    expect(locations(finding)).toEqual(["Dockerfile:1", "Dockerfile:8"]);
  });

  it("is partial when only a development image floats on :latest", async () => {
    const finding = containerBasePinned.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/Dockerfile\.dev:1 \(development image \(named "dev"\)\)/);
    expect(locations(finding)).toEqual(["Dockerfile.dev:1"]);
  });

  it("fails on every untagged or :latest FROM of a runtime image, listing each line", () => {
    const finding = containerBasePinned.run(
      contextOf({
        Dockerfile: "FROM golang AS build\nRUN go build -o /app .\nFROM alpine:latest\nCOPY --from=build /app /app\n",
        "worker/Dockerfile": "FROM python:3.12.4-slim\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["Dockerfile:1", "Dockerfile:3"]);
    expect(finding.evidence[0]?.note).toMatch(/no tag, which means :latest/);
    expect(finding.evidence[1]?.note).toMatch(/a latest tag/);
    const series = containerBasePinned.run(contextOf({ Dockerfile: "FROM lukemathwalker/cargo-chef:latest-rust-1 AS chef\nFROM debian:bookworm-slim\n" }));
    expect(series).toMatchObject({ outcome: "fail", evidence: [{ path: "Dockerfile", line: 1, note: expect.stringMatching(/a latest tag/) }] });
    expect(containerBasePinned.run(contextOf({ Dockerfile: "FROM lukemathwalker/cargo-chef:latest-rust-1.80.1 AS chef\n" })).outcome).toBe("pass");
  });

  it("excludes FROM scratch and FROM <stage alias>, whatever their case", () => {
    const finding = containerBasePinned.run(
      contextOf({
        Dockerfile: "FROM rust:1.79-slim AS Builder\nRUN cargo build --release\nFROM builder AS tested\nFROM scratch\nCOPY --from=tested /target/app /app\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:1"]);
  });

  it("cannot vouch for an image chosen at build time (ARG without default) or a version-less tag", () => {
    const finding = containerBasePinned.run(
      contextOf({ Dockerfile: "ARG BASE_IMAGE\nFROM ${BASE_IMAGE} AS base\nFROM node:lts-alpine\nCOPY --from=base /x /x\n" }),
    );
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["Dockerfile:2", "Dockerfile:3"]);
    expect(finding.evidence[0]?.note).toMatch(/BASE_IMAGE has no default/);
    expect(finding.evidence[1]?.note).toMatch(/names no version/);
  });

  it("takes a Debian or Ubuntu codename for a version, but not a floating alias", () => {
    const pinned = containerBasePinned.run(contextOf({ Dockerfile: "FROM debian:bookworm-slim\n" }));
    expect(pinned.outcome).toBe("pass");
    const floating = containerBasePinned.run(contextOf({ Dockerfile: "FROM debian:stable-slim\n" }));
    expect(floating.outcome).toBe("partial");
  });

  it("uses ${VAR:-default} and ignores Dockerfiles under tests/fixtures", () => {
    const finding = containerBasePinned.run(
      contextOf({ Dockerfile: "ARG TAG\nFROM nginx:${TAG:-1.27-alpine}\n", "tests/fixtures/Dockerfile": "FROM ubuntu\n" }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["Dockerfile:2"]);
  });

  it("reads a tag written with a shell substitution (nvm's v-prefixed version) rather than calling it untagged", () => {
    const finding = containerBasePinned.run(contextOf({ Dockerfile: "ARG NODE_VERSION=v22.11.0\nFROM node:${NODE_VERSION/v/}-bookworm-slim\nUSER node\n" }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "Dockerfile", line: 2, note: "FROM node:${NODE_VERSION/v/}-bookworm-slim (= node:22.11.0-bookworm-slim)" }] });
  });

  it("is not applicable without a Dockerfile", () => {
    expect(containerBasePinned.run(contextOf({ "main.go": "package main\n" })).outcome).toBe("not_applicable");
  });
});
