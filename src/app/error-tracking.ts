import { createRequire } from "node:module";
import * as Sentry from "@sentry/node";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

export type ErrorReporter = (error: unknown, context: Record<string, unknown>) => void;

/**
 * Sentry, when SENTRY_DSN is set: the DSN comes from the environment only. Probot's own Sentry
 * hook is bypassed because it downloads an SDK with npx at start-up, which a locked-down
 * container cannot do; this one is a pinned dependency.
 */
export function initErrorTracking(env: NodeJS.ProcessEnv): ErrorReporter | undefined {
  const dsn = env.SENTRY_DSN;
  if (!dsn) return undefined;
  const tracesSampleRate = Number(env.SENTRY_TRACES_SAMPLE_RATE || 0);
  if (!(tracesSampleRate >= 0 && tracesSampleRate <= 1)) throw new Error(`SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1; got "${env.SENTRY_TRACES_SAMPLE_RATE}"`);
  Sentry.init({
    dsn,
    environment: env.SENTRY_ENVIRONMENT || env.NODE_ENV || "production",
    release: `readiness@${version}`,
    // Traces of webhook handling and GitHub calls, for the share of requests the operator chooses (off by default).
    ...(tracesSampleRate > 0 ? { tracesSampleRate } : {}),
  });
  return (error, context) => {
    Sentry.captureException(error, { extra: context });
  };
}
