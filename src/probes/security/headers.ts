import { type CodeQuery, filesNamed, firstMatch, projectSourceFiles, searchCode } from "../../facts/code-search.js";
import { findDependency } from "../../facts/dependencies.js";
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
} from "../../facts/libraries.js";
import type { RepoView } from "../../engine/repo-view.js";
import { type Evidence, type Finding, partial, type Probe, pass } from "../probe.js";

const MIDDLEWARE: LibrarySpec[] = [
  {
    name: "helmet",
    packages: ["helmet", "koa-helmet", "@fastify/helmet", "fastify-helmet"],
    usage: [inCode(JS, "helmet", /\bhelmet(?:\.\w+)?\s*\(/), importQuery(JS, jsImport, "helmet", "koa-helmet", "@fastify/helmet", "fastify-helmet")],
  },
  { name: "Hono secure headers", packages: ["hono"], usage: [inCode(JS, "secureHeaders", /\bsecureHeaders\s*\(/)], sharedPackage: true },
  { name: "lusca", packages: ["lusca"], usage: [inCode(JS, "lusca", /\blusca(?:\.(?:xframe|hsts|csp|nosniff|xssProtection|referrerPolicy))?\s*\(/)] },
  {
    name: "next-secure-headers",
    packages: ["next-secure-headers", "@next-safe/middleware", "next-safe"],
    usage: [inCode(JS, ["SecureHeaders", "nextSafe", "chainMatch"], /\bcreateSecureHeaders\s*\(|\bnextSafe\s*\(|\bchainMatch\s*\(/)],
  },
  { name: "flask-talisman", packages: ["flask-talisman", "talisman"], usage: [inCode(PY, "Talisman", /\bTalisman\s*\(/)] },
  { name: "secure (Python)", packages: ["secure"], usage: [inCode(PY, "secure", /\bsecure\.Secure\s*\(|\bSecure\s*\(\s*\)/)] },
  { name: "django-csp", packages: ["django-csp"], usage: [inCode(PY, "csp.middleware", /["']csp\.middleware\.CSPMiddleware["']/)] },
  {
    name: "Go secure middleware",
    packages: ["github.com/unrolled/secure", "github.com/gin-contrib/secure", "github.com/gofiber/helmet*"],
    usage: [inCode(GO, "secure", /\bsecure\.(?:New|Options)\b/), importQuery(GO, goImport, "github.com/unrolled/secure", "github.com/gin-contrib/secure", "github.com/gofiber/helmet")],
  },
  {
    name: "Echo/Fiber security middleware",
    packages: ["github.com/labstack/echo*", "github.com/gofiber/fiber*"],
    usage: [inCode(GO, ["Secure", "helmet"], /\bmiddleware\.Secure(?:WithConfig)?\s*\(|\bhelmet\.New\s*\(/)],
    sharedPackage: true,
  },
  {
    name: "Spring Security",
    packages: ["org.springframework.boot:spring-boot-starter-security", "org.springframework.security:spring-security-web", "org.springframework.security:spring-security-config"],
    usage: [inCode(JVM, ["headers", "EnableWebSecurity", "SecurityFilterChain"], /\.headers\s*\(|@EnableWebSecurity\b|\bSecurityFilterChain\b/)],
    // Spring Security sends HSTS, X-Frame-Options, nosniff and cache headers by default once it is on the classpath.
    selfConfiguring: true,
  },
  { name: "secure_headers", packages: ["secure_headers"], usage: [inCode(RUBY, "SecureHeaders", /\bSecureHeaders::Configuration\b/)], selfConfiguring: true },
  { name: "secure-headers (Laravel)", packages: ["bepsvpt/secure-headers", "spatie/laravel-csp"], usage: [inCode(PHP, ["SecureHeaders", "Csp"], /\bSecureHeaders\b|\bAddCspHeaders\b/)], selfConfiguring: true },
];

/** Headers that protect a whole site: framing and transport. A raw response hardened with nosniff/CSP alone is not that. */
const SITE_HEADERS = ["x-frame-options", "strict-transport-security"];
const FRAME_ANCESTORS = "frame-ancestors";
const SECURITY_HEADERS = [...SITE_HEADERS, "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "x-xss-protection", "cross-origin-opener-policy"];
const HEADER_NAME = /x-frame-options|strict-transport-security|content-security-policy|x-content-type-options|referrer-policy|permissions-policy|x-xss-protection|cross-origin-opener-policy/gi;
/** Web server and hosting configuration that sets response headers. */
const HEADER_CONFIG = filesNamed(/\.conf$|^nginx.*\.conf\.template$|^_headers$|^vercel\.json$|^netlify\.toml$|^firebase\.json$|^staticwebapp\.config\.json$|^Caddyfile$/);
const ALL_CODE = ["javascript", "typescript", "python", "go", "java", "kotlin", "ruby", "php", "csharp", "rust"] as const;

/** Distinct security headers that mark a file as the project's shared response writer. */
const SHARED_WRITER_HEADERS = 3;

/**
 * Code that applies to every response: a middleware (Express next(), Go next.ServeHTTP, gin's
 * c.Next(), Flask after_request, Django get_response) or a framework's header configuration
 * (Next.js headers()). Headers set in one handler protect only that handler's responses.
 */
const APPLIES_TO_EVERY_RESPONSE = /\bnext\s*\(\s*\)|\bnext\.ServeHTTP\s*\(|\bc\.Next\s*\(\s*\)|\bafter_request\b|\bget_response\b|\bheaders\s*\(\s*\)\s*\{|[Mm]iddleware\b/;

/**
 * Security headers the project sets by hand for the whole site (Next.js headers(), a middleware,
 * nginx add_header, a shared response builder): a file that names X-Frame-Options or
 * Strict-Transport-Security and at least one other security header, in server configuration or in
 * code that runs for every response, or three such headers anywhere in the project's code.
 */
function handSetHeaders(view: RepoView): Evidence | undefined {
  const configFiles = new Set(HEADER_CONFIG(view));
  for (const path of [...configFiles, ...projectSourceFiles(view, ALL_CODE)]) {
    const text = view.text(path) as string;
    const lower = text.includes("rame-") || text.includes("ransport-") ? text.toLowerCase() : undefined;
    if (!lower || !(SITE_HEADERS.some((h) => lower.includes(h)) || lower.includes(FRAME_ANCESTORS))) continue;
    const source = view.code(path) ?? text;
    const code = source.toLowerCase();
    const named = new Set(code.match(HEADER_NAME) ?? []);
    // A Content-Security-Policy with frame-ancestors is the standard replacement for X-Frame-Options.
    if (named.has("content-security-policy") && code.includes(FRAME_ANCESTORS)) named.add("x-frame-options");
    if (!SITE_HEADERS.some((h) => named.has(h)) || named.size < 2) continue;
    // Three or more hardening headers in one place is a shared response writer, not one handler's tweak.
    if (!configFiles.has(path) && !APPLIES_TO_EVERY_RESPONSE.test(source) && named.size < SHARED_WRITER_HEADERS) continue;
    const first = Math.min(...[...SITE_HEADERS, "content-security-policy"].map((h) => code.indexOf(h)).filter((i) => i !== -1));
    return { path, line: view.lineAt(path, first), note: `sets ${[...named].filter((h) => SECURITY_HEADERS.includes(h)).join(", ")}` };
  }
  return undefined;
}

const DJANGO_SECURITY_MIDDLEWARE = inCode(PY, "SecurityMiddleware", /["']django\.middleware\.security\.SecurityMiddleware["']/);
const DJANGO_HEADER_SETTINGS = inCode(
  PY,
  ["SECURE_", "X_FRAME_OPTIONS", "CSP_", "CONTENT_SECURITY_POLICY"],
  /^[ \t]*(?:SECURE_HSTS_SECONDS|SECURE_SSL_REDIRECT|SECURE_CONTENT_TYPE_NOSNIFF|SECURE_REFERRER_POLICY|SECURE_CROSS_ORIGIN_OPENER_POLICY|SECURE_HSTS_INCLUDE_SUBDOMAINS|SECURE_BROWSER_XSS_FILTER|X_FRAME_OPTIONS|CSP_DEFAULT_SRC|CONTENT_SECURITY_POLICY)\s*=/m,
);
const RAILS_HEADER_SETTINGS: CodeQuery = inCode(
  RUBY,
  ["force_ssl", "content_security_policy", "default_headers"],
  /\bconfig\.force_ssl\s*=\s*(?!false\b)|\bcontent_security_policy\s+do\b|\bconfig\.action_dispatch\.default_headers\b/,
);

/**
 * Frameworks with security headers built in: Django's SecurityMiddleware and Rails' default
 * headers. They pass when the project configures them (HSTS, CSP, SSL redirect), and are
 * partial on defaults alone, which leave HSTS off.
 */
function frameworkHeaders(view: RepoView): Finding | undefined {
  const middleware = firstMatch(view, DJANGO_SECURITY_MIDDLEWARE);
  if (middleware) {
    const settings = searchCode(view, DJANGO_HEADER_SETTINGS, { limit: 3 });
    const evidence: Evidence[] = [{ path: middleware.path, line: middleware.line, note: "SecurityMiddleware enabled" }];
    if (settings.length === 0) return partial(`Django's SecurityMiddleware is enabled (${at(middleware)}) with its defaults only: set SECURE_HSTS_SECONDS and SECURE_SSL_REDIRECT for production`, evidence);
    const named = settings.map((s) => ({ path: s.path, line: s.line, note: s.match[0].replace(/\s*=$/, "").trim() }));
    return pass(`Django's SecurityMiddleware (${at(middleware)}) configured with ${named.map((n) => n.note).join(", ")}`, [...evidence, ...named]);
  }
  const rails = findDependency(view, ["rails", "railties"]).find((d) => !d.dev);
  if (rails) {
    const settings = firstMatch(view, RAILS_HEADER_SETTINGS);
    if (settings) return pass(`Rails default security headers plus ${settings.match[0].trim()} (${at(settings)})`, [{ path: settings.path, line: settings.line, note: settings.match[0].trim() }]);
    return partial(`only Rails' default headers (X-Frame-Options, X-Content-Type-Options): enable config.force_ssl (HSTS) and a content security policy`, [
      { path: rails.path, line: rails.line, note: "rails declared" },
    ]);
  }
  return undefined;
}

/** Security headers set for the web application: a middleware, the framework's settings, or headers set by hand. */
export const securityHeaders: Probe = {
  id: "security.headers",
  run({ view }) {
    const finding = decideByLibraries(libraryUses(view, MIDDLEWARE), {
      what: "security-headers middleware",
      verb: "set up",
      lookedFor: "helmet, flask-talisman, Django SecurityMiddleware settings, unrolled/secure, Spring Security, secure_headers, Rails force_ssl/CSP, and X-Frame-Options/Strict-Transport-Security set in code or server config",
    });
    if (finding.outcome === "pass") return finding;
    const handSet = handSetHeaders(view);
    if (handSet) return pass(`security headers set in ${at(handSet)} (${handSet.note?.replace("sets ", "")})`, [handSet]);
    return frameworkHeaders(view) ?? finding;
  },
};
