import type { RepoView } from "../view/repo-view.js";
import { analyzeCommand, type CommandFinding, type CommandKind, kindsByName } from "./commands.js";

/**
 * What a used action does: GitHub Actions (`owner/repo[/path]@ref`), CircleCI orb jobs and
 * commands (`node/test`), Azure Pipelines tasks (`task:Npm@1`) and Bitbucket pipes
 * (`pipe:atlassian/...`). Known actions map to a kind; actions that take a command
 * (`with: run/command/script`) are analysed through that command.
 */

interface KnownAction {
  /** Lowercased `owner/repo[/path]` prefix. */
  prefix: string;
  kind: CommandKind;
  tool: string;
  e2e?: boolean;
  /** Only when an input says so, e.g. snyk's `command: code test`. */
  when?: (inputs: Record<string, string>) => boolean;
}

/** CodeQL's `actions` language analyses the workflows themselves, not the application's code. */
export const CODEQL_WORKFLOWS_ONLY = "CodeQL (GitHub Actions workflows only)";

function analysesWorkflowsOnly(inputs: Record<string, string>): boolean {
  const languages = (inputs.languages ?? "").split(/[\s,]+/).filter(Boolean);
  return languages.length > 0 && languages.every((l) => l.toLowerCase() === "actions");
}

