import { ciConfigs, ciFindings, describeConfigs, skippedNote } from "../../facts/ci.js";
import { fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { evidenceFor, findingsOfKind, manualOnlyNote, summarise } from "./findings.js";

/** A linter, formatter check or type checker run by a CI step, directly or through scripts and targets. */
export const ciLint: Probe = {
  id: "ci.lint",
  run({ view }) {
    if (ciConfigs(view).length === 0) return fail("no CI configuration, so nothing lints or type-checks changes");
    const { onChanges, otherwise } = findingsOfKind(view, ciFindings(view), ["lint"]);
    if (onChanges.length > 0) return pass(`CI runs ${summarise(onChanges)}`, evidenceFor(onChanges, "lints"));
    if (otherwise.length > 0) return partial(`CI lints (${summarise(otherwise)}) ${manualOnlyNote(otherwise)}`, evidenceFor(otherwise, "lints"));
    return fail(
      `no linter, formatter check or type checker (eslint, biome, prettier --check, tsc --noEmit, ruff, flake8, mypy, golangci-lint, go vet, rubocop, checkstyle, pre-commit...) runs in ${describeConfigs(view)}.${skippedNote(view)}`,
    );
  },
};
