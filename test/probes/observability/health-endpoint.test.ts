import { describe, expect, it } from "vitest";
import { healthEndpoint, healthRouteStrength } from "../../../src/probes/observability/health-endpoint.js";
import { locations } from "../../support/evidence.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => healthEndpoint.run(contextOf(files));
const EXPRESS_PACKAGE = JSON.stringify({ dependencies: { express: "^4.21.2" } });

describe("observability.health-endpoint on the fixture services", () => {
  it("finds the Express /healthz and /readyz routes, not the order-status route", async () => {
    const finding = healthEndpoint.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/routes/health.ts", line: 7, note: "GET /healthz" },
      { path: "src/routes/health.ts", line: 11, note: "GET /readyz" },
    ]);
  });

  it("finds Go 1.22 method patterns on net/http's ServeMux", async () => {
    const finding = healthEndpoint.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: "internal/httpapi/router.go", line: 12, note: "GET /healthz" });
    expect(finding.evidence).toContainEqual({ path: "internal/httpapi/router.go", line: 13, note: "GET /readyz" });
  });

  it("finds FastAPI router decorators", async () => {
    const finding = healthEndpoint.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "app/api/health.py", line: 9, note: "GET /healthz" },
      { path: "app/api/health.py", line: 14, note: "GET /health" },
    ]);
  });

  it("counts Spring Boot Actuator's /actuator/health, with the dependency as evidence", async () => {
    const finding = healthEndpoint.run(await fixtureContext("spring-boot-app"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "pom.xml", line: fixtureLine("spring-boot-app", "pom.xml", "spring-boot-starter-actuator"), note: "/actuator/health (Spring Boot Actuator)" },
    ]);
  });

  it("counts the actuator's health endpoint that Spring configuration exposes, when a starter or plugin brings the actuator in", () => {
    const yaml = "server:\n  shutdown: graceful\n\nmanagement:\n  endpoints:\n    web:\n      base-path: /\n      exposure:\n        include: 'info, health'\n  endpoint:\n    health:\n      probes:\n        enabled: true\n";
    expect(run({ "src/main/resources/application.yml": yaml }).evidence).toEqual([
      { path: "src/main/resources/application.yml", line: 4, note: "/actuator/health (Spring Boot Actuator, configured)" },
    ]);
    expect(run({ "src/main/resources/application.properties": "management.endpoints.web.exposure.include=health,info\n" }).outcome).toBe("pass");
    expect(run({ "src/main/resources/application.yml": "management:\n  endpoints:\n    web:\n      exposure:\n        include: prometheus\n" }).outcome).toBe("fail");
  });

  it("counts Dockerflow's heartbeat routes once the app mounts them, a Rails route named by a symbol, and a PHP health script at the web root", () => {
    const pyproject = '[project]\nname = "ctms"\ndependencies = ["dockerflow[fastapi]>=2024.4.2", "fastapi"]\n';
    const app = "from dockerflow.fastapi import router as dockerflow_router\napp = FastAPI()\napp.include_router(dockerflow_router)\n";
    expect(run({ "pyproject.toml": pyproject, "ctms/app.py": app }).evidence[0]).toMatchObject({ path: "ctms/app.py", line: 3, note: "/__heartbeat__, /__lbheartbeat__ (Dockerflow)" });
    const routes = 'Rails.application.routes.draw do\n  get :health_check, to: proc { |env| [200, {}, ["OK"]] }\n  get :version, to: proc { |env| [200, {}, ["1"]] }\nend\n';
    expect(run({ "config/routes.rb": routes }).evidence).toEqual([{ path: "config/routes.rb", line: 2, note: "GET /health_check" }]);
    const script = "<?php\nrequire __DIR__.'/app/common.php';\n$container['db']->getConnection()->query('SELECT 1');\n";
    expect(run({ "healthcheck.php": script }).evidence).toEqual([{ path: "healthcheck.php", line: 1, note: "route /healthcheck.php (PHP script)" }]);
    expect(run({ "src/Health/healthcheck.php": script }).outcome).toBe("fail");
  });

  it("does not count a demo server under examples/ (python-library)", async () => {
    const finding = healthEndpoint.run(await fixtureContext("python-library"));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/looked for route registrations/);
  });
});

