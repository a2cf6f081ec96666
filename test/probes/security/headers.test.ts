import { describe, expect, it } from "vitest";
import { securityHeaders } from "../../../src/probes/security/headers.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => securityHeaders.run(contextOf(files));
const DJANGO_MIDDLEWARE = 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n]\n';

describe("security.headers", () => {
  it("passes on helmet in the Express fixture", async () => {
    const finding = securityHeaders.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/server.ts", line: 24, note: "helmet set up" },
      { path: "package.json", line: fixtureLine("express-ts-service", "package.json", '"helmet"'), note: "helmet declared" },
    ]);
  });

  it("passes on Django's SecurityMiddleware with HSTS settings, and is partial on its defaults", () => {
    const configured = run({ "requirements.txt": "django==5.1\n", "proj/settings.py": `${DJANGO_MIDDLEWARE}SECURE_HSTS_SECONDS = 31536000\nSECURE_SSL_REDIRECT = True\n` });
    expect(configured.outcome).toBe("pass");
    expect(configured.evidence).toEqual([
      { path: "proj/settings.py", line: 2, note: "SecurityMiddleware enabled" },
      { path: "proj/settings.py", line: 4, note: "SECURE_HSTS_SECONDS" },
      { path: "proj/settings.py", line: 5, note: "SECURE_SSL_REDIRECT" },
    ]);
    const defaults = run({ "requirements.txt": "django==5.1\n", "proj/settings.py": DJANGO_MIDDLEWARE });
    expect(defaults.outcome).toBe("partial");
    expect(defaults.reason).toMatch(/SECURE_HSTS_SECONDS/);
  });

  it("passes on Rails' config.force_ssl and is partial on Rails' defaults alone", () => {
    const files = { Gemfile: 'gem "rails", "~> 7.2"\n', "config/environments/production.rb": "Rails.application.configure do\n  # config.force_ssl = true\nend\n" };
    expect(run(files).outcome).toBe("partial");
    const forced = run({ ...files, "config/environments/production.rb": 'Rails.application.configure do\n  config.force_ssl = ENV.fetch("FORCE_SSL", true)\nend\n' });
    expect(forced.evidence).toEqual([{ path: "config/environments/production.rb", line: 2, note: "config.force_ssl =" }]);
  });

  it("is partial on a Sinatra app's default Rack::Protection, and fails when the app turns it off", () => {
    const app = "require 'sinatra/base'\n\nmodule Wiki\n  class App < Sinatra::Base\n    get '/' do\n      'hi'\n    end\n  end\nend\n";
    expect(run({ Gemfile: "gemspec\n", "lib/wiki/app.rb": app })).toMatchObject({ outcome: "partial", evidence: [{ path: "lib/wiki/app.rb", line: 4 }] });
    const unprotected = app.replace("    get '/'", "    disable :protection\n    get '/'");
    expect(run({ Gemfile: "gemspec\n", "lib/wiki/app.rb": unprotected }).outcome).toBe("fail");
  });

  it("passes on headers set in next.config headers() and in nginx add_header", () => {
    const next = run({
      "next.config.ts": 'export default {\n  async headers() {\n    return [{ source: "/(.*)", headers: [\n      { key: "X-Frame-Options", value: "DENY" },\n      { key: "Content-Security-Policy", value: "default-src \'self\'" },\n    ] }];\n  },\n};\n',
    });
    expect(next.evidence).toEqual([{ path: "next.config.ts", line: 4, note: "sets x-frame-options, content-security-policy" }]);
    const nginx = run({ "deploy/nginx/site.conf": 'server {\n  # add_header X-Frame-Options DENY;\n  add_header Strict-Transport-Security "max-age=63072000" always;\n  add_header X-Content-Type-Options nosniff;\n}\n' });
    expect(nginx.evidence[0]).toMatchObject({ path: "deploy/nginx/site.conf", line: 3 });
  });

  it("passes on a Go middleware that sets the headers for every response, not on one handler's responses", () => {
    const middleware = 'package web\n\nfunc secure(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tw.Header().Set("X-Frame-Options", "DENY")\n\t\tw.Header().Set("Strict-Transport-Security", "max-age=63072000")\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n';
    expect(run({ "web/secure.go": middleware }).evidence).toEqual([{ path: "web/secure.go", line: 5, note: "sets x-frame-options, strict-transport-security" }]);
    const handler = 'package files\n\nfunc serve(c echo.Context) {\n\th := c.Response().Header()\n\th.Set("X-Frame-Options", "DENY")\n\th.Set("X-Content-Type-Options", "nosniff")\n}\n';
    expect(run({ "server/fileserver.go": handler }).outcome).toBe("fail");
  });

  it("takes a Content-Security-Policy with frame-ancestors, set by a middleware, for the framing header", () => {
    const middleware =
      'import { createMiddleware } from "hono/factory";\n\nexport const securityHeaders = createMiddleware(async (c, next) => {\n  c.header("Content-Security-Policy", "default-src \'self\'; frame-ancestors \'none\'");\n  c.header("X-Content-Type-Options", "nosniff");\n  await next();\n});\n';
    expect(run({ "apps/web/server/middleware.ts": middleware })).toMatchObject({ outcome: "pass", evidence: [{ path: "apps/web/server/middleware.ts", line: 4 }] });
  });

  it("passes on a shared response builder that writes three hardening headers on every response it builds", () => {
    const builder =
      'package response\n\n// writeHeaders runs for every response the builder writes.\nfunc (b *Builder) writeHeaders() {\n\tb.headers.Set("X-Content-Type-Options", "nosniff")\n\tb.headers.Set("X-Frame-Options", "DENY")\n\tb.headers.Set("Referrer-Policy", "no-referrer")\n\tmaps.Copy(b.w.Header(), b.headers)\n}\n';
    expect(run({ "internal/http/response/builder.go": builder })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "internal/http/response/builder.go", line: 6, note: "sets x-content-type-options, x-frame-options, referrer-policy" }],
    });
  });

  it("fails on a raw response hardened with nosniff and CSP only, and is partial on helmet declared but unused", () => {
    const raw = run({ "pkg/api/http.go": 'package api\n\nfunc raw(w http.ResponseWriter) {\n\tw.Header().Set("X-Content-Type-Options", "nosniff")\n\tw.Header().Set("Content-Security-Policy", "default-src \'none\'")\n}\n' });
    expect(raw.outcome).toBe("fail");
    const unused = run({ "package.json": JSON.stringify({ dependencies: { helmet: "^8.0.0" } }), "src/index.ts": "app.listen(3000);\n" });
    expect(unused.outcome).toBe("partial");
    expect(unused.evidence).toEqual([{ path: "package.json", line: 1, note: "helmet declared" }]);
  });

  it("is partial when a middleware sets one hardening header or HSTS alone", () => {
    const hsts = 'export function hsts(req, res, next) {\n  res.setHeader("Strict-Transport-Security", "max-age=31536000");\n  next();\n}\n';
    const finding = run({ "src/middleware/hsts.js": hsts });
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: "src/middleware/hsts.js", line: 2, note: "sets strict-transport-security" }]);
    expect(finding.reason).toMatch(/only strict-transport-security set/);
  });

  it("does not take a detector's list of header names for headers the application sets", () => {
    const detector = [
      'const SITE_HEADERS = ["x-frame-options", "strict-transport-security"];',
      "const HEADER_NAME = /x-frame-options|strict-transport-security|content-security-policy|referrer-policy/gi;",
      "/** Middleware that sets X-Frame-Options and Strict-Transport-Security counts. */",
      "export const probe = { run: (text) => SITE_HEADERS.some((h) => text.includes(h)) };",
      "",
    ].join("\n");
    expect(run({ "src/probes/headers.ts": detector }).outcome).toBe("fail");
  });

  it("does not count headers that a documentation site's static hosting sets", () => {
    const netlify = '[build]\n  base = "website"\n  publish = "build"\n  command = "npm run docusaurus build"\n\n[[headers]]\n  for = "/*"\n  [headers.values]\n    X-Frame-Options = "DENY"\n    Strict-Transport-Security = "max-age=31536000"\n';
    expect(run({ "netlify.toml": netlify }).outcome).toBe("fail");
    expect(run({ "docs/vercel.json": '{"headers":[{"source":"/(.*)","headers":[{"key":"X-Frame-Options","value":"DENY"},{"key":"Strict-Transport-Security","value":"max-age=1"}]}]}' }).outcome).toBe("fail");
    const app = netlify.replace('base = "website"', 'base = "frontend"').replace("npm run docusaurus build", "npm run build");
    expect(run({ "netlify.toml": app }).outcome).toBe("pass");
  });

  it("reads header constants and object keys, as Rust's tower-http and Express' res.set({...}) spell them", () => {
    const layers = 'let app = Router::new()\n    .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))\n    .layer(SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000")));\n';
    expect(run({ "src/main.rs": layers })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 2, note: "sets x-frame-options, strict-transport-security" }] });
    const express = 'app.use((req, res, next) => {\n  res.set({ "X-Frame-Options": "SAMEORIGIN", "Strict-Transport-Security": "max-age=15552000" });\n  next();\n});\n';
    expect(run({ "server/app.js": express }).outcome).toBe("pass");
  });

  it("is partial on ASP.NET Core's UseHsts alone and passes on a security-headers middleware", () => {
    const program = 'var app = builder.Build();\nif (!app.Environment.IsDevelopment())\n{\n    app.UseHsts();\n}\napp.MapControllers();\n';
    expect(run({ "src/Api/Program.cs": program })).toMatchObject({ outcome: "partial", evidence: [{ path: "src/Api/Program.cs", line: 4, note: "UseHsts" }] });
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="NetEscapades.AspNetCore.SecurityHeaders" Version="1.0.0" />\n  </ItemGroup>\n</Project>\n';
    expect(run({ "src/Api/Api.csproj": csproj, "src/Api/Program.cs": program.replace("app.MapControllers();", "app.UseSecurityHeaders();\napp.MapControllers();") }).outcome).toBe("pass");
  });

  it("reads ASP.NET Core's typed header properties set by a middleware", () => {
    const program = [
      "app.Use(async (context, next) =>",
      "{",
      '    context.Response.Headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";',
      '    context.Response.Headers.XContentTypeOptions = "nosniff";',
      '    context.Response.Headers.XFrameOptions = "DENY";',
      "    await next();",
      "});",
      "",
    ].join("\n");
    expect(run({ "src/Web/Program.cs": program })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/Web/Program.cs", line: 3 }] });
    const options = "var json = new JsonSerializerOptions();\nvar frameOptions = new XFrameOptions();\n";
    expect(run({ "src/Web/Program.cs": options }).outcome).toBe("fail");
  });

  it("reads actix-web's DefaultHeaders tuples", () => {
    const app = 'App::new()\n    .wrap(DefaultHeaders::new().add(("X-Frame-Options", "DENY")).add(("Strict-Transport-Security", "max-age=31536000")))\n';
    expect(run({ "src/main.rs": app })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 2 }] });
  });

  it("does not take a map keyed by header names, with no header value, for a header being set", () => {
    const detector = 'export function named(source) {\n  const names = new Map();\n  if (source.includes("frame-ancestors")) names.set("x-frame-options", cspIndex);\n  return names;\n}\n';
    expect(run({ "src/detect/headers.js": detector }).outcome).toBe("fail");
  });

  it("reads a header's value from the constant handed to the setter", () => {
    const writer = 'static HSTS_VALUE: HeaderValue = HeaderValue::from_static("max-age=63072000; includeSubDomains");\nstatic XFO_VALUE: HeaderValue = HeaderValue::from_static("DENY");\nstatic XCTO_VALUE: HeaderValue = HeaderValue::from_static("nosniff");\n\npub fn append_headers(resp: &mut Response<Body>) {\n    resp.headers_mut().insert(STRICT_TRANSPORT_SECURITY, HSTS_VALUE.clone());\n    resp.headers_mut().insert(X_FRAME_OPTIONS, XFO_VALUE.clone());\n    resp.headers_mut().insert(X_CONTENT_TYPE_OPTIONS, XCTO_VALUE.clone());\n}\n';
    expect(run({ "src/security_headers.rs": writer })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/security_headers.rs", line: 6 }] });
    // Constants that hold something else are no header values.
    const unrelated = writer.replace(/from_static\("[^"]*"\)/g, 'from_static("x")');
    expect(run({ "src/security_headers.rs": unrelated }).outcome).toBe("fail");
  });

  it("reads headers set with Rocket's set_raw_header in a response fairing", () => {
    const fairing = 'async fn on_response<\'r>(&self, _req: &\'r Request<\'_>, res: &mut Response<\'r>) {\n    res.set_raw_header("Referrer-Policy", "same-origin");\n    res.set_raw_header("X-Content-Type-Options", "nosniff");\n    res.set_raw_header("X-Frame-Options", "SAMEORIGIN");\n}\n';
    expect(run({ "src/util.rs": fairing })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/util.rs", line: 4 }] });
  });

  it("reads a header name built for a tower-http header layer", () => {
    const router = 'let app = Router::new()\n    .layer(SetResponseHeaderLayer::overriding(\n        HeaderName::from_static("x-frame-options"),\n        HeaderValue::from_static("DENY"),\n    ))\n    .layer(SetResponseHeaderLayer::overriding(\n        HeaderName::from_static("x-content-type-options"),\n        HeaderValue::from_static("nosniff"),\n    ));\n';
    expect(run({ "src/main.rs": router })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 3 }] });
  });

  it("reads setter calls broken over lines, header map entries, and values wrapped around a constant", () => {
    const middleware = 'const NOSNIFF: &str = "nosniff";\n\npub async fn security_headers(request: Request<Body>, next: Next) -> Response {\n    let mut response = next.run(request).await;\n    let headers = response.headers_mut();\n    headers.insert(\n        header::X_CONTENT_TYPE_OPTIONS,\n        HeaderValue::from_static(NOSNIFF),\n    );\n    headers\n        .entry(X_FRAME_OPTIONS)\n        .or_insert(HeaderValue::from_static("DENY"));\n    response\n}\n';
    expect(run({ "src/https/middleware/security_headers.rs": middleware })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "src/https/middleware/security_headers.rs", line: 11, note: "sets x-content-type-options, x-frame-options" }],
    });
  });
});
