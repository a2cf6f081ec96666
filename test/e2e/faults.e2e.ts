import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";
import type { CheckRunRecord, FaultRule } from "../support/github-standin.js";

/**
 * GitHub misbehaving, one fault per repository (each in its own installation, so the audits run
 * side by side): every audit either retries and finishes with a verdict, or completes its check
 * run `neutral` saying what failed. No run is ever left in progress.
 */
const BUDGET_SECONDS = 12;
const TREES = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const GRAPHQL = "POST /graphql";
const CREATE = "POST /repos/{owner}/{repo}/check-runs";
const UPDATE = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";
const TOKEN = "POST /app/installations/{installation_id}/access_tokens";

interface Scenario {
  name: string;
  faults: Omit<FaultRule, "repository" | "installationId">[];
  /** "verdict": retried and finished (success or failure); "neutral": completed neutral with a reason matching. */
  expect: "verdict" | RegExp;
}

const SCENARIOS: Scenario[] = [
  { name: "a 500 on the tree listing, once", faults: [{ route: TREES, fault: { kind: "status", status: 500 }, times: 1 }], expect: "verdict" },
  { name: "a 502 on GraphQL, twice", faults: [{ route: GRAPHQL, fault: { kind: "status", status: 502 }, times: 2 }], expect: "verdict" },
  { name: "a 500 on every tree listing", faults: [{ route: TREES, fault: { kind: "status", status: 500 } }], expect: /500/ },
  { name: "a secondary rate limit with retry-after 1 s", faults: [{ route: TREES, fault: { kind: "secondary-rate-limit", retryAfterSeconds: 1 }, times: 1 }], expect: "verdict" },
  { name: "a secondary rate limit past the audit's budget", faults: [{ route: TREES, fault: { kind: "secondary-rate-limit", retryAfterSeconds: 600 } }], expect: /rate limit/i },
  { name: "a 429 with the quota reset in 2 s", faults: [{ route: GRAPHQL, fault: { kind: "rate-limit", resetInSeconds: 2 }, times: 1 }], expect: "verdict" },
  { name: "a tree listing slower than the audit's budget", faults: [{ route: TREES, fault: { kind: "slow", delayMs: 30_000 } }], expect: /budget/ },
  { name: "a connection reset on GraphQL, once", faults: [{ route: GRAPHQL, fault: { kind: "reset" }, times: 1 }], expect: "verdict" },
  { name: "a connection reset on every GraphQL query", faults: [{ route: GRAPHQL, fault: { kind: "reset" } }], expect: /graphql|fetch|socket|closed/i },
  { name: "a truncated tree listing", faults: [{ route: TREES, fault: { kind: "truncate-tree", entries: 3 } }], expect: "verdict" },
  { name: "a 500 creating the check run, once", faults: [{ route: CREATE, fault: { kind: "status", status: 500 }, times: 1 }], expect: "verdict" },
  { name: "a 502 completing the check run, once", faults: [{ route: UPDATE, fault: { kind: "status", status: 502 }, times: 1 }], expect: "verdict" },
  { name: "a 500 on the installation token, once", faults: [{ route: TOKEN, fault: { kind: "status", status: 500 }, times: 1 }], expect: "verdict" },
];

const files = {
  "package.json": JSON.stringify({ name: "svc", scripts: { start: "node server.js", test: "node --test" }, dependencies: { express: "^4.19.2" } }, null, 2),
  "package-lock.json": "{}\n",
  "server.js": 'const express = require("express");\nconst app = express();\napp.get("/healthz", (_req, res) => res.send("ok"));\napp.listen(3000);\n',
  "test/server.test.js": 'const test = require("node:test");\ntest("up", () => {});\n',
  "README.md": "# svc\n\nInstall with `npm ci`, run with `npm start`, test with `npm test`.\n",
  "src/a/b/c.js": "module.exports = 1;\n",
};

const repoOf = (index: number) => ({ owner: "faulty", repo: `repo-${index}`, installationId: 7000 + index, sha: shaOf(`fault ${index}`) });
let world: World;
const finished = new Map<string, { run: CheckRunRecord | undefined; runs: number; ms: number }>();

beforeAll(async () => {
  world = await startWorld({
    env: { AUDIT_TIMEOUT_SECONDS: String(BUDGET_SECONDS), AUDIT_CONCURRENCY: String(SCENARIOS.length) },
    repositories: SCENARIOS.map((_, i) => ({ owner: "faulty", name: `repo-${i}`, installationId: 7000 + i, commits: { [repoOf(i).sha]: { files } } })),
  });
  SCENARIOS.forEach((scenario, i) => {
    for (const fault of scenario.faults) world.standin.inject({ ...fault, installationId: repoOf(i).installationId });
  });
  const started = Date.now();
  await Promise.all(SCENARIOS.map((_, i) => world.deliver(deliveries.checkSuite("requested", repoOf(i)))));
  await world.settle(BUDGET_SECONDS * 1000 + 30_000);
  SCENARIOS.forEach((scenario, i) => {
    const { owner, repo, sha } = repoOf(i);
    const runs = runsOf(world, owner, repo, sha);
    const done = runs[0]?.writes.at(-1)?.at ?? Date.now();
    finished.set(scenario.name, { run: runs[0], runs: runs.length, ms: done - started });
  });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("faults at GitHub end in a finished check run, never one left in progress", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const result = finished.get(scenario.name);
    expect(result?.runs).toBe(1);
    const run = result?.run as CheckRunRecord;
    expect(run.status).toBe("completed");
    if (scenario.expect === "verdict") {
      expect(run.conclusion, run.output.summary).toMatch(/^(success|failure)$/);
    } else {
      expect(run.conclusion).toBe("neutral");
      expect(run.output.summary).toMatch(scenario.expect);
    }
    // Retries and waits stay inside the audit's budget (plus the write pacing of the final PATCH).
    expect(result?.ms).toBeLessThan((BUDGET_SECONDS + 5) * 1000);
  });

  it("the truncated listing was completed from the root folder", () => {
    const i = SCENARIOS.findIndex((s) => s.name === "a truncated tree listing");
    const trees = world.standin.requests.filter((r) => r.route === TREES && r.repository === `faulty/repo-${i}`);
    expect(trees.map((r) => r.url.includes("recursive"))).toEqual([true, false]);
  });

  it("made only requests GitHub would accept, all on loopback", () => {
    expect(world.problems()).toEqual([]);
  });
});
