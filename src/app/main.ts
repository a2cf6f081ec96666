#!/usr/bin/env node
import { existsSync } from "node:fs";
import { run } from "probot";
import { initErrorTracking } from "./error-tracking.js";
import { createReadinessApp } from "./index.js";
import { createLogger } from "./logger.js";
import { readinessOctokit } from "./octokit.js";
import { registrationRefusal } from "./registration.js";
import { settingsFromEnv } from "./settings.js";

/**
 * `npm start`: Probot's `run` with its standard environment (APP_ID, PRIVATE_KEY or
 * PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL),
 * plus the app's own JSON logger, request policy, error tracking and SIGTERM drain.
 */
if (existsSync(".env")) process.loadEnvFile(".env");
const refusal = registrationRefusal(process.env);
if (refusal) {
  process.stderr.write(`${refusal}\n`);
  process.exit(1);
}
const log = createLogger(process.env);
const settings = settingsFromEnv(process.env);
const reportError = initErrorTracking(process.env);
const readiness = createReadinessApp({ settings, reportError, handleSignals: true });

await run(readiness.app, { log, Octokit: readinessOctokit() });
log.info({ settings: { ...settings, appId: undefined }, errorTracking: Boolean(reportError) }, "readiness app started");
