import { escapeRegExp } from "../../engine/regex.js";
import { type CodeMatch, filesNamed, projectSourceFiles } from "../../facts/code-search.js";
import { SPRING_CONFIG } from "../../facts/error-trackers.js";
import {
  at,
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
import { basename, type Language, languageOf } from "../../engine/paths.js";
import type { RepoView } from "../../engine/repo-view.js";
import { type Evidence, type Probe, pass } from "../probe.js";

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
  { name: "governor", packages: ["governor", "tower_governor", "actix-governor"], usage: [inCode(RUST, ["Governor", "governor"], /\bGovernor\w*\b|\bgovernor::/)] },
  {
    name: "nginx limit_req",
    packages: [],
    usage: [{ files: filesNamed(/\.conf$|^nginx.*\.conf\.template$/), needles: ["limit_req"], pattern: /^[ \t]*limit_req(?:_zone)?\s/m }],
  },
];

/** Code that handles requests: a limiter in it limits requests, not calls the service makes. */
const REQUEST_HANDLING = /\bhttp\.Handler|\bResponseWriter\b|\bgin\.Context\b|\becho\.Context\b|\bfiber\.Ctx\b|\bStatusTooManyRequests\b|\bUnaryServerInterceptor\b/;

function servesRequests(view: RepoView, match: CodeMatch): boolean {
  return languageOf(match.path) !== "go" || REQUEST_HANDLING.test(view.code(match.path) ?? "");
}

/** A function or class the project writes itself whose name says it limits rates: checkRateLimit, RateLimiter, throttle_requests. */
const LIMITER_DECLARATION = /\b(?:function\*?|class|def|func|const|let|var)\s+((?:\w*_)?(?:\w*[Rr]ate_?[Ll]imit|[Tt]hrottl)\w*)\b/g;
/** What a server-side limiter does with a client over the limit. */
const REJECTION = /\b429\b|TooManyRequests|TOO_MANY_REQUESTS|[Tt]oo [Mm]any [Rr]equests|[Rr]etry-?[Aa]fter|\blimited\b/;
/** A module whose file name says it limits rates: middlewares/rate-limit.ts, rateLimiter.js, throttle.py. */
const LIMITER_MODULE = /[Rr]ate[-_]?[Ll]imit|[Tt]hrottl/;
const CUSTOM_LANGUAGES: readonly Language[] = [...JS, ...PY, ...GO, ...RUBY, ...JVM, ...PHP];
const MAX_CANDIDATES = 5;

interface CustomLimiter {
  name: string;
  declaration: Evidence;
  caller: Evidence;
}

/**
 * A limiter the project wrote itself (e.g. a Redis counter per client): a declaration named for
 * rate limiting, in code that rejects clients over the limit, called from another file.
 */
function customLimiter(view: RepoView): CustomLimiter | undefined {
  const files = projectSourceFiles(view, CUSTOM_LANGUAGES);
  const candidates: { path: string; index: number; name: string }[] = [];
  for (const path of files) {
    const text = view.text(path) as string;
    // Frameworks register middleware modules by file name (Strapi's 'global::rate-limit'), and a default export has no name of its own.
    const stem = basename(path).replace(/\.[^.]*$/, "");
    const limiterModule = LIMITER_MODULE.test(stem);
    if (!limiterModule && !/[Rr]ate_?[Ll]imit|[Tt]hrottl/.test(text)) continue;
    const code = view.code(path) ?? text;
    if (!REJECTION.test(code)) continue;
    LIMITER_DECLARATION.lastIndex = 0;
    for (let found = LIMITER_DECLARATION.exec(code); found !== null && candidates.length < MAX_CANDIDATES; found = LIMITER_DECLARATION.exec(code)) {
      if (!/retry|backoff|client/i.test(found[1] as string)) candidates.push({ path, index: found.index, name: found[1] as string });
    }
    if (limiterModule && candidates.length < MAX_CANDIDATES) candidates.push({ path, index: code.search(REJECTION), name: stem });
  }
  for (const { path, index, name } of candidates) {
    const reference = new RegExp(`\\b${escapeRegExp(name)}\\b`);
    for (const caller of files) {
      if (caller === path || !(view.text(caller) as string).includes(name)) continue;
      const callAt = (view.code(caller) ?? "").search(reference);
      if (callAt === -1) continue;
      return {
        name,
        declaration: { path, line: view.lineAt(path, index), note: `custom rate limiter ${name}` },
        caller: { path: caller, line: view.lineAt(caller, callAt), note: `uses ${name}` },
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
      const requestUses = use.uses.filter((m) => servesRequests(view, m));
      return { ...use, uses: requestUses, established: requestUses.length > 0 || (use.library.selfConfiguring === true && use.dependency !== undefined) };
    });
    const finding = decideByLibraries(uses, {
      what: "rate limiter",
      verb: "set up",
      lookedFor: "express-rate-limit, rate-limiter-flexible, @fastify/rate-limit, @nestjs/throttler, slowapi, flask-limiter, django-ratelimit, DRF throttles, x/time/rate, bucket4j, rack-attack and nginx limit_req",
    });
    if (finding.outcome === "pass") return finding;
    const custom = customLimiter(view);
    if (!custom) return finding;
    return pass(`custom rate limiter ${custom.name} (${at(custom.declaration)}), used at ${at(custom.caller)}`, [custom.declaration, custom.caller]);
  },
};
