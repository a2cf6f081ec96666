import { type CiFinding, ciConfigs, ciFindings, describeConfigs, effectiveTriggers, pipelineOf, skippedNote } from "../../facts/ci.js";
import { projectPaths } from "../../facts/project-files.js";
import type { RepoView } from "../../engine/repo-view.js";
import { type Evidence, fail, type Probe, partial, pass } from "../probe.js";
import { evidenceFor, summarise } from "../ci/findings.js";

/** GitLab's managed SAST jobs, pulled in by `include: template:`. */
const GITLAB_SAST_TEMPLATE = /(?:^|\/)(?:SAST|SAST-IaC|Auto-DevOps)(?:\.latest)?\.gitlab-ci\.yml$/i;
/** A weekly scheduled scan is still continuous; one that waits for a person to start it is not. */
const MANUAL_EVENTS = new Set(["workflow_dispatch", "repository_dispatch"]);
const GOLANGCI_CONFIGS = [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"];

/** gosec enabled in golangci-lint's config: golangci-lint then runs it as part of linting. */
function gosecThroughGolangci(view: RepoView, findings: readonly CiFinding[]): Evidence[] {
  const golangci = findings.filter((f) => f.kind === "lint" && f.tool === "golangci-lint");
  if (golangci.length === 0) return [];
  const configs = [...GOLANGCI_CONFIGS, ...projectPaths(view).filter((p) => p.includes("/") && GOLANGCI_CONFIGS.includes(p.slice(p.lastIndexOf("/") + 1)))];
  for (const path of configs) {
    const lines = view.text(path)?.split("\n") ?? [];
    const at = lines.findIndex((line) => /^\s*(?:-\s*)?["']?gosec["']?\s*(?:#.*)?$|enable-all:\s*true|default:\s*all/.test(line));
    if (at !== -1) return [{ path, line: at + 1, note: "golangci-lint enables gosec" }, { ...(golangci[0] as CiFinding).at, note: "runs golangci-lint" }];
  }
  return [];
}

/**
 * Static analysis of the project's own code for security flaws, run by CI: CodeQL, Semgrep,
 * Bandit, gosec, Brakeman, njsscan, Snyk Code, SonarQube/SonarCloud, GitLab's SAST template...
 * Dependency audits (npm audit, govulncheck, Trivy/Grype image or filesystem scans, Snyk Open
 * Source, dependency review) check third-party packages, not the code: they do not count.
 * Infrastructure-as-code scanners (Checkov, tfsec, Trivy config) only cover the deployment code: partial.
 */
export const securitySast: Probe = {
  id: "security.sast",
  run({ view }) {
    if (ciConfigs(view).length === 0) return fail("no CI configuration, so no static security analysis runs (CodeQL, Semgrep, Bandit, gosec...)");
    const findings = ciFindings(view);
    const sast = findings.filter((f) => f.kind === "sast");
    const gitlabTemplates: Evidence[] = ciConfigs(view).flatMap((c) =>
      (c.includes ?? []).filter((i) => i.kind === "template" && GITLAB_SAST_TEMPLATE.test(i.target)).map((i) => ({ path: c.path, line: i.line, note: `GitLab SAST template ${i.target}` })),
    );
    const viaLinter = gosecThroughGolangci(view, findings);
    if (sast.length > 0 || gitlabTemplates.length > 0 || viaLinter.length > 0) {
      const automatic = sast.filter((f) => effectiveTriggers(view, pipelineOf(f.step)).some((t) => !MANUAL_EVENTS.has(t.event)));
      const evidence = [...gitlabTemplates, ...evidenceFor(sast, "static security analysis"), ...viaLinter];
      const tools = [summarise(sast), gitlabTemplates.length ? "GitLab SAST template" : "", viaLinter.length ? "gosec through golangci-lint" : ""].filter(Boolean).join(", ");
      if (automatic.length === 0 && gitlabTemplates.length === 0 && viaLinter.length === 0) return partial(`static security analysis (${tools}) only runs when started by hand`, evidence);
      return pass(`static security analysis runs in CI: ${tools}`, evidence);
    }
    const iac = findings.filter((f) => f.kind === "iac-scan");
    if (iac.length > 0) return partial(`only infrastructure-as-code is scanned (${summarise(iac)}); nothing analyses the application code`, evidenceFor(iac, "IaC scan"));
    const audits = findings.filter((f) => f.kind === "dependency-audit");
    const auditNote = audits.length ? ` ${summarise(audits)} audit${audits.length === 1 ? "s" : ""} dependencies for known vulnerabilities, which is not analysis of the project's own code.` : "";
    return fail(
      `no static security analyser (CodeQL, Semgrep, Bandit, gosec, Brakeman, njsscan, Snyk Code, SonarQube) runs in ${describeConfigs(view)}.${auditNote} GitHub's CodeQL "default setup" lives in repository settings and cannot be seen from the code.${skippedNote(view)}`,
    );
  },
};