describe("observability.health-endpoint across frameworks", () => {
  it("reads Next.js app-router files as routes, with the handler's line", () => {
    const finding = run({
      "apps/web/app/api/health/route.ts": 'import { NextResponse } from "next/server";\n\nexport async function GET() {\n  return NextResponse.json({ status: "ok" });\n}\n',
    });
    expect(finding.evidence).toEqual([{ path: "apps/web/app/api/health/route.ts", line: 3, note: "route /api/health (file-based route)" }]);
  });

  it("drops route groups from Next.js paths and reads pages/api routes", () => {
    expect(run({ "src/app/(ops)/healthz/route.ts": "export const GET = () => new Response('ok');\n" }).evidence[0]?.note).toBe("route /healthz (file-based route)");
    expect(run({ "apps/remix/app/routes/api+/health.ts": "export const loader = () => Response.json({ status: 'ok' });\n" }).evidence[0]?.note).toBe("route /api/health (file-based route)");
    expect(run({ "pages/api/health.ts": "export default function handler(req, res) {\n  res.status(200).end();\n}\n" }).evidence[0]).toMatchObject({ path: "pages/api/health.ts", line: 1 });
  });

  it("finds Django path() routes, django-health-check and Rails' /up", () => {
    expect(run({ "netbox/urls.py": "from django.urls import path\n\nurlpatterns = [\n    path('api/status/', StatusView.as_view(), name='api-status'),\n]\n" }).evidence[0]).toEqual({
      path: "netbox/urls.py",
      line: 4,
      note: "route api/status/",
    });
    expect(run({ "requirements.txt": "django-health-check==3.18.3\n", "proj/urls.py": "urlpatterns = [\n    path('ht/', include('health_check.urls')),\n]\n" }).evidence[0]).toEqual({
      path: "proj/urls.py",
      line: 2,
      note: "health_check.urls (django-health-check)",
    });
    expect(run({ "config/routes.rb": 'Rails.application.routes.draw do\n  get "up" => "rails/health#show", as: :rails_health_check\nend\n' }).evidence[0]).toEqual({
      path: "config/routes.rb",
      line: 2,
      note: "GET up",
    });
  });

  it("follows a route path constant to the route definition that uses it ('path' => static::ROUTE_PATH)", () => {
    const action = "<?php\nclass HealthAction extends AbstractRestAction\n{\n    public const string ROUTE_PATH = '/health';\n}\n";
    const base = "<?php\nabstract class AbstractRestAction\n{\n    public static function getRouteDef(): array\n    {\n        return ['name' => static::class, 'path' => static::ROUTE_PATH];\n    }\n}\n";
    expect(healthEndpoint.run(contextOf({ "src/Action/HealthAction.php": action, "src/Action/AbstractRestAction.php": base })).outcome).toBe("pass");
    expect(healthEndpoint.run(contextOf({ "src/Action/HealthAction.php": action })).outcome).toBe("fail");
  });

  it("takes an /uptime route that answers with the service's state for a status route", () => {
    const app = "class App < Sinatra::Base\n  get '/uptime' do\n    json uptime: Time.now.utc - boot_time, pong: redis_ping\n  end\nend\n";
    expect(healthEndpoint.run(contextOf({ "lib/app.rb": app })).outcome).not.toBe("fail");
  });

  it("takes express-actuator's /health once the app uses it", () => {
    const pkg = '{"dependencies": {"express": "^4.19.0", "express-actuator": "^1.8.4"}}';
    const app = "import express from 'express';\nimport actuator from 'express-actuator';\nconst app = express();\napp.use(actuator()); // Provides /health, /metrics, /info\n";
    expect(healthEndpoint.run(contextOf({ "package.json": pkg, "src/app.js": app })).evidence[0]).toMatchObject({ path: "src/app.js", line: 4, note: "/health (express-actuator)" });
  });

  it("does not take a PHP object's get('status') for a route, and still reads Slim's rooted routes", () => {
    const controller = "<?php\nfinal class InvoiceController\n{\n    public function list(ParamFetcher $paramFetcher)\n    {\n        $status = $paramFetcher->get('status');\n    }\n}\n";
    expect(healthEndpoint.run(contextOf({ "src/API/InvoiceController.php": controller })).outcome).toBe("fail");
    const slim = "<?php\n$app->get('/health', function ($request, $response) {\n    return $response;\n});\n";
    expect(healthEndpoint.run(contextOf({ "public/index.php": slim })).evidence[0]).toMatchObject({ path: "public/index.php", line: 2 });
  });

  it("finds NestJS controllers, gin routes, Laravel's health option and raw request-path checks", () => {
    expect(run({ "src/health/health.controller.ts": "@Controller('health')\nexport class HealthController {\n  @Get()\n  check() {}\n}\n" }).evidence[0]).toMatchObject({ line: 1 });
    expect(run({ "main.go": 'r := gin.Default()\nr.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })\n' }).evidence[0]).toMatchObject({ line: 2, note: "GET /ping" });
    expect(run({ "main.go": 'r.HandleFunc(baseUrl+"/_healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })\n' }).evidence[0]).toMatchObject({ line: 1, note: "route /_healthz" });
    expect(run({ "bootstrap/app.php": "<?php\nreturn Application::configure()\n    ->withRouting(web: __DIR__.'/../routes/web.php', health: '/up')\n    ->create();\n" }).evidence[0]).toMatchObject({ line: 3 });
    expect(run({ "gateway.ts": "if (req.url.endsWith('/__health_check')) {\n  res.end('ok');\n}\n" }).evidence[0]).toMatchObject({ line: 1, note: "route /__health_check" });
  });

  it("finds a health middleware given its path", () => {
    expect(run({ "saleor/asgi/__init__.py": 'application = get_asgi_application()\napplication = health_check(application, "/health/")\n' }).evidence).toEqual([
      { path: "saleor/asgi/__init__.py", line: 2, note: "route /health/" },
    ]);
  });

  it("follows a route constant to the call that registers it", () => {
    const finding = run({ "internal/server/routes.go": 'package server\n\nconst healthPath = "/healthz"\n\nfunc routes(mux *http.ServeMux) {\n\tmux.HandleFunc(healthPath, healthz)\n}\n' });
    expect(finding.evidence).toEqual([{ path: "internal/server/routes.go", line: 6, note: "route /healthz" }]);
    expect(run({ "src/probe.ts": 'const HEALTH_URL = "/api/health";\nawait axios.get(HEALTH_URL);\n' }).outcome).toBe("fail");
  });

  it("follows a registration formatted over several lines", () => {
    const finding = run({ "package.json": EXPRESS_PACKAGE, "src/app.ts": 'router.get(\n  "/health",\n  asyncHandler(async (_req, res) => res.json({ ok: true })),\n);\n' });
    expect(finding.evidence).toEqual([{ path: "src/app.ts", line: 2, note: "GET /health" }]);
  });
});

