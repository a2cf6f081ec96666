import { type SecretFinding, scanSecrets } from "../../facts/secrets.js";
import { type Evidence, fail, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

const LOOKED_FOR =
  "private keys, AWS/GitHub/Slack/Stripe/Google credentials, random values under secret names in .env and compose files, token-signing keys and Django SECRET_KEYs written into the code";

/**
 * No credentials in the tree. Keys and secret values in tests, fixtures and test environment
 * files are test material (a suite needs a key to sign with) and do not fail the item; provider
 * tokens fail wherever they are, because a live token is live whichever folder holds it.
 */
export const noCommittedSecrets: Probe = {
  id: "security.no-committed-secrets",
  run({ view }) {
    const { findings, scannedFiles } = scanSecrets(view);
    const leaks = findings.filter((f) => !f.testMaterial);
    if (leaks.length > 0) {
      const listed = leaks.slice(0, 3).map((f) => `${f.kind} at ${f.path}:${f.line}`);
      const more = leaks.length > 3 ? ` and ${leaks.length - 3} more` : "";
      return fail(`${leaks.length} committed secret${leaks.length === 1 ? "" : "s"}: ${listed.join(", ")}${more}`, leaks.map(toEvidence));
    }
    const testKeys = findings.filter((f) => f.testMaterial);
    const ignored = testKeys.length > 0 ? `; ${testKeys.length} test key${testKeys.length === 1 ? "" : "s"} in test or fixture files ignored` : "";
    return pass(`no secrets in ${scannedFiles} scanned files${ignored}`, [
      { path: ".", note: `scanned ${scannedFiles} text files for ${LOOKED_FOR}` },
      ...testKeys.slice(0, 5).map((f) => ({ ...toEvidence(f), note: `${f.kind}, test material (ignored)` })),
    ]);
  },
};

function toEvidence(finding: SecretFinding): Evidence {
  return { path: finding.path, line: finding.line, note: `${finding.kind} (value not shown)` };
}
