import { describe, expect, it } from "vitest";
import { envAssignments, envFileRole } from "../../src/facts/env-files.js";

describe("envFileRole", () => {
  it("tells live, example and test env files apart, and leaves code and other files alone", () => {
    const roles = Object.fromEntries(
      [".env", ".env.production", "contrib/netbox.env", ".env.example", "env-example-relational", "sample.env", ".env.local.example", ".env.tpl", ".env.test", ".env.e2e", "src/env.ts", "env.d.ts", ".env.d.ts", "tsconfig.env.json", "api/env.proto", ".envrc", "docs/env.md"].map(
        (p) => [p, envFileRole(p) ?? "-"],
      ),
    );
    expect(roles).toEqual({
      ".env": "live",
      ".env.production": "live",
      "contrib/netbox.env": "live",
      ".env.example": "example",
      "env-example-relational": "example",
      "sample.env": "example",
      ".env.local.example": "example",
      ".env.tpl": "example",
      ".env.test": "test",
      ".env.e2e": "test",
      "src/env.ts": "-",
      "env.d.ts": "-",
      ".env.d.ts": "-",
      "tsconfig.env.json": "-",
      "api/env.proto": "-",
      ".envrc": "-",
      "docs/env.md": "-",
    });
  });
});

describe("envAssignments", () => {
  it("reads NAME=value lines with quotes, exports, inline comments and commented-out entries", () => {
    const text = 'export PORT=3000\nNAME="Orders API" # shown in logs\n# OLD_KEY=abc\nJWT= 33d0\nnot an assignment\n';
    expect(envAssignments(text)).toEqual([
      { name: "PORT", value: "3000", line: 1, commentedOut: false },
      { name: "NAME", value: "Orders API", line: 2, commentedOut: false },
      { name: "OLD_KEY", value: "abc", line: 3, commentedOut: true },
      { name: "JWT", value: "33d0", line: 4, commentedOut: false },
    ]);
  });
});
