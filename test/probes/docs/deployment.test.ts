import { describe, expect, it } from "vitest";
import { deploymentDocs } from "../../../src/probes/docs/deployment.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("docs.deployment", () => {
  it("passes on the README's Deployment section, at its heading", async () => {
    const finding = deploymentDocs.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["README.md:23"]);
    expect(finding.evidence[0]?.note).toBe('section "Deployment"');
  });

  it("passes on deployment and hosting guides and a Helm chart's README", () => {
    const finding = deploymentDocs.run(
      contextOf({
        "docs/hosting/docker.md": "---\ntitle: Self hosting with Docker\n---\n\n## Requirements\n\nDocker 24 and a domain name.\n",
        "charts/api/Chart.yaml": "apiVersion: v2\nname: api\nversion: 1.2.0\n",
        "charts/api/README.md": "# api\n\nInstall the chart:\n\n    helm install api ./charts/api\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["charts/api/README.md:1", "docs/hosting/docker.md:5"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["Helm chart README", '"Self hosting with Docker"']);
  });

  it("counts an installation guide only when it sets up a server", () => {
    const server = "# Installation\n\nInstall the app on Ubuntu, run it under gunicorn with systemd,\nand put nginx in front of it as a reverse proxy.\n";
    const local = "# Installation\n\nClone the repository and run npm install,\nthen npm run start:dev to start the dev server.\n";
    expect(locations(deploymentDocs.run(contextOf({ "docs/installation/index.md": server })))).toEqual(["docs/installation/index.md:1"]);
    expect(deploymentDocs.run(contextOf({ "docs/installing-and-running.md": local })).outcome).toBe("fail");
  });

  it("counts getting-started, quick-start and running guides that set up a server, like installation guides", () => {
    const gettingStarted = "# Getting Started\n\nDownload the release, point nginx at the public folder,\nand run the queue worker under systemd in production.\n";
    const running = "# Running with FrankenPHP\n\nCreate a systemd unit for the binary\nand put it behind a reverse proxy.\n";
    const finding = deploymentDocs.run(contextOf({ "docs/guide/getting-started.md": gettingStarted, "docs/guide/running-with-frankenphp.md": running }));
    expect(locations(finding)).toEqual(["docs/guide/getting-started.md:1", "docs/guide/running-with-frankenphp.md:1"]);
    const local = "# Quick start\n\nClone the repository, run npm install, then npm run dev\nand open the development server at http://localhost:3000.\n";
    expect(deploymentDocs.run(contextOf({ "docs/quickstart.md": local, "docs/getting-started.md": local })).outcome).toBe("fail");
  });

  it("does not take a Hosting section that only lists providers for deployment instructions", () => {
    const providers = "# Ledger\n\n## Architecture\n\n### Hosting\n\n- Supabase (database, storage, realtime, auth)\n- Railway (API, Worker, Dashboard)\n- Vercel (Website)\n";
    expect(deploymentDocs.run(contextOf({ "README.md": providers })).outcome).toBe("fail");
    const guide = "# Ledger\n\n## Hosting\n\nEach app has its own platform; the [hosting guide](docs/hosting-notes.md) walks through it.\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": guide })))).toEqual(["README.md:3"]);
    const verb = "# Ledger\n\n## Hosting\n\nDeploy the API to Railway and the website to Vercel; both read DATABASE_URL.\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": verb })))).toEqual(["README.md:3"]);
  });

  it("reads level-1 README sections other than the title", () => {
    const readme = "[![ci](https://ci.example/badge.svg)](https://ci.example)\n\n# Paperwork\n\nStores your documents.\n\n# Deployment\n\nRun the image behind nginx with TLS, and point DATABASE_URL at your PostgreSQL server.\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": readme })))).toEqual(["README.md:7"]);
    const titleOnly = "# Deploybot\n\nA chat bot that posts to Slack whenever someone deploys anything, anywhere, at any time.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": titleOnly })).outcome).toBe("fail");
  });

  it("counts an installation section that sets the app up for production, not one for development", () => {
    const production = "This is the source code of the wiki.\n\n# Installation\n\nPlease see the [documentation](https://docs.example.com/hosting/) for running your own copy in a production configuration.\n";
    const development = "This is the source code of the wiki.\n\n# Installation\n\nClone the repository, run yarn install and yarn dev, then open http://localhost:3000.\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": production })))).toEqual(["README.md:3"]);
    expect(deploymentDocs.run(contextOf({ "README.md": development })).outcome).toBe("fail");
  });

  it("counts a setup guide that sets up a server, like an installation guide", () => {
    const server = "# Installation\n\n## Bare metal\n\nRun the web server under gunicorn with systemd, with nginx in front as a reverse proxy.\n";
    const local = "# Setup\n\nInstall Node 20, run npm install, then npm run dev to start the development server.\n";
    const finding = deploymentDocs.run(contextOf({ "docs/setup.md": server }));
    expect(locations(finding)).toEqual(["docs/setup.md:1"]);
    expect(finding.evidence[0]?.note).toBe('installation guide for a server: "Installation"');
    expect(deploymentDocs.run(contextOf({ "docs/setup.md": local })).outcome).toBe("fail");
  });

  it("counts a Docker section that builds and runs the image, not one that starts a development database", () => {
    const image = "# API\n\n## Docker\n\nBuild the production image and run it:\n\n```shell\ndocker build -t api .\ndocker run -p 3000:3000 api\n```\n";
    const devDb = "# API\n\n## Docker\n\nStart the development database with this command:\n\n```shell\ndocker compose up -d postgres\n```\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": image })))).toEqual(["README.md:3"]);
    expect(deploymentDocs.run(contextOf({ "README.md": devDb })).outcome).toBe("fail");
    const trial = "# API\n\nA RealWorld backend.\n\n# Try it out with Docker\n\nYou will need Docker installed.\n\n    docker run -p 8081:8080 realworld-api\n";
    expect(deploymentDocs.run(contextOf({ "README.md": trial })).outcome).toBe("fail");
  });

  it("does not take a production-readiness self-assessment for a deployment guide", () => {
    const claims = "# Production readiness: 10/10\n\n## Production deployment ✅\n\nDocker, CI/CD, health checks, Sentry and load tests are all in place.\n";
    expect(deploymentDocs.run(contextOf({ "PRODUCTION_READINESS.md": claims, "README.md": claims })).outcome).toBe("fail");
  });

  it("does not count a stub section", () => {
    expect(deploymentDocs.run(contextOf({ "README.md": "# API\n\n## Deployment\n\nTBD\n" })).outcome).toBe("fail");
  });

  it("fails when only platform files exist, naming them: they configure a deployment without explaining it", () => {
    const finding = deploymentDocs.run(contextOf({ Procfile: "web: npm run start:prod\n", "README.md": "# API\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/; Procfile configures a deployment but no document explains it$/);
  });
  it("reads a README whose product is named after readiness as a README, not a self-assessment", () => {
    const readme = "# Readiness\n\nAudits repositories.\n\n## Deploying the app\n\nBuild the image with `docker build -t readiness .`, run it behind your load balancer with the app's\nenvironment, and point the GitHub App's webhook URL at /api/github/webhooks.\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": readme })))).toEqual(["README.md:5"]);
    const assessment = "# Service\n\n## Production readiness checklist\n\n- Deployment: done, we deploy to production with Helm and Kubernetes every day.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": assessment })).outcome).toBe("fail");
  });
  it("counts a README section on starting your own instance that points to the installation docs", () => {
    const readme = "# Blog\n\nA federated blog.\n\n## Starting your own instance\n\nWe provide various ways to install Blog: from source, with binaries or with Docker.\nFor detailed explanations, please refer to [the documentation](https://docs.blog.example/installation/).\n";
    expect(deploymentDocs.run(contextOf({ "README.md": readme }))).toMatchObject({ outcome: "pass", evidence: [{ path: "README.md", line: 5 }] });
    const linkOnly = "# Blog\n\nA federated blog. For details, please refer to [the documentation](https://docs.blog.example/installation/).\n";
    expect(deploymentDocs.run(contextOf({ "README.md": linkOnly })).outcome).toBe("partial");
    const hostingLinks = "# Timesheet\n\nTrack time.\n\n## Installation\n\n- Docker Compose at [Hetzner](https://www.timesheet.example/documentation/hosting-hetzner-cloud.html)\n- [SSH setup](https://www.timesheet.example/documentation/installation.html) with Git\n";
    expect(deploymentDocs.run(contextOf({ "README.md": hostingLinks }))).toMatchObject({ outcome: "partial", evidence: [{ path: "README.md", line: 7 }] });
    const docsIndex = "# Panel\n\nGame servers.\n\n## Documentation\n\n* [Panel Documentation](https://panel.example/panel/1.0/getting_started.html)\n";
    expect(deploymentDocs.run(contextOf({ "README.md": docsIndex })).outcome).toBe("partial");
    const features = "# Timesheet\n\nTrack time.\n\n## Features\n\n- [Hetzner](https://www.timesheet.example/documentation/hosting-hetzner-cloud.html)\n";
    expect(deploymentDocs.run(contextOf({ "README.md": features })).outcome).toBe("fail");
  });

  it("is partial on a README link to an installation guide kept on the project's website, not on a link that installs a prerequisite", () => {
    const readme = "# Notes\n\nA self-hosted notes server.\n\n* [Installation Instructions](https://notes.example.org/docs/admin/installation)\n* [Demo](https://demo.notes.example.org)\n";
    const finding = deploymentDocs.run(contextOf({ "README.md": readme }));
    expect(finding).toMatchObject({ outcome: "partial", evidence: [{ path: "README.md", line: 5 }] });
    const html = '# Media\n\nCheck out our <a href="https://media.example.org/docs/general/installation/">installation guide</a>, then the quick start.\n';
    expect(deploymentDocs.run(contextOf({ "README.md": html })).outcome).toBe("partial");
    const prerequisites = "# Demo\n\n## Setup with Docker\n\n- [Docker](https://docs.docker.com/engine/installation/)\n- [Docker Compose](https://docs.docker.com/compose/install/)\n";
    expect(deploymentDocs.run(contextOf({ "README.md": prerequisites })).outcome).toBe("fail");
  });

  it("counts Docker deployments by docker compose up, docker pull or docker run, not a compose file that only starts the databases", () => {
    const compose = "# Wiki\n\n## Docker\n\nCopy `.env.example` to `.env` and bring the stack up:\n\n```sh\ndocker compose up -d\n```\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": compose })))).toEqual(["README.md:3"]);
    const pull = "# Wiki\n\n## Installation\n\n```sh\ndocker pull ghcr.io/acme/wiki:2.4\ndocker run -d -p 8080:8080 -v wiki:/data ghcr.io/acme/wiki:2.4\n```\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": pull })))).toEqual(["README.md:3"]);
    const databases = "# Wiki\n\n## Getting started\n\n```sh\ndocker compose up -d db redis\nnpm run dev\n```\n";
    expect(deploymentDocs.run(contextOf({ "README.md": databases })).outcome).toBe("fail");
  });

  it("counts a Docker section that points to the published image and a compose sample, not one that only names Docker", () => {
    const readme = (body: string) => `# NBXplorer\n\nA blockchain explorer for wallets.\n\n## With Docker\n\n${body}\n`;
    const image = "Use [our image](https://hub.docker.com/r/nicolasdorier/nbxplorer/).\nYou can check [the sample](docker-compose.regtest.yml) for configuring and composing it with bitcoin core.";
    expect(deploymentDocs.run(contextOf({ "README.md": readme(image) })).evidence).toEqual([{ path: "README.md", line: 5, note: 'section "With Docker"' }]);
    expect(deploymentDocs.run(contextOf({ "README.md": readme("Docker support is planned; see [Docker's docs](https://docs.docker.com/get-started/) meanwhile.") })).outcome).toBe("fail");
  });

  it("counts an installation section that installs into a Kubernetes cluster, not one that only builds the code", () => {
    const readme = (commands: string) => `# controller-rs\n\nA Kubernetes controller.\n\n## Installation\n\nInstall the controller with its chart, for defaults:\n\n\`\`\`sh\n${commands}\n\`\`\`\n`;
    expect(deploymentDocs.run(contextOf({ "README.md": readme("helm template charts/doc-controller | kubectl apply -f -\nkubectl wait --for=condition=available deploy/doc-controller") })).evidence).toEqual([
      { path: "README.md", line: 5, note: 'section "Installation"' },
    ]);
    expect(deploymentDocs.run(contextOf({ "README.md": readme("cargo build --release\ncargo test") })).outcome).toBe("fail");
  });

  it("finds a guide by its title when its path does not say deploy, and a README link to the project's own docs", () => {
    const guide = "# Self-hosting Wiki\n\nWiki runs as one container next to PostgreSQL.\n\n```sh\ndocker compose -f compose.prod.yml up -d\n```\n";
    expect(locations(deploymentDocs.run(contextOf({ "docs/admin/guide.md": guide })))).toEqual(["docs/admin/guide.md:1"]);
    const linked = "# Wiki\n\nA wiki.\n\nSee [Deployment](docs/operations.md) before going live.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": linked, "docs/operations.md": "# Operations\n\nWe keep notes here.\n" })).outcome).toBe("partial");
  });

  it("counts a Docker guide that builds and runs the project's image, not one that starts a development stack", () => {
    const guide = "# Creating a dora docker image\n\nBuild dora in docker and create an image:\n\n```\ndocker build -t dora .\n```\n\nThen run it with the data dir mounted:\n\n```\ndocker run -it --rm --net=host -v \"$(pwd)/data\":/var/lib/dora dora\n```\n";
    expect(deploymentDocs.run(contextOf({ "docs/docker.md": guide })).evidence[0]).toEqual({ path: "docs/docker.md", line: 1, note: 'guide to running the image: "Creating a dora docker image"' });
    const devStack = "# Docker\n\nFor local development, start the databases:\n\n```\ndocker compose up -d postgres redis\n```\n\nThen run the app from your editor.\n";
    expect(deploymentDocs.run(contextOf({ "docs/docker.md": devStack })).outcome).toBe("fail");
  });

  it("reads the deployment section of a document the README links to", () => {
    const readme = "# Wiki\n\nA wiki. Read the [usage notes](docs/usage.md).\n";
    const usage = "# Usage\n\n## Editing\n\nPages are Markdown.\n\n## Deploying\n\n```sh\nhelm upgrade --install wiki ./chart -f values.prod.yaml\n```\n";
    expect(locations(deploymentDocs.run(contextOf({ "README.md": readme, "docs/usage.md": usage })))).toEqual(["docs/usage.md:7"]);
    expect(deploymentDocs.run(contextOf({ "README.md": "# Wiki\n\nA wiki.\n", "docs/usage.md": usage })).outcome).toBe("fail");
  });

  it("does not take a deployment heading over a description for instructions", () => {
    const described = "# Wiki\n\n## Deployment\n\nThe production instance is deployed on Fly.io by the maintainers and updated weekly.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": described })).outcome).toBe("fail");
    const installation = "# Wiki\n\n## Installation\n\nThe wiki is meant for self-hosting on a small server of your own.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": installation })).outcome).toBe("fail");
  });

  it("does not take a getting-started section that starts a development database or a local stack for deployment docs", () => {
    const readme = (body: string) => `# Orders API\n\nAn API for orders.\n\n## Getting started\n\n${body}\n`;
    const database = "1. Run a PostgreSQL instance: `docker run --name postgres -p 5432:5432 -e POSTGRES_PASSWORD=x -d postgres`\n2. Run `cargo run`.\n";
    expect(deploymentDocs.run(contextOf({ "README.md": readme(database) })).outcome).toBe("fail");
    const local = "Prerequisites for running locally: Nix and Docker.\n\n```bash\ndocker compose up --detach\n```\n";
    expect(deploymentDocs.run(contextOf({ "README.md": readme(local), "docker-compose.yml": "services:\n  api:\n    build: .\n" })).outcome).toBe("fail");
    const databasesOnly = "Start everything the API needs, then run it:\n\n```bash\ndocker compose up -d\ncargo run\n```\n";
    expect(deploymentDocs.run(contextOf({ "README.md": readme(databasesOnly), "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n" })).outcome).toBe("fail");
    const image = "Run the published image:\n\n```bash\ndocker run -d -p 8080:8080 --name orders ghcr.io/acme/orders:1.4\n```\n";
    expect(deploymentDocs.run(contextOf({ "README.md": readme(image) })).outcome).toBe("pass");
  });

  it("is partial on a systemd unit the project ships without a guide, and ignores an example's unit", () => {
    const unit = "[Unit]\nDescription=Skytable database server\n\n[Service]\nExecStart=/usr/bin/skyd --config /etc/skyd/config.yaml\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";
    expect(deploymentDocs.run(contextOf({ "pkg/common/skyd.service": unit }))).toMatchObject({ outcome: "partial", evidence: [{ path: "pkg/common/skyd.service", note: "systemd unit" }] });
    expect(deploymentDocs.run(contextOf({ "examples/systemd/app.service": unit })).outcome).toBe("fail");
  });
});
