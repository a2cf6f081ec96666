import type { Probe } from "../probe.js";
import { ciLint } from "./lint.js";
import { ciOnPullRequest } from "./on-pull-request.js";
import { ciPresent } from "./present.js";
import { ciRunsTests } from "./runs-tests.js";

export const ciProbes: Probe[] = [ciPresent, ciRunsTests, ciOnPullRequest, ciLint];
