import type { Probe } from "../probe.js";
import { errorTracking } from "./error-tracking.js";
import { healthEndpoint } from "./health-endpoint.js";
import { metrics } from "./metrics.js";
import { structuredLogging } from "./structured-logging.js";
import { tracing } from "./tracing.js";

export const observabilityProbes: Probe[] = [errorTracking, healthEndpoint, structuredLogging, metrics, tracing];
