import { describe, expect, it } from "vitest";
import { securityPolicy } from "../../../src/probes/security/policy.js";
import { contextOf } from "../../support/probe-harness.js";

describe("security.policy", () => {
  it("passes on .github/SECURITY.md with the file as evidence", () => {
    const finding = securityPolicy.run(contextOf({ ".github/SECURITY.md": "# Reporting\nMail security@example.com" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([{ path: ".github/SECURITY.md" }]);
  });

  it("fails when the only policy-like file is elsewhere", () => {
    const finding = securityPolicy.run(contextOf({ "src/security.ts": "export {}", "README.md": "# x" }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/SECURITY\.md/);
  });
});
