import { effectiveUser, productionImages } from "../../facts/dockerfiles.js";
import { kubernetesRunAsNonRoot } from "../../facts/kubernetes.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { describeLeftOut, listPaths, summarise, unanswerable } from "./images.js";

/**
 * The image that ships runs its final stage as a non-root user (the last USER wins; stages only
 * inherit from the stage they are built FROM). An image that defaults to root but whose Kubernetes
 * manifests force a non-root user is partial: it is safe there, and runs as root anywhere else.
 */
export const containerNonRoot: Probe = {
  id: "container.non-root",
  run({ view }) {
    const selection = productionImages(view);
    const none = unanswerable(view, selection);
    if (none) return none;
    const judged = selection.files.map((file) => ({ file, user: effectiveUser(file) }));
    const evidence: Evidence[] = judged.flatMap(({ file, user }) => (user ? [{ path: file.path, line: user.line, note: user.note }] : []));
    const asRoot = judged.filter(({ user }) => user?.root !== false);
    const leftOut = describeLeftOut(view, selection.files);
    const say = (list: typeof judged) => summarise(list.map(({ file, user }) => `${file.path}:${user?.line} (${user?.note})`));
    if (asRoot.length === 0) return pass(`non-root in ${selection.basis}: ${say(judged)}${leftOut}`, evidence);
    const nonRoot = judged.filter((j) => !asRoot.includes(j));
    const enforced = kubernetesRunAsNonRoot(view);
    if (enforced.length > 0) {
      const where = `Kubernetes runs the containers as non-root (${enforced[0]?.setting} in ${listPaths(enforced)})`;
      const settings = enforced.map((s) => ({ path: s.path, line: s.line, note: s.setting }));
      return partial(`${where}, but the image defaults to root: ${say(asRoot)}${leftOut}`, [...evidence, ...settings]);
    }
    if (nonRoot.length > 0) return partial(`non-root: ${say(nonRoot)}; root: ${say(asRoot)}${leftOut}`, evidence);
    return fail(`root in ${selection.basis}: ${say(asRoot)}${leftOut}`, evidence);
  },
};
