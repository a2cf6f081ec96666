import type { Probe } from "../probe.js";
import { deploymentDocs } from "./deployment.js";
import { envExample } from "./env-example.js";
import { readme } from "./readme.js";

export const docsProbes: Probe[] = [readme, envExample, deploymentDocs];
