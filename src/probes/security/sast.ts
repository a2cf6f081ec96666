import { CODEQL_WORKFLOWS_ONLY } from "../../facts/ci-actions.js";
import { type CiFinding, ciConfigs, ciFindings, describeConfigs, effectiveTriggers, pipelineOf, skippedNote } from "../../facts/ci.js";
import { findDependency } from "../../facts/dependencies.js";
import { projectNamed } from "../../facts/project-files.js";
import { isSeq, type Node } from "yaml";
import type { RepoView } from "../../view/repo-view.js";
import { entry, parseYamlDocuments, scalarText } from "../../facts/yaml-nodes.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { evidenceFor, summarise } from "../ci/findings.js";

/** GitLab's managed SAST jobs, pulled in by `include: template:`. */
const GITLAB_SAST_TEMPLATE = /(?:^|\/)(?:SAST|SAST-IaC|Auto-DevOps)(?:\.latest)?\.gitlab-ci\.yml$/i;
/** A weekly scheduled scan is still continuous; one that waits for a person to start it is not. */
const MANUAL_EVENTS = new Set(["workflow_dispatch", "repository_dispatch"]);

/** A linter CI runs that carries a security analyser's rules once its configuration or a plugin turns them on. */
interface SecurityRules {
  linter: string;
  /** CI tools that run this linter under their own name (`next lint` runs ESLint). */
  runners?: readonly string[];
  rules: string;
  /** Configuration file names, at the root or in a module's folder. */
  configs?: readonly string[];
  /** Where in a configuration file the rules are turned on: the offset, or undefined when they are not. */
  enabledAt?: (text: string, path: string) => number | undefined;
  /** Plugins that bring the rules in by being installed. */
  plugins?: readonly string[];
}

const firstMatch =
  (pattern: RegExp) =>
  (text: string): number | undefined => {
    const match = pattern.exec(text);
    return match ? match.index + match[0].search(/\S/) : undefined;
  };