const KNOWN_ACTIONS: KnownAction[] = [
  { prefix: "github/codeql-action/init", kind: "sast", tool: "CodeQL", when: (i) => !analysesWorkflowsOnly(i) },
  { prefix: "github/codeql-action/init", kind: "iac-scan", tool: CODEQL_WORKFLOWS_ONLY, when: analysesWorkflowsOnly },
  { prefix: "github/codeql-action/analyze", kind: "sast", tool: "CodeQL" },
  { prefix: "returntocorp/semgrep-action", kind: "sast", tool: "Semgrep" },
  { prefix: "semgrep/semgrep-action", kind: "sast", tool: "Semgrep" },
  { prefix: "securego/gosec", kind: "sast", tool: "gosec" },
  { prefix: "pycqa/bandit-action", kind: "sast", tool: "bandit" },
  { prefix: "pycqa/bandit", kind: "sast", tool: "bandit" },
  { prefix: "tj-actions/bandit", kind: "sast", tool: "bandit" },
  { prefix: "jpetrucciani/bandit-check", kind: "sast", tool: "bandit" },
  { prefix: "mdegis/bandit-action", kind: "sast", tool: "bandit" },
  { prefix: "shundor/python-bandit-scan", kind: "sast", tool: "bandit" },
  { prefix: "ajinabraham/njsscan-action", kind: "sast", tool: "njsscan" },
  { prefix: "shiftleftsecurity/scan-action", kind: "sast", tool: "ShiftLeft scan" },
  { prefix: "sonarsource/sonarcloud-github-action", kind: "sast", tool: "SonarCloud" },
  { prefix: "sonarsource/sonarqube-scan-action", kind: "sast", tool: "SonarQube" },
  { prefix: "sonarsource/sonarcloud-github-c-cpp", kind: "sast", tool: "SonarCloud" },
  // Community wrappers of the Sonar scanner for .NET run the same analysis.
  { prefix: "highbyte/sonarscan-dotnet", kind: "sast", tool: "SonarCloud (.NET)" },
  { prefix: "checkmarx/ast-github-action", kind: "sast", tool: "Checkmarx" },
  { prefix: "checkmarx-ts/checkmarx-cxflow-github-action", kind: "sast", tool: "Checkmarx" },
  { prefix: "veracode/veracode-uploadandscan-action", kind: "sast", tool: "Veracode" },
  { prefix: "veracode/veracode-pipeline-scan-action", kind: "sast", tool: "Veracode" },
  { prefix: "datadog/datadog-static-analyzer-github-action", kind: "sast", tool: "Datadog static analysis" },
  { prefix: "bearer/bearer-action", kind: "sast", tool: "Bearer" },
  { prefix: "microsoft/devskim-action", kind: "sast", tool: "DevSkim" },
  { prefix: "fortify/github-action", kind: "sast", tool: "Fortify" },
  { prefix: "snyk/actions", kind: "sast", tool: "Snyk Code", when: (i) => /\bcode\b/.test(i.command ?? "") },
  { prefix: "snyk/actions", kind: "dependency-audit", tool: "Snyk Open Source", when: (i) => !/\bcode\b|\biac\b/.test(i.command ?? "") },
  { prefix: "aquasecurity/trivy-action", kind: "iac-scan", tool: "Trivy config", when: (i) => i["scan-type"] === "config" || /misconfig/.test(i.scanners ?? "") },
  { prefix: "aquasecurity/trivy-action", kind: "dependency-audit", tool: "Trivy", when: (i) => i["scan-type"] !== "config" && !/misconfig/.test(i.scanners ?? "") },
  { prefix: "bridgecrewio/checkov-action", kind: "iac-scan", tool: "Checkov" },
  { prefix: "zizmorcore/zizmor-action", kind: "iac-scan", tool: "zizmor (CI workflows)" },
  { prefix: "boostsecurityio/poutine-action", kind: "iac-scan", tool: "poutine (CI workflows)" },
  { prefix: "aquasecurity/tfsec-action", kind: "iac-scan", tool: "tfsec" },
  { prefix: "checkmarx/kics-github-action", kind: "iac-scan", tool: "KICS" },
  { prefix: "actions/dependency-review-action", kind: "dependency-audit", tool: "dependency review" },
  { prefix: "golang/govulncheck-action", kind: "dependency-audit", tool: "govulncheck" },
  { prefix: "pypa/gh-action-pip-audit", kind: "dependency-audit", tool: "pip-audit" },
  { prefix: "google/osv-scanner-action", kind: "dependency-audit", tool: "osv-scanner" },
  { prefix: "anchore/scan-action", kind: "dependency-audit", tool: "Grype" },
  { prefix: "dependency-check/dependency-check_action", kind: "dependency-audit", tool: "OWASP dependency-check" },
  { prefix: "github/super-linter", kind: "lint", tool: "super-linter" },
  { prefix: "super-linter/super-linter", kind: "lint", tool: "super-linter" },
  { prefix: "oxsecurity/megalinter", kind: "lint", tool: "MegaLinter" },
  { prefix: "golangci/golangci-lint-action", kind: "lint", tool: "golangci-lint" },
  { prefix: "dominikh/staticcheck-action", kind: "lint", tool: "staticcheck" },
  { prefix: "astral-sh/ruff-action", kind: "lint", tool: "ruff" },
  { prefix: "chartboost/ruff-action", kind: "lint", tool: "ruff" },
  { prefix: "jpetrucciani/ruff-check", kind: "lint", tool: "ruff" },
  { prefix: "psf/black", kind: "lint", tool: "black" },
  { prefix: "py-actions/flake8", kind: "lint", tool: "flake8" },
  { prefix: "ricardochaves/python-lint", kind: "lint", tool: "python-lint" },
  { prefix: "jakebailey/pyright-action", kind: "lint", tool: "pyright" },
  { prefix: "pre-commit/action", kind: "lint", tool: "pre-commit" },
  { prefix: "pre-commit-ci/lite-action", kind: "lint", tool: "pre-commit" },
  { prefix: "j178/prek-action", kind: "lint", tool: "prek (pre-commit hooks)" },
  { prefix: "wearerequired/lint-action", kind: "lint", tool: "lint-action" },
  { prefix: "reviewdog/action-", kind: "lint", tool: "reviewdog" },
  { prefix: "sibiraj-s/action-eslint", kind: "lint", tool: "eslint" },
  { prefix: "hadolint/hadolint-action", kind: "lint", tool: "hadolint" },
  { prefix: "ludeeus/action-shellcheck", kind: "lint", tool: "shellcheck" },
  { prefix: "rhysd/actionlint", kind: "lint", tool: "actionlint" },
  { prefix: "raven-actions/actionlint", kind: "lint", tool: "actionlint" },
  { prefix: "davidanson/markdownlint-cli2-action", kind: "lint", tool: "markdownlint" },
  { prefix: "actions-rs/clippy-check", kind: "lint", tool: "clippy" },
  { prefix: "actions-rust-lang/rustfmt", kind: "lint", tool: "rustfmt --check" },
  { prefix: "giraffate/clippy-action", kind: "lint", tool: "clippy" },
  { prefix: "stylelint/", kind: "lint", tool: "stylelint" },
  { prefix: "johnnymorganz/stylua-action", kind: "lint", tool: "stylua" },
  { prefix: "cypress-io/github-action", kind: "test", tool: "cypress", e2e: true, when: (i) => i.runTests !== "false" },
  { prefix: "php-actions/phpunit", kind: "test", tool: "phpunit" },
  { prefix: "mattallty/jest-github-action", kind: "test", tool: "jest" },
  { prefix: "artiomtr/jest-coverage-report-action", kind: "test", tool: "jest" },
  { prefix: "artiomtr/jest-coverage-report-action", kind: "coverage", tool: "jest coverage report" },
  { prefix: "codecov/codecov-action", kind: "coverage", tool: "Codecov" },
  { prefix: "coverallsapp/github-action", kind: "coverage", tool: "Coveralls" },
  { prefix: "paambaati/codeclimate-action", kind: "coverage", tool: "Code Climate" },
  { prefix: "qltysh/qlty-action/coverage", kind: "coverage", tool: "Qlty coverage" },
  { prefix: "5monkeys/cobertura-action", kind: "coverage", tool: "Cobertura report" },
  { prefix: "irongut/codecoveragesummary", kind: "coverage", tool: "coverage summary" },
  // Azure Pipelines tasks
  { prefix: "task:advancedsecurity-codeql-analyze", kind: "sast", tool: "CodeQL (GitHub Advanced Security for Azure DevOps)" },
  { prefix: "task:sonarqubeanalyze", kind: "sast", tool: "SonarQube" },
  { prefix: "task:sonarcloudanalyze", kind: "sast", tool: "SonarCloud" },
  { prefix: "task:publishcodecoverageresults", kind: "coverage", tool: "code coverage results" },
  { prefix: "task:vstest", kind: "test", tool: "VSTest" },
  // Bitbucket pipes
  { prefix: "pipe:snyk/snyk-scan", kind: "dependency-audit", tool: "Snyk" },
  { prefix: "pipe:sonarsource/sonarcloud-scan", kind: "sast", tool: "SonarCloud" },
  { prefix: "pipe:sonarsource/sonarqube-scan", kind: "sast", tool: "SonarQube" },
];

