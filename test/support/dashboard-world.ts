import pino from "pino";
import { Probot, Server } from "probot";
import type { ItemOutcome } from "../../src/findings/findings.js";
import type { AuditReport } from "../../src/audit/report-model.js";
import { createReadinessApp, type ReadinessApp } from "../../src/app/index.js";
import { readinessOctokit } from "../../src/app/octokit.js";
import { auditView } from "../../src/audit/audit.js";
import { DEFAULT_SETTINGS } from "../../src/app/settings.js";
import { AuditStore } from "../../src/app/store/audits.js";
import { APP_ID, testPrivateKey } from "./app-harness.js";
import { freePort } from "./app-process.js";
import { FakeGitHub } from "./fake-github.js";
import { HOSTILE_NAMES } from "./hostile-trees.js";
import { item, report } from "./report-fixture.js";
import { scratchDataDir } from "./databases.js";

export const ORG = "acme";
export const INSTALLATION = 11;
export const OTHER_INSTALLATION = 12;
export const DAY = 24 * 60 * 60_000;
/** The dashboard's clock and the seeded history's "today". */
export const TODAY = Date.parse("2026-11-24T12:00:00Z");
export const HOSTILE_REPOSITORY = `${ORG}/${HOSTILE_NAMES.html}`;
export const CLIENT = { clientId: "Iv1.dashboardtest", clientSecret: "client-secret-for-tests" };

export const REPOSITORIES = {
  api: { id: 101, fullName: `${ORG}/api`, visibility: "public" },
  web: { id: 102, fullName: `${ORG}/web`, visibility: "private" },
  hostile: { id: 103, fullName: HOSTILE_REPOSITORY, visibility: "private" },
  secret: { id: 201, fullName: "globex/secret", visibility: "private" },
} as const;

type Outcomes = Record<string, ItemOutcome>;

const BASE: Outcomes = {
  "testing.tests-present": "pass",
  "ci.present": "pass",
  "container.healthcheck": "pass",
  "observability.health-endpoint": "pass",
  "security.policy": "fail",
};

/** A report with these outcomes, evidence in the repository's own files, and one claim. */
export function dashboardReport(fullName: string, score: number, level: string, outcomes: Outcomes, extra: { evidencePath?: string; claim?: string; kind?: string; languages?: string[] } = {}): AuditReport {
  const base = report(
    Object.entries(outcomes).map(([id, outcome]) =>
      item(id, outcome, { evidence: outcome === "pass" ? [{ path: extra.evidencePath ?? "src/server.ts", line: 12, note: `evidence for ${id}` }] : [], reason: `${id} ${outcome}` }),
    ),
  );
  return {
    ...base,
    repository: { label: fullName },
    score,
    level,
    profile: { ...base.profile, kind: (extra.kind ?? "service") as AuditReport["profile"]["kind"], languages: (extra.languages ?? ["typescript"]) as AuditReport["profile"]["languages"] },
    claims: {
      documents: ["PRODUCTION_READINESS.md"],
      items: [
        {
          path: "PRODUCTION_READINESS.md",
          line: 3,
          text: extra.claim ?? "Health checks on every service",
          kind: "positive",
          items: ["container.healthcheck"],
          verdict: "supported",
          evidence: [],
          reason: "the health check is configured",
        },
      ],
      summary: { supported: 1, contradicted: 0, not_verifiable: 0, confirmed: 0, stale: 0 },
    },
  };
}

