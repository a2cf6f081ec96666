import { createHmac } from "node:crypto";
import nock from "nock";
import pino from "pino";
import { Probot, Server } from "probot";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createReadinessApp } from "../../src/app/index.js";
import { readinessOctokit } from "../../src/app/octokit.js";
import { auditView } from "../../src/audit/audit.js";
import { DEFAULT_SETTINGS } from "../../src/app/settings.js";
import { APP_ID, NOW, releaseNetworkGuard, testPrivateKey, useNetworkGuard } from "../support/app-harness.js";
import { freePort } from "../support/app-process.js";
import { fakeGitHub, HEAD_SHA, serviceFiles } from "../support/app-fixtures.js";
import { example } from "../support/webhook-payloads.js";
import { scratchDataDir } from "../support/databases.js";

const SECRET = "webhook-secret-for-tests";

beforeEach(() => {
  useNetworkGuard();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(releaseNetworkGuard);

/** The app behind Probot's real HTTP server, as `npm start` runs it. */
async function serve() {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  const dataDir = scratchDataDir("server");
  const readiness = createReadinessApp({ settings: { ...DEFAULT_SETTINGS, appId: APP_ID, dataDir, sweepIntervalMs: 0 }, handleSignals: false, now: () => NOW, auditor: auditView });
  const log = pino({ level: "silent" });
  const server = new Server({
    host: "127.0.0.1",
    // Probot's Server takes 0 for "unset" and listens on 3000, which parallel test files would share.
    port: await freePort(),
    log,
    Probot: Probot.defaults({ appId: APP_ID, privateKey: testPrivateKey(), secret: SECRET, log, Octokit: readinessOctokit({ throttle: { enabled: false } }) }),
  });
  await server.load(readiness.app);
  await server.start();
  return { github, readiness, server, url: `http://127.0.0.1:${server.port}` };
}

/** A real check_suite.requested delivery for the fixture's head commit, signed with the app's secret. */
function checkSuiteDelivery(deliveryId: string) {
  const payload = example("check_suite", "requested");
  payload.check_suite.head_sha = HEAD_SHA;
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "x-github-event": "check_suite",
    "x-github-delivery": deliveryId,
    "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
  };
  return { payload, body, headers };
}

test("GET /healthz answers 200 with the store's queue, and 503 once draining", async () => {
  const { readiness, server, url } = await serve();
  try {
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", store: "ok", audits: { waiting: 0, running: 0, expiredLeases: 0 } });
    await readiness.shutdown(10);
    const draining = await fetch(`${url}/healthz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: "draining", audits: { running: 0 } });
  } finally {
    await server.stop();
  }
});

test("while the store is unreachable, /healthz answers 503 and a webhook gets a 5xx, so GitHub records a delivery to redeliver", async () => {
  const { github, readiness, server, url } = await serve();
  try {
    await readiness.store().close();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "store-unreachable" });
    const { body, headers } = checkSuiteDelivery("delivery-outage-1");
    expect((await fetch(`${url}/api/github/webhooks`, { method: "POST", body, headers })).status).toBeGreaterThanOrEqual(500);
    expect(github.checkRunBodies("create")).toEqual([]);
  } finally {
    await server.stop();
  }
});

test("a signed webhook is answered and audited; an unsigned one is refused", async () => {
  const { github, readiness, server, url } = await serve();
  try {
    const { body, headers } = checkSuiteDelivery("delivery-http-1");
    const refused = await fetch(`${url}/api/github/webhooks`, { method: "POST", body, headers: { ...headers, "x-hub-signature-256": "sha256=00" } });
    expect(refused.status).toBe(400);
    const accepted = await fetch(`${url}/api/github/webhooks`, { method: "POST", body, headers });
    expect(accepted.status).toBe(200);
    await readiness.idle();
    expect(github.checkRunBodies("update")).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test("GET /metrics counts the audit, its webhook and a redelivery, in Prometheus' format and without repository names", async () => {
  const { github, readiness, server, url } = await serve();
  try {
    const { payload, body, headers } = checkSuiteDelivery("delivery-metrics-1");
    for (let delivery = 0; delivery < 2; delivery++) expect((await fetch(`${url}/api/github/webhooks`, { method: "POST", body, headers })).status).toBe(200);
    await readiness.idle();
    expect(github.checkRunBodies("update")).toHaveLength(1);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const conclusion = github.checkRunBodies("update")[0]?.conclusion as string;
    expect(text).toContain(`readiness_audits_total{conclusion="${conclusion}"} 1`);
    expect(text).toContain('readiness_webhook_audit_requests_total{result="queued"} 1');
    expect(text).toContain('readiness_webhook_audit_requests_total{result="redelivery"} 1');
    expect(text).toContain("readiness_audit_duration_seconds_count 1");
    expect(text).toMatch(/^readiness_audit_github_requests_sum [1-9]\d*$/m);
    expect(text).toContain("readiness_jobs_queued 0");
    expect(text).toContain("readiness_jobs_expired_leases 0");
    expect(text).toContain("readiness_audits_running 0");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    expect(text).not.toContain(payload.repository.name);
  } finally {
    await server.stop();
  }
});
