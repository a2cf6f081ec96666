import { escapeRegExp } from "../../view/regex.js";
import { type CodeMatch, filesNamed, projectSourceFiles } from "../../facts/code-search.js";
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
  RUBY,
  RUST,
} from "../../facts/libraries.js";
import { basename, type Language, languageOf } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Server-side request limiters. Client-side throttles of outgoing calls (bottleneck, p-limit) are not request rate limiting. */
const LIMITERS: LibrarySpec[] = [
  {
    name: "express-rate-limit",
    packages: ["express-rate-limit", "express-slow-down", "express-brute", "express-limiter"],
    usage: [
      inCode(JS, ["rateLimit", "RateLimit", "slowDown", "ExpressBrute"], /\b(?:rateLimit|RateLimit|slowDown)\s*\(|\bnew\s+ExpressBrute\s*\(/),
      importQuery(JS, jsImport, "express-rate-limit", "express-slow-down", "express-brute", "express-limiter"),
    ],
  },
  {
    name: "rate-limiter-flexible",
    packages: ["rate-limiter-flexible"],
    usage: [inCode(JS, "RateLimiter", /\bnew\s+RateLimiter\w+\s*\(/), importQuery(JS, jsImport, "rate-limiter-flexible")],
  },
  {
    name: "@fastify/rate-limit",
    packages: ["@fastify/rate-limit", "fastify-rate-limit"],
    usage: [importQuery(JS, jsImport, "@fastify/rate-limit", "fastify-rate-limit")],
  },
  {
    name: "@nestjs/throttler",
    packages: ["@nestjs/throttler"],
    usage: [inCode(JS, "Throttle", /\bThrottlerModule\.forRoot\w*\s*\(|\bThrottlerGuard\b|@Throttle\s*\(/)],
  },
  {
    name: "koa-ratelimit",
    packages: ["koa-ratelimit", "koa2-ratelimit", "hono-rate-limiter", "@elysiajs/rate-limit"],
    usage: [importQuery(JS, jsImport, "koa-ratelimit", "koa2-ratelimit", "hono-rate-limiter")],
  },
  { name: "@upstash/ratelimit", packages: ["@upstash/ratelimit"], usage: [inCode(JS, "Ratelimit", /\bnew\s+Ratelimit\s*\(/), importQuery(JS, jsImport, "@upstash/ratelimit")] },
  // Arcjet is also a WAF, bot detector and email validator: only its rate-limit rules count.
  { name: "Arcjet", packages: ["@arcjet/*"], usage: [inCode(JS, ["fixedWindow", "slidingWindow", "tokenBucket"], /\b(?:fixedWindow|slidingWindow|tokenBucket)\s*\(/)], sharedPackage: true },
  {
    name: "slowapi / flask-limiter",
    packages: ["slowapi", "flask-limiter", "Flask-Limiter", "limits"],
    usage: [inCode(PY, "Limiter", /\bLimiter\s*\(/), inCode(PY, "limit", /@\w+\.limit\s*\(/)],
  },
  { name: "fastapi-limiter", packages: ["fastapi-limiter"], usage: [inCode(PY, ["FastAPILimiter", "RateLimiter"], /\bFastAPILimiter\.init\s*\(|\bRateLimiter\s*\(/)] },
  // Locks an account or address out after repeated failed logins: throttling where brute force is aimed.
  { name: "django-axes", packages: ["django-axes"], usage: [inCode(PY, ["axes"], /["']axes(?:\.middleware\.AxesMiddleware)?["']|\bAXES_FAILURE_LIMIT\b/)] },
  { name: "django-ratelimit", packages: ["django-ratelimit"], usage: [inCode(PY, "ratelimit", /@ratelimit\s*\(|\bratelimit\s*\(/)] },
  {
    name: "Django REST framework throttling",
    packages: ["djangorestframework"],
    usage: [inCode(PY, ["THROTTLE", "throttle_classes"], /["']DEFAULT_THROTTLE_CLASSES["']|\bthrottle_classes\s*=/)],
    sharedPackage: true,
  },
  {
    name: "golang.org/x/time/rate",
    packages: ["golang.org/x/time"],
    usage: [inCode(GO, "NewLimiter", /\brate\.NewLimiter\s*\(/)],
    sharedPackage: true,
  },
  { name: "limiter (npm)", packages: ["limiter"], usage: [inCode(JS, "RateLimiter", /\bnew\s+RateLimiter\s*\(/)], sharedPackage: true },
  { name: "Guava RateLimiter", packages: ["com.google.guava:guava"], usage: [inCode(JVM, "RateLimiter", /\bRateLimiter\.create\s*\(/)], sharedPackage: true },
  {
    name: "Go rate-limit middleware",
    packages: ["github.com/didip/tollbooth*", "github.com/ulule/limiter*", "github.com/go-chi/httprate", "github.com/sethvargo/go-limiter", "github.com/throttled/throttled*", "github.com/gofiber/fiber/*", "github.com/labstack/echo*"],
    usage: [
      inCode(GO, ["tollbooth", "limiter", "httprate", "throttled", "RateLimiter"], /\btollbooth\.\w+\s*\(|\bhttprate\.\w+\s*\(|\blimiter\.New\s*\(|\bthrottled\.\w+\s*\(|\bmiddleware\.RateLimiter\w*\s*\(/),
      importQuery(GO, goImport, "github.com/didip/tollbooth", "github.com/ulule/limiter", "github.com/go-chi/httprate", "github.com/sethvargo/go-limiter", "github.com/throttled/throttled"),
    ],
    sharedPackage: true,
  },
  {
    name: "Bucket4j / Resilience4j",
    packages: ["com.bucket4j:*", "com.github.vladimir-bukhtoyarov:*", "io.github.resilience4j:resilience4j-ratelimiter", "io.github.resilience4j:resilience4j-spring-boot*"],
    usage: [inCode(JVM, ["Bucket", "Bandwidth", "RateLimiter"], /\bBucket4?j?\.builder\s*\(|\bBandwidth\.\w+\s*\(|@RateLimiter\s*\(|\bRateLimiter\.of\s*\(|\bRateLimiterRegistry\b/)],
  },
  {
    name: "Spring Cloud Gateway rate limiter",
    packages: ["org.springframework.cloud:spring-cloud-starter-gateway*"],
    usage: [{ files: SPRING_CONFIG, needles: ["RequestRateLimiter"], pattern: /\bRequestRateLimiter\b/ }],
    sharedPackage: true,
  },
  { name: "rack-attack", packages: ["rack-attack"], usage: [inCode(RUBY, "Rack::Attack", /\bRack::Attack\b/)] },
  { name: "Rails rate_limit", packages: ["rails"], usage: [inCode(RUBY, "rate_limit", /^[ \t]*rate_limit[ \t(]+to:/m)], sharedPackage: true },
  { name: "Laravel throttle", packages: ["laravel/framework"], usage: [inCode(PHP, ["throttle", "RateLimiter"], /["']throttle:[\w,]+["']|\bRateLimiter::for\s*\(/)], sharedPackage: true },
  {
    // A firewall's login_throttling applies itself; a limiter defined in rate_limiter.yaml counts where a service is given its factory.
    name: "Symfony rate limiter",
    packages: ["symfony/rate-limiter"],
    usage: [
      { files: filesNamed(/^security\.ya?ml$/), needles: ["login_throttling"], pattern: /^[ \t]+login_throttling:/m },
      inCode(PHP, "RateLimiterFactory", /\bRateLimiterFactory(?:Interface)?\s+\$\w+/),
    ],
  },
  { name: "governor", packages: ["governor", "tower_governor", "actix-governor"], usage: [inCode(RUST, ["Governor", "governor"], /\bGovernor\w*\b|\bgovernor::/)] },
  {
    name: "actix rate limiter",
    packages: ["actix-extensible-rate-limit", "actix-limitation"],
    usage: [inCode(RUST, ["actix_extensible_rate_limit", "actix_limitation", "RateLimiter::builder"], /\bactix_extensible_rate_limit::|\bactix_limitation::|\bRateLimiter::builder\s*\(/)],
  },
  {
    // Built into ASP.NET Core since .NET 7: a policy added, then applied with UseRateLimiter or RequireRateLimiting.
    name: "ASP.NET Core rate limiting",
    packages: [],
    usage: [inCode(CSHARP, ["UseRateLimiter", "RequireRateLimiting", "EnableRateLimiting"], /\bUseRateLimiter\s*\(|\.RequireRateLimiting\s*\(|\[EnableRateLimiting\s*\(/)],
  },
  { name: "AspNetCoreRateLimit", packages: ["AspNetCoreRateLimit"], usage: [inCode(CSHARP, ["UseIpRateLimiting", "UseClientRateLimiting"], /\bUse(?:Ip|Client)RateLimiting\s*\(/)] },
  {
    name: "tower rate limit",
    packages: ["tower", "tower-http"],
    // RateLimitLayer, or ServiceBuilder's `.rate_limit(count, per)`.
    usage: [inCode(RUST, ["RateLimitLayer", "rate_limit"], /\bRateLimitLayer::new\s*\(|\.rate_limit\s*\(\s*[\w.]+\s*,\s*(?:std::time::)?Duration::/)],
    sharedPackage: true,
  },
  {
    name: "nginx limit_req",
    packages: [],
    usage: [{ files: filesNamed(/\.conf$|^nginx.*\.conf\.template$/), needles: ["limit_req"], pattern: /^[ \t]*limit_req(?:_zone)?\s/m }],
  },
];

/** Code that handles requests: a limiter in it limits requests, not calls the service makes. */
const REQUEST_HANDLING =
  /\bHttpRequest\b|\bHttpResponse\b|\bServiceRequest\b|\bStatusCode::TOO_MANY_REQUESTS\b|\bhttp\.Handler|\bResponseWriter\b|\bgin\.Context\b|\becho\.Context\b|\bfiber\.Ctx\b|\bStatusTooManyRequests\b|\bUnaryServerInterceptor\b|\(\s*req\b[^)\n]{0,80}\bres\b|\(\s*ctx\s*(?::[^,)\n]{0,80})?,\s*next\b|\b(?:req|request)\s*:\s*(?:Request|NextRequest|FastifyRequest|HttpRequest)\b|\bHttpContext\b|\bHttpServletRequest\b|\bServerWebExchange\b|\$request\b|\bstatus\s*[:=(]\s*429\b/;

/**
 * Token buckets that limit whatever they are given: outgoing API calls as often as incoming
 * requests. They count only where the code around them serves requests.
 */
const GENERIC_BUCKETS = new Set(["golang.org/x/time/rate", "limiter (npm)", "Guava RateLimiter"]);

function servesRequests(view: RepoView, match: CodeMatch, library: LibrarySpec): boolean {
  return (!GENERIC_BUCKETS.has(library.name) && languageOf(match.path) !== "go") || REQUEST_HANDLING.test(view.code(match.path) ?? "");
}

/** A function or class the project writes itself whose name says it limits rates: checkRateLimit, RateLimiter, throttle_requests. */
const LIMITER_DECLARATION = /\b(?:function\*?|class|def|func|fn|struct|const|let|var)\s+((?:\w*_)?(?:\w*[Rr]ate_?[Ll]imit|[Tt]hrottl)\w*)\b/g;
/** What a server-side limiter does with a client over the limit. */
const REJECTION = /\b429\b|TooManyRequests|TOO_MANY_REQUESTS|[Tt]oo [Mm]any [Rr]equests|[Rr]etry-?[Aa]fter|\blimited\b/;
/** A module whose file name says it limits rates: middlewares/rate-limit.ts, rateLimiter.js, throttle.py. */
const LIMITER_MODULE = /[Rr]ate[-_]?[Ll]imit|[Tt]hrottl/;
/** A generic token bucket built in the file: the project's own wrapper around it is the limiter. */
const BUCKET_BUILT = /\brate\.NewLimiter\s*\(|\bnew\s+(?:RateLimiter|TokenBucket)\s*\(\s*\{\s*tokensPerInterval\b|\bRateLimiter\.create\s*\(/;
/** Names a wrapper module declares: Go funcs and methods, JS/TS functions, classes and constants. */
const WRAPPER_DECLARATION = /^[ \t]*(?:export\s+)?(?:func\s+(?:\([^)\n]{0,200}\)\s*)?|(?:async\s+)?function\*?\s+|class\s+|(?:const|let)\s+)([A-Za-z_]\w{3,})/gm;
/** Where a reference registers a handler in front of requests: middleware chains, decorators, filters. */
const REGISTRATION = /\.use\s*\(|\.wrap(?:_fn)?\s*\(|\.layer\s*\(|\bUse\s*\(|[Mm]iddleware|^\s*@|\bbefore_(?:action|request)\b|\b(?:preHandler|onRequest)\b|global::|\bDepends\s*\(|\baddFilter\w*\s*\(|\baddInterceptors?\b/;
/** Lines that only bring a name into scope or pass it on: importing a limiter applies it to nothing. */
const NAMING_ONLY = /^\s*(?:import\b|export\s*\{|export\s+\*|from\s+\S+\s+import\b|(?:const|let|var)\s+\{[^}]*\}\s*=\s*require\s*\(|require(?:_relative)?\b|use\s+[\w\\]+;)/;
const CUSTOM_LANGUAGES: readonly Language[] = [...JS, ...PY, ...GO, ...RUBY, ...JVM, ...PHP, ...RUST, ...CSHARP];
const MAX_CANDIDATES = 8;

interface CustomLimiter {
  name: string;
  declaration: Evidence;
  caller: Evidence;
}

interface Candidate {
  path: string;
  index: number;
  name: string;
  /** Named after the module's file: referenced as a module (`./rate-limit`, `global::rate-limit`), not as an identifier. */
  module?: boolean;
  /** The limiter only counts; the code that applies it must turn clients away (429, Retry-After). */
  rejectsAtCaller?: boolean;
}

/** Declarations that may be the project's own limiter: named for rate limiting in code that rejects, or wrapping a generic token bucket. */
function limiterCandidates(view: RepoView, files: readonly string[]): Candidate[] {
  const candidates: Candidate[] = [];
  // Limiters that only count are tried after those that reject, and only while there is room.
  const counting: Candidate[] = [];
  for (const path of files) {
    if (candidates.length >= MAX_CANDIDATES) break;
    const text = view.text(path) as string;
    // Frameworks register middleware modules by file name (Strapi's 'global::rate-limit'), and a default export has no name of its own.
    const stem = basename(path).replace(/\.[^.]*$/, "");
    // A limiter in the project's HTTP client (client.rs, api_client.py, RedditClient.cs) paces its outgoing calls.
    if (/client$/i.test(stem)) continue;
    const limiterModule = LIMITER_MODULE.test(stem);
    const namedForLimits = limiterModule || /[Rr]ate_?[Ll]imit|[Tt]hrottl/.test(text);
    const mayBuildBucket = text.includes("NewLimiter") || text.includes("tokensPerInterval") || text.includes("RateLimiter.create");
    if (!namedForLimits && !mayBuildBucket) continue;
    const code = view.code(path) ?? text;
    const bucket = code.search(BUCKET_BUILT);
    if (bucket !== -1) {
      for (const found of code.matchAll(WRAPPER_DECLARATION)) candidates.push({ path, index: bucket, name: found[1] as string });
      continue;
    }
    if (!namedForLimits) continue;
    const rejectsHere = REJECTION.test(code);
    for (const found of code.matchAll(LIMITER_DECLARATION)) {
      if (!/retry|backoff|client/i.test(found[1] as string)) (rejectsHere ? candidates : counting).push({ path, index: found.index, name: found[1] as string, rejectsAtCaller: !rejectsHere });
    }
    if (!rejectsHere) continue;
    if (limiterModule) candidates.push({ path, index: code.search(REJECTION), name: stem, module: true });
  }
  return [...candidates, ...counting].slice(0, MAX_CANDIDATES * 4);
}

/**
 * Where another file applies a limiter to requests: registers it as middleware, a decorator or a
 * filter, or calls it in code that serves requests. Importing it or listing it applies it to nothing.
 */
function appliedAt(view: RepoView, caller: string, { name, module }: Candidate): number | undefined {
  const code = view.code(caller) ?? "";
  const servesHere = REQUEST_HANDLING.test(code);
  const reference = module ? `(?<=[/:"'\x60])${escapeRegExp(name)}\\b` : `\\b${escapeRegExp(name)}\\b`;
  for (const found of code.matchAll(new RegExp(reference, "g"))) {
    if (view.inProse(caller, found.index)) continue;
    const lineStart = code.lastIndexOf("\n", found.index) + 1;
    const lineEnd = code.indexOf("\n", found.index);
    const line = code.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    if (NAMING_ONLY.test(line)) continue;
    const calledHere = /^\s*\(/.test(code.slice(found.index + name.length, found.index + name.length + 40));
    if (REGISTRATION.test(line) || (servesHere && calledHere)) return found.index;
  }
  return undefined;
}

/**
 * A limiter the project wrote itself (e.g. a Redis counter per client, or a wrapper around a
 * generic token bucket), applied to requests from another file.
 */
function customLimiter(view: RepoView): CustomLimiter | undefined {
  const files = projectSourceFiles(view, CUSTOM_LANGUAGES);
  for (const candidate of limiterCandidates(view, files)) {
    const { path, index, name } = candidate;
    for (const caller of files) {
      if (caller === path || !(view.text(caller) as string).includes(name)) continue;
      if (candidate.rejectsAtCaller && !REJECTION.test(view.code(caller) ?? "")) continue;
      const callAt = appliedAt(view, caller, candidate);
      if (callAt === undefined) continue;
      return {
        name,
        declaration: { path, line: view.lineAt(path, index), note: `custom rate limiter ${name}` },
        caller: { path: caller, line: view.lineAt(caller, callAt), note: `applies ${name} to requests` },
      };
    }
  }
  return undefined;
}

/** Request rate limiting in the application: a limiter library set up, or the project's own limiter in use. */
export const rateLimiting: Probe = {
  id: "security.rate-limiting",
  run({ view }) {
    const uses = libraryUses(view, LIMITERS).map((use) => {
      const requestUses = use.uses.filter((m) => servesRequests(view, m, use.library));
      return { ...use, uses: requestUses, established: requestUses.length > 0 || (use.library.selfConfiguring === true && use.dependency !== undefined) };
    });
    const finding = decideByLibraries(uses, {
      what: "rate limiter",
      verb: "set up",
      lookedFor: "express-rate-limit, rate-limiter-flexible, @fastify/rate-limit, @nestjs/throttler, slowapi, flask-limiter, django-ratelimit, django-axes, DRF throttles, x/time/rate, bucket4j, rack-attack, Laravel throttle, Symfony rate limiter, ASP.NET Core UseRateLimiter, governor/tower and nginx limit_req",
    });
    if (finding.outcome === "pass") return finding;
    const custom = customLimiter(view);
    if (!custom) return finding;
    return pass(`custom rate limiter ${custom.name} (${at(custom.declaration)}), applied at ${at(custom.caller)}`, [custom.declaration, custom.caller]);
  },
};
