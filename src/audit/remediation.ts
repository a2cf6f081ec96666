import { applicationImages, type DockerStage, type ParsedDockerfile, productionImages, shippedStage } from "../facts/dockerfiles.js";
import type { RepoProfile } from "../profile/profile.js";
import type { ItemResult } from "../findings/findings.js";
import type { RepoView } from "../view/repo-view.js";

/** The test command of each package manager, as a CI step or a developer would type it. */
const TEST_COMMAND: Record<string, string> = {
  npm: "npm test",
  pnpm: "pnpm test",
  yarn: "yarn test",
  bun: "bun test",
  pip: "pytest",
  poetry: "poetry run pytest",
  uv: "uv run pytest",
  pipenv: "pipenv run pytest",
  go: "go test ./...",
  maven: "mvn -B verify",
  gradle: "./gradlew test",
  bundler: "bundle exec rake test",
  cargo: "cargo test",
  composer: "vendor/bin/phpunit",
};

/** Framework-specific first steps; the first framework of the profile that has one wins. */
const BY_FRAMEWORK: Record<string, Record<string, string>> = {
  "observability.health-endpoint": {
    express: 'Add app.get("/healthz", (req, res) => res.json({ status: "ok" })) before the other routes.',
    fastify: 'Add fastify.get("/healthz", async () => ({ status: "ok" })).',
    koa: 'Add a router.get("/healthz", (ctx) => { ctx.body = { status: "ok" }; }) route.',
    nestjs: "Add a HealthController with @nestjs/terminus (HealthCheckService) at GET /health.",
    hono: 'Add app.get("/healthz", (c) => c.json({ status: "ok" })).',
    next: "Add app/api/health/route.ts exporting GET() that returns Response.json({ status: \"ok\" }).",
    fastapi: 'Add @app.get("/healthz") returning {"status": "ok"}.',
    flask: 'Add @app.get("/healthz") returning {"status": "ok"}.',
    django: 'Add a path("healthz/", ...) view returning JsonResponse({"status": "ok"}), or django-health-check.',
    gin: 'Add r.GET("/healthz", func(c *gin.Context) { c.JSON(200, gin.H{"status": "ok"}) }).',
    echo: 'Add e.GET("/healthz", func(c echo.Context) error { return c.JSON(200, map[string]string{"status": "ok"}) }).',
    chi: 'Add r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }).',
    "spring-boot": "Add spring-boot-starter-actuator; /actuator/health (with liveness and readiness groups) is then served.",
    rails: "Add (Rails 7.1+) get \"up\" => \"rails/health#show\" in config/routes.rb.",
    aspnetcore: 'Add builder.Services.AddHealthChecks(); app.MapHealthChecks("/healthz");',
  },
  "security.rate-limiting": {
    express: "Add express-rate-limit: app.use(rateLimit({ windowMs: 60_000, limit: 100 })).",
    fastify: "Register @fastify/rate-limit.",
    nestjs: "Add @nestjs/throttler (ThrottlerModule.forRoot and the ThrottlerGuard).",
    koa: "Add koa-ratelimit.",
    hono: "Add hono-rate-limiter.",
    fastapi: "Add slowapi (Limiter with a key function, @limiter.limit on routes).",
    flask: "Add Flask-Limiter.",
    django: "Add django-ratelimit, or throttling classes in Django REST framework.",
    "spring-boot": "Add Bucket4j (or resilience4j-ratelimiter) in a filter.",
    rails: "Add rack-attack.",
    gin: "Add a limiter middleware (golang.org/x/time/rate, or ulule/limiter).",
    chi: "Add go-chi/httprate.",
    aspnetcore: "Add builder.Services.AddRateLimiter(...) and app.UseRateLimiter().",
  },
  "security.headers": {
    express: "Add helmet: app.use(helmet()).",
    fastify: "Register @fastify/helmet.",
    nestjs: "Add helmet: app.use(helmet()) in main.ts.",
    koa: "Add koa-helmet.",
    hono: "Add app.use(secureHeaders()) from hono/secure-headers.",
    next: "Set headers() in next.config.js (Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options).",
    flask: "Add flask-talisman.",
    fastapi: "Add the secure package's middleware, or a middleware setting the headers.",
    django: "Enable SecurityMiddleware and set SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF and a CSP (django-csp).",
    "spring-boot": "Add spring-boot-starter-security; its headers() defaults set them.",
  },
  "ops.graceful-shutdown": {
    express: 'Handle SIGTERM: process.on("SIGTERM", () => server.close(() => process.exit(0))), closing pools in the callback.',
    fastify: 'Handle SIGTERM: process.on("SIGTERM", () => fastify.close()), with onClose hooks for pools.',
    koa: 'Handle SIGTERM: process.on("SIGTERM", () => server.close(...)) on the http.Server from app.listen().',
    nestjs: "Call app.enableShutdownHooks() in main.ts and close resources in onApplicationShutdown().",
    fastapi: "Close pools in the app's lifespan handler; uvicorn drains on SIGTERM.",
    gin: "Handle SIGTERM: signal.NotifyContext(ctx, syscall.SIGTERM), then srv.Shutdown(ctx) on the http.Server.",
    echo: "Handle SIGTERM: signal.NotifyContext(ctx, syscall.SIGTERM), then e.Shutdown(ctx).",
    chi: "Handle SIGTERM: signal.NotifyContext(ctx, syscall.SIGTERM), then srv.Shutdown(ctx) on the http.Server.",
    "spring-boot": "Set server.shutdown=graceful and spring.lifecycle.timeout-per-shutdown-phase.",
  },
};

