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
  Sentry.init({
    dsn,
    environment: env.SENTRY_ENVIRONMENT || env.NODE_ENV || "production",
    release: `readiness@${version}`,
  });
  return (error, context) => {
    Sentry.captureException(error, { extra: context });
  };
}
