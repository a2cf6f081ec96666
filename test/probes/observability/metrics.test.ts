import { describe, expect, it } from "vitest";
import { metrics } from "../../../src/probes/observability/metrics.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => metrics.run(contextOf(files));

describe("observability.metrics", () => {
  it("passes on client_golang: the collectors and the /metrics handler, then go.mod", async () => {
    const finding = metrics.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "internal/httpapi/metrics.go", line: 12, note: "Prometheus client_golang set up" },
      { path: "internal/httpapi/router.go", line: 14, note: "Prometheus client_golang set up" },
      { path: "go.mod", line: 5, note: "github.com/prometheus/client_golang declared" },
    ]);
  });

  it("passes on a Micrometer registry that Spring Boot exposes, with the exposure setting", async () => {
    const finding = metrics.run(await fixtureContext("spring-boot-app"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/main/resources/application.yml", line: 16, note: "Micrometer registry set up" },
      { path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "micrometer-registry-prometheus"), note: "io.micrometer:micrometer-registry-prometheus declared" },
      { path: "src/main/resources/application.yml", line: 15, note: "Spring Boot Actuator metrics set up" },
      { path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "spring-boot-starter-actuator"), note: "org.springframework.boot:spring-boot-starter-actuator declared" },
    ]);
  });

  it("passes on django-prometheus in settings and prom-client's default metrics", () => {
    expect(run({ "requirements.txt": "django-prometheus==2.3.1\n", "proj/settings.py": 'MIDDLEWARE = [\n    "django_prometheus.middleware.PrometheusBeforeMiddleware",\n]\n' }).evidence[0]).toEqual({
      path: "proj/settings.py",
      line: 2,
      note: "Prometheus middleware (Python) set up",
    });
    expect(run({ "package.json": JSON.stringify({ dependencies: { "prom-client": "^15.1.3" } }), "src/metrics.ts": 'import client from "prom-client";\n\nclient.collectDefaultMetrics();\n' }).evidence[0]).toMatchObject({
      path: "src/metrics.ts",
      line: 3,
    });
  });

  it("is partial when a metrics client is declared but never used", () => {
    const finding = run({ "package.json": JSON.stringify({ dependencies: { "prom-client": "^15.1.3" } }), "src/index.ts": "export {};\n" });
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/prom-client \(package\.json:1\) declared, but no code sets it up/);
  });

  it("passes on the project's own Prometheus exporter, not on a parser of the format", () => {
    const exporter = 'async fn stats(req: Request<Incoming>) -> Response<Full<Bytes>> {\n    let mut lines = Vec::new();\n    lines.push(format!("\\n# HELP {name} {help}\\n# TYPE {name} {ty}"));\n    Response::builder().header("content-type", "text/plain; version=0.0.4").body(lines.join("\\n").into()).unwrap()\n}\n';
    expect(run({ "Cargo.toml": '[package]\nname = "pool"\n', "src/prometheus.rs": exporter })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "src/prometheus.rs", line: 3, note: "Prometheus exposition" }],
    });
    // A scraper that reads the format is not an exporter.
    const scraper = 'fn parse(line: &str) -> bool {\n    line.starts_with("# HELP ") || line.starts_with("# TYPE ")\n}\n';
    expect(run({ "Cargo.toml": '[package]\nname = "scrape"\n', "src/parse.rs": scraper }).outcome).toBe("fail");
    // Go's printf verbs in the HELP/TYPE lines of a hand-written counter.
    const counter = 'func (c CounterMetric) Header() string {\n\treturn fmt.Sprintf("# HELP %s %s\\n# TYPE %s counter", c.Name, c.Desc, c.Name)\n}\n';
    expect(run({ "go.mod": "module example.com/wakapi\n", "models/metrics/counter_metric.go": counter }).evidence[0]).toMatchObject({ path: "models/metrics/counter_metric.go", line: 2 });
  });

  it("passes on Prometheus samples written by hand in the module that serves /metrics, not on the same format string elsewhere", () => {
    const handler = [
      "#[derive(TypedPath, Deserialize)]",
      '#[typed_path("/app/metrics")]',
      "pub struct Metrics {}",
      "",
      "pub async fn track_metrics(Metrics {}: Metrics) -> String {",
      "    let mut out = String::new();",
      '    out.push_str(&format!("tokens_sent{{model=\\"{}\\"}} {}\\n", model, sent));',
      "    out",
      "}",
      "",
    ].join("\n");
    expect(run({ "Cargo.toml": '[package]\nname = "web"\n', "crates/web-server/handlers/metrics.rs": handler })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "crates/web-server/handlers/metrics.rs", line: 7, note: "Prometheus exposition" }],
    });
    const noRoute = handler.replace('#[typed_path("/app/metrics")]', '#[typed_path("/app/usage")]');
    expect(run({ "Cargo.toml": '[package]\nname = "web"\n', "crates/web-server/handlers/usage.rs": noRoute }).outcome).toBe("fail");
  });

  it("passes on the Prometheus middleware of Rocket, actix-web and axum", () => {
    const rocket = { "Cargo.toml": '[package]\nname = "delta"\n\n[dependencies]\nrocket_prometheus = "0.10.0-rc.3"\n', "src/main.rs": "let prometheus = PrometheusMetrics::new();\nrocket::build().attach(prometheus.clone()).mount(\"/metrics\", prometheus);\n" };
    expect(run(rocket).outcome).toBe("pass");
    const axum = { "Cargo.toml": '[package]\nname = "api"\n\n[dependencies]\naxum-prometheus = "0.7"\n', "src/main.rs": "let (prometheus_layer, metric_handle) = PrometheusMetricLayer::pair();\n" };
    expect(run(axum).outcome).toBe("pass");
    expect(run({ ...rocket, "src/main.rs": "fn main() {}\n" }).outcome).toBe("partial");
  });

  it("does not take product analytics for metrics", () => {
    const finding = run({ "package.json": JSON.stringify({ dependencies: { "posthog-node": "^4.2.1" } }), "src/analytics.ts": 'import { PostHog } from "posthog-node";\nnew PostHog(key).capture({ event: "signup" });\n' });
    expect(finding.outcome).toBe("fail");
  });

  it("passes on OpenTelemetry metrics set up in an ASP.NET Core host, not on the package alone", () => {
    const finding = run({ "src/Web/Web.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="OpenTelemetry.Extensions.Hosting" />\n  </ItemGroup>\n</Project>\n',"src/Web/Program.cs": "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddOpenTelemetry()\n    .WithMetrics(m => m.AddAspNetCoreInstrumentation())\n    .WithTracing(t => t.AddAspNetCoreInstrumentation());\nvar app = builder.Build();\napp.Run();\n", });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: "src/Web/Program.cs", line: 3 });
    expect(run({ "src/Web/Web.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="OpenTelemetry.Extensions.Hosting" />\n  </ItemGroup>\n</Project>\n', "src/Web/Program.cs": "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n" }).outcome).toBe("fail");
  });

  it("passes on CloudWatch embedded metrics set up in .NET and Node, not on the package alone", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Amazon.CloudWatch.EMF" Version="2.2.0" />\n  </ItemGroup>\n</Project>\n';
    const init = "public static IApplicationBuilder UseEmfExporter(this IApplicationBuilder builder)\n{\n    EmfExporter.Init(loggerFactory, ns);\n    return builder;\n}\n";
    expect(run({ "src/Processor/Processor.csproj": csproj, "src/Processor/Metrics/EmfExportExtensions.cs": init }).evidence[0]).toMatchObject({ path: "src/Processor/Metrics/EmfExportExtensions.cs", line: 3 });
    expect(run({ "src/Processor/Processor.csproj": csproj }).outcome).not.toBe("pass");
    const node = { "package.json": '{"dependencies": {"aws-embedded-metrics": "^4.1.0"}}', "src/handler.js": "const { metricScope } = require('aws-embedded-metrics');\nexports.handler = metricScope((metrics) => async () => metrics.putMetric('Orders', 1));\n" };
    expect(run(node).outcome).toBe("pass");
  });

  it("passes on prometheus-net's ASP.NET Core middleware and endpoint", () => {
    const finding = run({
      "Server/Server.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="prometheus-net.AspNetCore" />\n  </ItemGroup>\n</Project>\n',
      "Server/Startup.cs": "public void Configure(IApplicationBuilder app)\n{\n    app.UseRouting();\n    app.UseHttpMetrics();\n    app.UseEndpoints(e => e.MapMetrics());\n}\n",
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "Server/Startup.cs", line: 4, note: "Prometheus (.NET) set up" },
      { path: "Server/Server.csproj", line: 3, note: "prometheus-net.AspNetCore declared" },
    ]);
  });

  it("credits Rust's metrics macros imported by name, and the prometheus-client crate", () => {
    const cargo = (dep: string) => `[package]\nname = "api"\n\n[dependencies]\n${dep} = "0.23"\n`;
    const handler = "use metrics::{counter, histogram};\n\npub async fn create() {\n    counter!(\"orders_created_total\").increment(1);\n}\n";
    expect(run({ "Cargo.toml": cargo("metrics"), "src/orders.rs": handler }).evidence[0]).toEqual({ path: "src/orders.rs", line: 1, note: "Prometheus client (Rust) set up" });
    const registry = "use prometheus_client::registry::Registry;\n\npub fn registry() -> Registry { Registry::default() }\n";
    expect(run({ "Cargo.toml": cargo("prometheus-client"), "src/telemetry.rs": registry }).outcome).toBe("pass");
  });

  it("credits a Rust StatsD client built with cadence", () => {
    const cargo = '[package]\nname = "api"\n\n[dependencies]\ncadence = "1"\n';
    const client = "use cadence::{StatsdClient, QueuingMetricSink};\n\npub fn client(sink: QueuingMetricSink) -> StatsdClient {\n    StatsdClient::builder(\"api\", sink).build()\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/metrics.rs": client }).evidence[0]).toEqual({ path: "src/metrics.rs", line: 4, note: "StatsD set up" });
  });

  it("credits OpenTelemetry metrics set up in Rust", () => {
    const cargo = '[package]\nname = "api"\n\n[dependencies]\nopentelemetry_sdk = { version = "0.27", features = ["metrics"] }\n';
    const setup = "let provider = SdkMeterProvider::builder().with_reader(reader).build();\nglobal::set_meter_provider(provider);\n";
    expect(run({ "Cargo.toml": cargo, "src/telemetry.rs": setup }).evidence[0]).toEqual({ path: "src/telemetry.rs", line: 1, note: "OpenTelemetry metrics set up" });
  });

  it("passes on Metriks timers and meters in Ruby", () => {
    const finding = metrics.run(contextOf({ Gemfile: "gem 'metriks'\n", "lib/app/pool.rb": "def checkout\n  Metriks.timer('redis.pool.wait').time { yield }\nend\n" }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "lib/app/pool.rb", line: 2 }, { path: "Gemfile", line: 1 }] });
  });

  it("passes on Spring Boot Actuator with its metrics endpoint exposed, and says nothing of Actuator declared alone", () => {
    const pom = "<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-actuator</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n";
    const exposed = "management:\n  endpoints:\n    web:\n      exposure.include: \"*\"\n";
    expect(run({ "pom.xml": pom, "src/main/resources/application.yml": exposed }).evidence[0]).toEqual({ path: "src/main/resources/application.yml", line: 4, note: "Spring Boot Actuator metrics set up" });
    expect(run({ "pom.xml": pom, "src/main/resources/application.yml": "server:\n  port: 8080\n" }).outcome).toBe("fail");
  });

  it("passes on Laravel Nightwatch, rails_performance and the prometheus_exporter gem once set up", () => {
    const composer = '{\n  "require": {\n    "laravel/framework": "^11.0",\n    "laravel/nightwatch": "^1.13"\n  }\n}\n';
    expect(run({ "composer.json": composer }).evidence).toEqual([{ path: "composer.json", line: 4, note: "laravel/nightwatch declared" }]);
    expect(run({ Gemfile: 'gem "rails_performance"\n', "config/initializers/rails_performance.rb": "RailsPerformance.setup do |config|\n  config.duration = 4.hours\nend\n" }).outcome).toBe("pass");
    expect(run({ Gemfile: 'gem "prometheus_exporter"\n', "config/initializers/prometheus.rb": "require 'prometheus_exporter/middleware'\nRails.application.middleware.unshift PrometheusExporter::Middleware\n" }).outcome).toBe("pass");
  });
});