describe("observability.health-endpoint is not fooled", () => {
  it.each([
    ["the word in a comment", { "src/app.ts": "// TODO: app.get('/health', ...) once the DB check exists\napp.get('/orders', list);\n" }],
    ["a log message", { "src/app.ts": "logger.info('/health check ok');\nlogger.info(\"health check ok\");\n" }],
    ["a variable name", { "src/app.ts": "const healthStatus = computeHealth();\napp.get('/orders', list);\n" }],
    ["a route under tests/fixtures", { "tests/fixtures/app/server.js": "app.get('/health', (req, res) => res.send('ok'));\n" }],
    ["a route under examples/", { "examples/express/server.js": "app.get('/healthz', (req, res) => res.send('ok'));\n" }],
    ["a client calling another service", { "src/client.ts": "await axios.get('/api/health');\nawait httpClient.get('/healthz');\n" }],
    ["a dictionary lookup", { "app/views.py": 'state = settings.get("status")\nready = flags.get("ready")\n' }],
    ["a resource's status", { "src/orders.ts": "router.get('/orders/:id/status', handler);\nrouter.get('/v1/jobs/{jobId}/health', handler);\n" }],
    ["a browser router's path check", { "src/mixins/theme.js": 'if (this.path.startsWith("/status") || route.path === "/health") {\n  return "dark";\n}\n' }],
    ["a commented-out Python route", { "app/main.py": '# @app.get("/health")\n# def health(): ...\n' }],
  ])("fails on %s", (_case, files) => {
    expect(run(files as Record<string, string>).outcome).toBe("fail");
  });
});

