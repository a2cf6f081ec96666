import type { Probe } from "../probe.js";

export const observabilityProbes: Probe[] = [];
