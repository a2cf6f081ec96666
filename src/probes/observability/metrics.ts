import { APM_AGENTS, LARAVEL_NIGHTWATCH, PERFORMANCE_AGENTS } from "../../facts/apm-agents.js";
import { SPRING_CONFIG } from "../../facts/error-trackers.js";
import {
  at,
  CSHARP,
  decideByLibraries,
  GO,
  goImport,
  importQuery,
  inCode,
  JS,
  jsImport,
  JVM,
  type LibrarySpec,
  libraryUses,
  PHP,
  PY,
  pyImport,
  RUBY,
  RUST,
} from "../../facts/libraries.js";
import { type CodeQuery, firstMatch, projectSourceFiles } from "../../facts/code-search.js";
import { pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/**
 * Operational metrics: a Prometheus client, OpenTelemetry metrics, StatsD, or an APM agent
 * (which records latency, throughput and errors per endpoint). Product analytics (PostHog,
 * Segment, Mixpanel) count users, not the service's health, and are not listed.
 */
const METRICS_LIBRARIES: LibrarySpec[] = [
  {
    name: "prom-client",
    packages: ["prom-client", "express-prom-bundle", "prometheus-api-metrics", "@willsoto/nestjs-prometheus", "fastify-metrics", "@hono/prometheus", "koa-prometheus-adv"],
    usage: [
      inCode(
        JS,
        ["Metrics", "Counter", "Histogram", "Gauge", "promBundle", "PrometheusModule", "prometheus"],
        /\bcollectDefaultMetrics\s*\(|\bnew\s+(?:\w+\.)?(?:Counter|Histogram|Gauge|Summary)\s*\(\s*\{|\bpromBundle\s*\(|\bPrometheusModule\.register\w*\s*\(|\bprometheus\s*\(\s*\)|\bapiMetrics\s*\(/,
      ),
      importQuery(JS, jsImport, "prom-client", "express-prom-bundle", "prometheus-api-metrics", "@willsoto/nestjs-prometheus", "fastify-metrics", "@hono/prometheus"),
    ],
  },
  {
    name: "OpenTelemetry metrics",
    packages: [
      "@opentelemetry/sdk-metrics",
      "@opentelemetry/exporter-prometheus",
      "@opentelemetry/exporter-metrics-otlp-*",
      "@opentelemetry/sdk-node",
      "opentelemetry-sdk",
      "opentelemetry-exporter-prometheus",
      "go.opentelemetry.io/otel/sdk/metric",
      "go.opentelemetry.io/otel/exporters/prometheus",
      "io.opentelemetry:opentelemetry-sdk-metrics",
      "io.opentelemetry:opentelemetry-sdk",
      "opentelemetry_sdk",
      "opentelemetry-prometheus",
    ],
    usage: [
      inCode(
        [...JS, ...PY, ...JVM],
        ["MeterProvider", "metricReader", "PrometheusExporter", "PeriodicExportingMetricReader", "Configurator"],
        /\bnew\s+MeterProvider\s*\(|\bMeterProvider\s*\(|\bmetricReaders?\s*:|\bnew\s+PrometheusExporter\s*\(|\bSdkMeterProvider\b|\b_?OTelSDKConfigurator\s*\(/,
      ),
      inCode(GO, "NewMeterProvider", /\b\w+\.NewMeterProvider\s*\(/),
      inCode(RUST, "MeterProvider", /\bSdkMeterProvider::builder\s*\(|\bopentelemetry_sdk::metrics::/),
    ],
    sharedPackage: true,
  },
  {
    name: "StatsD",
    packages: ["hot-shots", "node-statsd", "statsd-client", "lynx", "node-dogstatsd", "datadog-metrics", "statsd", "datadog", "github.com/DataDog/datadog-go*", "github.com/cactus/go-statsd-client*", "github.com/alexcesaro/statsd", "gopkg.in/alexcesaro/statsd.v2", "statsd-instrument", "dogstatsd-ruby", "com.timgroup:java-statsd-client", "com.datadoghq:java-dogstatsd-client", "cadence", "dogstatsd"],
    usage: [
      inCode(JS, ["StatsD", "Statsd", "SDC", "Lynx"], /\bnew\s+(?:\w+\.)?(?:StatsD|Statsd|StatsdClient|SDC|Lynx)\s*\(/),
      importQuery(JS, jsImport, "hot-shots", "node-statsd", "statsd-client", "datadog-metrics"),
      inCode(PY, ["statsd", "Statsd"], /\bStatsClient\s*\(|\bDogStatsd\s*\(|^[ \t]*from[ \t]+datadog[ \t]+import[ \t][^\n]*\bstatsd\b|\bstatsd\.(?:increment|gauge|timing|histogram)\s*\(/m),
      importQuery(GO, goImport, "github.com/DataDog/datadog-go", "github.com/cactus/go-statsd-client", "github.com/alexcesaro/statsd", "gopkg.in/alexcesaro/statsd.v2"),
      inCode(RUBY, "StatsD", /\bStatsD\b|\bDatadog::Statsd\b/),
      inCode(JVM, "StatsD", /\bStatsDClient\b/),
      inCode(RUST, ["StatsdClient", "dogstatsd"], /\bStatsdClient::(?:builder|from_sink|from_udp_host)\s*\(|\bdogstatsd::Client::new\s*\(/),
    ],
  },
  {
    name: "Prometheus client (Python)",
    packages: ["prometheus-client", "prometheus_client", "aioprometheus"],
    usage: [
      inCode(PY, ["prometheus_client", "aioprometheus"], /\bstart_http_server\s*\(|\bmake_(?:asgi|wsgi)_app\s*\(|\bgenerate_latest\s*\(|\b(?:Counter|Histogram|Gauge|Summary)\s*\(\s*["']/),
      importQuery(PY, pyImport, "prometheus_client", "aioprometheus"),
    ],
  },
  {
    name: "Prometheus middleware (Python)",
    packages: ["prometheus-fastapi-instrumentator", "starlette-exporter", "starlette-prometheus", "prometheus-flask-exporter", "django-prometheus"],
    usage: [
      inCode(PY, ["Instrumentator", "PrometheusMiddleware", "PrometheusMetrics", "django_prometheus"], /\bInstrumentator\s*\(|\bPrometheusMiddleware\b|\bPrometheusMetrics\s*\(|\bdjango_prometheus\b/),
    ],
  },
  {
    name: "Prometheus client_golang",
    packages: ["github.com/prometheus/client_golang"],
    usage: [
      inCode(GO, ["prom"], /\bpromhttp\.Handler(?:For)?\s*\(|\bpromauto\.\w+\s*\(|\bprometheus\.(?:New\w+|MustRegister|Register)\s*\(/),
      importQuery(GO, goImport, "github.com/prometheus/client_golang"),
    ],
  },
  {
    name: "Prometheus middleware (Go)",
    packages: ["github.com/labstack/echo-contrib", "github.com/zsais/go-gin-prometheus", "github.com/penglongli/gin-metrics", "github.com/ansrivas/fiberprometheus*", "github.com/slok/go-http-metrics"],
    usage: [inCode(GO, ["prometheus", "metrics"], /\b(?:echoprometheus|prometheus|ginprometheus|ginmetrics|fiberprometheus)\.(?:New\w*|GetMonitor)\s*\(|"github\.com\/slok\/go-http-metrics/)],
  },
  {
    name: "go-metrics",
    packages: ["github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/VictoriaMetrics/metrics"],
    usage: [importQuery(GO, goImport, "github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/VictoriaMetrics/metrics")],
  },
  {
    name: "Micrometer registry",
    packages: ["io.micrometer:micrometer-registry-*", "io.quarkus:quarkus-micrometer-registry-prometheus", "io.quarkus:quarkus-smallrye-metrics", "io.micronaut.micrometer:*"],
    usage: [{ files: SPRING_CONFIG, needles: ["prometheus"], pattern: /^[^\n\r#]*\bprometheus\b/m }],
    // Spring Boot, Quarkus and Micronaut register and expose the registry once it is on the classpath.
    selfConfiguring: true,
  },
  {
    // Actuator carries Micrometer and serves its meters at /actuator/metrics once the endpoint is exposed over the web.
    name: "Spring Boot Actuator metrics",
    packages: ["org.springframework.boot:spring-boot-starter-actuator", "spring-boot-starter-actuator"],
    usage: [{ files: SPRING_CONFIG, needles: ["exposure"], pattern: /\bexposure(?:\.include|:\s*\n\s+include)\s*[:=]\s*["']?[^\n]*?(?:\*|\bmetrics\b|\bprometheus\b)/ }],
    // Actuator is declared for its health endpoint as often: declared alone it says nothing of metrics.
    sharedPackage: true,
  },
  {
    name: "Prometheus/Dropwizard client (JVM)",
    packages: ["io.prometheus:*", "io.dropwizard.metrics:*"],
    usage: [inCode(JVM, ["io.prometheus", "com.codahale.metrics"], /^import\s+(?:io\.prometheus|com\.codahale\.metrics)\./m)],
  },
  {
    name: "Prometheus client (Ruby)",
    packages: ["prometheus-client", "yabeda", "yabeda-*"],
    usage: [inCode(RUBY, ["Prometheus", "Yabeda"], /\bPrometheus::Client\b|\bYabeda\.configure\b/)],
    selfConfiguring: true,
  },
  {
    // Discourse's exporter, also wrapped by organisations' app-config gems (GovukPrometheusExporter.configure).
    name: "prometheus_exporter (Ruby)",
    packages: ["prometheus_exporter"],
    usage: [inCode(RUBY, "PrometheusExporter", /\bPrometheusExporter::(?:Middleware|Server|Instrumentation|Client)\b|\b\w*PrometheusExporter\.configure\b/)],
  },
  { name: "rails_performance", packages: ["rails_performance"], usage: [inCode(RUBY, "RailsPerformance", /\bRailsPerformance\.setup\b/)] },
  { name: "Metriks (Ruby)", packages: ["metriks", "metriks-librato_metrics"], usage: [inCode(RUBY, "Metriks", /\bMetriks\.(?:timer|meter|counter|histogram|gauge)\s*\(|\bMetriks::(?:Reporter|LibratoMetricsReporter)\b/)] },
  { name: "Prometheus client (PHP)", packages: ["promphp/prometheus_client_php"], usage: [inCode(PHP, "Prometheus", /\bPrometheus\\/)] },
  {
    name: "Prometheus client (Rust)",
    packages: ["prometheus", "prometheus-client", "metrics-exporter-prometheus", "metrics", "autometrics"],
    usage: [inCode(RUST, ["prometheus", "metrics"], /\bprometheus(?:_client)?::|\bmetrics_exporter_prometheus::|\bmetrics::(?:counter|gauge|histogram)!|\buse\s+metrics::\{?\s*(?:counter|gauge|histogram)\b/)],
  },
  {
    // Framework middleware that serves /metrics from a Prometheus registry of request counts and durations.
    name: "Prometheus middleware (Rust)",
    packages: ["rocket_prometheus", "actix-web-prom", "axum-prometheus", "tower-http-metrics"],
    usage: [inCode(RUST, ["PrometheusMetrics", "PrometheusMetricLayer"], /\bPrometheusMetrics(?:Builder)?::new\s*\(|\bPrometheusMetricLayer(?:Builder)?::(?:new|pair|builder)\b/)],
  },
  {
    name: "Prometheus (.NET)",
    packages: ["prometheus-net*", "OpenTelemetry.Exporter.Prometheus*"],
    usage: [
      inCode(
        CSHARP,
        ["Metrics", "Prometheus"],
        /\.UseHttpMetrics\s*\(|\.MapMetrics\s*\(|\bnew\s+(?:Kestrel)?MetricServer\s*\(|\bMetrics\.Create(?:Counter|Gauge|Histogram|Summary)\s*\(|\.AddPrometheusExporter\s*\(|\.(?:MapPrometheusScrapingEndpoint|UseOpenTelemetryPrometheusScrapingEndpoint)\s*\(/,
      ),
    ],
  },
  {
    name: "OpenTelemetry metrics (.NET)",
    packages: ["OpenTelemetry.Extensions.Hosting", "OpenTelemetry"],
    usage: [inCode(CSHARP, ["WithMetrics", "AddMeterProvider", "MeterProvider"], /\.WithMetrics\s*\(|\.AddOpenTelemetryMetrics\s*\(|\bSdk\.CreateMeterProviderBuilder\s*\(/)],
    sharedPackage: true,
  },
  {
    // CloudWatch's embedded metric format: metrics written as structured log lines that CloudWatch turns into metrics.
    name: "CloudWatch embedded metrics",
    packages: ["Amazon.CloudWatch.EMF", "aws-embedded-metrics"],
    usage: [
      inCode(CSHARP, ["EmfExporter", "MetricsLogger"], /\bEmfExporter\.Init\s*\(|\bnew\s+MetricsLogger\s*\(/),
      inCode(JS, ["metricScope", "createMetricsLogger"], /\b(?:metricScope|createMetricsLogger)\s*\(/),
      inCode(PY, ["metric_scope", "create_metrics_logger"], /@metric_scope\b|\bcreate_metrics_logger\s*\(/),
    ],
  },
  ...APM_AGENTS,
  LARAVEL_NIGHTWATCH,
  PERFORMANCE_AGENTS,
];

/**
 * The Prometheus text format written by the project's own exporter: its content type, or the
 * HELP/TYPE lines that describe each metric. Both sit inside string literals, so the search reads
 * strings too.
 */
/** The languages a service may write its own Prometheus exporter in. */
const EXPORTER_LANGUAGES = [...JS, ...PY, ...GO, ...RUBY, ...PHP, ...RUST, ...CSHARP, ...JVM];

const OWN_EXPOSITION: CodeQuery = {
  files: (view) => projectSourceFiles(view, EXPORTER_LANGUAGES),
  needles: ["version=0.0.4", "# HELP", "# TYPE"],
  pattern: /text\/plain;\s*version=0\.0\.4|(?:["'`]|\\n)# (?:HELP|TYPE) (?:\{?\w|%[sv])/,
};

/** A route for metrics: "/metrics", "/app/metrics". */
const METRICS_ROUTE = /["'`](?:\/[\w-]+)*\/metrics["'`]/;
/**
 * The samples of the Prometheus text format written by hand, without # HELP or # TYPE lines
 * (`"tokens_sent{{model=\"{}\"}} {}\n"`), in a module that serves a metrics route.
 */
const OWN_SAMPLES: CodeQuery = {
  files: (view) =>
    projectSourceFiles(view, EXPORTER_LANGUAGES).filter((path) => view.text(path)?.includes("metrics") && METRICS_ROUTE.test(view.code(path) ?? "")),
  needles: ['="', '=\\"'],
  pattern: /["'`][a-z_:][a-z0-9_:]*\{\{?[a-z_][a-z0-9_]*=\\?"/,
};

/** Metrics exported by the service: a library declared and set up, or the project's own Prometheus exporter. */
export const metrics: Probe = {
  id: "observability.metrics",
  run({ view }) {
    const finding = decideByLibraries(libraryUses(view, METRICS_LIBRARIES), {
      what: "metrics exporter",
      verb: "set up",
      lookedFor: "prom-client, prometheus_client, client_golang, Micrometer registries, OpenTelemetry metrics, StatsD clients, APM agents and the project's own Prometheus exporter",
    });
    if (finding.outcome === "pass") return finding;
    const own = firstMatch(view, OWN_EXPOSITION) ?? firstMatch(view, OWN_SAMPLES);
    return own ? pass(`the project's own exporter writes the Prometheus text format (${at(own)})`, [{ path: own.path, line: own.line, note: "Prometheus exposition" }]) : finding;
  },
};
