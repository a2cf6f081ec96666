import { describe, expect, it } from "vitest";
import { envExample } from "../../../src/probes/docs/env-example.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

describe("docs.env-example", () => {
  it("passes on the FastAPI service's .env.example with its variable count", async () => {
    const finding = envExample.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: ".env.example", note: "example env file, 5 variables" }]);
  });

  it("recognises the naming variants: env-example-relational, sample.env, .env.local.example", () => {
    const finding = envExample.run(
      contextOf({
        "env-example-relational": "DATABASE_TYPE=postgres\nAUTH_JWT_SECRET=secret\n",
        "deploy/sample.env": "PORT=8080\n",
        "apps/web/.env.local.example": "# NEXT_PUBLIC_URL=\nNEXTAUTH_SECRET=\n",
      }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["env-example-relational", "deploy/sample.env", "apps/web/.env.local.example"]);
  });

  it("passes on an example configuration module such as configuration_example.py", () => {
    const finding = envExample.run(contextOf({ "netbox/configuration_example.py": "ALLOWED_HOSTS = []\nSECRET_KEY = ''\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "netbox/configuration_example.py", note: "example configuration file" }]);
  });

  it("passes on a .conf example that sets environment variables, not on one that configures a web server", () => {
    const conf = "# Required services\n\n#PAPERLESS_REDIS=redis://localhost:6379\n#PAPERLESS_DBHOST=localhost\nPAPERLESS_SECRET_KEY=change-me\n";
    expect(envExample.run(contextOf({ "paperless.conf.example": conf })).evidence).toEqual([{ path: "paperless.conf.example", note: "example configuration file, 3 variables" }]);
    const nginx = "server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n";
    expect(envExample.run(contextOf({ "deploy/nginx.conf.sample": nginx })).outcome).toBe("fail");
  });

  it("passes on a README table of environment variables, at the section heading", () => {
    const text = "# Service\n\n## Configuration\n\n| Variable | Default | Purpose |\n|---|---|---|\n| `PORT` | 8080 | listen port |\n| `DATABASE_URL` | | Postgres DSN |\n";
    const finding = envExample.run(contextOf({ "README.md": text }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["README.md:3"]);
    expect(finding.evidence[0]?.note).toBe('section "Configuration" lists 2 variables');
  });

  it("reads list items that name variables, not capitalised words opening a proxy's configuration notes", () => {
    const listed = "# Configuration\n\n- `PORT`: where the server listens\n- DATABASE_URL - the Postgres connection\n- **LOG_LEVEL**: debug or info\n";
    expect(envExample.run(contextOf({ "README.md": listed })).evidence).toEqual([{ path: "README.md", line: 1, note: 'section "Configuration" lists 3 variables' }]);
    const proxy = "## Minimal HAProxy Configuration\n\nAssumptions:\n\n* SSL certificate is located in `/etc/certs/example.com.pem`.\n* HSTS (HTTP Strict Transport Security) is desired.\n* TLS 1.2 or greater is allowed.\n";
    expect(envExample.run(contextOf({ "docs/reverse-proxy.md": proxy })).outcome).toBe("fail");
  });

  it("reads the variables of a server's --help output pasted under an ENV vars heading (clap's [env: NAME=])", () => {
    const help = "# Installation\n\n## CLI options / ENV vars\n\n```\nOptions:\n      --port <PORT>\n          [env: ATOMIC_PORT=]\n      --domain <DOMAIN>\n          [env: ATOMIC_DOMAIN=]\n```\n";
    expect(envExample.run(contextOf({ "docs/installation.md": help })).evidence).toEqual([{ path: "docs/installation.md", line: 3, note: 'section "CLI options / ENV vars" lists 2 variables' }]);
  });

  it("reads a table of variables in a top-level document or one named for configuration, not in a coding assistant's instructions", () => {
    const table = "# Docker Environment Variables\n\n| Environment Variable | Type | Description |\n|---|---|---|\n| DNS_SERVER_DOMAIN | String | the server's domain |\n| DNS_SERVER_ADMIN_PASSWORD | String | the admin password |\n";
    expect(locations(envExample.run(contextOf({ "DockerEnvironmentVariables.md": table })))).toEqual(["DockerEnvironmentVariables.md:1"]);
    expect(envExample.run(contextOf({ "deploy/guide/configuration.md": table })).outcome).toBe("pass");
    expect(envExample.run(contextOf({ "AGENTS.md": table })).outcome).toBe("fail");
    expect(envExample.run(contextOf({ "web/src/notes.md": table })).outcome).toBe("fail");
  });

  it("does not count a committed live .env with real values, and says so", () => {
    const finding = envExample.run(contextOf({ ".env": "PORT=3001\nBASE_URL=http://localhost:3001\n" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/; \.env is live configuration, not an example$/);
  });

  it("is partial for a committed .env whose secrets are all placeholders, used as the template", () => {
    const finding = envExample.run(contextOf({ ".env": "PROJECT_NAME=Shop\nSECRET_KEY=changethis\nPOSTGRES_PASSWORD=changethis\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: ".env", note: "placeholder values, 3 variables" }]);
  });

  it("ignores example env files that belong to examples, and a configuration section without variables", () => {
    const finding = envExample.run(
      contextOf({
        "examples/todo/.env.example": "API_URL=http://localhost:3000\n",
        "README.md": "# x\n\n## Configuration\n\nEverything is configured through flags.\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("does not take a schema migration named for templates for an example configuration", () => {
    const migration = "class AddApplicationKeyToTemplates < ActiveRecord::Migration[7.0]\n  def change\n    add_column :templates, :application_key, :string\n  end\nend\n";
    expect(envExample.run(contextOf({ "db/migrate/20231102171817_add_application_key_to_templates.rb": migration })).outcome).toBe("fail");
  });

  it("does not take the environment of a test tool's collection (Bruno, k6) for the service's", () => {
    expect(envExample.run(contextOf({ "components/api/test/bruno/.env.sample": "BASE_URL=http://localhost:5090\nTOKEN=replace-me\n" })).outcome).toBe("fail");
  });

  it("does not take a package manifest named like a template for an example configuration", () => {
    expect(envExample.run(contextOf({ "Oqtane.Application/Oqtane.Application.Template.nuspec": '<?xml version="1.0"?>\n<package><metadata><id>Oqtane.Application.Template</id></metadata></package>\n' })).outcome).toBe("fail");
  });
});
