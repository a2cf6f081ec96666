import { ciProbes } from "./ci/index.js";
import { containerProbes } from "./container/index.js";
import { docsProbes } from "./docs/index.js";
import { observabilityProbes } from "./observability/index.js";
import { opsProbes } from "./ops/index.js";
import type { Probe } from "./probe.js";
import { securityProbes } from "./security/index.js";
import { testingProbes } from "./testing/index.js";

/** Every probe the engine knows, by checklist item id. */
export const PROBES: ReadonlyMap<string, Probe> = new Map(
  [...testingProbes, ...ciProbes, ...containerProbes, ...observabilityProbes, ...securityProbes, ...docsProbes, ...opsProbes].map((p) => [p.id, p]),
);
