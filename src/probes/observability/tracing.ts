import { APM_AGENTS } from "../../facts/apm-agents.js";
import { type CodeMatch, filesNamed } from "../../facts/code-search.js";
import { errorTrackers, isSentry, SPRING_CONFIG } from "../../facts/error-trackers.js";
import { at, CSHARP, decideByLibraries, GO, goImport, importQuery, inCode, JS, jsImport, JVM, type LibrarySpec, libraryUses, PY, pyImport, RUBY, RUST } from "../../facts/libraries.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Dockerfiles, Procfiles, scripts and manifests: where an agent is attached to the process that starts the service. */
const LAUNCH_FILES = filesNamed(/^(?:(?:Dockerfile|Containerfile)(?:[._-].*)?|.*\.dockerfile|Procfile|package\.json|.*\.sh|docker-compose.*\.ya?ml|compose\.ya?ml|Makefile)$/i);

/** A TracerProvider, or the distro's configurator that builds tracer and meter providers from OTEL_* settings. */
const PYTHON_OTEL_SETUP = /\bTracerProvider\s*\(|\bconfigure_azure_monitor\s*\(|\b_?OTelSDKConfigurator\s*\(|\bauto_instrumentation\.initialize\s*\(/;

const TRACERS: LibrarySpec[] = [
  {
    name: "OpenTelemetry",
    packages: [
      "@opentelemetry/sdk-node",
      "@opentelemetry/sdk-trace-node",
      "@opentelemetry/sdk-trace-base",
      "@opentelemetry/sdk-trace-web",
      "@opentelemetry/auto-instrumentations-node",
      "@vercel/otel",
      "@honeycombio/opentelemetry-node",
      "@azure/monitor-opentelemetry",
    ],
    usage: [
      inCode(JS, ["NodeSDK", "TracerProvider", "registerOTel", "HoneycombSDK", "useAzureMonitor"], /\bnew\s+(?:NodeSDK|HoneycombSDK|(?:Node|Web|Basic)TracerProvider)\s*\(|\bregisterOTel\s*\(|\buseAzureMonitor\s*\(/),
      { files: LAUNCH_FILES, needles: ["auto-instrumentations-node"], pattern: /@opentelemetry\/auto-instrumentations-node\/register/ },
    ],
  },
  {
    name: "OpenTelemetry",
    packages: ["opentelemetry-sdk", "opentelemetry-distro", "opentelemetry-instrumentation", "opentelemetry-instrumentation-*", "azure-monitor-opentelemetry"],
    usage: [
      inCode(PY, ["TracerProvider", "configure_azure_monitor", "Configurator", "auto_instrumentation"], PYTHON_OTEL_SETUP),
      { files: LAUNCH_FILES, needles: ["opentelemetry-instrument"], pattern: /\bopentelemetry-instrument\b/ },
    ],
  },
  { name: "OpenTelemetry", packages: ["go.opentelemetry.io/otel/sdk"], usage: [inCode(GO, "NewTracerProvider", /\b\w+\.NewTracerProvider\s*\(/)] },
  {
    name: "OpenTelemetry",
    packages: ["io.opentelemetry:opentelemetry-sdk", "io.opentelemetry:opentelemetry-sdk-trace"],
    usage: [inCode(JVM, "SdkTracerProvider", /\bSdkTracerProvider\b/)],
  },
  {
    name: "OpenTelemetry / Micrometer Tracing",
    packages: ["io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter", "io.micrometer:micrometer-tracing-bridge-*", "org.springframework.cloud:spring-cloud-starter-sleuth", "org.springframework.cloud:spring-cloud-starter-zipkin", "org.springframework.boot:spring-boot-starter-zipkin", "org.springframework.boot:spring-boot-starter-opentelemetry", "org.springframework.boot:spring-boot-starter-micrometer-tracing*", "io.quarkus:quarkus-opentelemetry"],
    usage: [{ files: SPRING_CONFIG, needles: ["tracing", "otel", "zipkin"], pattern: /^[^\n]*\b(?:management\.tracing|tracing:|otel\.|zipkin)[^\n]*/m }],
    selfConfiguring: true,
  },
  { name: "OpenTelemetry", packages: ["opentelemetry-sdk"], usage: [inCode(RUBY, "OpenTelemetry", /\bOpenTelemetry::SDK\.configure\b/)] },
  { name: "OpenCensus (Ruby)", packages: ["opencensus", "opencensus-stackdriver"], usage: [inCode(RUBY, "OpenCensus", /\bOpenCensus\.configure\b|\bOpenCensus::Trace\.configure\b/)] },
  {
    name: "OpenTelemetry",
    packages: ["opentelemetry", "opentelemetry_sdk", "tracing-opentelemetry"],
    usage: [inCode(RUST, ["opentelemetry"], /\btracing_opentelemetry::|\bopentelemetry_sdk::trace\b|\bSdkTracerProvider\b/)],
  },
  {
    name: "OpenTelemetry (.NET)",
    packages: ["OpenTelemetry.Extensions.Hosting", "OpenTelemetry"],
    usage: [inCode(CSHARP, ["WithTracing", "TracerProvider", "AddOpenTelemetryTracing"], /\.WithTracing\s*\(|\.AddOpenTelemetryTracing\s*\(|\bSdk\.CreateTracerProviderBuilder\s*\(/)],
    sharedPackage: true,
  },
  {
    name: "Java agent",
    packages: [],
    usage: [{ files: LAUNCH_FILES, needles: ["-javaagent"], pattern: /-javaagent:[^\s"']*(?:opentelemetry|dd-java-agent|newrelic|elastic-apm)[^\s"']*/ }],
  },
  {
    name: "Jaeger",
    packages: ["jaeger-client", "github.com/uber/jaeger-client-go"],
    usage: [importQuery(JS, jsImport, "jaeger-client"), importQuery(PY, pyImport, "jaeger_client"), importQuery(GO, goImport, "github.com/uber/jaeger-client-go")],
  },
  {
    name: "Zipkin",
    packages: ["zipkin", "zipkin-transport-http", "github.com/openzipkin/zipkin-go", "py_zipkin", "io.zipkin.brave:*", "io.zipkin.reporter2:*"],
    usage: [importQuery(JS, jsImport, "zipkin"), importQuery(PY, pyImport, "py_zipkin"), importQuery(GO, goImport, "github.com/openzipkin/zipkin-go")],
  },
  {
    name: "AWS X-Ray",
    packages: ["aws-xray-sdk", "aws-xray-sdk-core", "github.com/aws/aws-xray-sdk-go"],
    usage: [inCode([...JS, ...PY, ...GO], ["AWSXRay", "xray_recorder", "xray."], /\bAWSXRay\.\w+|\bxray_recorder\b|\bxray\.Configure\s*\(/)],
  },
  { name: "Google Cloud Trace", packages: ["@google-cloud/trace-agent"], usage: [inCode(JS, "trace-agent", /["']@google-cloud\/trace-agent["']\s*\)\s*\.start\s*\(/)] },
  ...APM_AGENTS,
];

/** `tracesSampleRate: 0.2`, `traces_sample_rate=1.0`, `config.traces_sample_rate = 0.25`, `sentry.traces-sample-rate=1`. */
const SENTRY_TRACES_SETTING =
  /\b(?:tracesSampleRate|traces_sample_rate|TracesSampleRate|traces-sample-rate|tracesSampler|traces_sampler|TracesSampler|enableTracing|enable_tracing|EnableTracing)["']?\s*[:=]\s*/g;
/** Longest value expression read after a setting. */
const MAX_EXPRESSION = 200;

/** The value expression that starts at `from`: up to the comma, brace or line end that closes it. */
function expressionAt(code: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < code.length && i - from < MAX_EXPRESSION; i++) {
    const c = code[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) break;
      depth--;
    } else if ((c === "," && depth === 0) || c === "\n") break;
  }
  return code.slice(from, i);
}
/** A number that is not part of an identifier (SENTRY_RATE_V2) or a version (1.2.3). */
const NUMBER = /(?<![\w.])\d*\.?\d+(?![\w.])/g;

/**
 * Whether a sample rate or sampler expression turns tracing on: a sampler function or `true`
 * does; a rate does when it holds a number above zero (also as an environment default, "0.1"),
 * or names a variable of the same file that does. A rate that is zero everywhere does not.
 */
function turnsTracingOn(code: string, expression: string, depth = 0): boolean {
  const value = expression.trim();
  if (/^(?:true|True|lambda\b|function\b|\(|[\w.]+\s*=>)/.test(value)) return true;
  const numbers = value.match(NUMBER) ?? [];
  if (numbers.some((n) => Number.parseFloat(n) > 0)) return true;
  if (numbers.length > 0) return false;
  const variable = /^[A-Za-z_][\w.]*$/.exec(value)?.[0];
  if (variable && depth < 2) {
    const name = variable.split(".").pop() as string;
    const assignment = new RegExp(`(?:^|[^\\w.])${name}\\s*=(?!=)\\s*`).exec(code);
    if (assignment) return turnsTracingOn(code, expressionAt(code, assignment.index + assignment[0].length), depth + 1);
  }
  // Read from the environment without a default: the team configures it per deployment.
  return !/^(?:0|None|nil|null|undefined|false|False)$/.test(value);
}

/** Sentry's performance tracing: an initialised Sentry SDK with a non-zero traces sample rate or a sampler. */
function sentryTracing(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const use of errorTrackers(view).filter((u) => isSentry(u) && u.established)) {
    for (const path of new Set(use.uses.map((m: CodeMatch) => m.path))) {
      const code = view.code(path);
      if (code === undefined) continue;
      SENTRY_TRACES_SETTING.lastIndex = 0;
      for (let found = SENTRY_TRACES_SETTING.exec(code); found !== null; found = SENTRY_TRACES_SETTING.exec(code)) {
        if (!turnsTracingOn(code, expressionAt(code, found.index + found[0].length))) continue;
        out.push({ path, line: view.lineAt(path, found.index), note: "Sentry performance tracing enabled" });
        break;
      }
    }
  }
  return out;
}

/** Distributed tracing set up in code: an OpenTelemetry SDK, Jaeger, Zipkin, an APM agent, or Sentry performance tracing. */
export const tracing: Probe = {
  id: "observability.tracing",
  run({ view }) {
    const finding = decideByLibraries(libraryUses(view, TRACERS), {
      what: "tracer",
      verb: "set up",
      lookedFor: "OpenTelemetry SDK set-up (NodeSDK, TracerProvider, opentelemetry-instrument), Jaeger, Zipkin, Datadog/New Relic/Elastic APM agents and Sentry traces sample rates",
    });
    if (finding.outcome === "pass") return finding;
    const sentry = sentryTracing(view);
    if (sentry.length > 0) return pass(`tracer set up: Sentry performance tracing (${sentry.map(at).join(", ")})`, sentry);
    return finding;
  },
};
