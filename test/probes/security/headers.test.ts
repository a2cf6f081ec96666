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
});
