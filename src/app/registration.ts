/**
 * Without APP_ID and a private key Probot serves the page that registers the app from app.yml —
 * except under NODE_ENV=production, where it refuses with a stack trace. Refusing is right for a
 * deployed instance (an unconfigured public server must not offer to register an app anyone
 * chooses), so production still refuses, but with the two ways forward instead of a trace.
 */
export function registrationRefusal(env: NodeJS.ProcessEnv): string | undefined {
  const registering = !env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
  if (!registering || env.NODE_ENV !== "production") return undefined;
  return [
    `readiness: ${env.APP_ID ? "PRIVATE_KEY or PRIVATE_KEY_PATH" : "APP_ID"} is not set, and NODE_ENV=production does not serve the registration page.`,
    "  - Running an app you registered already: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET (see .env.example).",
    "  - Registering it now: start once without NODE_ENV=production and open http://localhost:3000, e.g.",
    '      touch .env && docker run --rm -e NODE_ENV=development --user "$(id -u)" -v "$PWD/.env:/app/.env" -p 3000:3000 readiness',
    "    (README: Deploying, step 2). The page writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET into .env.",
  ].join("\n");
}