/** The history each repository has: acme/api improves over two months, then loses its health check. */
export async function seedAudits(readiness: ReadinessApp): Promise<void> {
  const audits = new AuditStore(readiness.store().db);
  const record = async (repository: { id: number; fullName: string; visibility: string }, installationId: number, daysAgo: number, sha: string, body: AuditReport, checkRunId: number) => {
    const at = TODAY - daysAgo * DAY;
    await audits.record({
      installationId,
      repository: { ...repository, defaultBranch: "main" },
      sha,
      ref: "refs/heads/main",
      trigger: "push",
      report: body,
      checklistDigest: "c",
      configDigest: "c",
      durationMs: 100,
      githubRequests: 7,
      checkRunId,
      startedAt: at - 100,
      finishedAt: at,
    });
  };
  const api = REPOSITORIES.api;
  await record(api, INSTALLATION, 60, "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", dashboardReport(api.fullName, 45, "Not ready", { ...BASE, "ci.present": "fail" }), 9001);
  await record(api, INSTALLATION, 30, "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2", dashboardReport(api.fullName, 80, "Silver", BASE), 9002);
  await record(api, INSTALLATION, 2, "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3", dashboardReport(api.fullName, 72, "Bronze", { ...BASE, "container.healthcheck": "fail" }), 9003);
  // A pull request's audit is not the repository's state.
  await audits.record({
    installationId: INSTALLATION,
    repository: { ...api, defaultBranch: "main" },
    sha: "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4",
    ref: "refs/pull/7/head",
    trigger: "pull_request.opened",
    pullRequestNumber: 7,
    report: dashboardReport(api.fullName, 10, "Not ready", { ...BASE, "testing.tests-present": "fail" }),
    checklistDigest: "c",
    configDigest: "c",
    durationMs: 100,
    githubRequests: 7,
    startedAt: TODAY - DAY,
    finishedAt: TODAY - DAY,
  });
  const web = REPOSITORIES.web;
  await record(web, INSTALLATION, 10, "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5", dashboardReport(web.fullName, 95, "Gold", { ...BASE, "security.policy": "pass", "observability.health-endpoint": "partial" }, { kind: "app", languages: ["python"] }), 9004);
  const hostile = REPOSITORIES.hostile;
  await record(
    hostile,
    INSTALLATION,
    5,
    "f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6",
    dashboardReport(hostile.fullName, 55, "Bronze", { ...BASE, "observability.health-endpoint": "fail" }, { evidencePath: `src/${HOSTILE_NAMES.html}.ts`, claim: `We are ${HOSTILE_NAMES.html} ready` }),
    9005,
  );
  const secret = REPOSITORIES.secret;
  await record(secret, OTHER_INSTALLATION, 3, "0707070707070707070707070707070707070707", dashboardReport(secret.fullName, 99, "Gold", BASE), 9006);
}

export interface DashboardWorld {
  url: string;
  github: FakeGitHub;
  githubUrl: string;
  readiness: ReadinessApp;
  /** Tokens of users who signed in before (the API's Bearer tokens). */
  tokens: { alice: string; bob: string };
  stop(): Promise<void>;
}

/**
 * The app on Probot's own HTTP server (as `npm start` mounts it), its store seeded with audits,
 * and GitHub served on loopback in GHES form (GHE_HOST=127.0.0.1:<port>, http): alice sees
 * every acme repository, bob only acme/api, and nobody here sees globex.
 */
export async function startDashboard(options: { databaseUrl?: string } = {}): Promise<DashboardWorld> {
  const github = new FakeGitHub();
  const githubUrl = await github.listen();
  const acme = (ids: (keyof typeof REPOSITORIES)[]) => [{ id: INSTALLATION, account: ORG, repositories: ids.map((k) => ({ id: REPOSITORIES[k].id, fullName: REPOSITORIES[k].fullName, private: REPOSITORIES[k].visibility !== "public" })) }];
  const tokens = { alice: github.addUser("alice", acme(["api", "web", "hostile"])), bob: github.addUser("bob", acme(["api"])) };
  const readiness = createReadinessApp({
    settings: {
      ...DEFAULT_SETTINGS,
      appId: APP_ID,
      dataDir: scratchDataDir("dashboard"),
      databaseUrl: options.databaseUrl,
      sweepIntervalMs: 0,
      dashboard: { apiUrl: `${githubUrl}/api/v3`, webUrl: githubUrl, ...CLIENT, sessionSecret: undefined },
    },
    handleSignals: false,
    now: () => new Date(TODAY),
    auditor: auditView,
  });
  const log = pino({ level: "silent" });
  const server = new Server({
    host: "127.0.0.1",
    port: await freePort(),
    log,
    Probot: Probot.defaults({ appId: APP_ID, privateKey: testPrivateKey(), secret: "s", log, Octokit: readinessOctokit({ throttle: { enabled: false } }) }),
  });
  await server.load(readiness.app);
  await server.start();
  await seedAudits(readiness);
  const url = `http://127.0.0.1:${server.port}`;
  github.oauth({ ...CLIENT, callbackUrl: `${url}/auth/callback` });
  return {
    url,
    github,
    githubUrl,
    readiness,
    tokens,
    async stop() {
      await server.stop();
      await readiness.shutdown(0);
      await github.close();
    },
  };
}
