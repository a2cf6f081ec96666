import { describe, expect, it } from "vitest";
import { readme } from "../../../src/probes/docs/readme.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const VITE_TEMPLATE = [
  "# React + TypeScript + Vite",
  "",
  "This template provides a minimal setup to get React working in Vite with HMR and some ESLint rules.",
  "",
  "## Expanding the ESLint configuration",
  "",
  "If you are developing a production application, we recommend updating the configuration to enable type aware lint rules:",
  "",
].join("\n");

describe("docs.readme", () => {
  it("passes when the README has a getting-started section, install commands and a test section", async () => {
    const finding = readme.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["README.md:5", "README.md:7", "README.md:10", "README.md:17", "README.md:20"]);
    expect(finding.evidence.map((e) => e.note)).toEqual([
      'section "Getting started"',
      "command: docker compose up db",
      "command: python -m venv .venv && source .venv/bin/activate",
      'section "Running tests"',
      "command: pytest -q",
    ]);
  });

  it("passes on a library README with installation and development sections", async () => {
    const finding = readme.run(await fixtureContext("python-library"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toContain("README.md:5");
  });

  it("follows the README's links to in-repository docs, two hops deep", () => {
    const finding = readme.run(
      contextOf({
        "README.md": "# API boilerplate\n\n[Full documentation here](/docs/readme.md)\n",
        "docs/readme.md": "# Documentation\n\n- [Installing and running](installing-and-running.md)\n- [Tests](./tests.md)\n",
        "docs/installing-and-running.md": "# Installation\n\n## Quick run\n\n```bash\ncp env-example .env\ndocker compose up -d\n```\n",
        "docs/tests.md": "# Tests\n\n```bash\nnpm run test:e2e\n```\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["docs/installing-and-running.md:3", "docs/installing-and-running.md:7", "docs/tests.md:4"]);
  });

  it("reads level-1 sections other than the document's title", () => {
    const text = "<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Paperwork\n\nStores your documents.\n\n# Getting started\n\nStart the compose file in this repository: it is the easiest way to try it.\n\n# Running the tests\n\nRun the suite as the contributing guide describes.\n";
    const finding = readme.run(contextOf({ "README.md": text }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["README.md:7", "README.md:11"]);
  });

  it("is partial when the README says how to run but not how to test", () => {
    const finding = readme.run(contextOf({ "README.md": "# tool\n\n## Install\n\n```sh\ngo install example.com/tool@latest\n```\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toBe("README.md explains how to install or run the project, but not how to run the tests");
    expect(locations(finding)).toEqual(["README.md:3", "README.md:6"]);
    const example = readme.run(contextOf({ "README.md": "# web\n\nA small web framework.\n\n```\n$ flask --app hello run\n```\n" }));
    expect(example.outcome).toBe("partial");
    expect(example.evidence).toEqual([{ path: "README.md", line: 6, note: "command: flask --app hello run" }]);
  });

  it("takes a desktop app's Download section with its release links for install steps, not an empty one", () => {
    const download = "# YoutubeDownloader\n\nDownloads videos.\n\n## Download\n\n- **[Stable release](https://github.com/Tyrrrz/YoutubeDownloader/releases/latest)**\n- [CI build](https://github.com/Tyrrrz/YoutubeDownloader/actions)\n\n## Features\n\n- Download videos by URL\n";
    expect(readme.run(contextOf({ "Readme.md": download }))).toMatchObject({ outcome: "partial", evidence: [{ path: "Readme.md", line: 5, note: 'section "Download"' }] });
    expect(readme.run(contextOf({ "Readme.md": download.replace(/## Download\n\n[^#]*/, "## Download\n\nComing soon.\n\n") })).outcome).toBe("fail");
  });

  it("fails on a README that is a badge and a link, naming what it looked for", () => {
    const text = "# Test-Driven Development with FastAPI and Docker\n\n![CI](https://github.com/acme/api/workflows/CI/badge.svg)\n\nhttps://testdriven.io/courses/tdd-fastapi/\n";
    const finding = readme.run(contextOf({ "README.md": text }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/^README\.md \(\d+ characters\) has no install or run instructions/);
    expect(locations(finding)).toEqual(["README.md"]);
  });

  it("does not take a placeholder or near-empty section for run instructions", () => {
    for (const body of ["We are working on the documentation to get started locally: https://docs.example.com", "Coming soon.", "TBD", "See below."]) {
      const finding = readme.run(contextOf({ "README.md": `# Ledger\n\nBookkeeping for small teams.\n\n## Get started\n\n${body}\n` }));
      expect(finding.outcome, body).toBe("fail");
    }
    const real = ["Install it with `pip install ledger`; Windows steps coming soon.", "See [the setup guide](docs/setup.md).", "Open the app in your browser and sign in."];
    for (const body of real) {
      expect(locations(readme.run(contextOf({ "README.md": `# Ledger\n\nBookkeeping for small teams.\n\n## Get started\n\n${body}\n` }))), body).toContain("README.md:5");
    }
  });

  it("does not take a heading over a description for instructions; an imperative sentence or a step is one", () => {
    const described = "# Ledger\n\nBookkeeping for small teams.\n\n## Installation\n\nLedger needs Node 20 and a PostgreSQL 16 database.\n\n## Testing\n\nThe suite covers the API and the importers.\n";
    expect(readme.run(contextOf({ "README.md": described })).outcome).toBe("fail");
    const instructed = described.replace("Ledger needs Node 20", "Install Node 20").replace("The suite covers", "Run the suite, which covers");
    expect(readme.run(contextOf({ "README.md": instructed }))).toMatchObject({ outcome: "pass", evidence: [{ line: 5 }, { line: 9 }] });
  });

  it("is partial on a README that only links to the project's installation docs", () => {
    const text = "# Notes\n\nA self-hosted notes server.\n\n* [Installation](https://notes.example.org/docs/install)\n* [Demo](https://demo.notes.example.org)\n";
    expect(readme.run(contextOf({ "README.md": text }))).toMatchObject({ outcome: "partial", evidence: [{ path: "README.md", line: 5 }] });
    const prerequisite = "# Notes\n\nA self-hosted notes server.\n\n* [Installing Docker](https://docs.docker.com/engine/install/)\n";
    expect(readme.run(contextOf({ "README.md": prerequisite })).outcome).toBe("fail");
    const wiki = "# Wiki\n\nA git-based wiki.\n\nInstallation examples can be seen [here](https://github.com/acme/wiki/wiki/Installation).\n";
    expect(readme.run(contextOf({ "README.md": wiki }))).toMatchObject({ outcome: "partial", evidence: [{ path: "README.md", line: 5 }] });
    const elsewhere = "# Wiki\n\nA git-based wiki.\n\nSee [here](https://github.com/acme/wiki/actions/workflows/deploy.yml) and [Docker](https://docs.docker.com/engine/install/).\n";
    expect(readme.run(contextOf({ "README.md": elsewhere })).outcome).toBe("fail");
    // Under a Documentation or install heading, the project's documentation site is where its guides are.
    const site = "# Files\n\nA static file server.\n\n## Documentation\n\nPlease refer to [The Documentation Website](https://files.example.org/) for usage.\n";
    expect(readme.run(contextOf({ "README.md": site }))).toMatchObject({ outcome: "partial", evidence: [{ path: "README.md", line: 7 }] });
    const docsPath = "# TV\n\n## Documentation\n\nDocumentation is available at [tv.example.org](https://tv.example.org/docs/).\n";
    expect(readme.run(contextOf({ "README.md": docsPath })).outcome).toBe("partial");
    const unrelated = "# Files\n\nA static file server.\n\n## Documentation\n\nBuilt with [hyper](https://hyper.example.org/).\n";
    expect(readme.run(contextOf({ "README.md": unrelated })).outcome).toBe("fail");
    // One page of an organisation's docs site, named for something else, is not the project's installation docs.
    const conventions = "# Locations API\n\n## Technical documentation\n\nThis is a Rails app, and should follow [our Rails app conventions](https://docs.publishing.example.org/manual/conventions-for-rails-applications.html).\n";
    expect(readme.run(contextOf({ "README.md": conventions })).outcome).toBe("fail");
  });

  it("does not take a shell comment in a code block for a heading", () => {
    const text = "# Project\n\nSome words.\n\n```sh\n# Install dependencies\necho hi\n```\n";
    expect(readme.run(contextOf({ "README.md": text })).outcome).toBe("fail");
  });

  it("fails on an untouched generator template README", () => {
    const finding = readme.run(contextOf({ "README.md": VITE_TEMPLATE }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/unmodified generator template/);
  });

  it("fails without a root README even when a sub-folder holds a template one", () => {
    const finding = readme.run(contextOf({ "frontend/README.md": VITE_TEMPLATE, "main.ts": "console.log(1);\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toBe("no README at the repository root (nor in .github/ or docs/)");
  });

  it("is partial when only a sub-folder README explains how to run its part", () => {
    const finding = readme.run(contextOf({ "backend/README.md": "# Backend\n\n## Setup\n\n```\nnpm ci\nnpm start\n```\n" }));
    expect(finding.outcome).toBe("partial");
    expect(locations(finding)).toEqual(["backend/README.md:3", "backend/README.md:6", "backend/README.md:7"]);
  });
});
