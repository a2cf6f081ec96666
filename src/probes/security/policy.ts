import { fail, type Probe, pass } from "../probe.js";

const POLICY_PATHS = ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md", "SECURITY.rst", "SECURITY.txt", ".well-known/security.txt", "security.txt"];

/** A security policy file in one of the places GitHub looks for it (case-insensitive). */
export const securityPolicy: Probe = {
  id: "security.policy",
  run({ view }) {
    const wanted = new Set(POLICY_PATHS.map((p) => p.toLowerCase()));
    const found = view.find((path) => wanted.has(path.toLowerCase()));
    if (found.length > 0) return pass(`security policy in ${found[0]}`, found.map((path) => ({ path })));
    return fail("no SECURITY.md in the root, .github/ or docs/");
  },
};
