import { type CodeQuery, firstMatch, projectSourceFiles, searchCode } from "../../facts/code-search.js";
import type { Dependency } from "../../facts/dependencies.js";
import { SPRING_CONFIG } from "../../facts/error-trackers.js";
import { findRouteLiterals } from "../../facts/http-routes.js";
import { at, CSHARP, GO, inCode, JS, JVM, type LibrarySpec, libraryUses, PY, RUBY, RUST } from "../../facts/libraries.js";
import { isNonProjectPath, isTestPath, type Language } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Segments that name a health check wherever they appear: /health, /api/v1/utils/health-check/, /healthz/ready, Dockerflow's /__lbheartbeat__. */
const HEALTH_SEGMENT = /^_{0,2}(?:lb)?(?:health(?:z|y|check|checks|[-_]checks?)?|livez|liveness|readyz|readiness|heartbeat|startupz)_{0,2}$/;
/**
 * Words that are a health check only as the last segment of a short path (/ping, /api/status,
 * /up): "/orders/:id/status" is an order's status, not the service's.
 */
const STATUS_SEGMENT = /^(?:ping|status|ready|live|alive|isalive|is_alive|up|uptime)$/;
/** Segments that may stand before a status word: API prefixes and versions, not resources. */
const PREFIX_SEGMENT = /^(?:api|v\d+(?:\.\d+)?|internal|system|sys|monitoring|monitor|meta|ops|management|admin|actuator|service|app|public|private|infra|k8s|kube|probes?|-|_\w*|\$\{[^}]*\})$/;
/** A path parameter (:id, {id}, <int:pk>, [id], *): a health route of one resource is that resource's, not the service's. */
const PARAMETER_SEGMENT = /^(?::|\{|<|\[|\*|\()/;

/** Cheap test that a literal may hold one of the words above, before it is split into segments. */
const HEALTH_WORD = /health|live|ready|readiness|ping|status|heartbeat|up/i;

/** Plain strings one of which every candidate file holds ("livez" has "live", "readyz" has "ready", "readiness" neither). */
const NEEDLES = ["health", "live", "ready", "readiness", "ping", "status", "heartbeat", "uptime", `up"`, "up'", "up`"];

type Strength = "health" | "status";

/** Whether a route path is a health/liveness/readiness route, and how plainly it says so. */
export function healthRouteStrength(route: string): Strength | undefined {
  if (!HEALTH_WORD.test(route)) return undefined;
  const segments = route.split("/").filter((s) => s !== "");
  for (let i = 0; i < segments.length; i++) {
    const segment = (segments[i] as string).toLowerCase();
    if (HEALTH_SEGMENT.test(segment)) return segments.slice(i + 1).some((s) => PARAMETER_SEGMENT.test(s)) ? undefined : "health";
    if (STATUS_SEGMENT.test(segment) && i === segments.length - 1 && segments.slice(0, i).every((s) => PREFIX_SEGMENT.test(s.toLowerCase()))) {
      return "status";
    }
    if (PARAMETER_SEGMENT.test(segment)) return undefined;
  }
  return undefined;
}

interface HealthRoute {
  evidence: Evidence;
  strength: Strength;
}

/** Frameworks that route by file location: the file is the route. */
const FILE_ROUTES: { pattern: RegExp; prefix: string; dotSegments?: boolean }[] = [
  // Next.js app router: app/api/health/route.ts, src/app/(ops)/healthz/route.ts
  { pattern: /(?:^|\/)app\/(.+)\/route\.[cm]?[jt]sx?$/, prefix: "" },
  // Next.js pages router API routes: pages/api/health.ts, pages/api/health/index.ts
  { pattern: /(?:^|\/)pages\/(api\/.+?)(?:\/index)?\.[cm]?[jt]sx?$/, prefix: "" },
  // SvelteKit endpoints: src/routes/health/+server.ts
  { pattern: /(?:^|\/)src\/routes\/(.+)\/\+server\.[jt]s$/, prefix: "" },
  // Nuxt/Nitro: server/api/health.ts → /api/health, server/routes/healthz.get.ts → /healthz
  { pattern: /(?:^|\/)server\/api\/(.+?)(?:\/index)?(?:\.get|\.head)?\.[jt]s$/, prefix: "api/" },
  { pattern: /(?:^|\/)server\/routes\/(.+?)(?:\/index)?(?:\.get|\.head)?\.[jt]s$/, prefix: "" },
  // Remix flat routes: app/routes/healthcheck.tsx, app/routes/api.health.ts
  { pattern: /(?:^|\/)app\/routes\/(.+?)(?:\/route)?\.[jt]sx?$/, prefix: "", dotSegments: true },
];
const ROUTE_HANDLER_EXPORT = /^export\s+(?:async\s+)?(?:function\s*|const\s+|let\s+)(?:GET|HEAD|loader|get|head|default)\b|^export\s+default\b/m;

function fileRoutes(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const { path } of view.files) {
    if (!/\.[cm]?[jt]sx?$/.test(path) || !HEALTH_WORD.test(path)) continue;
    for (const { pattern, prefix, dotSegments } of FILE_ROUTES) {
      const found = pattern.exec(path);
      if (!found || isTestPath(path) || isNonProjectPath(path)) continue;
      const route = `/${prefix}${routeFromFolders(found[1] as string, dotSegments === true)}`;
      const strength = healthRouteStrength(route);
      if (!strength) continue;
      const text = view.code(path);
      const handler = text === undefined ? null : ROUTE_HANDLER_EXPORT.exec(text);
      if (text !== undefined && !handler) continue;
      const line = handler ? view.lineAt(path, handler.index) : undefined;
      out.push({ evidence: { path, ...(line ? { line } : {}), note: `route ${route} (file-based route)` }, strength });
      break;
    }
  }
  return out;
}

/** A PHP script the web server serves by its path: healthcheck.php at the web root answers /healthcheck.php. */
const PHP_SCRIPT_ROUTE = /^(?:(?:public|web|www|htdocs|public_html)\/)?([\w-]+)\.php$/;

function phpScriptRoutes(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const { path } of view.paths.withExtension("php")) {
    const name = PHP_SCRIPT_ROUTE.exec(path)?.[1];
    if (name === undefined || healthRouteStrength(`/${name}`) !== "health") continue;
    out.push({ evidence: { path, line: 1, note: `route /${name}.php (PHP script)` }, strength: "health" });
  }
  return out;
}

/**
 * Folder names to a URL path: route groups "(ops)", parallel slots "@modal", pathless layouts
 * "_auth" and index files add no segment; remix-flat-routes' "api+" folder is the segment "api".
 */
function routeFromFolders(folders: string, dotSegments: boolean): string {
  const parts = (dotSegments ? folders.split(/[./]/) : folders.split("/")).map((p) => p.replace(/\+$/, ""));
  return parts.filter((p) => !/^\(.*\)$|^@|^_?index$|^_[^_]/.test(p)).join("/");
}

/** Health endpoints that a framework or library provides once it is declared (and, for most, set up). */
const PROVIDED: { route: string; library: LibrarySpec }[] = [
  {
    route: "/actuator/health",
    library: { name: "Spring Boot Actuator", packages: ["org.springframework.boot:spring-boot-starter-actuator", "spring-boot-starter-actuator"], usage: [], selfConfiguring: true },
  },
  { route: "/q/health", library: { name: "Quarkus SmallRye Health", packages: ["io.quarkus:quarkus-smallrye-health"], usage: [], selfConfiguring: true } },
  { route: "/health", library: { name: "Micronaut management", packages: ["io.micronaut:micronaut-management"], usage: [], selfConfiguring: true } },
  {
    route: "health_check.urls",
    library: { name: "django-health-check", packages: ["django-health-check"], usage: [inCode(PY, "health_check.urls", /\binclude\s*\(\s*["']health_check\.urls["']/)] },
  },
  { route: "/health", library: { name: "express-actuator", packages: ["express-actuator"], usage: [inCode(JS, "actuator", /\.use\s*\(\s*actuator\s*\(/)] } },
  { route: "@HealthCheck() controller", library: { name: "@nestjs/terminus", packages: ["@nestjs/terminus"], usage: [inCode(JS, "HealthCheck", /@HealthCheck\s*\(/)] } },
  { route: "/health, /live, /ready", library: { name: "lightship", packages: ["lightship"], usage: [inCode(JS, "createLightship", /\bcreateLightship\s*\(/)] } },
  {
    route: "terminus healthChecks",
    library: { name: "@godaddy/terminus", packages: ["@godaddy/terminus"], usage: [inCode(JS, "healthChecks", /\bhealthChecks\s*:\s*\{\s*["'`][^"'`\n]{1,80}["'`]\s*:/)] },
  },
  {
    route: "status route",
    library: { name: "@fastify/under-pressure", packages: ["@fastify/under-pressure", "under-pressure"], usage: [inCode(JS, "exposeStatusRoute", /\bexposeStatusRoute\s*:\s*(?:true|["'`{])/)] },
  },
  {
    // Mozilla's Dockerflow: the library serves /__heartbeat__ and /__lbheartbeat__ once the app mounts it.
    route: "/__heartbeat__, /__lbheartbeat__",
    library: {
      name: "Dockerflow",
      packages: ["dockerflow"],
      usage: [
        inCode(
          PY,
          ["dockerflow", "Dockerflow"],
          /\binclude_router\s*\(\s*dockerflow_router\b|\bDockerflow\s*\(\s*app\b|["']dockerflow\.django\.middleware\.DockerflowMiddleware["']/,
        ),
      ],
    },
  },
  {
    // ASP.NET Core's health-check middleware, mapped at a path that configuration supplies.
    route: "UseHealthChecks/MapHealthChecks",
    library: { name: "ASP.NET Core health checks", packages: [], usage: [inCode(CSHARP, ["UseHealthChecks", "MapHealthChecks"], /\b(?:Use|Map)HealthChecks\s*\(/)] },
  },
  {
    route: "grpc.health.v1.Health",
    library: {
      name: "gRPC health service",
      packages: ["google.golang.org/grpc", "grpcio-health-checking", "io.grpc:grpc-services", "grpc-health-check", "tonic-health", "Grpc.AspNetCore.HealthChecks"],
      usage: [
        inCode(GO, "RegisterHealthServer", /\bRegisterHealthServer\s*\(/),
        inCode(RUST, "tonic_health", /\btonic_health::server::health_reporter\s*\(/),
        inCode(CSHARP, "MapGrpcHealthChecksService", /\bMapGrpcHealthChecksService\s*\(/),
        inCode(PY, "add_HealthServicer_to_server", /\badd_HealthServicer_to_server\s*\(/),
        inCode(JVM, "HealthStatusManager", /\bnew\s+HealthStatusManager\s*\(/),
        inCode(JS, "HealthImplementation", /\bnew\s+HealthImplementation\s*\(/),
      ],
    },
  },
];

/** Spring's switch that turns every actuator endpoint, health included, off unless re-enabled. */
const ACTUATOR_HEALTH_DISABLED: CodeQuery = {
  files: SPRING_CONFIG,
  needles: ["management"],
  pattern: /management\.endpoint\.health\.enabled\s*[=:]\s*false|management\.endpoints\.enabled-by-default\s*[=:]\s*false/,
};

/**
 * Spring configuration that exposes or tunes the actuator's health endpoint: the actuator is on the
 * classpath (often through an organisation's own starter or Gradle plugin) and serves it.
 */
const ACTUATOR_HEALTH_CONFIGURED: CodeQuery = {
  files: SPRING_CONFIG,
  needles: ["health"],
  pattern:
    /management\.endpoints?\.(?:web\.exposure\.include\s*[=:][^\n]*\bhealth\b|health\.\w)|^management:[ \t]*\n(?:[ \t]+[^\n]*\n){0,30}?[ \t]+(?:health:|include:[^\n]*\bhealth\b)/m,
};

function providedHealth(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  const actuator = PROVIDED[0]?.library;
  let actuatorDeclared = false;
  for (const use of libraryUses(view, PROVIDED.map((p) => p.library))) {
    if (!use.established) continue;
    if (use.library === actuator && firstMatch(view, ACTUATOR_HEALTH_DISABLED)) continue;
    actuatorDeclared ||= use.library === actuator;
    const route = PROVIDED.find((p) => p.library === use.library)?.route;
    const place = use.uses[0] ?? (use.dependency as Dependency);
    out.push({ evidence: { path: place.path, line: place.line, note: `${route} (${use.library.name})` }, strength: "health" });
  }
  const configured = actuatorDeclared ? undefined : firstMatch(view, ACTUATOR_HEALTH_CONFIGURED);
  if (configured && !firstMatch(view, ACTUATOR_HEALTH_DISABLED)) {
    out.push({ evidence: { path: configured.path, line: configured.line, note: "/actuator/health (Spring Boot Actuator, configured)" }, strength: "health" });
  }
  return out;
}

/** A handler that answers with a page for people (a template, HTML): a public status page, not a probe's endpoint. */
const RENDERS_PAGE = /\b(?:res|reply|ctx|c|response)\.(?:render|view|HTML)\s*\(|\brender(?:_template)?\s*[(:]|\bTemplateResponse\s*\(|\bExecuteTemplate\s*\(|\bInertia::render\s*\(|\bview\s*\(\s*["']|["'][\w/-]+\.(?:html|ejs|hbs|pug|njk|twig|erb|jinja2?|tmpl)["']|\bsendFile\s*\(/;
/** Lines after a route's registration that hold its handler, when the handler is written inline. */
const HANDLER_LINES = 12;

/** Whether the `/status` route at this place renders a page rather than answering a probe. */
function isStatusPage(view: RepoView, path: string, line: number, route: string): boolean {
  if (!/(?:^|\/)status\/?$/i.test(route)) return false;
  const lines = (view.code(path) ?? "").split("\n");
  return RENDERS_PAGE.test(lines.slice(line - 1, line - 1 + HANDLER_LINES).join("\n"));
}

function routeRegistrations(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const literal of findRouteLiterals(view, NEEDLES, (route) => healthRouteStrength(route) !== undefined)) {
    const strength = healthRouteStrength(literal.route) as Strength;
    if (strength === "status" && isStatusPage(view, literal.path, literal.line, literal.route)) continue;
    const note = `${literal.method ? `${literal.method} ` : "route "}${literal.route}`;
    out.push({ evidence: { path: literal.path, line: literal.line, note }, strength });
  }
  return out;
}

/** A Rails route named by a symbol: `get :health_check, to: proc { ... }` serves /health_check. */
const RAILS_SYMBOL_ROUTE = inCode(RUBY, ["get", "match"], /^[ \t]*(?:get|match)[ \t]+:(\w+)\b/m);

function railsSymbolRoutes(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const found of searchCode(view, RAILS_SYMBOL_ROUTE)) {
    const route = `/${found.match[1]}`;
    const strength = healthRouteStrength(route);
    if (strength) out.push({ evidence: { path: found.path, line: found.line, note: `GET ${route}` }, strength });
  }
  return out;
}

/** An ASP.NET Core controller routed by its name: `[Route("api/[controller]")]` on `HealthCheckController` serves api/healthcheck; without a [Route], the default route serves /healthcheck. */
const CONTROLLER_ROUTE = /\[Route\(\s*"([^"\n]*\[controller\][^"\n]*)"\s*\)\][\s\S]{0,300}?\bclass\s+(\w+?)Controller\b/g;
/** An MVC controller with no [Route] of its own, reached by the default conventional route /{controller}/{action}. */
const CONVENTIONAL_CONTROLLER = /^(?![\s\S]*\[Route\()[\s\S]*?\bclass\s+(\w+?)Controller\s*:\s*\w*Controller(?:Base)?\b/;

function controllerRoutes(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const found of searchCode(view, inCode(CSHARP, "[controller]", CONTROLLER_ROUTE))) {
    const route = `/${(found.match[1] as string).replace("[controller]", (found.match[2] as string).toLowerCase()).replace(/^\/+/, "")}`;
    const strength = healthRouteStrength(route);
    if (strength) out.push({ evidence: { path: found.path, line: found.line, note: `route ${route} ([controller] route)` }, strength });
  }
  for (const found of searchCode(view, inCode(CSHARP, ["HealthController", "HealthCheckController", "HealthzController"], CONVENTIONAL_CONTROLLER), { firstInFile: true })) {
    const route = `/${(found.match[1] as string).toLowerCase()}`;
    if (healthRouteStrength(route) === "health") out.push({ evidence: { path: found.path, line: view.lineAt(found.path, found.index + found.match[0].lastIndexOf("class")), note: `route ${route} (conventional route)` }, strength: "health" });
  }
  return out;
}

/** The languages whose routers register a route at a path held in a variable or constant. */
const ROUTER_LANGUAGES: readonly Language[] = ["javascript", "typescript", "python", "go", "java", "kotlin", "ruby", "php", "rust", "csharp"];

/**
 * A route registered at a path the configuration supplies, held in a variable named for it:
 * `.route(&config.healthcheck_route, web::get().to(healthcheck))`, `HandleFunc(cfg.HealthPath, h)`.
 * Only router methods that no HTTP client has (not get/post).
 */
const HEALTH_PATH_VARIABLE = inCode(
  ROUTER_LANGUAGES,
  ["health", "Health", "HEALTH"],
  /\.(?:route|resource|service|HandleFunc|Handle|MapGet|MapMethods|add_route|add_api_route|add_url_rule)\s*\(\s*&?(?:[A-Za-z_]\w*\.)*(\w*(?:health|Health|HEALTH)\w*)\s*[,)]/,
);

/** The request's path compared with a constant named for health: `else if req_path == HEALTH_CHECK_PATH {` (dufs). */
const HEALTH_PATH_COMPARISON = inCode(
  ROUTER_LANGUAGES,
  ["HEALTH"],
  /\b(?:req_path|request_path|req\.path|request\.path|r\.URL\.Path|path)\s*={2,3}\s*&?(?:[A-Za-z_]\w*(?:\.|::))*([A-Z_]*HEALTH[A-Z_]*)\b/,
);

function healthPathVariables(view: RepoView): HealthRoute[] {
  const found = firstMatch(view, HEALTH_PATH_VARIABLE) ?? firstMatch(view, HEALTH_PATH_COMPARISON);
  return found ? [{ evidence: { path: found.path, line: found.line, note: `route at the configured path ${found.match[1]}` }, strength: "health" }] : [];
}

/** Most routes listed as evidence. */
const MAX_EVIDENCE = 6;

/** ASP.NET Core's development-only branch: `if (app.Environment.IsDevelopment()) {`. */
const DEVELOPMENT_BRANCH = /\bif\s*\(\s*[\w.]*\.IsDevelopment\s*\(\s*\)\s*\)\s*\{/g;
/** The extension method a line sits in: `public static WebApplication MapDefaultEndpoints(this WebApplication app)`. */
const EXTENSION_METHOD = /\bpublic\s+static\s+[\w<>.]+\s+(\w+)\s*\(\s*this\s/g;

/** Where a C# route is mapped, when that is not everywhere the app runs. */
type Reach = "everywhere" | "development" | "uncalled";

/**
 * A C# route mapped only inside `if (IsDevelopment())` (as .NET Aspire's ServiceDefaults template
 * does), or in an extension method nothing in the project calls, which maps nothing at all.
 */
function csharpReach(view: RepoView, evidence: Evidence): Reach {
  if (!evidence.path.endsWith(".cs") || evidence.line === undefined) return "everywhere";
  const code = view.code(evidence.path) ?? "";
  const offset = view.offsetOfLine(evidence.path, evidence.line);
  const method = [...code.slice(0, offset).matchAll(EXTENSION_METHOD)].at(-1);
  if (method && stillOpen(code.slice(method.index, offset).replace(/^[^{]*\{/, ""))) {
    const call = new RegExp(`\\.${method[1]}\\s*\\(`);
    if (!projectSourceFiles(view, CSHARP).some((path) => call.test(view.code(path) ?? ""))) return "uncalled";
  }
  for (const branch of code.slice(0, offset).matchAll(DEVELOPMENT_BRANCH)) {
    if (stillOpen(code.slice(branch.index + branch[0].length, offset))) return "development";
  }
  return "everywhere";
}

/** Whether a block opened just before `inside` is still open at its end. */
function stillOpen(inside: string): boolean {
  let depth = 1;
  for (const c of inside) {
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return false;
  }
  return true;
}

/** An HTTP route whose purpose is health, liveness or readiness, in the project's own code. */
export const healthEndpoint: Probe = {
  id: "observability.health-endpoint",
  run({ view }) {
    const mapped = [...routeRegistrations(view), ...fileRoutes(view), ...controllerRoutes(view), ...railsSymbolRoutes(view), ...phpScriptRoutes(view), ...providedHealth(view)]
      .map((route) => ({ route, reach: csharpReach(view, route.evidence) }))
      .filter(({ reach }) => reach !== "uncalled");
    const literal = mapped.filter(({ reach }) => reach === "everywhere").map(({ route }) => route);
    const found = literal.length > 0 ? literal : healthPathVariables(view);
    const developmentOnly = mapped.filter(({ reach }) => reach === "development").map(({ route }) => route.evidence);
    if (found.length === 0 && developmentOnly.length > 0) {
      const first = developmentOnly[0] as Evidence;
      return partial(
        `health checks are mapped only when the app runs in Development (${first.note} at ${at(first)}), so production has no health route: map them outside the IsDevelopment() branch, behind authorisation or a separate port if they expose details`,
        developmentOnly.slice(0, MAX_EVIDENCE),
      );
    }
    if (found.length === 0) {
      return fail(
        "no health, liveness or readiness route found: looked for route registrations of /health, /healthz, /livez, /readyz, /ping or /status, " +
          "file-based routes (app/api/health/route.ts) and framework health endpoints (Spring Boot Actuator, django-health-check, @nestjs/terminus) in the project's code",
      );
    }
    const ordered = [...found.filter((r) => r.strength === "health"), ...found.filter((r) => r.strength === "status")];
    const evidence = ordered.slice(0, MAX_EVIDENCE).map((r) => r.evidence);
    const first = evidence[0] as Evidence;
    return pass(`health route: ${first.note} at ${at(first)}`, evidence);
  },
};
