import { expect, test } from "vitest";
import { initErrorTracking } from "../../src/app/error-tracking.js";
import { FINISH_RESERVE_MS } from "../../src/app/octokit.js";
import { DEFAULT_SETTINGS, MIN_AUDIT_TIMEOUT_SECONDS, settingsFromEnv } from "../../src/app/settings.js";

test("defaults: a 60-second audit budget, two audits at once, 500 files read per audit", () => {
  expect(settingsFromEnv({})).toEqual({ ...DEFAULT_SETTINGS, appId: undefined });
  expect(DEFAULT_SETTINGS).toMatchObject({ auditTimeoutMs: 60_000, concurrency: 2, budget: { maxFiles: 500 }, shutdownGraceMs: 15_000 });
});

test("operators tune the budget, concurrency, queue and reads from the environment", () => {
  const settings = settingsFromEnv({ APP_ID: "42", AUDIT_TIMEOUT_SECONDS: "30", AUDIT_CONCURRENCY: "4", DATA_DIR: "/var/lib/readiness", RETENTION_DAYS: "30", JOB_LEASE_SECONDS: "20", AUDIT_MAX_FILES: "200", SHUTDOWN_GRACE_SECONDS: "20" });
  expect(settings).toMatchObject({ appId: 42, auditTimeoutMs: 30_000, concurrency: 4, dataDir: "/var/lib/readiness", retentionDays: 30, leaseMs: 20_000, databaseUrl: undefined, budget: { maxFiles: 200 }, shutdownGraceMs: 20_000 });
});

test("a mistyped number stops start-up instead of running with a surprise", () => {
  expect(() => settingsFromEnv({ AUDIT_TIMEOUT_SECONDS: "60s" })).toThrow('AUDIT_TIMEOUT_SECONDS must be a whole number of at least 10; got "60s"');
  expect(() => settingsFromEnv({ AUDIT_CONCURRENCY: "0" })).toThrow(/AUDIT_CONCURRENCY/);
});

test("an audit budget must leave time beyond the 5 s kept for completing the check run", () => {
  expect(MIN_AUDIT_TIMEOUT_SECONDS * 1000).toBeGreaterThan(FINISH_RESERVE_MS);
  expect(() => settingsFromEnv({ AUDIT_TIMEOUT_SECONDS: "5" })).toThrow('AUDIT_TIMEOUT_SECONDS must be a whole number of at least 10; got "5"');
  expect(() => settingsFromEnv({ AUDIT_TIMEOUT_SECONDS: "9" })).toThrow(/at least 10/);
  expect(settingsFromEnv({ AUDIT_TIMEOUT_SECONDS: "10" }).auditTimeoutMs).toBe(10_000);
});

test("production refuses to start without a webhook secret", () => {
  expect(() => settingsFromEnv({ NODE_ENV: "production", APP_ID: "42" })).toThrow(/WEBHOOK_SECRET must be set in production/);
  expect(settingsFromEnv({ NODE_ENV: "production", APP_ID: "42", WEBHOOK_SECRET: "s" }).appId).toBe(42);
});

test("error tracking is off unless SENTRY_DSN is set, and a bad trace rate stops start-up", () => {
  expect(initErrorTracking({})).toBeUndefined();
  expect(() => initErrorTracking({ SENTRY_DSN: "https://public@sentry.example.test/1", SENTRY_TRACES_SAMPLE_RATE: "10%" })).toThrow(
    'SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1; got "10%"',
  );
});

test("the dashboard talks to the GitHub the app does: github.com, or GHE_HOST's API and web addresses", () => {
  expect(settingsFromEnv({}).dashboard).toMatchObject({ apiUrl: "https://api.github.com", webUrl: "https://github.com", clientId: undefined });
  expect(settingsFromEnv({ GHE_HOST: "github.acme.example", GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s" }).dashboard).toEqual({
    apiUrl: "https://github.acme.example/api/v3",
    webUrl: "https://github.acme.example",
    clientId: "Iv1.x",
    clientSecret: "s",
    sessionSecret: undefined,
  });
  expect(settingsFromEnv({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" }).dashboard.apiUrl).toBe("http://127.0.0.1:8080/api/v3");
});
