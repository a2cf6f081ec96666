import { loadChecklist } from "../../src/checklist/checklist.js";
import { auditView } from "../../src/audit/audit.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { RepoView } from "../../src/view/repo-view.js";
import { NOW } from "./app-harness.js";
import { FakeGitHub } from "./fake-github.js";
import { example, INSTALLATION_ID, type Payload } from "./webhook-payloads.js";

export { INSTALLATION_ID };

/** The owner/name the @octokit/webhooks-examples payloads mostly use. */
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
/** Head and base shas of the examples' pull request #2 and check suites. */
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const PUSH_SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

/** A small Express service: tested, containerised without a health check or a non-root user. */
export function serviceFiles(): Record<string, string> {
  return {
    "package.json": JSON.stringify(
      {
        name: "hello-world",
        version: "1.0.0",
        scripts: { start: "node dist/server.js", build: "tsc", test: "vitest run" },
        dependencies: { express: "^4.19.2", pino: "^9.0.0" },
        devDependencies: { typescript: "^5.4.0", vitest: "^1.6.0" },
      },
      null,
      2,
    ),
    "package-lock.json": "{}\n",
    "README.md": "# Hello World\n\nA small service.\n\n## Install\n\n    npm ci\n\n## Run\n\n    npm start\n\n## Test\n\n    npm test\n",
    Dockerfile: "FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/server.js\"]\n",
    "src/server.ts": [
      'import express from "express";',
      'import pino from "pino";',
      "",
      "const log = pino();",
      "const app = express();",
      'app.get("/users", (_req, res) => res.json([]));',
      "app.listen(process.env.PORT ?? 3000, () => log.info(\"listening\"));",
      "",
    ].join("\n"),
    "test/server.test.ts": 'import { test } from "vitest";\ntest("works", () => {});\n',
  };
}

/** The same service with a health route and a Dockerfile HEALTHCHECK: what a pull request might add. */
export function improvedServiceFiles(): Record<string, string> {
  const files = serviceFiles();
  files.Dockerfile = String(files.Dockerfile).replace("CMD", "HEALTHCHECK CMD curl -f http://localhost:3000/healthz || exit 1\nUSER node\nCMD");
  files["src/server.ts"] = String(files["src/server.ts"]).replace(
    'app.get("/users"',
    'app.get("/healthz", (_req, res) => res.json({ ok: true }));\napp.get("/users"',
  );
  return files;
}

/** A fake GitHub holding the examples' repository with the given commits. */
export function fakeGitHub(commits: Record<string, Record<string, string>>, extra: { collaborators?: Record<string, string> } = {}): FakeGitHub {
  return new FakeGitHub()
    .addRepository({
      owner: OWNER,
      name: REPO,
      commits,
      head: Object.keys(commits)[0],
      collaborators: extra.collaborators,
      pulls: { 2: { headSha: HEAD_SHA, baseSha: BASE_SHA, baseRef: "master" } },
    })
    .start();
}

/** What the engine concludes about these files on its own, to compare the check run against. */
export async function expectedReport(files: Record<string, string>): Promise<AuditReport> {
  return auditView(RepoView.fromFiles(files), { label: "expected" }, { checklist: await loadChecklist(), now: NOW });
}

/** check_suite.requested for `sha` (the fixture's head by default), outside any pull request. */
export function checkSuiteRequested(sha: string = HEAD_SHA): Payload {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = sha;
  payload.check_suite.pull_requests = [];
  return payload;
}
