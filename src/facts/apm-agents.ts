import { CSHARP, GO, importQuery, inCode, JS, jsImport, type LibrarySpec, PY, RUBY } from "./libraries.js";

/**
 * APM agents: one SDK that reports errors, request metrics and traces at once, so the
 * error-tracking, metrics and tracing catalogs all list them.
 */
export const DATADOG: LibrarySpec = {
  name: "Datadog APM",
  packages: ["dd-trace", "ddtrace", "gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*"],
  usage: [
    inCode(JS, "dd-trace", /["']dd-trace["']\s*\)\s*\.init\s*\(|["']dd-trace\/init["']|\btracer\.init\s*\(/),
    inCode(PY, ["ddtrace", "patch_all"], /\bpatch_all\s*\(|\bddtrace\.auto\b|\btracer\.configure\s*\(/),
    inCode(GO, "tracer", /\btracer\.Start\s*\(/),
    inCode(RUBY, "Datadog", /\bDatadog\.configure\b/),
  ],
};

export const NEW_RELIC: LibrarySpec = {
  name: "New Relic",
  packages: ["newrelic", "github.com/newrelic/go-agent*"],
  usage: [
    inCode(JS, "newrelic", /(?:\brequire\s*\(\s*|\bimport\s+(?:\w+\s+from\s+)?)["']newrelic["']/),
    inCode(PY, "newrelic", /\bnewrelic\.agent\.initialize\s*\(/),
    inCode(GO, "newrelic", /\bnewrelic\.NewApplication\s*\(/),
  ],
};

export const ELASTIC_APM: LibrarySpec = {
  name: "Elastic APM",
  packages: ["elastic-apm-node", "elastic-apm", "go.elastic.co/apm*"],
  usage: [
    importQuery(JS, jsImport, "elastic-apm-node"),
    inCode(PY, ["elasticapm", "ElasticAPM"], /\bElasticAPM\s*\(|\belasticapm\.contrib\b|\belasticapm\.instrument\s*\(/),
    inCode(GO, "go.elastic.co/apm", /"go\.elastic\.co\/apm/),
  ],
};

export const APPSIGNAL: LibrarySpec = {
  name: "AppSignal",
  packages: ["@appsignal/nodejs"],
  usage: [inCode(JS, "Appsignal", /\bnew\s+Appsignal\s*\(/)],
};

/** Azure's Application Insights SDK: exceptions, requests and dependencies reported to Azure Monitor. */
export const APPLICATION_INSIGHTS: LibrarySpec = {
  name: "Application Insights",
  packages: ["Microsoft.ApplicationInsights*", "applicationinsights"],
  usage: [
    inCode(CSHARP, ["ApplicationInsights", "TelemetryClient"], /\.AddApplicationInsightsTelemetry(?:WorkerService)?\s*\(|\bnew\s+TelemetryClient\s*\(/),
    inCode(JS, "applicationinsights", /\.setup\s*\([^)]{0,200}\)[\s\S]{0,200}?\.start\s*\(\s*\)/),
  ],
};

/** Ruby and JVM agents start themselves once installed (a Railtie, a -javaagent, a service provider). */
export const SELF_STARTING_APM: LibrarySpec = {
  name: "APM agent",
  packages: ["newrelic_rpm", "com.newrelic.agent.java:*", "appsignal", "co.elastic.apm:*"],
  usage: [],
  selfConfiguring: true,
};

/** Laravel's own monitoring agent: it registers itself and reports requests, queries and exceptions; it traces nothing across services. */
export const LARAVEL_NIGHTWATCH: LibrarySpec = { name: "Laravel Nightwatch", packages: ["laravel/nightwatch"], usage: [], selfConfiguring: true };

/** Performance-only agents: request metrics, no error reports or distributed traces. */
export const PERFORMANCE_AGENTS: LibrarySpec = {
  name: "APM agent",
  packages: ["skylight", "scout_apm", "scout-apm"],
  usage: [inCode(PY, "scout_apm", /\bscout_apm\b/)],
  selfConfiguring: true,
};

export const APM_AGENTS: readonly LibrarySpec[] = [DATADOG, NEW_RELIC, ELASTIC_APM, APPSIGNAL, APPLICATION_INSIGHTS, SELF_STARTING_APM];
