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

  it("is partial on a README section on reporting vulnerabilities that links to the policy", () => {
    const readme = "# pydantic\n\nData validation.\n\n## Reporting a Security Vulnerability\n\nSee our [security policy](https://github.com/pydantic/pydantic/security/policy).\n";
    const finding = securityPolicy.run(contextOf({ "README.md": readme }));
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: "README.md", line: 5, note: 'section "Reporting a Security Vulnerability"' }]);
    const contributing = "# Contributing\n\n## Security\n\nPlease report vulnerabilities privately to security@example.org, not in public issues.\n";
    expect(securityPolicy.run(contextOf({ "README.md": "# app\n", "CONTRIBUTING.md": contributing })).evidence).toEqual([{ path: "CONTRIBUTING.md", line: 3, note: 'section "Security"' }]);
  });

  it("is partial on a paragraph that says to report security bugs privately, with the address", () => {
    const contributing = "# Contributing\n\n## Reporting issues\n\nSearch the tracker first.\n\n**If you find a security bug, do not report it through GitHub. Please send an\ne-mail to [oss@example.org](mailto:oss@example.org) instead.**\n";
    expect(securityPolicy.run(contextOf({ "CONTRIBUTING.md": contributing }))).toMatchObject({ outcome: "partial", evidence: [{ path: "CONTRIBUTING.md", line: 7 }] });
    const features = "# Vault\n\nVault fixes security bugs quickly and sends release notes by e-mail.\n";
    expect(securityPolicy.run(contextOf({ "README.md": features })).outcome).toBe("fail");
  });

  it("does not take a section on the product's security features, or one without a contact, for a policy", () => {
    const features = "# Vault\n\n## Security\n\nSecrets are encrypted with AES-256; see [the design](https://example.org/design).\n";
    expect(securityPolicy.run(contextOf({ "README.md": features })).outcome).toBe("fail");
    const noContact = "# Vault\n\n## Reporting security issues\n\nPlease do not open public issues for vulnerabilities.\n";
    expect(securityPolicy.run(contextOf({ "README.md": noContact })).outcome).toBe("fail");
  });
});
