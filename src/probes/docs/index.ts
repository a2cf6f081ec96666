import type { Probe } from "../probe.js";

export const docsProbes: Probe[] = [];
