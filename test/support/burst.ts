import type { Delivery } from "./deliveries.js";
import * as deliveries from "./deliveries.js";
import { type FileSpec, shaOf } from "./git-trees.js";
import type { RepositoryInit } from "./github-standin.js";

/**
 * A burst as GitHub sends it when many repositories move at once: for each repository one new
 * commit, announced by every event GitHub fires for it (a push to a pull request's branch:
 * push, check_suite.requested and pull_request.synchronize; a push to the default branch: push
 * and check_suite.requested), shuffled, plus redeliveries of some of them (same id, same bytes).
 * Shared by the burst scenario and the load benchmark.
 */
export interface Burst {
  repositories: RepositoryInit[];
  deliveries: Delivery[];
  /** owner/repo@sha of every commit the burst announces: each must be audited exactly once. */
  commits: { owner: string; repo: string; sha: string }[];
}

export function burst(options: { repositories: number; installations: number; total: number; seed?: number; label?: string }): Burst {
  const random = seededRandom(options.seed ?? 7);
  const label = options.label ?? "burst";
  const repositories: RepositoryInit[] = [];
  const originals: Delivery[] = [];
  const commits: Burst["commits"] = [];
  for (let i = 0; i < options.repositories; i++) {
    const installationId = 9000 + (i % options.installations);
    const owner = `org-${i % options.installations}`;
    const repo = `${label}-service-${i}`;
    const base = shaOf(`${label} ${repo} base`);
    const head = shaOf(`${label} ${repo} head`);
    const viaPullRequest = i % 2 === 0;
    const target = { owner, repo, installationId };
    repositories.push({
      owner,
      name: repo,
      installationId,
      commits: { [base]: { files: serviceTree(i, false) }, [head]: { files: serviceTree(i, true) } },
      // A pushed default branch points at the new commit; a pull request's base stays where it was.
      head: viaPullRequest ? base : head,
      pulls: viaPullRequest ? { 1: { headSha: head, baseSha: base } } : {},
    });
    commits.push({ owner, repo, sha: head });
    if (viaPullRequest) {
      const pull = { ...target, sha: head, number: 1, baseSha: base };
      originals.push(deliveries.push({ ...target, sha: head }, "refs/heads/feature-1"), deliveries.checkSuite("requested", { ...target, sha: head }, pull), deliveries.pullRequest("synchronize", pull));
    } else {
      originals.push(deliveries.push({ ...target, sha: head }), deliveries.checkSuite("requested", { ...target, sha: head }));
    }
  }
  const order = [...originals];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as Delivery, order[i] as Delivery];
  }
  // A redelivery is the original object sent again, somewhere after the original.
  while (order.length < options.total) {
    const original = originals[Math.floor(random() * originals.length)] as Delivery;
    const after = order.indexOf(original);
    order.splice(after + 1 + Math.floor(random() * (order.length - after)), 0, original);
  }
  return { repositories, deliveries: order, commits };
}

/** A small service whose readiness differs from repository to repository and from base to head. */
function serviceTree(index: number, improved: boolean): Record<string, FileSpec> {
  const files: Record<string, FileSpec> = {
    "package.json": JSON.stringify(
      { name: `service-${index}`, scripts: { start: "node dist/server.js", test: "vitest run" }, dependencies: { express: "^4.19.2", pino: "^9.0.0" } },
      null,
      2,
    ),
    "package-lock.json": "{}\n",
    "README.md": `# service-${index}\n\n## Install\n\n    npm ci\n\n## Test\n\n    npm test\n`,
    "src/server.ts": [
      'import express from "express";',
      'import pino from "pino";',
      "const log = pino();",
      "const app = express();",
      improved ? 'app.get("/healthz", (_req, res) => res.json({ ok: true }));' : "",
      `app.get("/items/${index}", (_req, res) => res.json([]));`,
      'process.on("SIGTERM", () => server.close());',
      "const server = app.listen(3000, () => log.info('up'));",
    ].join("\n"),
    "test/server.test.ts": 'import { test } from "vitest";\ntest("up", () => {});\n',
  };
  if (index % 3 === 0) files.Dockerfile = `FROM node:20.11.1-slim\n${improved ? "USER node\n" : ""}CMD ["node", "dist/server.js"]\n`;
  if (index % 4 === 0) files[".github/workflows/ci.yml"] = "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm test\n";
  return files;
}

/** Deterministic: the same burst every run, so numbers compare across runs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
