import { firstMatch, firstMatchOf, filesNamed, type CodeQuery } from "../../facts/code-search.js";
import { findDependency } from "../../facts/dependencies.js";
import { findRouteLiterals } from "../../facts/http-routes.js";
import { at, GO, JS, JVM, PY } from "../../facts/libraries.js";
import { isNonProjectPath, isTestPath } from "../../engine/paths.js";
import type { RepoView } from "../../engine/repo-view.js";
import { type Evidence, fail, type Probe, pass } from "../probe.js";

/** Segments that name a health check wherever they appear: /health, /api/v1/utils/health-check/, /healthz/ready. */
const HEALTH_SEGMENT = /^_{0,2}(?:health(?:z|y|check|checks|[-_]checks?)?|livez|liveness|readyz|readiness|heartbeat|startupz)$/;
/**
 * Words that are a health check only as the last segment of a short path (/ping, /api/status,
 * /up): "/orders/:id/status" is an order's status, not the service's.
 */
const STATUS_SEGMENT = /^(?:ping|status|ready|live|alive|isalive|is_alive|up)$/;
/** Segments that may stand before a status word: API prefixes and versions, not resources. */
const PREFIX_SEGMENT = /^(?:api|v\d+(?:\.\d+)?|internal|system|sys|monitoring|monitor|meta|ops|management|admin|actuator|service|app|public|private|infra|k8s|kube|probes?|-|_\w*|\$\{[^}]*\})$/;
/** A path parameter (:id, {id}, <int:pk>, [id], *): a health route of one resource is that resource's, not the service's. */
const PARAMETER_SEGMENT = /^(?::|\{|<|\[|\*|\()/;

/** Cheap test that a literal may hold one of the words above, before it is split into segments. */
const HEALTH_WORD = /health|live|ready|ping|status|heartbeat|up/i;

/** Plain strings one of which every candidate file holds ("livez" has "live", "readyz" has "ready"). */
const NEEDLES = ["health", "live", "ready", "ping", "status", "heartbeat", `up"`, "up'"];

type Strength = "health" | "status";

/** Whether a route path is a health/liveness/readiness route, and how plainly it says so. */
export function healthRouteStrength(route: string): Strength | undefined {
  if (!HEALTH_WORD.test(route)) return undefined;
  const segments = route.split("/").filter((s) => s !== "");
  for (let i = 0; i < segments.length; i++) {
    const segment = (segments[i] as string).toLowerCase();
    if (HEALTH_SEGMENT.test(segment)) return "health";
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

/** Folder names to a URL path: route groups "(ops)", parallel slots "@modal" and index files add no segment. */
function routeFromFolders(folders: string, dotSegments: boolean): string {
  const parts = dotSegments ? folders.split(/[./]/) : folders.split("/");
  return parts.filter((p) => !/^\(.*\)$|^@|^_?index$|^_[^_]/.test(p)).join("/");
}

/** Health endpoints that a framework or library provides once it is declared or set up. */
interface ProvidedHealth {
  name: string;
  route: string;
  packages?: readonly string[];
  setup?: CodeQuery[];
}

const SPRING_CONFIG = filesNamed(/^(?:application|bootstrap)(?:-[\w-]+)?\.(?:ya?ml|properties)$/);

const PROVIDED: ProvidedHealth[] = [
  { name: "Spring Boot Actuator", route: "/actuator/health", packages: ["org.springframework.boot:spring-boot-starter-actuator", "spring-boot-starter-actuator"] },
  { name: "Quarkus SmallRye Health", route: "/q/health", packages: ["io.quarkus:quarkus-smallrye-health"] },
  { name: "Micronaut management", route: "/health", packages: ["io.micronaut:micronaut-management"] },
  {
    name: "django-health-check",
    route: "health_check.urls",
    setup: [{ languages: PY, needles: ["health_check.urls"], pattern: /\binclude\s*\(\s*["']health_check\.urls["']/ }],
  },
  { name: "@nestjs/terminus", route: "@HealthCheck() controller", setup: [{ languages: JS, needles: ["HealthCheck"], pattern: /@HealthCheck\s*\(/ }] },
  { name: "lightship", route: "/health, /live, /ready", setup: [{ languages: JS, needles: ["createLightship"], pattern: /\bcreateLightship\s*\(/ }] },
  {
    name: "@godaddy/terminus",
    route: "terminus healthChecks",
    setup: [{ languages: JS, needles: ["healthChecks"], pattern: /\bhealthChecks\s*:\s*\{\s*["'`][^"'`\n]{1,80}["'`]\s*:/ }],
  },
  {
    name: "@fastify/under-pressure",
    route: "status route",
    setup: [{ languages: JS, needles: ["exposeStatusRoute"], pattern: /\bexposeStatusRoute\s*:\s*(?:true|["'`{])/ }],
  },
  {
    name: "gRPC health service",
    route: "grpc.health.v1.Health",
    setup: [
      { languages: GO, needles: ["RegisterHealthServer"], pattern: /\bRegisterHealthServer\s*\(/ },
      { languages: PY, needles: ["add_HealthServicer_to_server"], pattern: /\badd_HealthServicer_to_server\s*\(/ },
      { languages: JVM, needles: ["HealthStatusManager"], pattern: /\bnew\s+HealthStatusManager\s*\(/ },
    ],
  },
];

/** Spring's switch that turns every actuator endpoint, health included, off unless re-enabled. */
const ACTUATOR_HEALTH_DISABLED: CodeQuery = {
  files: SPRING_CONFIG,
  needles: ["management"],
  pattern: /management\.endpoint\.health\.enabled\s*[=:]\s*false|management\.endpoints\.enabled-by-default\s*[=:]\s*false/,
};

function providedHealth(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const provided of PROVIDED) {
    const dependency = provided.packages ? findDependency(view, provided.packages).find((d) => !d.dev) : undefined;
    if (provided.packages && !dependency) continue;
    if (provided.name === "Spring Boot Actuator" && firstMatch(view, ACTUATOR_HEALTH_DISABLED)) continue;
    const setup = provided.setup ? firstMatchOf(view, provided.setup) : undefined;
    if (provided.setup && !setup) continue;
    const place = setup ?? dependency;
    if (place) out.push({ evidence: { path: place.path, line: place.line, note: `${provided.route} (${provided.name})` }, strength: "health" });
  }
  return out;
}

function routeRegistrations(view: RepoView): HealthRoute[] {
  const out: HealthRoute[] = [];
  for (const literal of findRouteLiterals(view, NEEDLES, (route) => healthRouteStrength(route) !== undefined)) {
    const strength = healthRouteStrength(literal.route) as Strength;
    const note = `${literal.method ? `${literal.method} ` : "route "}${literal.route}`;
    out.push({ evidence: { path: literal.path, line: literal.line, note }, strength });
  }
  return out;
}

/** Most routes listed as evidence. */
const MAX_EVIDENCE = 6;

/** An HTTP route whose purpose is health, liveness or readiness, in the project's own code. */
export const healthEndpoint: Probe = {
  id: "observability.health-endpoint",
  run({ view }) {
    const found = [...routeRegistrations(view), ...fileRoutes(view), ...providedHealth(view)];
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
