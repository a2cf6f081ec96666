import { CI_LOCATIONS, ciConfigs, systemLabel } from "../../facts/ci.js";
import { fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Any CI configuration a known CI system reads, by its system. */
export const ciPresent: Probe = {
  id: "ci.present",
  run({ view }) {
    const configs = ciConfigs(view).filter((c) => !c.includedFrom);
    if (configs.length === 0) return fail(`no CI configuration found (looked for ${CI_LOCATIONS})`);
    const evidence = configs.map((c) => ({ path: c.path, note: c.skipped ? `${systemLabel(c.system)}, not parsed: ${c.skipped}` : systemLabel(c.system) }));
    const usable = configs.filter((c) => !c.skipped);
    if (usable.length === 0) {
      return partial(`CI configuration exists but none of it parses, so it cannot run: ${configs.map((c) => c.skipped).join("; ")}`, evidence);
    }
    const systems = [...new Set(usable.map((c) => systemLabel(c.system)))];
    const skipped = configs.filter((c) => c.skipped);
    const skippedNote = skipped.length ? `; not parsed: ${skipped.map((c) => c.skipped).join("; ")}` : "";
    return pass(`${systems.join(" and ")} configured (${usable.length} file${usable.length === 1 ? "" : "s"})${skippedNote}`, evidence);
  },
};
