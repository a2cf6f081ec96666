import { describe, expect, it } from "vitest";
import { tracing } from "../../../src/probes/observability/tracing.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => tracing.run(contextOf(files));
const sentryPython = (rate: string) => ({
  "requirements.txt": "sentry-sdk==2.19.2\n",
  "app/settings.py": `import sentry_sdk\n\nTRACES_RATE = getattr(configuration, "TRACES_RATE", ${rate})\n\nsentry_sdk.init(\n    dsn=SENTRY_DSN,\n    traces_sample_rate=TRACES_RATE,\n)\n`,
});

describe("observability.tracing", () => {
  it("passes on an OpenTelemetry NodeSDK start-up with the SDK line and the dependency", () => {
    const finding = run({
      "package.json": JSON.stringify({ dependencies: { "@opentelemetry/sdk-node": "^0.55.0" } }, null, 2),
      "src/tracing.ts": 'import { NodeSDK } from "@opentelemetry/sdk-node";\n\nconst sdk = new NodeSDK({ traceExporter });\nsdk.start();\n',
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/tracing.ts", line: 3, note: "OpenTelemetry set up" },
      { path: "package.json", line: 3, note: "@opentelemetry/sdk-node declared" },
    ]);
  });

  it("passes on Go's sdktrace.NewTracerProvider and on opentelemetry-instrument in the Dockerfile", () => {
    expect(run({ "go.mod": "module x\n\nrequire go.opentelemetry.io/otel/sdk v1.32.0\n", "tracer.go": "package x\n\nvar tp = sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))\n" }).evidence[0]).toEqual({
      path: "tracer.go",
      line: 3,
      note: "OpenTelemetry set up",
    });
    expect(run({ "requirements.txt": "opentelemetry-distro==0.49b2\n", Dockerfile: 'FROM python:3.12-slim\nCMD ["opentelemetry-instrument", "uvicorn", "app.main:app"]\n' }).evidence[0]).toEqual({
      path: "Dockerfile",
      line: 2,
      note: "OpenTelemetry set up",
    });
  });

  it("passes on the OpenTelemetry distro's configurator, which reads OTEL_* settings", () => {
    const finding = run({ "pyproject.toml": '[project]\ndependencies = [\n  "opentelemetry-sdk>=1.32",\n]\n', "app/telemetry.py": "def configure():\n    configurator = _OTelSDKConfigurator()\n    configurator.configure()\n" });
    expect(finding.evidence).toEqual([
      { path: "app/telemetry.py", line: 2, note: "OpenTelemetry set up" },
      { path: "pyproject.toml", line: 3, note: "opentelemetry-sdk declared" },
    ]);
  });

  it("counts Sentry performance tracing when the traces sample rate is above zero", () => {
    const finding = run({
      "package.json": JSON.stringify({ dependencies: { "@sentry/node": "^8.40.0" } }),
      "src/instrument.ts": 'import * as Sentry from "@sentry/node";\n\nSentry.init({\n  dsn: process.env.SENTRY_DSN,\n  tracesSampleRate: process.env.NODE_ENV === "production" ? 0.2 : 1.0,\n});\n',
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "src/instrument.ts", line: 5, note: "Sentry performance tracing enabled" }]);
  });

  it("reads a rate from the environment with its default: a zero default means no tracing", () => {
    const files = (rate: string) => ({
      "requirements/production.txt": "sentry-sdk==2.19.2\n",
      "config/settings/production.py": `sentry_sdk.init(\n    dsn=SENTRY_DSN,\n    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=${rate}),\n)\n`,
    });
    expect(run(files("0.0")).outcome).toBe("fail");
    expect(run(files("0.1")).evidence).toEqual([{ path: "config/settings/production.py", line: 3, note: "Sentry performance tracing enabled" }]);
  });

  it("follows a sample rate to the variable that holds it: zero means no tracing", () => {
    expect(run(sentryPython("0")).outcome).toBe("fail");
    const on = run(sentryPython("0.25"));
    expect(on.outcome).toBe("pass");
    expect(on.evidence[0]).toMatchObject({ path: "app/settings.py", line: 7 });
  });

  it("passes on Spring Boot's Zipkin starter with tracing configured", () => {
    const finding = run({
      "pom.xml": "<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-zipkin</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n",
      "src/main/resources/application.yml": "management:\n  tracing:\n    sampling:\n      probability: 1.0\n",
    });
    expect(finding.outcome).toBe("pass");
  });

  it("passes on OpenTelemetry tracing set up in an ASP.NET Core host", () => {
    const finding = run({ "src/Web/Web.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="OpenTelemetry.Extensions.Hosting" />\n  </ItemGroup>\n</Project>\n',"src/Web/Program.cs": "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddOpenTelemetry()\n    .WithMetrics(m => m.AddAspNetCoreInstrumentation())\n    .WithTracing(t => t.AddAspNetCoreInstrumentation());\nvar app = builder.Build();\napp.Run();\n", });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: "src/Web/Program.cs", line: 4 });
  });

  it("fails on the OpenTelemetry API alone (a no-op without an SDK) and on the fixture without a tracer", async () => {
    expect(run({ "package.json": JSON.stringify({ dependencies: { "@opentelemetry/api": "^1.9.0" } }), "src/a.ts": 'import { trace } from "@opentelemetry/api";\n' }).outcome).toBe("fail");
    const finding = tracing.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/OpenTelemetry SDK set-up/);
  });

  it("passes on OpenCensus configured in a Ruby service", () => {
    const finding = tracing.run(contextOf({ Gemfile: "gem 'opencensus'\n", "lib/app/opencensus.rb": "::OpenCensus.configure do |c|\n  c.trace.default_sampler = sampler\nend\n" }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "lib/app/opencensus.rb", line: 1 }, { path: "Gemfile", line: 1 }] });
  });
});