const GOSEC_TOML = /^[ \t]*(?:enable[ \t]*=[ \t]*\[[^\]]{0,2000}?)?["']gosec["']|enable-all[ \t]*=[ \t]*true|default[ \t]*=[ \t]*["']all["']/m;
const GOSEC_ENABLED_TOML = /^[ \t]*enable[ \t]*=[ \t]*\[[^\]]{0,2000}?["']gosec["']/m;
const GOSEC_DISABLED_TOML = /^[ \t]*disable[ \t]*=[ \t]*\[[^\]]{0,2000}?["']gosec["']/m;

/**
 * Whether golangci-lint runs gosec: enabled by name, or every linter on (v1 `enable-all: true`,
 * v2 `default: all`) or v1's `bugs` preset, which includes it, unless `disable` takes it out again.
 */
function gosecEnabledAt(text: string, path: string): number | undefined {
  if (path.endsWith(".toml")) return GOSEC_DISABLED_TOML.test(text) && !GOSEC_ENABLED_TOML.test(text) ? undefined : firstMatch(GOSEC_TOML)(text);
  const yaml = parseYamlDocuments(text);
  for (const root of yaml.roots) {
    const linters = entry(root, "linters")?.value;
    const named = (key: string, name = "gosec") => {
      const list = entry(linters, key)?.value;
      return isSeq(list) ? (list.items as Node[]).find((n) => scalarText(n) === name) : undefined;
    };
    const enabled = named("enable");
    if (enabled) return enabled.range?.[0];
    if (named("disable")) return undefined;
    const preset = named("presets", "bugs");
    if (preset) return preset.range?.[0];
    const enableAll = entry(linters, "enable-all");
    if (enableAll && scalarText(enableAll.value) === "true") return (enableAll.keyNode as Node).range?.[0];
    const byDefault = entry(linters, "default");
    if (byDefault && scalarText(byDefault.value) === "all") return (byDefault.keyNode as Node).range?.[0];
  }
  return undefined;
}

/** ESLint configurations that load a security plugin: eslint-plugin-security, Microsoft's SDL rules, no-unsanitized. */
const ESLINT_CONFIGS = [
  "eslint.config.js",
  "eslint.config.mjs",
  "eslint.config.cjs",
  "eslint.config.ts",
  "eslint.config.mts",
  "eslint.config.cts",
  ".eslintrc",
  ".eslintrc.js",
  ".eslintrc.cjs",
  ".eslintrc.json",
  ".eslintrc.yml",
  ".eslintrc.yaml",
  "package.json",
];
const ESLINT_SECURITY_PLUGIN =
  /["'](?:eslint-plugin-security|@microsoft\/eslint-plugin-sdl|eslint-plugin-no-unsanitized)["']|plugin:(?:security|@microsoft\/sdl|no-unsanitized)\/|(?:^|[\s"'])(?:security\/detect-|no-unsanitized\/|@microsoft\/sdl\/)|\bplugins["']?\s*:\s*\[[^\]]{0,500}?["'](?:security|no-unsanitized|@microsoft\/sdl)["']|^[ \t]*-[ \t]*["']?(?:security|no-unsanitized|@microsoft\/sdl)["']?[ \t]*$/m;

/** An ESLint config that loads a security plugin; in package.json only its `eslintConfig` counts, not the dependency list. */
function eslintSecurityAt(text: string, path: string): number | undefined {
  if (!path.endsWith("package.json")) return firstMatch(ESLINT_SECURITY_PLUGIN)(text);
  const key = text.indexOf('"eslintConfig"');
  if (key === -1) return undefined;
  try {
    const config = (JSON.parse(text) as { eslintConfig?: unknown }).eslintConfig;
    return config && ESLINT_SECURITY_PLUGIN.test(JSON.stringify(config)) ? key : undefined;
  } catch {
    return undefined;
  }
}

const SECURITY_RULES: SecurityRules[] = [
  { linter: "golangci-lint", rules: "gosec", configs: [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"], enabledAt: gosecEnabledAt },
  {
    // Ruff's S rules are flake8-bandit's checks; ALL includes them.
    linter: "ruff",
    rules: "Bandit's rules (ruff S)",
    configs: ["pyproject.toml", "ruff.toml", ".ruff.toml"],
    enabledAt: firstMatch(/^[ \t]*(?:extend-)?select[ \t]*=[ \t]*\[[^\]]{0,2000}?["'](?:S\d{0,3}|ALL)["']/m),
  },
  // flake8 runs every installed plugin's checks; wemake-python-styleguide bundles flake8-bandit.
  { linter: "flake8", rules: "Bandit's rules (flake8 plugin)", plugins: ["flake8-bandit", "wemake-python-styleguide"] },
  {
    linter: "eslint",
    runners: ["next lint", "ng lint", "vue-cli-service", "nuxt lint"],
    rules: "security rules (ESLint security plugin)",
    configs: ESLINT_CONFIGS,
    enabledAt: eslintSecurityAt,
  },
];

/** Security rules turned on in a linter's configuration: the linter then runs them as part of linting. */
function securityRulesThroughLinters(view: RepoView, findings: readonly CiFinding[]): { tool: string; evidence: Evidence[] }[] {
  const out: { tool: string; evidence: Evidence[] }[] = [];
  for (const { linter, runners = [], rules, configs = [], enabledAt, plugins = [] } of SECURITY_RULES) {
    const runs = findings.find((f) => f.kind === "lint" && (f.tool === linter || runners.includes(f.tool)));
    if (!runs) continue;
    const plugin = findDependency(view, plugins)[0];
    if (plugin) {
      out.push({ tool: `${rules} through ${linter}`, evidence: [{ path: plugin.path, line: plugin.line, note: `${plugin.name} adds ${rules}` }, { ...runs.at, note: `runs ${runs.tool}` }] });
      continue;
    }
    if (!enabledAt) continue;
    const files = [...configs, ...projectNamed(view, ...configs).filter((p) => p.includes("/")).sort()];
    for (const path of files) {
      const text = view.text(path);
      const offset = text === undefined ? undefined : enabledAt(text, path);
      if (offset === undefined) continue;
      out.push({ tool: `${rules} through ${linter}`, evidence: [{ path, line: view.lineAt(path, offset), note: `${linter} enables ${rules}` }, { ...runs.at, note: `runs ${runs.tool}` }] });
      break;
    }
  }
  return out;
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
    const workflowOnlyCodeql = new Set(findings.filter((f) => f.tool === CODEQL_WORKFLOWS_ONLY).map((f) => f.at.path));
    const codeqlOfCode = new Set(findings.filter((f) => f.kind === "sast" && f.tool === "CodeQL" && /codeql-action\/init/i.test(f.command)).map((f) => f.at.path));
    // The analyze step of a workflow whose CodeQL only looks at the workflows analyses no application code either.
    const sast = findings.filter((f) => f.kind === "sast" && !(f.tool === "CodeQL" && workflowOnlyCodeql.has(f.at.path) && !codeqlOfCode.has(f.at.path)));
    const gitlabTemplates: Evidence[] = ciConfigs(view).flatMap((c) =>
      (c.includes ?? []).filter((i) => i.kind === "template" && GITLAB_SAST_TEMPLATE.test(i.target)).map((i) => ({ path: c.path, line: i.line, note: `GitLab SAST template ${i.target}` })),
    );
    const viaLinters = securityRulesThroughLinters(view, findings);
    if (sast.length > 0 || gitlabTemplates.length > 0 || viaLinters.length > 0) {
      const automatic = sast.filter((f) => effectiveTriggers(view, pipelineOf(f.step)).some((t) => !MANUAL_EVENTS.has(t.event)));
      const evidence = [...gitlabTemplates, ...evidenceFor(sast, "static security analysis"), ...viaLinters.flatMap((v) => v.evidence)];
      const tools = [summarise(sast), gitlabTemplates.length ? "GitLab SAST template" : "", ...viaLinters.map((v) => v.tool)].filter(Boolean).join(", ");
      if (automatic.length === 0 && gitlabTemplates.length === 0 && viaLinters.length === 0) return partial(`static security analysis (${tools}) only runs when started by hand`, evidence);
      return pass(`static security analysis runs in CI: ${tools}`, evidence);
    }
    const iac = findings.filter((f) => f.kind === "iac-scan");
    if (iac.length > 0)
      return partial(`only infrastructure-as-code or CI workflow definitions are scanned (${summarise(iac)}); nothing analyses the application code`, evidenceFor(iac, "IaC scan"));
    const audits = findings.filter((f) => f.kind === "dependency-audit");
    const auditNote = audits.length ? ` ${summarise(audits)} audit${audits.length === 1 ? "s" : ""} dependencies for known vulnerabilities, which is not analysis of the project's own code.` : "";
    return fail(
      `no static security analyser (CodeQL, Semgrep, Bandit, gosec, Brakeman, njsscan, Snyk Code, SonarQube) runs in ${describeConfigs(view)}.${auditNote} GitHub's CodeQL "default setup" lives in repository settings and cannot be seen from the code.${skippedNote(view)}`,
    );
  },
};
