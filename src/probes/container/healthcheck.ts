import type { RepoView } from "../../view/repo-view.js";
import { type ComposeService, composeServices } from "../../facts/compose.js";
import { applicationImages, effectiveHealthcheck, isDatastoreImage, namesDatastore, parsedDockerfiles } from "../../facts/dockerfiles.js";
import { type KubernetesProbe, kubernetesProbes } from "../../facts/kubernetes.js";
import { type Evidence, fail, notApplicable, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { describeLeftOut, listPaths, summarise } from "./images.js";

/** Enough to locate the probes; a chart with dozens of workloads need not list every one. */
const MAX_PROBE_EVIDENCE = 8;
const MAX_COMMAND_CHARS = 120;

/** A compose service that runs the project's own application image (built from its runtime Dockerfile), not a database beside it. */
function runsApplication(view: RepoView, service: ComposeService): boolean {
  if (service.role !== "runtime" || !service.build) return false;
  const built = parsedDockerfiles(view).find((f) => f.path === service.build?.dockerfile);
  if (built) return built.role === "runtime" && !isDatastoreImage(built);
  return !namesDatastore(service.name);
}

function probeEvidence(probes: readonly KubernetesProbe[]): Evidence[] {
  return probes.slice(0, MAX_PROBE_EVIDENCE).map((p) => {
    const container = p.container && !p.container.includes("{{") ? ` of container ${p.container}` : "";
    return { path: p.path, line: p.line, note: `${p.kind}Probe${container}` };
  });
}

/**
 * The application container is health-checked: a HEALTHCHECK in a runtime image (its own or inherited
 * from the stage it is built from), or liveness/readiness probes in the Kubernetes manifests. A
 * healthcheck only in docker-compose is partial: it holds where compose runs the service, not elsewhere.
 */
export const containerHealthcheck: Probe = {
  id: "container.healthcheck",
  run({ view }) {
    if (parsedDockerfiles(view).length === 0) return notApplicable("no Dockerfile or Containerfile in the project");
    const images = applicationImages(view);
    const checks = images.files.map((file) => ({ file, check: effectiveHealthcheck(file) }));
    const declared = checks.filter((c) => c.check && !c.check.disabled);
    const switchedOff = checks.filter((c) => c.check?.disabled);
    const probes = kubernetesProbes(view).filter((p) => !p.datastore);
    const liveOrReady = probes.filter((p) => p.kind !== "startup");

    if (declared.length > 0 || liveOrReady.length > 0) {
      const parts: string[] = [];
      if (declared.length) parts.push(`HEALTHCHECK in ${summarise(declared.map(({ file, check }) => `${file.path}:${check?.line}`))}`);
      if (liveOrReady.length) parts.push(`Kubernetes ${[...new Set(liveOrReady.map((p) => p.kind))].join("/")} probes in ${listPaths(liveOrReady)}`);
      const imageEvidence = declared.map(({ file, check }) => ({
        path: file.path,
        line: check?.line,
        note: `HEALTHCHECK ${check?.command.slice(0, MAX_COMMAND_CHARS)}`,
      }));
      return pass(parts.join("; "), [...imageEvidence, ...probeEvidence(liveOrReady)]);
    }
    if (probes.length > 0)
      return partial(`only Kubernetes startup probes (${listPaths(probes)}): nothing checks the container once it has started`, probeEvidence(probes));

    const composeChecks = composeServices(view).filter((s) => s.healthcheck && !s.healthcheck.disabled && runsApplication(view, s));
    if (composeChecks.length > 0) {
      const where = summarise(composeChecks.map((s) => `${s.name} in ${s.path}:${s.healthcheck?.line}`));
      return partial(
        `only docker-compose checks the service's health (${where}); the image declares no HEALTHCHECK and there are no Kubernetes probes, so other runtimes do not check it`,
        composeChecks.map((s) => ({ path: s.path, line: s.healthcheck?.line, note: `healthcheck of compose service ${s.name}` })),
      );
    }
    if (images.files.length === 0)
      return notApplicable("no runtime image to judge: the project's Dockerfiles build development, test or CI images only, and no Kubernetes probes exist");
    const off = summarise(switchedOff.map(({ file, check }) => `${file.path}:${check?.line}`));
    return fail(
      `no HEALTHCHECK in ${listPaths(images.files)}, no liveness/readiness probes in Kubernetes manifests, and no compose healthcheck on the application service` +
        `${off ? `; ${off} switch the check off with HEALTHCHECK NONE` : ""}${describeLeftOut(view, images.files)}`,
      switchedOff.map(({ file, check }) => ({ path: file.path, line: check?.line, note: "HEALTHCHECK NONE" })),
    );
  },
};
