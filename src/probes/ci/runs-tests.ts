import { ciConfigs, ciFindings, describeConfigs, skippedNote } from "../../facts/ci.js";
import { fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { evidenceFor, findingsOfKind, manualOnlyNote, summarise } from "./findings.js";

/**
 * A CI step that runs the test suite, followed through package scripts, make targets,
 * repository scripts, composite actions and compose services to the command that tests.
 */
export const ciRunsTests: Probe = {
  id: "ci.runs-tests",
  run({ view }) {
    if (ciConfigs(view).length === 0) return fail("no CI configuration, so no CI job runs the tests");
    const { onChanges, otherwise } = findingsOfKind(view, ciFindings(view), ["test"]);
    if (onChanges.length > 0) return pass(`CI runs the tests: ${summarise(onChanges)}`, evidenceFor(onChanges, "runs tests"));
    if (otherwise.length > 0) return partial(`CI runs the tests (${summarise(otherwise)}) ${manualOnlyNote(otherwise)}`, evidenceFor(otherwise, "runs tests"));
    return fail(
      `no CI step runs a test command (npm test, pytest, go test, mvn test, rspec, cargo test...) in ${describeConfigs(view)}, following package scripts, make targets and scripts they call.${skippedNote(view)}`,
    );
  },
};
