import { generateKeyPairSync, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import nock from "nock";
import pino from "pino";
import { Probot } from "probot";
import { createReadinessApp, type ReadinessApp, type ReadinessAppOptions } from "../../src/app/index.js";
import { readinessOctokit } from "../../src/app/octokit.js";
import { auditView } from "../../src/audit/audit.js";
import { type AppSettings, DEFAULT_SETTINGS } from "../../src/app/settings.js";
import type { FakeGitHub } from "./fake-github.js";
import type { Payload } from "./webhook-payloads.js";
import { scratchDataDir } from "./databases.js";

export const APP_ID = 4242;
export const NOW = new Date("2026-11-24T12:00:00Z");

/** A throwaway key made per test run: no private key is ever committed. */
const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

export function testPrivateKey(): string {
  return PRIVATE_KEY;
}

export interface Harness {
  probot: Probot;
  readiness: ReadinessApp;
  github: FakeGitHub;
  logs: Record<string, unknown>[];
  /** Delivers a webhook the way Probot's middleware would, then waits for the audits it queued. */
  deliver(name: string, payload: Payload, id?: string): Promise<void>;
}

export interface HarnessOptions extends Omit<ReadinessAppOptions, "settings"> {
  settings?: Partial<AppSettings>;
  /** Keep Octokit's throttling on (with waits shortened); off by default so tests run fast. */
  throttle?: boolean;
  baseUrl?: string;
}

/**
 * Probot as production runs it (token exchange, the app's Octokit policy, real webhook dispatch),
 * against the in-memory GitHub, with retry waits shortened from seconds to milliseconds.
 */
export async function startApp(github: FakeGitHub, options: HarnessOptions = {}): Promise<Harness> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const probot = new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    baseUrl: options.baseUrl,
    log: pino({ level: "info" }, sink),
    Octokit: readinessOctokit({
      retry: { retryAfterBaseValue: 1 },
      throttle: options.throttle ? { retryAfterBaseValue: 1 } : { enabled: false },
    }),
  });
  const readiness = createReadinessApp({
    now: () => NOW,
    handleSignals: false,
    auditor: auditView,
    ...options,
    // A fresh SQLite store per app unless the test shares one (a restart) or names Postgres.
    settings: { ...DEFAULT_SETTINGS, appId: APP_ID, dataDir: scratchDataDir("store"), sweepIntervalMs: 0, ...options.settings },
  });
  await probot.load(readiness.app);
  return {
    probot,
    readiness,
    github,
    logs,
    async deliver(name, payload, id = randomUUID()) {
      await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      await readiness.idle();
    },
  };
}

export function useNetworkGuard(): void {
  nock.disableNetConnect();
}

export function releaseNetworkGuard(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}
