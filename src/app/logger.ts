import pino, { type Logger } from "pino";

/**
 * Paths that could carry credentials in a log record. The app never logs them on purpose; this
 * is the net under Probot's and Octokit's own request logging.
 */
const REDACTED = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  "headers.authorization",
  "request.headers.authorization",
  "err.request.headers.authorization",
  "*.privateKey",
  "*.token",
  "*.secret",
];

/** Structured JSON logs on stdout: one line per event, with delivery id, repository and sha on every audit line. */
export function createLogger(env: NodeJS.ProcessEnv, destination: pino.DestinationStream = pino.destination(1)): Logger {
  return pino(
    {
      name: "readiness",
      level: env.LOG_LEVEL || "info",
      redact: { paths: REDACTED, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
