import { describe, expect, it } from "vitest";
import { rateLimiting } from "../../../src/probes/security/rate-limiting.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => rateLimiting.run(contextOf(files));
const GO_RATE = "module x\n\nrequire golang.org/x/time v0.8.0\n";

describe("security.rate-limiting", () => {
  it("passes on express-rate-limit in the Express fixture", async () => {
    const finding = rateLimiting.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/middleware/rate-limit.ts", line: 4, note: "express-rate-limit set up" },
      { path: "package.json", line: fixtureLine("express-ts-service", "package.json", "express-rate-limit"), note: "express-rate-limit declared" },
    ]);
  });

  it("passes on @nestjs/throttler, DRF throttle classes and rack-attack", () => {
    expect(run({ "package.json": JSON.stringify({ dependencies: { "@nestjs/throttler": "^6.2.1" } }), "src/app.module.ts": "@Module({\n  imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 10 }])],\n})\n" }).evidence[0]).toEqual({
      path: "src/app.module.ts",
      line: 2,
      note: "@nestjs/throttler set up",
    });
    expect(run({ "requirements.txt": "djangorestframework==3.15.2\n", "proj/settings.py": 'REST_FRAMEWORK = {\n    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],\n}\n' }).outcome).toBe("pass");
    expect(run({ Gemfile: 'gem "rack-attack"\n', "config/initializers/rack_attack.rb": 'class Rack::Attack\n  throttle("req/ip", limit: 300, period: 5.minutes) { |req| req.ip }\nend\n' }).outcome).toBe("pass");
  });

  it("passes on Symfony's login throttling and on a limiter factory given to a service, not on the package alone", () => {
    const composer = '{\n  "require": {\n    "symfony/rate-limiter": "^6.0",\n    "symfony/security-bundle": "^6.0"\n  }\n}\n';
    const security = "security:\n  firewalls:\n    main:\n      login_throttling:\n        max_attempts: 5\n";
    expect(run({ "composer.json": composer, "config/packages/security.yaml": security })).toMatchObject({ outcome: "pass", evidence: [{ path: "config/packages/security.yaml", line: 4 }, { path: "composer.json", line: 3 }] });
    const service = "final class ResetController\n{\n    public function __construct(private readonly RateLimiterFactory $passwordResetLimiter) {}\n}\n";
    expect(run({ "composer.json": composer, "src/Controller/ResetController.php": service }).outcome).toBe("pass");
    expect(run({ "composer.json": composer }).outcome).not.toBe("pass");
  });

  it("passes on django-axes' login lockout once it is installed in the settings", () => {
    const settings = 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "axes",\n]\nMIDDLEWARE = [\n    "axes.middleware.AxesMiddleware",\n]\n';
    expect(run({ "requirements.txt": "django==5.1\ndjango-axes[ipware]==7.1.0\n", "app/settings/base.py": settings })).toMatchObject({ outcome: "pass", evidence: [{ path: "app/settings/base.py", line: 3 }, { path: "requirements.txt", line: 2 }] });
  });

  it("counts golang.org/x/time/rate only in code that serves requests", () => {
    const middleware = run({ "go.mod": GO_RATE, "limit.go": "package x\n\nvar limiter = rate.NewLimiter(10, 20)\n\nfunc limit(next http.Handler) http.Handler { return next }\n" });
    expect(middleware.evidence[0]).toEqual({ path: "limit.go", line: 3, note: "golang.org/x/time/rate set up" });
    expect(run({ "go.mod": GO_RATE, "client.go": "package x\n\nvar throttle = rate.NewLimiter(5, 1)\n\nfunc call() { throttle.Wait(ctx) }\n" }).outcome).toBe("fail");
  });

  it("recognises a limiter the project wrote itself when another file calls it", () => {
    const finding = run({
      "utils/rate-limit.ts": "export async function checkRateLimit(key: string) {\n  const count = await redis.incr(key);\n  return { limited: count > 10, retryAfterSeconds: 60 };\n}\n",
      "app/api/bookings/route.ts": 'import { checkRateLimit } from "@/utils/rate-limit";\n\nexport async function POST(req: Request) {\n  if ((await checkRateLimit(ip(req))).limited) return new Response(null, { status: 429 });\n}\n',
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "utils/rate-limit.ts", line: 1, note: "custom rate limiter checkRateLimit" },
      { path: "app/api/bookings/route.ts", line: 4, note: "applies checkRateLimit to requests" },
    ]);
  });

  it("recognises a limiter class that only counts when the code applying it to requests turns clients away", () => {
    const limiter = "export class RateLimiter {\n  private readonly windows = new Map<string, number>();\n  take(key: string): number {\n    return 0;\n  }\n}\n";
    const routes = (reject: string) =>
      `import { RateLimiter } from "./rate-limit.js";\n\nexport function handler(req: IncomingMessage, res: ServerResponse) {\n  const limiter = new RateLimiter(30, 600_000);\n  if (limiter.take(req.socket.remoteAddress) > 0) ${reject}\n}\n`;
    const applied = run({ "src/web/rate-limit.ts": limiter, "src/web/dashboard.ts": routes("return res.writeHead(429).end();") });
    expect(applied).toMatchObject({ outcome: "pass", evidence: [{ path: "src/web/rate-limit.ts", line: 1 }, { path: "src/web/dashboard.ts", line: 4 }] });
    expect(run({ "src/web/rate-limit.ts": limiter, "src/web/dashboard.ts": routes("return res.end();") }).outcome).toBe("fail");
  });

  it("recognises a middleware module named for rate limiting that the framework registers by name", () => {
    const middleware = [
      "export default (config, { strapi }) => {",
      "  return async (ctx, next) => {",
      "    const count = await redis.incr(\"rl:\" + ctx.ip);",
      "    if (count > config.max) {",
      "      ctx.status = 429;",
      "      return;",
      "    }",
      "    await next();",
      "  };",
      "};",
      "",
    ].join("\n");
    const config = "export default [\n  'strapi::security',\n  { name: 'global::rate-limit', config: { max: 100 } },\n];\n";
    const files = { "package.json": '{"dependencies":{"@strapi/strapi":"5.0.0"}}', "src/middlewares/rate-limit.ts": middleware };
    const finding = rateLimiting.run(contextOf({ ...files, "config/middlewares.ts": config }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/middlewares/rate-limit.ts", line: 5, note: "custom rate limiter rate-limit" },
      { path: "config/middlewares.ts", line: 3, note: "applies rate-limit to requests" },
    ]);
    expect(rateLimiting.run(contextOf(files)).outcome).toBe("fail");
  });

  it("counts Arcjet only for its rate-limit rules, not as a firewall or bot blocker", () => {
    const pkg = JSON.stringify({ dependencies: { "@arcjet/next": "^1.0.0", next: "^15.0.0" } });
    const shield = 'import arcjet, { shield, detectBot } from "@arcjet/next";\n\nexport const aj = arcjet({ key: process.env.ARCJET_KEY!, rules: [shield({ mode: "LIVE" }), detectBot({ mode: "LIVE", allow: [] })] });\n';
    expect(run({ "package.json": pkg, "src/libs/arcjet.ts": shield }).outcome).toBe("fail");
    const limited = shield.replace("shield({ mode: \"LIVE\" })", "slidingWindow({ mode: \"LIVE\", interval: 60, max: 100 })");
    expect(run({ "package.json": pkg, "src/libs/arcjet.ts": limited }).outcome).toBe("pass");
  });

  it("fails on client-side throttles and on an error named RateLimit", () => {
    expect(run({ "package.json": JSON.stringify({ dependencies: { bottleneck: "^2.19.5" } }), "src/api.ts": "const limiter = new Bottleneck({ maxConcurrent: 2 });\n" }).outcome).toBe("fail");
    const finding = run({ "src/sms.ts": "if (tooSoon) {\n  err.name = 'RateLimit';\n  return ctx.throw(429, 'slow down');\n}\n" });
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/express-rate-limit/);
  });

  it("does not count a limiter that is only imported or listed, such as a detector's own source", () => {
    const detector = [
      "const REJECTION = /TooManyRequests|Retry-After/;",
      "export const rateLimiting: Probe = {",
      '  id: "security.rate-limiting",',
      "  run({ view }) { return REJECTION.test(view.text) ? pass() : fail(); },",
      "};",
      "",
    ].join("\n");
    const registry = 'import { rateLimiting } from "./rate-limiting.js";\n\nexport const securityProbes = [rateLimiting];\n';
    expect(run({ "src/probes/rate-limiting.ts": detector, "src/probes/index.ts": registry }).outcome).toBe("fail");
  });

  it("counts a generic token bucket wrapped in the project's own middleware and registered on the router", () => {
    const wrapper = [
      "package ratelimit",
      "",
      'import "golang.org/x/time/rate"',
      "",
      "var visitors = map[string]*rate.Limiter{}",
      "",
      "func limiterFor(ip string) *rate.Limiter {",
      "\treturn rate.NewLimiter(5, 10)",
      "}",
      "",
      "func PerClient(next Handler) Handler { return next }",
      "",
    ].join("\n");
    const router = 'package server\n\nfunc routes(r chi.Router) {\n\tr.Use(ratelimit.PerClient)\n\tr.Get("/api/items", listItems)\n}\n';
    const finding = run({ "go.mod": GO_RATE, "internal/ratelimit/ratelimit.go": wrapper, "internal/server/routes.go": router });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "internal/ratelimit/ratelimit.go", line: 8, note: "custom rate limiter PerClient" },
      { path: "internal/server/routes.go", line: 4, note: "applies PerClient to requests" },
    ]);
    expect(run({ "go.mod": GO_RATE, "internal/ratelimit/ratelimit.go": wrapper }).outcome).toBe("fail");
  });

  it("counts npm limiter only where it guards requests, not outgoing calls", () => {
    const pkg = JSON.stringify({ dependencies: { limiter: "^3.0.0", express: "^5.1.0" } });
    const guard = 'import { RateLimiter } from "limiter";\n\nconst bucket = new RateLimiter({ tokensPerInterval: 100, interval: "minute" });\n\nexport function guard(req, res, next) {\n  if (!bucket.tryRemoveTokens(1)) return res.status(429).end();\n  next();\n}\n';
    expect(run({ "package.json": pkg, "src/guard.js": guard }).outcome).toBe("pass");
    const client = 'import { RateLimiter } from "limiter";\n\nconst bucket = new RateLimiter({ tokensPerInterval: 10, interval: "second" });\n\nexport async function fetchPage(url) {\n  await bucket.removeTokens(1);\n  return fetch(url);\n}\n';
    expect(run({ "package.json": pkg, "src/crawler.js": client }).outcome).toBe("fail");
  });

  it("passes on ASP.NET Core's built-in rate limiter and tower's RateLimitLayer", () => {
    const program = 'builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("api", w => { w.PermitLimit = 100; w.Window = TimeSpan.FromMinutes(1); }));\nvar app = builder.Build();\napp.UseRateLimiter();\n';
    expect(run({ "src/Api/Program.cs": program })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/Api/Program.cs", line: 3, note: "ASP.NET Core rate limiting set up" }] });
    const cargo = '[package]\nname = "api"\n\n[dependencies]\ntower = { version = "0.5", features = ["limit"] }\n';
    expect(run({ "Cargo.toml": cargo, "src/main.rs": "let app = Router::new().layer(RateLimitLayer::new(100, Duration::from_secs(60)));\n" }).outcome).toBe("pass");
    const builder = "let limit = ServiceBuilder::new()\n    .load_shed()\n    .rate_limit(\n        config.limit.request_count,\n        std::time::Duration::from_secs(config.limit.duration),\n    )\n    .into_inner();\n";
    expect(run({ "Cargo.toml": cargo, "src/routes/data.rs": builder }).evidence[0]).toMatchObject({ path: "src/routes/data.rs", line: 3 });
  });

  it("passes on actix-extensible-rate-limit's limiter; the crate declared alone is partial", () => {
    const cargo = '[package]\nname = "api"\n\n[dependencies]\nactix-extensible-rate-limit = "0.4"\n';
    const limiter = "use actix_extensible_rate_limit::{RateLimiter, backend::SimpleInputFunctionBuilder};\n\npub fn limiter(backend: Backend) -> RateLimiter<Backend, SimpleOutput, Input> {\n    RateLimiter::builder(backend, input()).add_headers().build()\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/rate_limit.rs": limiter })).toMatchObject({ outcome: "pass", evidence: [
      { path: "src/rate_limit.rs", line: 1, note: "actix rate limiter set up" },
      { path: "Cargo.toml", line: 5, note: "actix-extensible-rate-limit declared" },
    ] });
    expect(run({ "Cargo.toml": cargo, "src/main.rs": "fn main() {}\n" }).outcome).toBe("partial");
  });

  it("recognises a Rust limiter the project wrote itself, wrapped around the actix app", () => {
    const limiter = "pub struct RateLimiter { hits: DashMap<IpAddr, u32> }\n\nimpl RateLimiter {\n    fn reject() -> HttpResponse {\n        HttpResponse::TooManyRequests().finish()\n    }\n}\n";
    const main = "HttpServer::new(|| App::new().wrap(RateLimiter::default()).service(index))\n    .bind(addr)?\n    .run()\n    .await\n";
    const finding = run({ "src/limiter.rs": limiter, "src/main.rs": main });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/limiter.rs", line: 1, note: "custom rate limiter RateLimiter" },
      { path: "src/main.rs", line: 1, note: "applies RateLimiter to requests" },
    ]);
  });

  it("does not take a check of an upstream API's rate limit in the project's HTTP client for a limiter", () => {
    const client = 'pub async fn rate_limit_check() -> Result<(), String> {\n    let res = CLIENT.get(URL).send().await?;\n    if res.status() == 429 { return Err("rate limited".into()); }\n    Ok(())\n}\n';
    const main = "async fn main() {\n    match rate_limit_check().await { Ok(()) => info!(\"ok\"), Err(e) => warn!(\"{e}\") }\n    let app = Router::new().route(\"/\", get(index));\n    axum::serve(listener, app).await.unwrap();\n}\n";
    expect(run({ "src/client.rs": client, "src/main.rs": main }).outcome).toBe("fail");
  });
});
