import { type CodeQuery, filesNamed, firstMatch, projectSourceFiles, searchCode } from "../../facts/code-search.js";
import { findDependency } from "../../facts/dependencies.js";
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
} from "../../facts/libraries.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, type Finding, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

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
  { name: "NetEscapades security headers", packages: ["NetEscapades.AspNetCore.SecurityHeaders"], usage: [inCode(CSHARP, "UseSecurityHeaders", /\bUseSecurityHeaders\s*\(/)] },
  { name: "NWebsec", packages: ["NWebsec.AspNetCore.Middleware", "NWebsec.AspNetCore.Mvc"], usage: [inCode(CSHARP, ["UseXfo", "UseCsp"], /\bUse(?:Xfo|Csp|XContentTypeOptions|ReferrerPolicy)\s*\(/)] },
  { name: "secure-headers (Laravel)", packages: ["bepsvpt/secure-headers", "spatie/laravel-csp"], usage: [inCode(PHP, ["SecureHeaders", "Csp"], /\bSecureHeaders\b|\bAddCspHeaders\b/)], selfConfiguring: true },
];

/** Headers that protect a whole site: framing and transport. A raw response hardened with nosniff/CSP alone is not that. */
const SITE_HEADERS = ["x-frame-options", "strict-transport-security"];
const FRAME_ANCESTORS = "frame-ancestors";
/** A header's name as code spells it: "X-Frame-Options", a constant such as header::X_FRAME_OPTIONS, or ASP.NET Core's Headers.XFrameOptions. */
const HEADER_NAME =
  /x[-_]?frame[-_]?options|strict[-_]?transport[-_]?security|content[-_]?security[-_]?policy|x[-_]?content[-_]?type[-_]?options|referrer[-_]?policy|permissions[-_]?policy|x[-_]?xss[-_]?protection|cross[-_]?origin[-_]?opener[-_]?policy/gi;
const CANONICAL_NAMES = new Map(
  ["x-frame-options", "strict-transport-security", "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "x-xss-protection", "cross-origin-opener-policy"].map(
    (name) => [name.replace(/-/g, ""), name],
  ),
);
/**
 * What comes right before a header name that is being set: a setter call (setHeader, Header().Set,
 * Headers.Append, insert_header, Rocket's set_raw_header, a HeaderName built for a header layer), an index into the headers, a Next.js `key:`, nginx add_header,
 * Apache `Header set`. A name in a list or a pattern sets nothing.
 */
const SETTER_BEFORE =
  /(?:\b(?:set|add|append|header|setheader|insert|insert_header|try_insert|entry|addheader|set_header|set_raw_header|append_header|append_raw_header|setresponseheaderlayer::\w+|header\.set)\s*\(\s*\(?\s*(?:[\w.]+::)?["'`]?|headers?\s*\[\s*["'`]|\bkey\s*:\s*["'`]|\badd_header\s+|\bheader\s+(?:always\s+)?(?:set|append)\s+|->headers->set\s*\(\s*["']|\bheaders\.|\bheadername::from_static\s*\(\s*["'])$/i;
/** A header name as the key of a headers object: { "X-Frame-Options": "DENY" }, headers = { 'Strict-Transport-Security' => ... }. */
const KEY_AFTER = /^["'`]\s*(?::|=>)\s*["'`\w]/;
/**
 * What each header is set to: code that sets a header gives it a value such as DENY or max-age
 * (a Map keyed by header names, in a detector, holds no such value).
 */
const HEADER_VALUE: Record<string, RegExp> = {
  "x-frame-options": /deny|sameorigin|allow-from/i,
  "strict-transport-security": /max-age/i,
  "content-security-policy": /-src\b|frame-ancestors|'self'|'none'|upgrade-insecure|policy|csp/i,
  "x-content-type-options": /nosniff/i,
  "referrer-policy": /no-referrer|origin|unsafe-url/i,
  "permissions-policy": /\(\)|=\s*\(|=\*|policy/i,
  "x-xss-protection": /["'`]\s*[01]\b|mode=block/i,
  "cross-origin-opener-policy": /same-origin|unsafe-none/i,
};
/** How far after a header's name its value is looked for. */
const VALUE_WINDOW = 200;
const HEADER_SUFFIX = /(?:[-_]|[a-z])(?:[Oo]ptions|[Ss]ecurity|[Pp]olicy|[Pp]rotection|OPTIONS|SECURITY|POLICY|PROTECTION)\b/;
/** Web server and hosting configuration that sets response headers. */
const SERVER_CONFIG = filesNamed(/\.conf$|^nginx.*\.conf\.template$|^Caddyfile$|^\.htaccess$/);
/** Static-site hosts: their headers protect whatever site they publish, which is often the documentation. */
const STATIC_HOSTING = filesNamed(/^_headers$|^vercel\.json$|^netlify\.toml$|^firebase\.json$|^staticwebapp\.config\.json$/);
/** A hosting file that builds or publishes a documentation site rather than the application. */
const DOCS_SITE_BUILD = /["'\s=/](?:docs?|website|documentation|site|storybook|book)(?:[/"'\s]|$)|\b(?:docusaurus|vitepress|mkdocs|typedoc|nextra|mintlify|storybook)\b/im;
const DOCS_FOLDER = /(?:^|\/)(?:docs?|website|documentation|site|storybook|book)\//;
const ALL_CODE = ["javascript", "typescript", "python", "go", "java", "kotlin", "ruby", "php", "csharp", "rust"] as const;

/** Distinct security headers that mark a file as the project's shared response writer. */
const SHARED_WRITER_HEADERS = 3;

/**
 * Code that applies to every response: a middleware (Express next(), Go next.ServeHTTP, axum's next.run, gin's
 * c.Next(), Flask after_request, Django get_response) or a framework's header configuration
 * (Next.js headers()). Headers set in one handler protect only that handler's responses.
 */
const APPLIES_TO_EVERY_RESPONSE = /\bnext\s*\(\s*\)|\bnext\.ServeHTTP\s*\(|\bc\.Next\s*\(\s*\)|\bafter_request\b|\bget_response\b|\bheaders\s*\(\s*\)\s*\{|[Mm]iddleware\b|\.layer\s*\(|\.wrap(?:_fn)?\s*\(|\bawait\s+next\b|\bnext\.run\s*\(/;

/** The value handed to a setter as a constant: `insert(STRICT_TRANSPORT_SECURITY, HSTS_VALUE.clone())`, `HeaderValue::from_static(NOSNIFF)`. */
const CONSTANT_VALUE = /^["'`]?\s*,\s*&?(?:[\w.]+::)?(?:\w+\s*\(\s*)?([A-Z][A-Z0-9_]{2,})\b/;

/**
 * The code just before a header's name on its line; when the name opens its line (a call broken
 * over lines, as rustfmt and prettier write `insert(\n    header::X_FRAME_OPTIONS,`), the line above too.
 */
function textBefore(source: string, at: number): string {
  let lineStart = source.lastIndexOf("\n", at - 1) + 1;
  if (/^\s*(?:[\w.]+::)?$/.test(source.slice(lineStart, at)) && lineStart > 0) lineStart = source.lastIndexOf("\n", lineStart - 2) + 1;
  return source.slice(Math.max(lineStart, at - 120), at).replace(/\s*\n\s*/g, "");
}

/** Whether the header named before `from` is given a value such as DENY or max-age: written there, or in the constant passed there. */
function setsValue(source: string, name: string, from: number): boolean {
  const value = HEADER_VALUE[name];
  if (!value) return false;
  if (value.test(source.slice(from, from + VALUE_WINDOW))) return true;
  const constant = CONSTANT_VALUE.exec(source.slice(from, from + 80))?.[1];
  const definition = constant === undefined ? null : new RegExp(`\\b${constant}\\b[^=\\n;]{0,60}=([^;]{1,${VALUE_WINDOW}})`).exec(source);
  return definition !== null && value.test(definition[1] as string);
}

/** The security headers a file sets (not merely names), each with where it is first set. */
function headersSetIn(source: string, configuration: boolean): Map<string, number> {
  const names = new Map<string, number>();
  for (const found of source.matchAll(HEADER_NAME)) {
    const at = found.index;
    const before = textBefore(source, at);
    const after = source.slice(at + found[0].length, at + found[0].length + 12);
    const name = CANONICAL_NAMES.get(found[0].toLowerCase().replace(/[-_]/g, "")) as string;
    if (!configuration && ((!SETTER_BEFORE.test(before) && !KEY_AFTER.test(after)) || !setsValue(source, name, at + found[0].length))) continue;
    if (!names.has(name)) names.set(name, at);
  }
  // A Content-Security-Policy with frame-ancestors is the standard replacement for X-Frame-Options.
  const csp = names.get("content-security-policy");
  if (csp !== undefined && !names.has("x-frame-options") && source.toLowerCase().includes(FRAME_ANCESTORS)) names.set("x-frame-options", csp);
  return names;
}

function isDocsHosting(view: RepoView, path: string): boolean {
  return DOCS_FOLDER.test(path) || DOCS_SITE_BUILD.test(view.text(path) ?? "");
}

/**
 * Security headers the project sets by hand (Next.js headers(), a middleware, nginx add_header, a
 * shared response writer). The whole-site set passes: X-Frame-Options or Strict-Transport-Security
 * and another header, in server configuration or in code that runs for every response, or three
 * headers in one place. A framing or transport header alone (HSTS alone) is returned as a start;
 * nosniff or a CSP without frame-ancestors on some responses is neither.
 */
function handSetHeaders(view: RepoView): { whole?: Evidence; start?: Evidence } {
  const configFiles = new Set([...SERVER_CONFIG(view), ...STATIC_HOSTING(view).filter((path) => !isDocsHosting(view, path))]);
  let start: Evidence | undefined;
  for (const path of [...configFiles, ...projectSourceFiles(view, ALL_CODE)]) {
    const text = view.text(path) as string;
    // Every header name ends in -Options, -Security, -Policy or -Protection (a constant's _OPTIONS, a property's XFrameOptions): a cheap gate before blanking comments.
    if (!HEADER_SUFFIX.test(text)) continue;
    const source = view.code(path) ?? text;
    const configuration = configFiles.has(path);
    const names = headersSetIn(source, configuration);
    if (names.size === 0) continue;
    // Headers set in one handler protect only that handler's responses.
    const siteWide = configuration || APPLIES_TO_EVERY_RESPONSE.test(source) || names.size >= SHARED_WRITER_HEADERS;
    if (!siteWide) continue;
    const lead = [...SITE_HEADERS, "content-security-policy"].map((h) => names.get(h)).filter((i) => i !== undefined);
    const first = Math.min(...(lead.length > 0 ? lead : names.values()));
    const evidence = { path, line: view.lineAt(path, first), note: `sets ${[...names.keys()].join(", ")}` };
    if (!SITE_HEADERS.some((h) => names.has(h))) continue;
    if (names.size >= 2) return { whole: evidence };
    start ??= evidence;
  }
  return { start };
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

const ASPNET_HSTS = inCode(CSHARP, "UseHsts", /\bUseHsts\s*\(/);
/** A modular or classic Sinatra app: Rack::Protection is on unless the app turns it off. */
const SINATRA_APP = inCode(RUBY, "Sinatra", /<\s*Sinatra::(?:Base|Application)\b|^\s*require\s+["']sinatra["']/m);
const SINATRA_PROTECTION_OFF = inCode(RUBY, "protection", /\bdisable\s+:protection\b|\bset\s+:protection\s*,\s*false\b/);

/**
 * Frameworks with security headers built in: Django's SecurityMiddleware, Rails' default
 * headers and Sinatra's Rack::Protection. They pass when the project configures them (HSTS, CSP, SSL redirect), and are
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
  const hsts = firstMatch(view, ASPNET_HSTS);
  if (hsts) {
    return partial(`only HSTS (UseHsts at ${at(hsts)}): add X-Frame-Options (or CSP frame-ancestors) and X-Content-Type-Options, e.g. with NetEscapades.AspNetCore.SecurityHeaders`, [
      { path: hsts.path, line: hsts.line, note: "UseHsts" },
    ]);
  }
  const rails = findDependency(view, ["rails", "railties"]).find((d) => !d.dev);
  if (rails) {
    const settings = firstMatch(view, RAILS_HEADER_SETTINGS);
    if (settings) return pass(`Rails default security headers plus ${settings.match[0].trim()} (${at(settings)})`, [{ path: settings.path, line: settings.line, note: settings.match[0].trim() }]);
    return partial(`only Rails' default headers (X-Frame-Options, X-Content-Type-Options): enable config.force_ssl (HSTS) and a content security policy`, [
      { path: rails.path, line: rails.line, note: "rails declared" },
    ]);
  }
  const sinatra = firstMatch(view, SINATRA_APP);
  if (sinatra && !firstMatch(view, SINATRA_PROTECTION_OFF)) {
    return partial(`only Sinatra's default Rack::Protection headers (X-Frame-Options): add Strict-Transport-Security and a content security policy, e.g. with secure_headers`, [
      { path: sinatra.path, line: sinatra.line, note: "Sinatra app, Rack::Protection on by default" },
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
    if (handSet.whole) return pass(`security headers set in ${at(handSet.whole)} (${handSet.whole.note?.replace("sets ", "")})`, [handSet.whole]);
    const framework = frameworkHeaders(view);
    if (framework) return framework;
    if (handSet.start) {
      return partial(
        `only ${handSet.start.note?.replace("sets ", "")} set (${at(handSet.start)}): add X-Frame-Options (or CSP frame-ancestors), Strict-Transport-Security and X-Content-Type-Options for every response`,
        [handSet.start],
      );
    }
    return finding;
  },
};
