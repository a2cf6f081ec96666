import { describe, expect, it } from "vitest";
import { noCommittedSecrets } from "../../../src/probes/security/no-committed-secrets.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

/**
 * Secret-shaped strings are assembled at run time from a seeded generator, so the repository
 * never contains a literal that a secret scanner (or GitHub push protection) would flag.
 */
function randomish(length: number, alphabet: string, seed = 7): string {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = `${UPPER_DIGITS}abcdefghijklmnopqrstuvwxyz`;
const HEX = "0123456789abcdef";
const BASE64 = `${ALNUM}+/`;

const awsKeyId = () => ["AK", "IA", randomish(16, UPPER_DIGITS)].join("");
const githubToken = () => ["gh", "p_", randomish(36, ALNUM, 11)].join("");
const privateKey = () =>
  [`-----BEGIN ${"RSA PRIVATE"} KEY-----`, ...[1, 2, 3, 4].map((n) => randomish(64, BASE64, n)), `-----END ${"RSA PRIVATE"} KEY-----`, ""].join("\n");

describe("security.no-committed-secrets", () => {
  it("passes on the FastAPI service and says how many files it scanned", async () => {
    const finding = noCommittedSecrets.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]?.path).toBe(".");
    expect(finding.evidence[0]?.note).toMatch(/^scanned \d+ text files for private keys/);
  });

  it("fails on an AWS key and a GitHub token in code, at their lines, without ever echoing the values", () => {
    const aws = awsKeyId();
    const token = githubToken();
    const finding = noCommittedSecrets.run(
      contextOf({
        "src/upload.ts": `import { S3Client } from "@aws-sdk/client-s3";\n\nexport const s3 = new S3Client({ credentials: { accessKeyId: "${aws}", secretAccessKey: process.env.AWS_SECRET! } });\n`,
        "scripts/release.sh": `#!/bin/sh\ncurl -H "Authorization: token ${token}" https://api.github.com/repos/acme/api/releases\n`,
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["src/upload.ts:3", "scripts/release.sh:2"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["AWS access key ID (value not shown)", "GitHub token (value not shown)"]);
    const report = JSON.stringify(finding);
    expect(report).not.toContain(aws);
    expect(report).not.toContain(token.slice(4));
  });

  it("fails on a committed private key, but not on a header whose body is elided", () => {
    const finding = noCommittedSecrets.run(contextOf({ "deploy/id_rsa": privateKey() }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["deploy/id_rsa:1"]);
    expect(finding.evidence[0]?.note).toBe("RSA private key (value not shown)");
    const doc = `APPLE_PRIVATE_KEY="-----BEGIN ${"PRIVATE"} KEY-----\\n...\\n-----END ${"PRIVATE"} KEY-----"\n`;
    expect(noCommittedSecrets.run(contextOf({ "docs/apple-login.md": doc, ".env.example": doc })).outcome).toBe("pass");
  });

  it("treats keys in tests and fixtures as test material, and says which it ignored", () => {
    const finding = noCommittedSecrets.run(contextOf({ "test/fixtures/mock-cert.pem": privateKey(), "test/app.test.ts": 'import { readFileSync } from "node:fs";\n' }));
    expect(finding.outcome).toBe("pass");
    expect(finding.reason).toMatch(/1 test key in test or fixture files ignored/);
    expect(locations(finding)).toEqual([".", "test/fixtures/mock-cert.pem:1"]);
    expect(finding.evidence[1]?.note).toBe("RSA private key, test material (ignored)");
  });

  it("treats the database passwords of CI's own compose files as test material", () => {
    const compose = `services:\n  server:\n    environment:\n      POSTGRES_PASSWORD: "${randomish(32, ALNUM, 21)}"\n`;
    const finding = noCommittedSecrets.run(contextOf({ ".ci/compose.ci.yaml": compose, "compose.cypress.yaml": compose }));
    expect(finding.outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "docker-compose.yml": compose })).outcome).toBe("fail");
  });

  it("treats a local dev server's self-signed key as test material, and a presigned URL's key ID as no secret", () => {
    expect(noCommittedSecrets.run(contextOf({ "apps/client/localhost.pem": privateKey(), "apps/client/project.json": "{}\n" }))).toMatchObject({
      outcome: "pass",
      reason: expect.stringMatching(/1 test key/),
    });
    const presigned = `    """\n    https://bucket.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${awsKeyId()}%2F20240524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc\n    """\n`;
    expect(noCommittedSecrets.run(contextOf({ "app/files/services.py": presigned })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "app/settings.py": `AWS_ACCESS_KEY_ID = "${awsKeyId()}"\n` })).outcome).toBe("fail");
  });

  it("still fails on a provider token inside a test file, since a live token is live anywhere", () => {
    const finding = noCommittedSecrets.run(contextOf({ "tests/test_client.py": `TOKEN = "${githubToken()}"\n` }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["tests/test_client.py:1"]);
  });

  it("ignores documented example and obviously fake tokens", () => {
    const finding = noCommittedSecrets.run(
      contextOf({
        "docs/aws.md": `aws configure set aws_access_key_id ${["AK", "IA", "IOSFODNN7", "EXAMPLE"].join("")}\n`,
        "tests/test_auth.py": `TOKEN = "${["gh", "p_", "x".repeat(36)].join("")}"\n`,
      }),
    );
    expect(finding.outcome).toBe("pass");
  });

  it("fails on random values under secret names in a committed .env, including commented-out ones", () => {
    const env = ["PORT=3001", `JWT_SECRET=${randomish(64, HEX, 3)}`, `# OLD_API_KEY="${randomish(40, HEX, 5)}"`, "DATABASE_URL=mongodb://localhost:27017/chat", ""].join("\n");
    const finding = noCommittedSecrets.run(contextOf({ ".env": env }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual([".env:2", ".env:3"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["value of JWT_SECRET (value not shown)", "value of OLD_API_KEY (commented out) (value not shown)"]);
  });

  it("accepts placeholders in .env files and any value in .env.example", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a dotenv reference, not a template
    const placeholders = ["SECRET_KEY=changeme", "API_KEY=your-key-here", "DB_PASSWORD=<password>", "STRIPE_TOKEN=${STRIPE_TOKEN}", "JWT_SECRET=secret", "AUTH_TOKEN=xxxxxxxxxxxxxxxxxxxx", ""].join("\n");
    expect(noCommittedSecrets.run(contextOf({ ".env": placeholders })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ ".env.example": `JWT_SECRET=${randomish(64, HEX, 3)}\n` })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ ".env.test": `JWT_SECRET=${randomish(64, HEX, 3)}\n` })).outcome).toBe("pass");
    // Typed-in values: a counting run, capitalised words with a year, base64 of a sentence.
    const typed = ["# Passwordless__ApiKey=myAppId:public:123456", "AUTH__SECRET_KEY=MaxVerstappenWC2021", `SALT_TOKEN=${Buffer.from("This is a super secret dev secret!").toString("base64")}`, ""].join("\n");
    expect(noCommittedSecrets.run(contextOf({ "self-host/settings.env": typed })).outcome).toBe("pass");
  });

  it("takes a local development environment's settings for development material, not a production environment's", () => {
    const appKey = `APP_KEY=base64:${randomish(44, BASE64, 9)}\n`;
    for (const path of ["docker/development/.env", ".env.local", ".env.development"]) expect(noCommittedSecrets.run(contextOf({ [path]: appKey })).outcome).toBe("pass");
    const settings = `{\n  "Jwt": {\n    "Key": "${randomish(44, ALNUM, 13)}"\n  }\n}\n`;
    expect(noCommittedSecrets.run(contextOf({ "src/Api/appsettings.Development.json": settings })).outcome).toBe("pass");
    expect(locations(noCommittedSecrets.run(contextOf({ "src/Api/appsettings.Production.json": settings })))).toEqual(["src/Api/appsettings.Production.json:3"]);
    expect(locations(noCommittedSecrets.run(contextOf({ "deploy/production/.env": appKey })))).toEqual(["deploy/production/.env:1"]);
    // The test environment's settings hold keys for the test suite.
    const signingKey = `doorkeeper_signing_key: |\n${privateKey().replace(/^/gm, "  ")}`;
    expect(noCommittedSecrets.run(contextOf({ "config/settings/test.yml": signingKey })).outcome).toBe("pass");
    expect(locations(noCommittedSecrets.run(contextOf({ "config/settings/production.yml": signingKey })))).toEqual(["config/settings/production.yml:2"]);
  });

  it("fails on a password in a connection URL to a real host, not on a local development database", () => {
    const password = randomish(20, ALNUM, 9);
    const remote = noCommittedSecrets.run(contextOf({ ".env.production": `DATABASE_URL=postgres://app:${password}@db.prod.acme-corp.net:5432/app\n` }));
    expect(remote.outcome).toBe("fail");
    expect(remote.evidence[0]?.note).toBe("password in the connection URL DATABASE_URL (value not shown)");
    expect(noCommittedSecrets.run(contextOf({ ".env": `DATABASE_URL=postgres://app:${password}@localhost:5432/app\n` })).outcome).toBe("pass");
  });

  it("fails on a random fallback default in a compose file, which every deployment that does not override it shares", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation syntax, not a template
    const compose = ["x-env: &env", "  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-maybe_password}", `  SECRET_KEY_BASE: \${SECRET_KEY_BASE:-${randomish(128, HEX, 13)}}`, ""].join("\n");
    const finding = noCommittedSecrets.run(contextOf({ "compose.example.yml": compose }));
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["compose.example.yml:3"]);
    expect(finding.evidence[0]?.note).toBe("default value of SECRET_KEY_BASE (value not shown)");
  });

  it("fails on a mixed-case random key under a credential name in Spring or ASP.NET Core settings, not on placeholders or references", () => {
    const key = randomish(86, `${ALNUM}-`, 17);
    const finding = noCommittedSecrets.run(
      contextOf({
        "src/main/resources/application.properties": `image.default=https://example.org/a.png\njwt.secret=${key}\njwt.sessionTime=86400\n`,
        "src/main/resources/application-prod.yml": `jwt:\n  secret: \${JWT_SECRET}\nspring:\n  datasource:\n    password: changeme\n`,
        "Api/appsettings.json": `{\n  "Jwt": {\n    "Key": "${randomish(48, ALNUM, 19)}",\n    "Issuer": "api"\n  }\n}\n`,
        "src/test/resources/application-test.properties": `jwt.secret=${key}\n`,
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(locations(finding)).toEqual(["src/main/resources/application.properties:2", "Api/appsettings.json:3"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["value of jwt.secret (value not shown)", "value of Key (value not shown)"]);
  });

  it("reads a layered configuration's committed defaults (config/default.toml), quoted values with symbols included", () => {
    const secret = `${randomish(40, ALNUM, 23)}^#&%$@!`;
    const toml = `[server]\nport = 7000\n# Please set a unique value\ncookie_secret = "${secret}"\ndomain = "localhost"\n`;
    expect(locations(noCommittedSecrets.run(contextOf({ "config/default.toml": toml })))).toEqual(["config/default.toml:4"]);
    expect(noCommittedSecrets.run(contextOf({ "config/default.toml": toml.replace(secret, "changeme") })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "examples/config/default.toml": toml })).outcome).toBe("pass");
  });

  it("takes sample configurations (env-samples/, *.sample) for sample material, and typed-in counting placeholders for no secret", () => {
    const env = `JWT_SECRET=${randomish(48, ALNUM, 9)}\n`;
    const settings = `spring:\n  security:\n    jwt:\n      secret: ${randomish(48, ALNUM, 13)}\n`;
    const finding = noCommittedSecrets.run(contextOf({ "deploy/env-samples/api.env": env, "config/application-sample.yml": settings }));
    expect(finding).toMatchObject({ outcome: "pass", reason: expect.stringContaining("2 test keys in test or fixture files ignored") });
    expect(noCommittedSecrets.run(contextOf({ "deploy/env/api.env": env })).outcome).toBe("fail");
    expect(noCommittedSecrets.run(contextOf({ "deploy/api.env": "JWT_SECRET=0123456789abcdef0123456789abcdef\nAPI_KEY=a1b2c3d4e5f6g7h8i9j0k1l2\n" })).outcome).toBe("pass");
  });

  it("fails on a signing key hard-coded in the code that signs tokens, at its line, but not on an obvious placeholder", () => {
    const literal = (key: string) => `const jwt = require("jsonwebtoken");\n\nexports.login = (user) =>\n  jwt.sign({ id: user.id, role: user.role }, "${key}", { expiresIn: "1h" });\n`;
    expect(noCommittedSecrets.run(contextOf({ "src/auth.js": literal("hard-coded-signing-passphrase") })).evidence).toEqual([
      { path: "src/auth.js", line: 4, note: "signing key hard-coded in jwt.sign (value not shown)" },
    ]);
    for (const placeholder of ["changeme", "secret", "your-secret-here", "dev", "test", "mysecretkey", "shhhhh", "DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE."])
      expect(noCommittedSecrets.run(contextOf({ "src/auth.js": literal(placeholder) })).outcome, placeholder).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "src/auth.js": literal("changeme").replace('"changeme"', "process.env.JWT_SECRET") })).outcome).toBe("pass");
  });

  it("fails on a random constant that a signing call in another module signs with (Node, Go)", () => {
    const config = `module.exports = {\n  port: 3000,\n  JWT_SECRET: "${randomish(40, ALNUM, 21)}",\n};\n`;
    const signer = 'const { JWT_SECRET } = require("./config");\nmodule.exports = (p) => jwt.sign(p, JWT_SECRET, { algorithm: "HS256" });\n';
    expect(locations(noCommittedSecrets.run(contextOf({ "src/config.js": config, "src/token.js": signer })))).toEqual(["src/config.js:3"]);
    expect(noCommittedSecrets.run(contextOf({ "src/config.js": config })).outcome).toBe("pass");
    const go = `package auth\n\nvar jwtKey = []byte("${randomish(32, ALNUM, 5)}")\n\nfunc Sign(claims Claims) (string, error) {\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(jwtKey)\n}\n`;
    expect(locations(noCommittedSecrets.run(contextOf({ "internal/auth/jwt.go": go })))).toEqual(["internal/auth/jwt.go:3"]);
  });

  it("reads the key handed to passport-jwt and NestJS's JwtModule, and a constants object they sign with", () => {
    const strategy = 'export class JwtStrategy extends PassportStrategy(Strategy) {\n  constructor() {\n    super({\n      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),\n      secretOrKey: "hard-coded-passport-signing-phrase",\n    });\n  }\n}\n';
    expect(locations(noCommittedSecrets.run(contextOf({ "src/auth/jwt.strategy.ts": strategy })))).toEqual(["src/auth/jwt.strategy.ts:5"]);
    const constants = `export const jwtConstants = {\n  secret: "${randomish(44, ALNUM, 29)}",\n};\n`;
    const module = "@Module({\n  imports: [JwtModule.register({ global: true, secret: jwtConstants.secret, signOptions: { expiresIn: '60s' } })],\n})\nexport class AuthModule {}\n";
    expect(locations(noCommittedSecrets.run(contextOf({ "src/auth/constants.ts": constants, "src/auth/auth.module.ts": module })))).toEqual(["src/auth/constants.ts:2"]);
    const fromConfig = "JwtModule.registerAsync({ useFactory: (config: ConfigService) => ({ secret: config.get('JWT_SECRET') }) })\n";
    expect(noCommittedSecrets.run(contextOf({ "src/auth/constants.ts": constants, "src/auth/auth.module.ts": fromConfig })).outcome).toBe("pass");
  });

  it("fails on a Django SECRET_KEY written into the settings production loads, not in development settings or read from the environment", () => {
    const key = `SECRET_KEY = "${randomish(50, ALNUM, 17)}"\n`;
    expect(locations(noCommittedSecrets.run(contextOf({ "shop/settings.py": `DEBUG = False\n${key}` })))).toEqual(["shop/settings.py:2"]);
    expect(locations(noCommittedSecrets.run(contextOf({ "config/settings/production.py": key })))).toEqual(["config/settings/production.py:1"]);
    expect(noCommittedSecrets.run(contextOf({ "config/settings/local.py": key })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "shop/settings.py": `DEBUG = True\n${key}` })).outcome).toBe("pass");
    const generated = `DEBUG = False\nSECRET_KEY = "django-insecure-${randomish(50, ALNUM, 31)}"\n`;
    expect(locations(noCommittedSecrets.run(contextOf({ "shop/settings.py": generated })))).toEqual(["shop/settings.py:2"]);
    expect(noCommittedSecrets.run(contextOf({ "shop/settings.py": 'SECRET_KEY = os.environ["SECRET_KEY"]\n' })).outcome).toBe("pass");
    const prod = 'from .base import *\n\nwith open(secret_key_file) as f:\n    SECRET_KEY = f.read().strip()\n';
    expect(noCommittedSecrets.run(contextOf({ "app/settings/base.py": `DEBUG = False\n${key}`, "app/settings/prod.py": prod })).outcome).toBe("pass");
    expect(locations(noCommittedSecrets.run(contextOf({ "app/settings/base.py": `DEBUG = False\n${key}`, "app/settings/prod.py": "from .base import *\n" })))).toEqual(["app/settings/base.py:2"]);
  });

  it("takes keys in a throwaway test or development environment's configuration for test material", () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${randomish(64, ALNUM, 5)}\n${randomish(64, ALNUM, 6)}\n-----END PRIVATE KEY-----\n`;
    const finding = noCommittedSecrets.run(contextOf({ "scripts/test-environments/oidc/configuration.yml": `jwks:\n  - key: |\n${pem.replace(/^/gm, "      ")}` }));
    expect(finding.outcome).toBe("pass");
    const codespaces = `SECRET_KEY_BASE=${randomish(64, ALNUM, 8)}\n`;
    expect(noCommittedSecrets.run(contextOf({ ".devcontainer/.env.codespaces": codespaces })).outcome).toBe("pass");
    // A database set up for the tests (db-test-setup/), an e2e compose file and a module of test helpers.
    expect(noCommittedSecrets.run(contextOf({ "db-test-setup/postgres/ssl/server.key": pem })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "docker/docker-compose.e2e.jwk-cache.yaml": `services:\n  app:\n    environment:\n      KEY: |\n${pem.replace(/^/gm, "        ")}` })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "auth/src/test_utils.rs": `pub const TEST_PRIVATE_KEY_PEM: &[u8] = b"${pem}";\n` })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "deploy/tls/server.key": pem })).outcome).toBe("fail");
  });

  it("does not flag secret-looking names whose values are not credentials, nor code that mentions key formats", () => {
    const finding = noCommittedSecrets.run(
      contextOf({
        ".env": "JWT_SECRET_EXPIRES_IN=15m\nSESSION_COOKIE_NAME=sid\nGOOGLE_CLIENT_ID=1234567890-abc.apps.googleusercontent.com\n",
        "src/scan.ts": `const HEADER = /-----BEGIN (RSA )?${"PRIVATE"} KEY-----/;\nexport const isKey = (s: string) => HEADER.test(s);\n`,
      }),
    );
    expect(finding.outcome).toBe("pass");
  });

  it("stays fast and bounded on adversarial input: long lines and repeated prefixes", () => {
    const line = "AKIA".repeat(50_000);
    const started = performance.now();
    const finding = noCommittedSecrets.run(contextOf({ "dist-data/blob.txt": `${line}\n${"-----BEGIN ".repeat(20_000)}\n`, ".env": `TOKEN=${"a1".repeat(100_000)}\n` }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(finding.outcome).toBe("pass");
  });

  it("takes keys in a Rust file's cfg(test) module and in a ci-config folder for test material", () => {
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAtZ/uvzCiQirPAQf0w4piStS+zUlL6A3/ZTpTOJCpnRHVtnfh\nEPbqtQ+ohvkB8txKg2nlgDZ5+zS62jtvb2BYzwkH5qU4jlpDEOnwKVtTTjOrCWZx\n-----END RSA PRIVATE KEY-----";
    const source = `pub fn verify(token: &str) -> bool { !token.is_empty() }\n\n#[cfg(test)]\nmod tests {\n    const KEY_A_PEM: &str = "${key}";\n}\n`;
    expect(noCommittedSecrets.run(contextOf({ "crates/auth/src/oauth2.rs": source })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "crates/auth/src/oauth2.rs": source.replace("#[cfg(test)]\nmod tests {", "mod keys {") })).outcome).toBe("fail");
    expect(noCommittedSecrets.run(contextOf({ "docker/ci-config/signing.key": `${key}\n` })).outcome).toBe("pass");
    expect(noCommittedSecrets.run(contextOf({ "config/signing.key": `${key}\n` })).outcome).toBe("fail");
  });
});
