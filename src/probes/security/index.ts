import type { Probe } from "../probe.js";
import { securityPolicy } from "./policy.js";
import { securitySast } from "./sast.js";

export const securityProbes: Probe[] = [securityPolicy, securitySast];
