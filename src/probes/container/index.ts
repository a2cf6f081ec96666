import type { Probe } from "../probe.js";

export const containerProbes: Probe[] = [];
