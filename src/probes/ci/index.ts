import type { Probe } from "../probe.js";

export const ciProbes: Probe[] = [];
