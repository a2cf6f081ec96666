import type { Probe } from "../probe.js";

export const testingProbes: Probe[] = [];
