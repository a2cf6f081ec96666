/**
 * What one GitHub App audit costs in API requests and wall time, for repositories of 100, 10,000
 * and 100,000 files served by the in-memory GitHub. The budget it checks (issue 4): at most 6
 * requests when the audit reads no more than 100 files, one more per further 100 files read,
 * and otherwise nothing that grows with the tree.
 *
 * Run: npm run bench (or node --import tsx test/bench/app-requests.bench.ts)
 */
import { randomUUID } from "node:crypto";
import nock from "nock";
import { startApp } from "../support/app-harness.js";
import { FakeGitHub } from "../support/fake-github.js";
import { example } from "../support/webhook-payloads.js";

const OWNER = "Codertocat";
const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const SIZES = (process.env.BENCH_SIZES ?? "100,10000,100000").split(",").map(Number);

/** A service monorepo of `count` files: manifests, CI and Docker at the root, then packages of source, tests and docs. */
function repositoryFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "bench", private: true, scripts: { test: "vitest run" }, dependencies: { express: "^4.19.0" } }),
    "package-lock.json": "{}",
    "README.md": "# Bench\n\n## Install\n\n    npm ci\n\n## Test\n\n    npm test\n",
    Dockerfile: "FROM node:20.11.1-slim\nUSER node\nCMD [\"node\", \"server.js\"]\n",
    ".github/workflows/ci.yml": "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm test\n",
  };
  const kinds = [
    (i: number) => [`src/server-${i}.ts`, `import express from "express";\nexport const app${i} = express();\n`],
    (i: number) => [`src/routes/route-${i}.ts`, `export const route${i} = "/r/${i}";\n`],
    (i: number) => [`test/route-${i}.test.ts`, `import { it } from "vitest";\nit("r${i}", () => {});\n`],
    (i: number) => [`docs/page-${i}.md`, `# Page ${i}\n`],
    (i: number) => [`assets/image-${i}.png`, "\u0000PNG"],
  ];
  for (let i = 0, total = Object.keys(files).length; total < count; i++, total++) {
    const [path, text] = (kinds[i % kinds.length] as (i: number) => string[])(i);
    files[`packages/pkg-${Math.floor(i / 50)}/${path}`] = text as string;
  }
  return files;
}

interface Measurement {
  files: number;
  requests: number;
  contentsRead: number;
  graphqlQueries: number;
  treeTruncated: boolean;
  wallMs: number;
  allowed: number;
}

async function measure(count: number, throttle: boolean): Promise<Measurement> {
  const github = new FakeGitHub().addRepository({ owner: OWNER, name: "Hello-World", commits: { [SHA]: repositoryFiles(count) } }).prepare().start();
  const app = await startApp(github, { throttle });
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = SHA;
  payload.check_suite.pull_requests = [];
  const started = performance.now();
  await app.deliver("check_suite", payload, randomUUID());
  const wallMs = performance.now() - started;
  const queries = github.requests.filter((r) => r.path === "/graphql").map((r) => r.body as { variables: Record<string, string> });
  const contentsRead = queries.reduce((sum, q) => sum + Object.keys(q.variables).filter((k) => /^b\d+$/.test(k)).length, 0);
  const treeTruncated = github.routes().filter((r) => r.includes("/git/trees/")).length > 1;
  await app.readiness.shutdown();
  nock.cleanAll();
  return {
    files: count,
    requests: github.apiRequests().length,
    contentsRead,
    graphqlQueries: queries.length,
    treeTruncated,
    wallMs,
    allowed: 6 + Math.max(0, Math.ceil((contentsRead - 100) / 100)) + (treeTruncated ? 1 : 0),
  };
}

/**
 * A burst: `count` pushes to one repository arrive at once. Webhooks must be answered within
 * GitHub's 10 s whatever the backlog, and with throttling on every installation's writes and
 * GraphQL queries go out one per second, so the audits queue behind each other.
 */
async function burst(count: number) {
  const commits: Record<string, Record<string, string>> = {};
  const shas = Array.from({ length: count }, (_, i) => i.toString(16).padStart(40, "0"));
  for (const sha of shas) commits[sha] = repositoryFiles(100);
  const github = new FakeGitHub().addRepository({ owner: OWNER, name: "Hello-World", commits }).prepare().start();
  const app = await startApp(github, { throttle: true });
  const started = performance.now();
  const acks = await Promise.all(
    shas.map(async (sha) => {
      const payload = example("check_suite", "requested");
      payload.check_suite.head_sha = sha;
      payload.check_suite.pull_requests = [];
      const sent = performance.now();
      await app.probot.receive({ id: randomUUID(), name: "check_suite", payload } as Parameters<typeof app.probot.receive>[0]);
      return performance.now() - sent;
    }),
  );
  await app.readiness.idle();
  const drainMs = performance.now() - started;
  const durations = app.logs.filter((l) => l.msg === "audit finished").map((l) => Number(l.durationMs));
  // An app left running keeps its store and job timers open, and the bench would never exit.
  await app.readiness.shutdown();
  nock.cleanAll();
  return { count, slowestAckMs: Math.max(...acks), drainMs, slowestAuditMs: Math.max(...durations), audits: durations.length, requests: github.apiRequests().length };
}

nock.disableNetConnect();
const rows: string[] = [];
let overBudget = false;
for (const throttle of [false, true]) {
  for (const size of SIZES) {
    const m = await measure(size, throttle);
    overBudget ||= m.requests > m.allowed;
    rows.push(
      [
        String(m.files).padStart(7),
        String(m.contentsRead).padStart(6),
        String(m.graphqlQueries).padStart(5),
        String(m.requests).padStart(9),
        String(m.allowed).padStart(7),
        (m.treeTruncated ? "yes" : "no").padStart(10),
        `${Math.round(m.wallMs)} ms`.padStart(9),
        throttle ? "  on (GitHub's 1 s spacing of writes and GraphQL)" : "  off",
      ].join(" "),
    );
  }
}
console.log("GitHub App: API requests and wall time per audit (token exchange excluded; no .github/readiness.yml anywhere)");
console.log("  files   read  gql  requests  budget  truncated      wall  throttling");
for (const row of rows) console.log(row);
const b = await burst(Number(process.env.BENCH_BURST ?? 10));
console.log(
  `Burst: ${b.count} pushes at once, throttling on, 2 audits at a time: slowest webhook answer ${Math.round(b.slowestAckMs)} ms; ` +
    `${b.audits} audits, ${b.requests} requests, all done in ${Math.round(b.drainMs)} ms; slowest audit ${Math.round(b.slowestAuditMs)} ms (budget 60000 ms)`,
);
if (overBudget) {
  console.error("an audit made more requests than its budget");
  process.exitCode = 1;
}
