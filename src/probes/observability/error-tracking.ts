import { errorTrackers } from "../../facts/error-trackers.js";
import { at, decideByLibraries, type LibraryUse } from "../../facts/libraries.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, partial } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/**
 * A DSN or API key written into the code: a Sentry DSN (https://<key>@o1.ingest.sentry.io/2) or a
 * 32+ hex-digit key assigned to a key-like name. Bounded repeats, so linear.
 */
const HARD_CODED_KEY =
  /https?:\/\/[A-Za-z0-9]{16,64}(?::[A-Za-z0-9]{16,64})?@[\w.-]{1,200}(?::\d{1,5})?\/[\w-]{0,100}\d|\b(?:api_?key|access_?token|token|dsn)["']?\s*[:=]\s*["'][0-9a-f]{32,64}["']/gi;

function hardCodedKeys(view: RepoView, use: LibraryUse): Evidence[] {
  const out: Evidence[] = [];
  for (const path of new Set(use.uses.map((m) => m.path))) {
    const code = view.code(path);
    if (code === undefined) continue;
    HARD_CODED_KEY.lastIndex = 0;
    const found = HARD_CODED_KEY.exec(code);
    if (found) out.push({ path, line: view.lineAt(path, found.index), note: `${use.library.name} key hard-coded` });
  }
  return out;
}

const CAPABILITY = {
  what: "error tracker",
  verb: "initialised",
  lookedFor: "Sentry, Rollbar, Bugsnag, Honeybadger, Datadog, New Relic, Airbrake, Raygun, Elastic APM or LogRocket SDKs declared and initialised",
};

/** An error-tracking SDK that is a runtime dependency and initialised in code, its DSN/key read from configuration. */
export const errorTracking: Probe = {
  id: "observability.error-tracking",
  run({ view }) {
    const uses = errorTrackers(view);
    const finding = decideByLibraries(uses, CAPABILITY);
    if (finding.outcome !== "pass") return finding;
    const hardCoded = uses.filter((u) => u.established).flatMap((u) => hardCodedKeys(view, u));
    if (hardCoded.length === 0) return finding;
    const first = hardCoded[0] as Evidence;
    return partial(
      `${finding.reason}, but the DSN/key is hard-coded at ${at(first)}: read it from the environment (e.g. SENTRY_DSN) so it can be rotated and differs per environment`,
      [...hardCoded, ...finding.evidence],
    );
  },
};