/** Where no framework is named, the standard library's way (Go's net/http services need no framework). */
const BY_LANGUAGE: Record<string, Record<string, string>> = {
  "observability.health-endpoint": { go: 'Add mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }).' },
  "security.rate-limiting": { go: "Wrap the handler in a limiter middleware (golang.org/x/time/rate per client IP, or go-chi/httprate)." },
  "security.headers": { go: "Wrap the handler in a middleware that sets Strict-Transport-Security, Content-Security-Policy and X-Content-Type-Options (or unrolled/secure)." },
  "ops.graceful-shutdown": { go: "Handle SIGTERM: signal.NotifyContext(ctx, syscall.SIGTERM), then srv.Shutdown(ctx) on the http.Server." },
};

/** Language-specific error-tracking SDKs. */
const ERROR_TRACKING: Record<string, string> = {
  typescript: "Add @sentry/node, call Sentry.init({ dsn: process.env.SENTRY_DSN }) first thing at start-up.",
  javascript: "Add @sentry/node, call Sentry.init({ dsn: process.env.SENTRY_DSN }) first thing at start-up.",
  python: 'Add sentry-sdk and call sentry_sdk.init(dsn=os.environ["SENTRY_DSN"]) at start-up.',
  go: 'Add github.com/getsentry/sentry-go and call sentry.Init(sentry.ClientOptions{Dsn: os.Getenv("SENTRY_DSN")}) in main.',
  ruby: "Add sentry-ruby (and sentry-rails) with config.dsn = ENV['SENTRY_DSN'].",
  java: "Add io.sentry:sentry-spring-boot-starter (or sentry) and set the DSN from the SENTRY_DSN environment variable.",
  kotlin: "Add io.sentry:sentry-spring-boot-starter (or sentry) and set the DSN from the SENTRY_DSN environment variable.",
  csharp: 'Add Sentry.AspNetCore and builder.WebHost.UseSentry(o => o.Dsn = builder.Configuration["SENTRY_DSN"]).',
  php: "Add sentry/sentry-laravel (or sentry/sentry) with SENTRY_LARAVEL_DSN from the environment.",
  rust: 'Add the sentry crate and let _guard = sentry::init(std::env::var("SENTRY_DSN")) in main.',
};

/**
 * A remediation that fits what the audit found — the image that ships, the package manager, framework
 * and language in use — or undefined where the checklist's generic text is the best there is.
 */
export function fittingRemediation(item: ItemResult, items: readonly ItemResult[], view: RepoView, profile: RepoProfile): string | undefined {
  const testCommand = profile.packageManagers.map((pm) => TEST_COMMAND[pm]).find(Boolean);
  switch (item.id) {
    case "container.non-root":
      return nonRoot(productionImages(view).files[0]);
    case "container.healthcheck":
      return healthcheck(applicationImages(view).files[0], healthPath(items));
    case "ci.runs-tests":
      return testCommand ? `Add a step that runs \`${testCommand}\` to the CI job that runs on pushes and pull requests.` : undefined;
    case "testing.runner-configured":
      return testCommand ? `Make \`${testCommand}\` run the suite${profile.packageManagers.some((pm) => ["npm", "pnpm", "yarn", "bun"].includes(pm)) ? ' (a "test" script in package.json)' : ""}.` : undefined;
    case "observability.error-tracking":
      return profile.languages.map((l) => ERROR_TRACKING[l]).find(Boolean);
    default: {
      const byFramework = BY_FRAMEWORK[item.id] ?? {};
      const byLanguage = BY_LANGUAGE[item.id] ?? {};
      return profile.frameworks.map((f) => byFramework[f]).find(Boolean) ?? (profile.frameworks.length === 0 ? profile.languages.map((l) => byLanguage[l]).find(Boolean) : undefined);
    }
  }
}

