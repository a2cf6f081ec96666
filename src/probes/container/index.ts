import type { Probe } from "../probe.js";
import { containerBasePinned } from "./base-pinned.js";
import { containerDockerfile } from "./dockerfile.js";
import { containerDockerignore } from "./dockerignore.js";
import { containerHealthcheck } from "./healthcheck.js";
import { containerMultistage } from "./multistage.js";
import { containerNonRoot } from "./non-root.js";

export const containerProbes: Probe[] = [
  containerDockerfile,
  containerBasePinned,
  containerNonRoot,
  containerHealthcheck,
  containerMultistage,
  containerDockerignore,
];
