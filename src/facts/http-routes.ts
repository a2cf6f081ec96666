import { type Language, languageOf } from "../view/paths.js";
import { includesAny } from "../view/regex.js";
import type { RepoView } from "../view/repo-view.js";
import { projectSourceFiles } from "./code-search.js";
import { rustUnitTestsStart } from "./test-files.js";

/** A string literal that the code registers as an HTTP route, or compares the request path with. */
export interface RouteLiteral {
  path: string;
  line: number;
  /** The route as written, without a Go 1.22 method prefix or regex anchors: "/healthz", "api/status/". */
  route: string;
  /** The HTTP method when the registration names one ("GET" for app.get(...)). */
  method?: string;
}

const ALL_LANGUAGES: readonly Language[] = ["javascript", "typescript", "python", "go", "java", "kotlin", "scala", "ruby", "php", "rust", "csharp", "elixir"];

/**
 * A quoted literal made of URL-path characters (no spaces, so log messages never qualify), with
 * an optional method prefix as in Go 1.22 patterns ("GET /healthz"). Bounded, so linear; sticky,
 * so it is only tried where a candidate literal opens.
 */
const PATH_LITERAL = /(["'`])((?:(?:GET|HEAD|ANY) )?[\w./:{}<>[\]$^?*+()@~%-]{1,160})\1/y;
const MAX_LITERAL = 170;
/** The characters of PATH_LITERAL's body, by char code, for the scan back to a literal's opening quote. */
const PATH_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:{}<>[]$^?*+()@~%-") PATH_CHARS[c.charCodeAt(0)] = 1;

/**
 * Where the literals that hold a needle open: from each occurrence of a needle, back over path
 * characters (and a Go method prefix) to a quote. Only these literals are parsed, not every
 * string of the file.
 */
function literalOpenings(text: string, needles: readonly string[]): number[] {
  const openings = new Set<number>();
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const floor = Math.max(0, at - MAX_LITERAL);
      let i = at;
      while (i > floor && PATH_CHARS[text.charCodeAt(i - 1)] === 1) i--;
      const prefix = /(?:GET|HEAD|ANY) $/.exec(text.slice(Math.max(0, i - 5), i));
      if (prefix) i -= prefix[0].length;
      const quote = text[i - 1];
      if (quote === '"' || quote === "'" || quote === "`") openings.add(i - 1);
    }
  }
  return [...openings].sort((a, b) => a - b);
}

/** Calls that register a route, by callee name (Express, Fastify, Koa, Hono, NestJS, Flask, FastAPI, Django, Go muxes, Spring, JAX-RS, ASP.NET, Rust...). */
const ROUTE_CALLS = new Set(
  (
    "get head all any route use handle handler handleFunc HandleFunc Handle GET HEAD ANY Any Get Head All Route Path path re_path url " +
    "add_get add_head add_route add_api_route add_url_rule api_route Mount mount GetMapping RequestMapping Controller HttpGet MapGet " +
    "MapHealthChecks MapMethods resource scope nest at"
  ).split(" "),
);
/** Callee names that an HTTP client uses too: `axios.get("/health")` calls a route, it does not serve one. */
const CLIENT_VERBS = new Set(["get", "head", "all", "any", "Get", "Head", "GET", "HEAD"]);
const CLIENT_RECEIVERS = /^(?:axios|https?|requests?|httpx|got|ky|superagent|session|agent|\$http|fetch|restTemplate|webClient|resty|cy|page|browser|supertest|chai|\w*[Cc]lient)$/;

/**
 * `name(`, `receiver.name(` (PHP `$receiver->name(`), `@decorator(`, with at most one wrapping call (`HandleFunc(s.prefixed(`)
 * or prefix (`HandleFunc(baseUrl + `), and an opening [ or {.
 */
