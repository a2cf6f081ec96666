import { type ParsedDockerfile, parsedDockerfiles, productionImages } from "../../facts/dockerfiles.js";
import { type Evidence, fail, notApplicable, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { describeLeftOut, listPaths, summarise, unanswerable } from "./images.js";

function fromLines(file: ParsedDockerfile): Evidence[] {
  return file.stages.map((stage) => ({ path: file.path, line: stage.line, note: `FROM ${stage.image.written}${stage.alias ? ` AS ${stage.alias}` : ""}` }));
}

/**
 * The shipped image is built in stages, so compilers and dev dependencies stay behind. A single
 * stage that runs nothing (it only copies artefacts built elsewhere) has nothing to leave behind.
 */
export const containerMultistage: Probe = {
  id: "container.multistage",
  run({ view }) {
    const selection = productionImages(view);
    const none = unanswerable(view, selection);
    if (none) return none;
    const multi = selection.files.filter((f) => f.stages.length >= 2);
    const prebuilt = selection.files.filter((f) => f.stages.length === 1 && !f.stages[0]?.runsCommands);
    const single = selection.files.filter((f) => !multi.includes(f) && !prebuilt.includes(f));
    const leftOut = describeLeftOut(view, selection.files);
    const evidence = [
      ...multi.flatMap(fromLines),
      ...prebuilt.flatMap((f) => fromLines(f).map((e) => ({ ...e, note: `${e.note}: only copies artefacts built elsewhere` }))),
    ];
    if (single.length === 0 && multi.length === 0)
      return notApplicable(
        `nothing is built inside the image: ${listPaths(prebuilt)} only cop${prebuilt.length === 1 ? "ies" : "y"} prebuilt artefacts (no RUN), so there are no build stages to separate${leftOut}`,
      );
    if (single.length === 0) {
      const prebuiltNote = prebuilt.length ? `; ${listPaths(prebuilt)} only copy prebuilt artefacts (no RUN)` : "";
      const multiNote = multi.length
        ? `built in stages: ${summarise(multi.map((f) => `${f.path} (${f.stages.length})`))}`
        : "nothing is built inside the image";
      return pass(`${multiNote}${prebuiltNote}${leftOut}`, evidence);
    }
    const singleNote = `built and run in one stage: ${summarise(single.map((f) => `${f.path}:${f.stages[0]?.line}`))}`;
    if (multi.length > 0) return partial(`multi-stage or prebuilt: ${listPaths([...multi, ...prebuilt])}; ${singleNote}${leftOut}`, evidence);
    // Images that only copy prebuilt artefacts are fine as they are, but they do not make up for the ones that build in their runtime stage.
    const prebuiltNote = prebuilt.length ? `; ${listPaths(prebuilt)} only cop${prebuilt.length === 1 ? "ies" : "y"} prebuilt artefacts` : "";
    const elsewhere = parsedDockerfiles(view).filter((f) => f.role !== "runtime" && f.stages.length >= 2);
    const aside = elsewhere.length ? `; only ${listPaths(elsewhere)}, which do not ship, use stages` : "";
    return fail(`${selection.basis}: ${singleNote}${prebuiltNote}${aside}${leftOut}`, single.flatMap(fromLines));
  },
};
