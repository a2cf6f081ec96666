import type { Probe } from "../probe.js";

export const opsProbes: Probe[] = [];
