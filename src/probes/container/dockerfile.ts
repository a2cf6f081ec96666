import { developmentEnvironmentImages, isDockerfileName, type ParsedDockerfile, parsedDockerfiles, shippedStage } from "../../facts/dockerfiles.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { describeFile, listPaths, summarise } from "./images.js";

function evidenceOf(file: ParsedDockerfile): Evidence {
  const shipped = shippedStage(file);
  if (!shipped) return { path: file.path, note: file.problem };
  const stages = file.stages.length > 1 ? `${file.stages.length} stages, shipped ` : "";
  const role = file.role === "runtime" ? "" : ` (${file.because})`;
  return { path: file.path, line: shipped.line, note: `${stages}FROM ${shipped.image.resolved ?? shipped.image.written}${role}` };
}

/** The service's image definition: every project Dockerfile is evidence; only a runtime image makes it a pass. */
export const containerDockerfile: Probe = {
  id: "container.dockerfile",
  run({ view }) {
    const files = parsedDockerfiles(view);
    const environments = developmentEnvironmentImages(view);
    const workspaces = environments.length ? `; ${summarise(environments.map((e) => `${e.path} is a ${e.because}`), "; ")}, which builds a developer's workspace, not the service` : "";
    if (files.length === 0) {
      const elsewhere = view.findRows((row) => isDockerfileName(row.name) && row.nonProject);
      const aside = elsewhere.length ? `; ${listPaths(elsewhere.slice(0, 3).map((path) => ({ path })))} belong to fixtures or examples, not the project` : "";
      return fail(
        `no Dockerfile or Containerfile for the project (looked for Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile outside fixtures and examples)${aside}${workspaces}`,
        environments.map((e) => ({ path: e.path, note: e.because })),
      );
    }
    const evidence = files.map(evidenceOf);
    const runtime = files.filter((f) => f.role === "runtime" && !f.problem);
    if (runtime.length > 0) {
      const others =
        files.length > runtime.length
          ? `; also ${files
              .filter((f) => !runtime.includes(f))
              .map(describeFile)
              .join("; ")}`
          : "";
      return pass(`the service's image is built by ${listPaths(runtime)}${others}${workspaces}`, evidence);
    }
    return partial(`only images that do not run the service: ${files.map(describeFile).join("; ")}${workspaces}`, evidence);
  },
};
