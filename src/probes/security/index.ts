import type { Probe } from "../probe.js";
import { securityPolicy } from "./policy.js";
import { dependencyUpdates } from "./dependency-updates.js";
import { securityHeaders } from "./headers.js";
import { lockfile } from "./lockfile.js";
import { noCommittedSecrets } from "./no-committed-secrets.js";
import { rateLimiting } from "./rate-limiting.js";
import { securitySast } from "./sast.js";

export const securityProbes: Probe[] = [securityPolicy, lockfile, dependencyUpdates, noCommittedSecrets, securitySast, rateLimiting, securityHeaders];
