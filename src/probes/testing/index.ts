import type { Probe } from "../probe.js";
import { coverage } from "./coverage.js";
import { e2eTests } from "./e2e.js";
import { runnerConfigured } from "./runner-configured.js";
import { testsPresent } from "./tests-present.js";

export const testingProbes: Probe[] = [testsPresent, runnerConfigured, coverage, e2eTests];