const CALL_BEFORE = /(@)?(?:([A-Za-z_$][\w$]*)\s*(?:\??\.|->)\s*)?\b([A-Za-z_]\w*)\s*\(\s*(?:[A-Za-z_$][\w$.]{0,60}\s*[(+]\s*)?[[{]?\s*$/;
/** The innermost call alone, for a route call wrapped in another (actix's `.service(resource("/health"))`). */
const DIRECT_CALL_BEFORE = /(@)?(?:([A-Za-z_$][\w$]*)\s*(?:\??\.|->)\s*)?\b([A-Za-z_]\w*)\s*\(\s*[[{]?\s*$/;
/** `Method("GET", "/health")`, `app.on("GET", "/health")`: the path is the second argument. */
const METHOD_THEN_PATH_BEFORE = /\b(?:Method|MethodFunc|on|Handle|route)\s*\(\s*["']([A-Z]+)["']\s*,\s*$/;
/** Spring/JAX-RS annotation arguments: `@GetMapping(value = "/health")`; utoipa's `#[utoipa::path(get, path = "/health")]`. */
const ANNOTATION_ARGUMENT_BEFORE = /(?:Mapping|Path|Get|Route)\s*\(\s*(?:value|path|url)\s*=\s*\{?\s*$|#\[utoipa::path\s*\([^\]]{0,120}?\bpath\s*=\s*$/;
/** A route object's key (hapi, Fastify): `{ method: "GET", path: "/health" }`. */
const ROUTE_KEY_BEFORE = /(?:^|[^\w$])(?:path|url)\s*:\s*$/;
/** A value compared with the literal (`req.url === "/health"`, `scope["path"] == "/health"`): the operand is captured. */
const COMPARISON_BEFORE = /([\w$.[\]"'()]{1,60}?)\s*(?:===?|!==?)\s*$/;
/** A value tested with the literal (`req.url.endsWith("/health")`): the operand is captured. */
const PATH_METHOD_BEFORE = /([\w$.[\]"'()]{1,60}?)\s*\.\s*(?:endsWith|startsWith|equals|includes)\s*\(\s*$/;
/** The request object of a server handler, or its URL: `req.url`, `r.URL.Path`, `scope["path"]`, `url.pathname`. */
const REQUEST_OBJECT = /^(?:req|request|ctx|context|scope|event|r|c|url|parsedUrl|u)\b/;
const BARE_PATH = /^(?:pathname|path|path_info|urlPath|requestPath|reqPath)$/;

/** The request's path, as opposed to a browser router's (`this.path`, `route.path`, `location.pathname`). */
function isRequestPath(captured: string | undefined): boolean {
  const operand = captured?.replace(/^[^\w$]+/, "");
  if (!operand) return false;
  return (REQUEST_OBJECT.test(operand) && /url|path|uri/i.test(operand)) || BARE_PATH.test(operand);
}
/** Go: `strings.HasSuffix(r.URL.Path, "/health")`. */
const GO_PATH_TEST_BEFORE = /strings\.(?:HasSuffix|HasPrefix|EqualFold)\s*\(\s*[\w.]*(?:Path|URL|path|url)[\w.()]*\s*,\s*$/;
/** A switch over the path: `case "/healthz":`, Ruby `when "/health"`. */
const CASE_BEFORE = /\b(?:case|when)\s*$/;
/** Rails/Sinatra/Phoenix route DSL at the start of a line: `get "up" => "rails/health#show"`. */
const LINE_VERB_BEFORE = /^[ \t]*(?:get|match|head|forward)[ \t]+$/;
/** Laravel's `->withRouting(health: '/up')`, Rails `mount X, at: "/health"`. */
const NAMED_ARGUMENT_BEFORE = /\b(?:health|at):\s*$/;
/** A health middleware given its path: `health_check(application, "/health/")`, `app.use(healthcheck("/healthz"))`. */
const HEALTH_CALL_BEFORE = /\b[\w$]*(?:[Hh]ealth|[Rr]eadiness|[Ll]iveness|[Hh]eartbeat)[\w$]*\s*\((?:[^()\n]{0,120},)?\s*(?:\w+\s*=\s*)?$/;
/** Tornado-style route tables: `[(r"/health", HealthHandler), ...]`. */
const TUPLE_BEFORE = /[[,]\s*\(\s*$/;

/** How far back a Rust match arm's `match` is looked for: a router's match may have many arms. */
const MATCH_WINDOW = 3000;
const RUST_MATCH_HEADER = /\bmatch\b([^{;]{1,160})\{/g;

/** The literal is an arm of a `match` over the request's path: `match req.uri().path() { "/status" => ... }`. */
function matchesRequestPath(code: string, quoteIndex: number): boolean {
  const headers = [...code.slice(Math.max(0, quoteIndex - MATCH_WINDOW), quoteIndex).matchAll(RUST_MATCH_HEADER)];
  return /\b(?:path|uri|url)\b/i.test(headers.at(-1)?.[1] ?? "");
}

/** A Rust router macro's table row: `GET "/health" => Health,` (garage's router_match!). */
const RUST_MACRO_ROUTE_BEFORE = /^[ \t]*(GET|HEAD)[ \t]+$/;

const CONTEXT_CHARS = 200;

/**
 * Route literals in the project's own source (tests, fixtures and examples left out) that hold
 * one of the needles and pass `accept`. The cost is a string scan per file and a bounded
 * look-around per occurrence of a needle.
 */
export function findRouteLiterals(view: RepoView, needles: readonly string[], accept: (route: string) => boolean): RouteLiteral[] {
  const out: RouteLiteral[] = [];
  const unresolved: { constant: string; route: string }[] = [];
  const files = projectSourceFiles(view, ALL_LANGUAGES);
  for (const path of files) {
    const text = view.text(path);
    if (text === undefined || !includesAny(text, needles)) continue;
    const language = languageOf(path) as Language;
    // A Rust file's unit tests (`#[cfg(test)] mod tests`) call its functions with paths; they serve nothing.
    const codeEnd = language === "rust" ? rustUnitTestsStart(text) : text.length;
    // Literals are found in the raw text; comments are blanked only for files with a candidate in a route context.
    for (const opening of literalOpenings(text, needles)) {
      if (opening >= codeEnd) break;
      PATH_LITERAL.lastIndex = opening;
      const match = PATH_LITERAL.exec(text);
      if (!match) continue;
      const literal = match[2] as string;
      const methodPrefix = /^(GET|HEAD|ANY) /.exec(literal);
      const route = normaliseRoute(methodPrefix ? literal.slice(methodPrefix[0].length) : literal);
      if (route.includes("://") || !accept(route)) continue;
      if (routePlace(text, match.index, route, language) === undefined) {
        const constant = CONSTANT_BEFORE.exec(text.slice(Math.max(0, match.index - CONTEXT_CHARS), match.index))?.[1];
        if (constant && ROUTE_CONSTANT_NAME.test(constant) && (view.code(path) ?? text)[match.index] === match[1]) unresolved.push({ constant, route });
        continue;
      }
      // Only now pay for blanking comments: the literal and its context must both be code, not a quote inside a message.
      const code = view.code(path) ?? text;
      if (code[match.index] !== match[1] || view.inProse(path, match.index)) continue;
      const place = routePlace(code, match.index, route, language);
      if (place === undefined) continue;
      const method = methodPrefix?.[1] ?? place.method;
      out.push({ path, line: view.lineAt(path, place.index), route, ...(method ? { method } : {}) });
    }
  }
  for (const { constant, route } of unresolved.slice(0, MAX_ROUTE_CONSTANTS)) {
    const registration = handedToRouter(view, files, constant);
    if (registration) out.push({ ...registration, route });
  }
  return out;
}

/**
 * A name that is a route constant (HEALTH_PATH, HealthzRoute, livenessEndpoint), not an argument
 * or a field that happens to hold a path: `path = "/health"` in an OpenAPI attribute is neither.
 */
const ROUTE_CONSTANT_NAME = /^[A-Z][A-Z0-9_]{3,}$|^\w+(?:Path|Route|Url|URL|Endpoint|Pattern)$/;
/** Route constants followed into other files: a handful per audit, each a string scan of the files that name it. */
const MAX_ROUTE_CONSTANTS = 8;

/**
 * Where a route constant reaches a router in another file: a route call, or the project's own
 * router table (`register(HealthPath, s.health)`, `{HealthPath, "GET", h}`, `HealthPath: h`), or a route
 * definition's path (`'path' => static::ROUTE_PATH`).
 */
function handedToRouter(view: RepoView, files: readonly string[], constant: string): { path: string; line: number } | undefined {
  const name = constant.replace(/\$/g, "\\$");
  const use = new RegExp(
    `(?:([A-Za-z_$][\\w$]*)\\s*\\??\\.\\s*)?\\b([A-Za-z_]\\w*)\\s*\\(\\s*(?:[\\w$]+\\.)?${name}\\b\\s*[,)]|[{,]\\s*(?:[\\w$]+\\.)?${name}\\s*,\\s*[\\w$.&"']|(?:^|[{,\\s])(?:[\\w$]+\\.)?${name}\\s*:\\s*[\\w$.&]|["']?\\bpath["']?\\s*(?:=>|:)\\s*(?:[\\w$\\\\]+::|[\\w$]+\\.)?${name}\\b`,
    "g",
  );
  for (const path of files) {
    if (!(view.text(path) as string).includes(constant)) continue;
    const code = view.code(path) ?? "";
    for (const found of code.matchAll(use)) {
      const [, receiver, callee] = found;
      if (callee !== undefined && (isClientCall(receiver, callee) || /^(?:const|let|var|String|string|str|len|print\w*|log\w*|fmt|assert\w*|expect)$/.test(callee))) continue;
      return { path, line: view.lineAt(path, found.index) };
    }
  }
  return undefined;
}

/** `const HEALTH_PATH = `, `healthPath := `, `private static final String HEALTH = `: the literal names a route constant. */
const CONSTANT_BEFORE = /([A-Za-z_$][\w$]*)\s*(?::\s*[\w.]+)?\s*:?=\s*$/;

/**
 * Where the literal is registered as a route: at the literal itself, or, when it is assigned to a
 * constant, at the route call of the same file that passes that constant.
 */
function routePlace(code: string, quoteIndex: number, route: string, language: Language): { index: number; method: string } | undefined {
  const method = routeContext(code, quoteIndex, route, language);
  if (method !== undefined) return { index: quoteIndex, method };
  const constant = CONSTANT_BEFORE.exec(code.slice(Math.max(0, quoteIndex - CONTEXT_CHARS), quoteIndex))?.[1];
  if (!constant) return undefined;
  const use = new RegExp(`(?:([A-Za-z_$][\\w$]*)\\s*\\??\\.\\s*)?\\b([A-Za-z_]\\w*)\\s*\\(\\s*(?:[\\w$.]{1,60}\\s*[(+]\\s*)?(?:[\\w$]+\\.)?${constant.replace(/\$/g, "\\$")}\\b`, "g");
  for (let call = use.exec(code); call !== null; call = use.exec(code)) {
    const [, receiver, callee] = call as unknown as [string, string | undefined, string];
    if (ROUTE_CALLS.has(callee) && !isClientCall(receiver, callee)) return { index: call.index, method: methodOf(callee) };
  }
  return undefined;
}

function isClientCall(receiver: string | undefined, callee: string): boolean {
  return receiver !== undefined && CLIENT_VERBS.has(callee) && CLIENT_RECEIVERS.test(receiver);
}

/** The literal is an attribute's argument: `[Get(`, `[HttpGet(`. */
const CSHARP_ATTRIBUTE_BEFORE = /\[\s*\w+\s*\(\s*$/;

/**
 * A C# attribute on a member without a body (`[Get("/status")] Task<Status> GetStatusAsync();`):
 * an interface that declares an HTTP client (Refit, RestEase), not an endpoint the app serves.
 */
function declaresBodilessMember(code: string, from: number): boolean {
  const lines = code.slice(code.indexOf("\n", from) + 1, from + 2000).split("\n");
  const member = lines.map((line) => line.trim()).find((line) => line !== "" && !line.startsWith("[") && !line.startsWith("//"));
  return member?.endsWith(";") === true && !member.includes("=>");
}

/** Strips regex anchors and a raw-string's decorations: "^health/?$" → "health/". */
function normaliseRoute(literal: string): string {
  return literal.replace(/^\^/, "").replace(/\/?\?\$$|\$$/, (end) => (end.startsWith("/") ? "/" : ""));
}

/**
 * Whether the literal at `quoteIndex` sits where a route is declared or the request path is
 * tested. Returns the HTTP method it implies ("" when none), or undefined when it is not a route.
 */
function routeContext(code: string, quoteIndex: number, route: string, language: Language): string | undefined {
  const lineStart = code.lastIndexOf("\n", quoteIndex - 1) + 1;
  const lineBefore = code.slice(lineStart, quoteIndex);
  const withoutPrefix = language === "python" ? /[rRbBfFuU]{0,2}$/ : /$/;
  const before = code.slice(Math.max(0, quoteIndex - CONTEXT_CHARS), quoteIndex).replace(withoutPrefix, "").trimEnd();
  const rooted = route.startsWith("/");

  const outer = CALL_BEFORE.exec(before);
  const call = outer && !ROUTE_CALLS.has(outer[3] as string) ? DIRECT_CALL_BEFORE.exec(before) : outer;
  if (call && ROUTE_CALLS.has(call[3] as string)) {
    const [, decorator, receiver, callee] = call as unknown as [string, string | undefined, string | undefined, string];
    // A method call needs a rooted path: `settings.get("status")` reads a key, `@Get("health")` and Django's path("health/") declare routes.
    // warp's path filters name one segment at a time: warp::path("health").
    const segmentFilter = receiver === undefined && /warp::path!?\s*\(\s*$/.test(before);
    if (language === "csharp" && CSHARP_ATTRIBUTE_BEFORE.test(lineBefore) && declaresBodilessMember(code, quoteIndex)) return undefined;
    if (!isClientCall(receiver, callee) && (rooted || decorator !== undefined || receiver === undefined || segmentFilter)) return methodOf(callee);
  }
  const methodFirst = METHOD_THEN_PATH_BEFORE.exec(before);
  if (methodFirst) return methodFirst[1];
  if (ANNOTATION_ARGUMENT_BEFORE.test(before)) return "";
  if (language === "ruby" || language === "elixir") {
    if (LINE_VERB_BEFORE.test(lineBefore)) return /^\s*head/.test(lineBefore) ? "HEAD" : "GET";
  }
  if (!rooted) return undefined;
  if (ROUTE_KEY_BEFORE.test(before) && hasMethodNearby(code, quoteIndex)) return "";
  if (isRequestPath(COMPARISON_BEFORE.exec(before)?.[1]) || isRequestPath(PATH_METHOD_BEFORE.exec(before)?.[1])) return "";
  if (CASE_BEFORE.test(before) || HEALTH_CALL_BEFORE.test(before)) return "";
  if (language === "go" && GO_PATH_TEST_BEFORE.test(before)) return "";
  if ((language === "php" || language === "ruby") && NAMED_ARGUMENT_BEFORE.test(before)) return "GET";
  if (language === "python" && TUPLE_BEFORE.test(before)) return "";
  if (language === "rust") {
    const arm = /^\s*\)?\s*=>/.test(code.slice(code.indexOf(code[quoteIndex] as string, quoteIndex + 1) + 1));
    const macroMethod = RUST_MACRO_ROUTE_BEFORE.exec(lineBefore)?.[1];
    if (arm && macroMethod) return macroMethod;
    if (arm && matchesRequestPath(code, quoteIndex)) return "";
  }
  return undefined;
}

/** GET for get/GET/add_get/MapGet/HttpGet/GetMapping, HEAD for head/add_head, "" for method-agnostic registrations. */
function methodOf(callee: string): string {
  if (/get/i.test(callee)) return "GET";
  if (/head$/i.test(callee)) return "HEAD";
  return "";
}

function hasMethodNearby(code: string, index: number): boolean {
  return /\bmethods?\s*:/.test(code.slice(Math.max(0, index - 150), index + 150));
}