/** The stage an image's configuration comes from at the root of its `FROM <stage>` chain: where its base image is named. */
function baseStage(file: ParsedDockerfile, stage: DockerStage): DockerStage {
  let current = stage;
  for (let hops = 0; current.parentStage !== undefined && hops < file.stages.length; hops++) current = file.stages[current.parentStage] ?? current;
  return current;
}

type BaseKind = "scratch" | "distroless" | "node" | "alpine" | "debian";

function baseKind(file: ParsedDockerfile | undefined): { kind: BaseKind; stage: DockerStage } | undefined {
  const shipped = file && shippedStage(file);
  if (!file || !shipped) return undefined;
  const base = baseStage(file, shipped);
  const name = base.image.reference?.name ?? "";
  const tag = base.image.reference?.tag ?? "";
  const kind: BaseKind = base.scratch
    ? "scratch"
    : /distroless|chainguard\/static/.test(name)
      ? "distroless"
      : /(^|\/)node$/.test(name)
        ? "node"
        : /alpine/.test(`${name}:${tag}`)
          ? "alpine"
          : "debian";
  return { kind, stage: shipped };
}

function nonRoot(file: ParsedDockerfile | undefined): string | undefined {
  const base = baseKind(file);
  if (!file || !base) return undefined;
  const where = `the final stage of ${file.path}`;
  switch (base.kind) {
    case "scratch":
      return `Add \`USER 65534:65534\` to ${where}: a scratch image has no /etc/passwd, so the user must be numeric (65534 is nobody); copy files in with --chown=65534:65534 if the process writes them.`;
    case "distroless":
      return `Use the base image's :nonroot tag (it runs as 65532), or add \`USER 65532:65532\` to ${where}.`;
    case "node":
      return `Add \`USER node\` (the node image's unprivileged user) to ${where}, and copy files in with --chown=node:node.`;
    case "alpine":
      return `Add \`RUN addgroup -S app && adduser -S -G app app\` and \`USER app\` to ${where}.`;
    case "debian":
      return `Add \`RUN useradd --system --uid 10001 app\` and \`USER 10001\` to ${where}.`;
  }
}

function healthcheck(file: ParsedDockerfile | undefined, path: string): string | undefined {
  const base = baseKind(file);
  if (!file || !base) return undefined;
  const port = base.stage.exposes[0]?.ports[0]?.split("/")[0] ?? "8080";
  const url = `http://127.0.0.1:${port}${path}`;
  switch (base.kind) {
    case "scratch":
    case "distroless":
      return `${file.path} ships no shell, curl or wget for a HEALTHCHECK command: declare liveness and readiness probes in the orchestrator (Kubernetes httpGet on ${path}, port ${port}), or give the binary a health subcommand and add \`HEALTHCHECK CMD ["/app", "health"]\`.`;
    case "node":
      return `Add to ${file.path}: \`HEALTHCHECK CMD node -e "fetch('${url}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"\` (the node image has no curl).`;
    case "alpine":
      return `Add to ${file.path}: \`HEALTHCHECK CMD wget -qO- ${url} || exit 1\` (busybox wget is in alpine images).`;
    case "debian":
      return `Add to ${file.path}: \`HEALTHCHECK CMD curl -fsS ${url} || exit 1\` (install curl in the image, or use a probe in the orchestrator).`;
  }
}

/** The health route the audit found, else the conventional one. */
function healthPath(items: readonly ItemResult[]): string {
  const route = items.find((i) => i.id === "observability.health-endpoint" && i.outcome === "pass")?.evidence.map((e) => e.note?.match(/(?:^|\s)(\/[\w\-./]*)/)?.[1]).find(Boolean);
  return route ?? "/healthz";
}
