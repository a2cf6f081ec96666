import type { Probe } from "../probe.js";
import { securityPolicy } from "./policy.js";

export const securityProbes: Probe[] = [securityPolicy];