describe("healthRouteStrength", () => {
  it.each([
    ["/healthz", "health"],
    ["/api/v1/utils/health-check/", "health"],
    ["/__health_check", "health"],
    ["/health/live", "health"],
    ["/readyz", "health"],
    ["/ping", "status"],
    ["api/status/", "status"],
    ["up", "status"],
    ["/orders/:id/status", undefined],
    ["/users/status", undefined],
    ["/apps/{id}/health", undefined],
    ["/api/status-page/heartbeat/:slug", undefined],
    ["/status/{code}", undefined],
  ])("%s → %s", (route, strength) => {
    expect(healthRouteStrength(route)).toBe(strength);
  });

  it("follows route constants into the project's own router table in another file", () => {
    const paths = 'package api\n\nconst (\n\tHealthPath = "/healthz"\n\tItemsPath  = "/api/items"\n)\n';
    const router = 'package server\n\nfunc (s *Server) routes() {\n\tfor _, r := range []route{\n\t\t{api.ItemsPath, http.MethodGet, s.items},\n\t\t{api.HealthPath, http.MethodGet, s.health},\n\t} {\n\t\ts.register(r)\n\t}\n}\n';
    const finding = run({ "go.mod": "module x\n", "internal/api/paths.go": paths, "internal/server/routes.go": router });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: "internal/server/routes.go", line: 6, note: "route /healthz" });
    // A constant nobody hands to a router is only a string.
    expect(run({ "go.mod": "module x\n", "internal/api/paths.go": paths }).outcome).toBe("fail");
  });

  it("does not take a public status page for a health endpoint", () => {
    const page = "router.get('/status', async (req, res) => {\n  const incidents = await loadIncidents();\n  res.render('status', { incidents });\n});\n";
    expect(run({ "src/routes/status.js": page }).outcome).toBe("fail");
    const probe = "router.get('/status', (req, res) => {\n  res.json({ ok: true });\n});\n";
    expect(run({ "src/routes/status.js": probe }).outcome).toBe("pass");
  });

  it("reads Rust health routes declared through an actix scope or a utoipa path attribute", () => {
    const scope = 'pub fn healthz_app() -> impl HttpServiceFactory {\n    web::scope("/healthz")\n        .service(web::resource("").to(healthz))\n}\n';
    expect(run({ "src/api/healthz.rs": scope }).evidence[0]).toEqual({ path: "src/api/healthz.rs", line: 2, note: "route /healthz" });
    const utoipa = '#[utoipa::path(\n    get,\n    path = "/health",\n    tag = "health",\n)]\npub async fn health_check() -> &\'static str {\n    "OK"\n}\n';
    expect(run({ "src/routes/health_routes.rs": utoipa }).evidence[0]).toEqual({ path: "src/routes/health_routes.rs", line: 3, note: "route /health" });
  });

  it("reads Rust routes wrapped in actix's .service(resource(...)) and rows of a router macro, not paths in unit tests", () => {
    const actix = 'App::new()\n    .service(resource("/").route(get().to(index)))\n    .service(\n        resource("/__lbheartbeat__").route(get().to(heartbeat)),\n    )\n';
    expect(run({ "src/lib/appconfig.rs": actix }).evidence[0]).toEqual({ path: "src/lib/appconfig.rs", line: 4, note: "route /__lbheartbeat__" });
    const macro = 'let res = router_match!(@gen_path_parser (req.method(), path, query) [\n\tOPTIONS _ => Options,\n\tGET "/health" => Health,\n]);\n';
    expect(run({ "src/api/router.rs": macro }).evidence[0]).toEqual({ path: "src/api/router.rs", line: 3, note: "GET /health" });
    const checker = 'pub fn check(uri: &Uri) -> Option<Uri> { build_health_check_uri(uri, &self.path) }\n\n#[cfg(test)]\nmod tests {\n  #[test]\n  fn path() {\n    assert!(build_health_check_uri(&uri, "/healthz").is_none());\n  }\n}\n';
    expect(run({ "src/backend/check_http.rs": checker }).outcome).toBe("fail");
    const readiness = 'let readiness_probe_router = Router::new().route("/readiness", get(readiness_handler));\n';
    expect(run({ "src/lib.rs": readiness }).evidence[0]).toEqual({ path: "src/lib.rs", line: 1, note: "route /readiness" });
    const matched = 'async fn process(req: Request) -> Result<Response, Request> {\n    match req.uri().path() {\n        "/status" => Ok(handle_status().await),\n        "/version" => Ok(handle_version()),\n        _ => Err(req),\n    }\n}\n';
    expect(run({ "src/http/status.rs": matched }).evidence[0]).toEqual({ path: "src/http/status.rs", line: 3, note: "route /status" });
    expect(run({ "src/config.rs": 'match level.as_str() {\n    "status" => Level::Info,\n    _ => Level::Warn,\n}\n' }).outcome).toBe("fail");
    const server = '#[cfg(test)]\nmod test;\n\npub fn build() {\n    App::new().service(web::resource("/__heartbeat__").route(web::get().to(heartbeat)));\n}\n';
    expect(run({ "src/server/mod.rs": server }).evidence[0]).toMatchObject({ path: "src/server/mod.rs", line: 5 });
  });

  it("does not follow argument or field names that merely hold a health path into unrelated calls", () => {
    const openapi = '#[openapi(tags((name = "health", description = "Health check")))]\npub struct ApiDoc;\n';
    const user = "pub struct MaybeUser {\n    pub name: String,\n}\n\nfn load(path: &Path) { File::open(path); }\n";
    expect(run({ "src/openapi.rs": openapi, "src/user.rs": user, "src/cfg.rs": 'let path = "/health";\nlet f = File::open(path);\n' }).outcome).toBe("fail");
  });

  it("passes on ASP.NET Core's health-check middleware mapped at a configured path", () => {
    const startup = "app.UseHealthChecks(options.HealthCheck.Path, new HealthCheckOptions { ResponseWriter = WriteJson });\n";
    expect(run({ "src/Server/Startup.cs": startup }).evidence[0]).toEqual({ path: "src/Server/Startup.cs", line: 1, note: "UseHealthChecks/MapHealthChecks (ASP.NET Core health checks)" });
  });

  it("is partial on ASP.NET Core health checks mapped only in Development, and ignores an extension method nothing calls (.NET Aspire's ServiceDefaults)", () => {
    const serviceDefaults = [
      "public static class Extensions",
      "{",
      "    public static WebApplication MapDefaultEndpoints(this WebApplication app)",
      "    {",
      "        if (app.Environment.IsDevelopment())",
      "        {",
      '            app.MapHealthChecks("/health");',
      "        }",
      "        return app;",
      "    }",
      "",
      "    public static WebApplication MapProbes(this WebApplication app)",
      "    {",
      '        app.MapHealthChecks("/healthz");',
      "        return app;",
      "    }",
      "}",
      "",
    ].join("\n");
    expect(run({ "src/ServiceDefaults/Extensions.cs": serviceDefaults }).outcome).toBe("fail");
    const developmentOnly = run({ "src/ServiceDefaults/Extensions.cs": serviceDefaults, "src/Api/Program.cs": "var app = builder.Build();\napp.MapDefaultEndpoints();\napp.Run();\n" });
    expect(developmentOnly).toMatchObject({ outcome: "partial", reason: expect.stringMatching(/only when the app runs in Development/) });
    expect(locations(developmentOnly)).toEqual(["src/ServiceDefaults/Extensions.cs:7", "src/ServiceDefaults/Extensions.cs:7"]);
    const program = "var app = builder.Build();\napp.MapDefaultEndpoints();\napp.MapProbes();\napp.Run();\n";
    expect(run({ "src/ServiceDefaults/Extensions.cs": serviceDefaults, "src/Api/Program.cs": program }).evidence).toEqual([
      { path: "src/ServiceDefaults/Extensions.cs", line: 14, note: "route /healthz" },
    ]);
  });

  it("reads warp path filters and poem/tide routes registered with at()", () => {
    expect(run({ "src/routes.rs": 'let health = warp::path("healthz").map(|| "ok");\n' }).evidence[0]).toEqual({ path: "src/routes.rs", line: 1, note: "route healthz" });
    expect(run({ "src/main.rs": 'let app = Route::new().at("/health", get(health));\n' }).outcome).toBe("pass");
  });

  it("does not take a route quoted inside a message for a registered route", () => {
    const hints = "export const HINTS = {\n  express: 'Add app.get(\"/healthz\", (req, res) => res.json({ status: \"ok\" })) before the other routes.',\n};\n";
    expect(run({ "src/hints.ts": hints }).outcome).toBe("fail");
  });

  it("takes Dockerflow's heartbeat routes and a route at a configured health path", () => {
    const dockerflow = 'App::new()\n    .service(web::resource("/__heartbeat__").route(web::get().to(heartbeat)))\n    .service(web::resource("/__lbheartbeat__").route(web::get().to(lbheartbeat)))\n';
    expect(run({ "src/server.rs": dockerflow })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/server.rs", line: 2, note: "route /__heartbeat__" }, { path: "src/server.rs", line: 3 }] });
    const configured = "App::new()\n    .route(&config.healthcheck_route, web::get().to(healthcheck))\n    .route(&config.api_route, web::post().to(api))\n";
    expect(run({ "src/main.rs": configured })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 2, note: "route at the configured path healthcheck_route" }] });
    const compared = 'const HEALTH_CHECK_PATH: &str = "__dufs__/health";\n\nfn handle(req_path: &str) -> Response {\n    if req_path == HEALTH_CHECK_PATH {\n        return ok();\n    }\n    not_found()\n}\n';
    expect(run({ "src/server.rs": compared })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/server.rs", line: 4, note: "route at the configured path HEALTH_CHECK_PATH" }] });
    // An HTTP client asking another service for its health serves nothing.
    expect(run({ "src/probe.rs": "let status = client.get(&config.health_url).send().await?;\n" }).outcome).toBe("fail");
  });

  it("takes the standard gRPC health service registered by tonic or ASP.NET Core for a gRPC server's health endpoint", () => {
    const tonic = 'let (health_reporter, health_service) = tonic_health::server::health_reporter();\nServer::builder().add_service(health_service).serve(addr).await?;\n';
    expect(run({ "Cargo.toml": '[package]\nname = "broker"\n\n[dependencies]\ntonic-health = "0.12"\n', "src/main.rs": tonic }).outcome).toBe("pass");
    const aspnet = "var app = builder.Build();\napp.MapGrpcService<GreeterService>();\napp.MapGrpcHealthChecksService();\n";
    expect(run({ "src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Grpc.AspNetCore.HealthChecks" Version="2.66.0" />\n  </ItemGroup>\n</Project>\n', "src/Api/Program.cs": aspnet }).outcome).toBe("pass");
  });

  it("does not take an HTTP client's declared calls (a Refit interface's [Get(\"/status\")]) for the app's routes", () => {
    const client = 'public interface IStatusApi\n{\n    /// <summary>Gets the service status.</summary>\n    [Get("/status")]\n    Task<ApiResponse<ServiceStatus>> GetStatusAsync();\n}\n';
    expect(healthEndpoint.run(contextOf({ "src/Smoke/IStatusApi.cs": client })).outcome).toBe("fail");
    const endpoint = 'public class StatusController : ControllerBase\n{\n    [HttpGet("/status")]\n    public IActionResult Status() => Ok();\n}\n';
    expect(healthEndpoint.run(contextOf({ "src/Api/StatusController.cs": endpoint })).outcome).toBe("pass");
    const fastEndpoints = 'public class Health : EndpointWithoutRequest\n{\n    public override void Configure()\n    {\n        Get("/health");\n        AllowAnonymous();\n    }\n}\n';
    expect(healthEndpoint.run(contextOf({ "src/Api/Health.cs": fastEndpoints })).outcome).toBe("pass");
  });

  it("takes an ASP.NET Core controller routed by its name for the route it serves", () => {
    const controller = '[Route("api/[controller]")]\n[ApiController]\npublic class HealthCheckController : ControllerBase\n{\n    [HttpGet]\n    public IActionResult Get() => NoContent();\n}\n';
    expect(run({ "Server/API/HealthCheckController.cs": controller })).toMatchObject({ outcome: "pass", evidence: [{ path: "Server/API/HealthCheckController.cs", line: 1, note: "route /api/healthcheck ([controller] route)" }] });
    expect(run({ "Server/API/OrdersController.cs": controller.replace("HealthCheck", "Orders") }).outcome).toBe("fail");
    const conventional = "public class HealthController : HealthControllerBase\n{\n    public async Task<IActionResult> Index() => await HandleHealthAsync();\n}\n";
    expect(run({ "src/App/Controllers/HealthController.cs": conventional })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/App/Controllers/HealthController.cs", line: 1, note: "route /health (conventional route)" }] });
  });
});
