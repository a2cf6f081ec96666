import { describe, expect, it } from "vitest";
import { errorTracking } from "../../../src/probes/observability/error-tracking.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => errorTracking.run(contextOf(files));
const SENTRY_REQUIREMENT = "fastapi==0.115.6\nsentry-sdk[fastapi]==2.19.2\n";

describe("observability.error-tracking", () => {
  it("passes on the FastAPI fixture: sentry_sdk.init with the DSN from the environment, then the requirement", async () => {
    const finding = errorTracking.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "app/main.py", line: 14, note: "Sentry initialised" },
      { path: "requirements.txt", line: 6, note: "sentry-sdk declared" },
    ]);
  });

  it("lists every Sentry.init of a Next.js app (server and browser) before the dependency", () => {
    const finding = run({
      "apps/web/package.json": JSON.stringify({ dependencies: { "@sentry/nextjs": "^8.40.0", next: "15.0.3" } }, null, 2),
      "apps/web/instrumentation.ts": 'import * as Sentry from "@sentry/nextjs";\n\nexport function register() {\n  Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.1 });\n}\n',
      "apps/web/instrumentation-client.ts": 'import * as Sentry from "@sentry/nextjs";\n\nSentry.init({ dsn: process.env.NEXT_PUBLIC_SENTRY_DSN });\n',
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(["apps/web/instrumentation.ts:4", "apps/web/instrumentation-client.ts:3", "apps/web/package.json:3"]);
  });

  it("is partial when the SDK is declared but the only init is commented out, and says what is missing", () => {
    const finding = run({ "requirements.txt": SENTRY_REQUIREMENT, "app/main.py": 'import sentry_sdk\n\n# sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])\n' });
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/Sentry \(requirements\.txt:2\) declared, but no code sets it up/);
    expect(finding.evidence).toEqual([{ path: "requirements.txt", line: 2, note: "sentry-sdk declared" }]);
  });

  it("fails when nothing is declared, even with a commented-out init", () => {
    const finding = run({ "requirements.txt": "fastapi\n", "app/main.py": '# sentry_sdk.init(dsn="...")\n' });
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/Sentry, Rollbar, Bugsnag/);
  });

  it("is partial with the line of a hard-coded DSN", () => {
    const finding = run({
      "package.json": JSON.stringify({ dependencies: { "@sentry/node": "^8.40.0" } }),
      "src/instrument.ts": 'import * as Sentry from "@sentry/node";\n\nSentry.init({\n  dsn: "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504",\n});\n',
    });
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toMatch(/hard-coded at src\/instrument\.ts:4/);
    expect(finding.evidence[0]).toEqual({ path: "src/instrument.ts", line: 4, note: "Sentry key hard-coded" });
  });

  it("ignores build-time Sentry packages and dev dependencies", () => {
    const finding = run({
      "package.json": JSON.stringify({ dependencies: { "@sentry/cli": "^2.0.0" }, devDependencies: { "@sentry/node": "^8.0.0" } }),
      "src/instrument.ts": 'import * as Sentry from "@sentry/node";\nSentry.init({ dsn: process.env.SENTRY_DSN });\n',
    });
    expect(finding.outcome).toBe("fail");
  });

  it("reads Spring's sentry.dsn, Go's sentry.Init, Rails' Sentry.init block and Rollbar's constructor", () => {
    expect(
      run({
        "pom.xml": "<project><dependencies><dependency>\n<groupId>io.sentry</groupId>\n<artifactId>sentry-spring-boot-starter-jakarta</artifactId>\n</dependency></dependencies></project>\n",
        "src/main/resources/application.properties": `# sentry.dsn=https://old\nsentry.dsn=\${SENTRY_DSN}\n`,
      }).evidence[0],
    ).toEqual({ path: "src/main/resources/application.properties", line: 2, note: "Sentry initialised" });
    expect(run({ "go.mod": "module x\n\nrequire github.com/getsentry/sentry-go v0.29.1\n", "main.go": 'package main\n\nfunc main() {\n\tsentry.Init(sentry.ClientOptions{Dsn: os.Getenv("SENTRY_DSN")})\n}\n' }).evidence[0]).toMatchObject({
      path: "main.go",
      line: 4,
    });
    expect(run({ Gemfile: 'gem "sentry-ruby"\n', "config/initializers/sentry.rb": 'Sentry.init do |config|\n  config.dsn = ENV["SENTRY_DSN"]\nend\n' }).outcome).toBe("pass");
    expect(run({ "package.json": JSON.stringify({ dependencies: { rollbar: "^2.26.4" } }), "src/errors.js": "const rollbar = new Rollbar({ accessToken: process.env.ROLLBAR_TOKEN });\n" }).reason).toMatch(/Rollbar \(src\/errors\.js:1\)/);
  });

  it("passes on Sentry set up in an ASP.NET Core host, with the DSN read from configuration", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Sentry.AspNetCore" Version="5.0.0" />\n  </ItemGroup>\n</Project>\n';
    const program = 'var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.UseSentry();\nvar app = builder.Build();\napp.Run();\n';
    const finding = run({ "src/Api/Api.csproj": csproj, "src/Api/Program.cs": program });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual({ path: "src/Api/Program.cs", line: 2, note: "Sentry initialised" });
  });

  it("passes on the Exceptionless client started in an ASP.NET Core host", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Exceptionless.AspNetCore" Version="6.2.0" />\n  </ItemGroup>\n</Project>\n';
    const program = "var app = builder.Build();\napp.UseExceptionless(ExceptionlessClient.Default);\napp.Run();\n";
    const finding = run({ "src/Web/Web.csproj": csproj, "src/Web/Program.cs": program });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: "src/Web/Program.cs", line: 2 });
  });

  it("passes on StackExchange.Exceptional and ELMAH exception logs set up in an ASP.NET Core host", () => {
    const csproj = (pkg: string) => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="${pkg}" />\n  </ItemGroup>\n</Project>\n`;
    const exceptional = run({ "src/Web/Web.csproj": csproj("StackExchange.Exceptional.AspNetCore"), "src/Web/Startup.cs": 'services.AddExceptional(_configuration.GetSection("Exceptional"));\n' });
    expect(exceptional.evidence[0]).toMatchObject({ path: "src/Web/Startup.cs", line: 1 });
    expect(run({ "src/Web/Web.csproj": csproj("ElmahCore"), "src/Web/Program.cs": "builder.Services.AddElmah();\napp.UseElmah();\n" }).outcome).toBe("pass");
  });

  it("passes on the Application Insights SDK set up in an ASP.NET Core host, and is partial on the package alone", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.ApplicationInsights.AspNetCore" Version="2.23.0" />\n  </ItemGroup>\n</Project>\n';
    const startup = "services.AddSingleton(new TelemetryClient(new TelemetryConfiguration { ConnectionString = settings.ConnectionString }));\n";
    expect(run({ "src/Api/Api.csproj": csproj, "src/Api/Startup.cs": startup })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/Api/Startup.cs", line: 1, note: "Application Insights initialised" }, { path: "src/Api/Api.csproj", line: 3 }] });
    expect(run({ "src/Api/Api.csproj": csproj, "src/Api/Program.cs": "app.Run();\n" }).outcome).toBe("partial");
  });
});
