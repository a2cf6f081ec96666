import { basename } from "../../view/paths.js";
import { type DockerStage, type ParsedDockerfile, parsedDockerfiles } from "../../facts/dockerfiles.js";
import { type Evidence, fail, notApplicable, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { summarise } from "./images.js";

type Pinning = "digest" | "tag" | "floating" | "unpinned" | "build-time";

/** Tags that follow new releases; in a distribution's tag they mean "whatever is current", unlike a codename. */
const FLOATING_WORDS = new Set(["latest", "stable", "lts", "current", "edge", "mainline", "rolling", "nightly", "testing", "unstable", "sid", "devel"]);
/** Distributions whose codename tags (bookworm, jammy) are versions. */
const CODENAME_DISTRIBUTIONS = new Set(["debian", "ubuntu"]);

interface Judged {
  file: ParsedDockerfile;
  stage: DockerStage;
  pinning: Pinning;
  note: string;
}

function judge(file: ParsedDockerfile, stage: DockerStage): Judged | undefined {
  if (stage.parentStage !== undefined || stage.scratch) return undefined;
  const { image } = stage;
  const at = (pinning: Pinning, note: string): Judged => ({ file, stage, pinning, note });
  if (image.resolved === undefined || !image.reference)
    return at("build-time", `FROM ${image.written}: ${image.unresolved.join(", ")} has no default, so the image is chosen at build time`);
  const { name, tag, digest } = image.reference;
  const shown = image.resolved === image.written ? image.written : `${image.written} (= ${image.resolved})`;
  if (digest) return at("digest", `FROM ${shown}: pinned by digest`);
  if (!tag) return at("unpinned", `FROM ${shown}: no tag, which means :latest`);
  // latest-rust-1 is the newest image of a series and moves like latest itself; latest-rust-1.80.1 names a release.
  if (/^latest(?:[-._]|$)/i.test(tag) && !/\d+\.\d+\.\d+/.test(tag)) return at("unpinned", `FROM ${shown}: a latest tag`);
  if (/\d/.test(tag) || /\d/.test(basename(name))) return at("tag", `FROM ${shown}`);
  const words = tag.toLowerCase().split(/[-._]/);
  if (CODENAME_DISTRIBUTIONS.has(basename(name)) && !words.some((w) => FLOATING_WORDS.has(w))) return at("tag", `FROM ${shown}: release codename`);
  return at("floating", `FROM ${shown}: the tag names no version, so it moves with every release`);
}

/** Every FROM of every project Dockerfile names a digest or a versioned tag; stage aliases and scratch need none. */
export const containerBasePinned: Probe = {
  id: "container.base-pinned",
  run({ view }) {
    const files = parsedDockerfiles(view);
    if (files.length === 0) return notApplicable("no Dockerfile or Containerfile in the project");
    const judged = files.flatMap((file) => file.stages.map((stage) => judge(file, stage)).filter((j): j is Judged => j !== undefined));
    const evidenceOf = (list: Judged[]): Evidence[] => list.map((j) => ({ path: j.file.path, line: j.stage.line, note: j.note }));
    const unpinned = judged.filter((j) => j.pinning === "unpinned");
    const loose = judged.filter((j) => j.pinning === "floating" || j.pinning === "build-time");
    const shipped = unpinned.filter((j) => j.file.role === "runtime");
    if (shipped.length > 0)
      return fail(`${unpinned.length} FROM without a version: ${summarise(unpinned.map((j) => `${j.file.path}:${j.stage.line}`))}`, evidenceOf(unpinned));
    if (unpinned.length > 0)
      return partial(
        `the runtime images are pinned; not pinned: ${summarise(unpinned.map((j) => `${j.file.path}:${j.stage.line} (${j.file.because})`))}`,
        evidenceOf([...unpinned, ...loose]),
      );
    if (loose.length > 0)
      return partial(
        `every FROM has a tag, but ${summarise(loose.map((j) => `${j.file.path}:${j.stage.line}`))} cannot be trusted to stay put`,
        evidenceOf(loose),
      );
    const unreadable = files
      .filter((f) => f.problem)
      .map((f) => `; ${f.path} ${f.problem}`)
      .join("");
    const stages = files.flatMap((file) => file.stages.map((stage) => ({ file, stage })));
    if (stages.length === 0) return notApplicable(`no FROM instruction could be read${unreadable}`);
    if (judged.length === 0)
      return pass(
        `no external base image: every FROM is scratch or an earlier stage${unreadable}`,
        stages.map(({ file, stage }) => ({ path: file.path, line: stage.line, note: `FROM ${stage.image.written}` })),
      );
    return pass(`all ${judged.length} base images are pinned by version tag or digest${unreadable}`, evidenceOf(judged));
  },
};