/** CircleCI orbs whose `test`/`lint` jobs and commands run the project's suite. */
const ORB_KINDS: [RegExp, CommandKind][] = [
  [/^(?:node|python|go|ruby|rust|php|gradle|maven|android|cypress|browser-tools)\/(?:test|run-tests|unit-test)/, "test"],
  [/\/(?:lint|eslint|rubocop|flake8|golangci-lint)/, "lint"],
  [/^codecov\/upload|^coveralls\//, "coverage"],
  [/^sonarcloud\/scan|^snyk\/scan-code/, "sast"],
];

/** `orb/command`: one slash, no version; GitHub actions carry `@ref`, local ones start with `./`. */
const ORB_REFERENCE = /^[\w-]+\/[\w-]+$/;

/** Inputs that hold a shell command the action runs. */
const COMMAND_INPUTS = ["run", "command", "script", "cmd", "coveragecommand", "coverage-command", "test-command", "test_command", "test-script", "customcommand"];

/** Cargo actions take the subcommand in `command` and the rest in `args`. */
function cargoArguments(inputs: Record<string, string>): string | undefined {
  return inputs.command ? `cargo ${inputs.command} ${inputs.args ?? ""}` : undefined;
}

/** Actions whose command input is the arguments of a known tool. */
const TOOL_ARGUMENTS: [string, (inputs: Record<string, string>) => string | undefined][] = [
  ["actions-rs/cargo", cargoArguments],
  ["clementtsang/cargo-action", cargoArguments],
  ["gradle/gradle-build-action", (i) => (i.arguments ? `gradle ${i.arguments}` : undefined)],
  ["eskatos/gradle-command-action", (i) => (i.arguments ? `gradle ${i.arguments}` : undefined)],
  ["borales/actions-yarn", (i) => (i.cmd ? `yarn ${i.cmd}` : undefined)],
  ["php-actions/composer", (i) => (i.command ? `composer ${i.command}` : undefined)],
  ["task:npm", (i) => (i.command === "custom" ? `npm ${i.customCommand ?? ""}` : `npm ${i.command ?? "install"}`)],
  ["task:dotnetcorecli", (i) => `dotnet ${i.command ?? "build"} ${i.arguments ?? ""}`],
  ["task:maven", (i) => `mvn ${i.goals ?? "package"} ${i.options ?? ""}`],
  ["task:gradle", (i) => `gradle ${i.tasks ?? "build"} ${i.options ?? ""}`],
  ["task:cmdline", (i) => i.script],
  ["task:bash", (i) => i.script],
  // Builds the Dockerfile as `docker build` would: the RUN lines of the stages it builds (a test target's `dotnet test`) run in CI.
  ["docker/build-push-action", (i) => ["docker build", i.target ? `--target ${i.target}` : "", i.file ? `-f ${i.file}` : "", i.context ?? "."].filter(Boolean).join(" ")],
  ["task:powershell", (i) => i.script],
];

/** Actions whose `script` input is JavaScript, not shell. */
const SCRIPTING_ACTIONS = new Set(["actions/github-script"]);

/** A reusable workflow kept in another repository (`org/infra/.github/workflows/rubocop.yml@main`): its file name is all this repository shows of it. */
const REMOTE_WORKFLOW = /^[\w.-]+\/[\w.-]+\/\.github\/workflows\/([\w.-]+)\.ya?ml$/;
const SAST_WORKFLOW = /codeql|brakeman|semgrep|gosec|bandit|sast|sonar/;

function remoteWorkflowFindings(base: string, uses: string): CommandFinding[] {
  const stem = REMOTE_WORKFLOW.exec(base)?.[1];
  if (stem === undefined) return [];
  const kinds: CommandKind[] = SAST_WORKFLOW.test(stem) ? ["sast"] : kindsByName(stem);
  return kinds.map((kind) => ({ kind, tool: `reusable workflow ${stem}`, command: uses, trail: [], byName: true }));
}

export function analyzeAction(view: RepoView, uses: string, inputs: Record<string, string>, cwd = ""): CommandFinding[] {
  const name = uses.split("@")[0]?.toLowerCase() ?? "";
  const base = uses.toLowerCase().startsWith("task:") ? name.replace(/@.*$/, "") : name;
  const out: CommandFinding[] = [];
  for (const action of KNOWN_ACTIONS) {
    if (base.startsWith(action.prefix) && (action.when?.(inputs) ?? true)) out.push({ kind: action.kind, tool: action.tool, command: uses, trail: [], e2e: action.e2e });
  }
  if (ORB_REFERENCE.test(uses)) for (const [pattern, kind] of ORB_KINDS) if (pattern.test(base)) out.push({ kind, tool: `orb ${base}`, command: uses, trail: [] });
  out.push(...remoteWorkflowFindings(base, uses));
  // `uses: docker://image` runs the container with `with.args` (after an optional `with.entrypoint`) as its command.
  if (base.startsWith("docker://") && inputs.args) out.push(...analyzeCommand(view, [inputs.entrypoint, inputs.args].filter(Boolean).join(" "), cwd));
  const toolArguments = TOOL_ARGUMENTS.find(([prefix]) => base.startsWith(prefix))?.[1](inputs);
  if (toolArguments) out.push(...analyzeCommand(view, toolArguments, inputs.workingDirectory ?? cwd));
  const lowered = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of COMMAND_INPUTS) {
    const command = lowered[key];
    if (command && !toolArguments && !base.startsWith("task:") && !SCRIPTING_ACTIONS.has(base)) out.push(...analyzeCommand(view, command, inputs["working-directory"] ?? cwd));
  }
  return out;
}
