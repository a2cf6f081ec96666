import { describe, expect, it } from "vitest";
import { securitySast } from "../../../src/probes/security/sast.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const job = (steps: string, on = "[push, pull_request]") => `on: ${on}\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

describe("security.sast", () => {
  it("passes on a CodeQL workflow with the init line (fastapi fixture)", async () => {
    const finding = securitySast.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/codeql.yml", line: 16 });
  });

  it("passes on GitLab's SAST template include (go fixture)", async () => {
    const finding = securitySast.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: ".gitlab-ci.yml", line: 4, note: "GitLab SAST template Jobs/SAST.gitlab-ci.yml" });
  });

  it.each([
    ["bandit", "      - run: bandit -r app -ll\n", 6],
    ["semgrep", "      - run: semgrep ci\n", 6],
    ["brakeman", "      - run: bin/brakeman --no-pager\n", 6],
    ["gosec action", "      - uses: securego/gosec@v2\n        with:\n          args: ./...\n", 6],
    ["snyk code", "      - uses: snyk/actions/node@master\n        with:\n          command: code test\n", 6],
  ])("passes on %s", (_name, steps, line) => {
    const finding = securitySast.run(contextOf({ ".github/workflows/sast.yml": job(steps) }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toMatchObject({ path: ".github/workflows/sast.yml", line });
  });

  it("passes on gosec enabled through golangci-lint's config", () => {
    const finding = securitySast.run(
      contextOf({ ".github/workflows/lint.yml": job("      - uses: golangci/golangci-lint-action@v6\n"), ".golangci.yml": "linters:\n  enable:\n    - errcheck\n    - gosec\n" }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: ".golangci.yml", line: 4, note: "golangci-lint enables gosec" });
  });

  it("honours golangci-lint's disable list: every linter but gosec runs no security analysis (v1 enable-all, v2 default: all)", () => {
    const run = (config: string) => securitySast.run(contextOf({ ".github/workflows/lint.yml": job("      - uses: golangci/golangci-lint-action@v8\n"), ".golangci.yml": config }));
    expect(run("linters:\n  enable-all: true\n  disable:\n    - exhaustruct\n    - gosec\n    - varnamelen\n").outcome).toBe("fail");
    expect(run('version: "2"\nlinters:\n  default: all\n  disable:\n    - depguard\n    - gosec\n').outcome).toBe("fail");
    expect(run('version: "2"\nlinters:\n  default: all\n  disable:\n    - depguard\n').evidence[0]).toEqual({ path: ".golangci.yml", line: 3, note: "golangci-lint enables gosec" });
    expect(run("linters:\n  enable-all: true\n  disable:\n    - wsl\n").outcome).toBe("pass");
    expect(run('version: "2"\nlinters:\n  default: standard\n  enable:\n    - gosec\n').evidence[0]).toMatchObject({ line: 5 });
    expect(run('version: "2"\nlinters:\n  default: standard\n  enable:\n    - revive\n').outcome).toBe("fail");
    expect(run("linters:\n  presets:\n    - bugs\n    - style\n").evidence[0]).toMatchObject({ line: 3 });
    expect(run("linters:\n  presets:\n    - bugs\n  disable:\n    - gosec\n").outcome).toBe("fail");
    const toml = (config: string) => securitySast.run(contextOf({ ".github/workflows/lint.yml": job("      - uses: golangci/golangci-lint-action@v8\n"), ".golangci.toml": config })).outcome;
    expect(toml('[linters]\nenable-all = true\ndisable = [\n  "gosec",\n  "wsl",\n]\n')).toBe("fail");
    expect(toml('[linters]\nenable-all = true\ndisable = ["wsl"]\n')).toBe("pass");
    const flags = (command: string) => securitySast.run(contextOf({ ".github/workflows/lint.yml": job(`      - run: ${command}\n`) })).outcome;
    expect(flags("golangci-lint run -E gosec,errcheck ./...")).toBe("pass");
    expect(flags("golangci-lint run --enable-all --disable=gosec ./...")).toBe("fail");
  });

  it("takes an ESLint security plugin configured in the lint config the CI lint step runs (eslint-plugin-security, SDL, no-unsanitized)", () => {
    const files = {
      ".github/workflows/ci.yml": job("      - run: npm ci\n      - run: npm run lint\n"),
      "package.json": JSON.stringify({ scripts: { lint: "eslint . --max-warnings 0" }, devDependencies: { eslint: "^9.17.0", "eslint-plugin-security": "^3.0.1" } }, null, 2),
    };
    const flat = 'import js from "@eslint/js";\nimport pluginSecurity from "eslint-plugin-security";\n\nexport default [js.configs.recommended, pluginSecurity.configs.recommended];\n';
    expect(securitySast.run(contextOf({ ...files, "eslint.config.mjs": flat }))).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "eslint.config.mjs", line: 2, note: "eslint enables security rules (ESLint security plugin)" }, { path: ".github/workflows/ci.yml", line: 7, note: "runs eslint" }],
    });
    const legacy = '{\n  "extends": ["eslint:recommended", "plugin:@microsoft/sdl/required"]\n}\n';
    expect(securitySast.run(contextOf({ ...files, "server/.eslintrc.json": legacy })).evidence[0]).toMatchObject({ path: "server/.eslintrc.json", line: 2 });
    expect(securitySast.run(contextOf({ ...files, ".eslintrc.yml": "plugins:\n  - no-unsanitized\nrules:\n  no-unsanitized/method: error\n" })).outcome).toBe("pass");
    const nextLint = { ...files, "package.json": JSON.stringify({ scripts: { lint: "next lint" } }) };
    expect(securitySast.run(contextOf({ ...nextLint, "eslint.config.mjs": flat })).evidence[1]).toMatchObject({ note: "runs next lint" });
    const manifest = JSON.stringify({ ...JSON.parse(files["package.json"]), eslintConfig: { extends: ["plugin:security/recommended-legacy"] } }, null, 2);
    expect(securitySast.run(contextOf({ ...files, "package.json": manifest })).evidence[0]).toMatchObject({ path: "package.json", note: "eslint enables security rules (ESLint security plugin)" });
    // Installed but never configured: ESLint does not run its rules.
    expect(securitySast.run(contextOf({ ...files, "eslint.config.mjs": 'import js from "@eslint/js";\nexport default [js.configs.recommended];\n' })).outcome).toBe("fail");
  });

  it("is partial, not a pass, when only the CI workflows are analysed (zizmor, CodeQL's actions language); actionlint is no SAST", () => {
    expect(securitySast.run(contextOf({ ".github/workflows/analyze.yml": job("      - uses: highbyte/sonarscan-dotnet@v2.5.1\n") })).outcome).toBe("pass");
    const zizmor = securitySast.run(contextOf({ ".github/workflows/zizmor.yml": job("      - run: uvx zizmor --format=sarif .\n") }));
    expect(zizmor).toMatchObject({ outcome: "partial", reason: expect.stringContaining("CI workflow definitions are scanned (zizmor") });
    const codeqlActions = job("      - uses: github/codeql-action/init@v3\n        with:\n          languages: actions\n      - uses: github/codeql-action/analyze@v3\n");
    expect(securitySast.run(contextOf({ ".github/workflows/codeql.yml": codeqlActions })).outcome).toBe("partial");
    const codeqlCode = codeqlActions.replace("languages: actions", "languages: actions, javascript-typescript");
    expect(securitySast.run(contextOf({ ".github/workflows/codeql.yml": codeqlCode })).outcome).toBe("pass");
    const matrix = (languages: string) =>
      `on: [push]\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include:\n${languages}    steps:\n      - uses: github/codeql-action/init@v3\n        with:\n          languages: \${{ matrix.language }}\n      - uses: github/codeql-action/analyze@v3\n`;
    expect(securitySast.run(contextOf({ ".github/workflows/codeql.yml": matrix("          - language: actions\n") })).outcome).toBe("partial");
    expect(securitySast.run(contextOf({ ".github/workflows/codeql.yml": matrix("          - language: actions\n          - language: go\n") })).outcome).toBe("pass");
    expect(securitySast.run(contextOf({ ".github/workflows/lint.yml": job("      - uses: rhysd/actionlint@v1.7.7\n") })).outcome).toBe("fail");
    const hooks = "repos:\n  - repo: https://github.com/woodruffw/zizmor-pre-commit\n    rev: v1.5.2\n    hooks:\n      - id: zizmor\n  - repo: https://github.com/rhysd/actionlint\n    rev: v1.7.7\n    hooks:\n      - id: actionlint\n";
    expect(securitySast.run(contextOf({ ".github/workflows/lint.yml": job("      - uses: pre-commit/action@v3.0.1\n      - run: pre-commit run --all-files\n"), ".pre-commit-config.yaml": hooks })).outcome).toBe("partial");
  });

  it("finds gosec in a module's own golangci-lint config when there is none at the root", () => {
    const finding = securitySast.run(
      contextOf({ ".github/workflows/lint.yml": job("      - uses: golangci/golangci-lint-action@v6\n"), "internal/trainer/.golangci.yml": "linters:\n  enable:\n    - gosec\n" }),
    );
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: "internal/trainer/.golangci.yml", line: 3, note: "golangci-lint enables gosec" });
  });

  it("takes Bandit's rules turned on in ruff (S, or ALL) for static security analysis when CI runs ruff", () => {
    const workflow = job("      - run: pip install ruff\n      - run: ruff check .\n");
    const pyproject = (rules: string) => `[project]\nname = "api"\n\n[tool.ruff.lint]\nselect = ["E", "F"]\nextend-select = [\n    "B",\n${rules}]\n`;
    const finding = securitySast.run(contextOf({ ".github/workflows/lint.yml": workflow, "pyproject.toml": pyproject('    "S",  # flake8-bandit\n') }));
    expect(finding).toMatchObject({ outcome: "pass", reason: expect.stringContaining("Bandit's rules (ruff S) through ruff") });
    expect(finding.evidence[0]).toEqual({ path: "pyproject.toml", line: 6, note: "ruff enables Bandit's rules (ruff S)" });
    expect(securitySast.run(contextOf({ ".github/workflows/lint.yml": workflow, "pyproject.toml": pyproject('    "SIM",\n') })).outcome).toBe("fail");
  });

  it("takes flake8 with a Bandit plugin installed (flake8-bandit, wemake-python-styleguide) for static security analysis", () => {
    const files = { ".github/workflows/lint.yml": job("      - run: flake8 app\n"), "requirements-dev.txt": "flake8==7.1.1\nwemake-python-styleguide==0.19.2\n" };
    expect(securitySast.run(contextOf(files))).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "requirements-dev.txt", line: 2, note: "wemake-python-styleguide adds Bandit's rules (flake8 plugin)" }, { path: ".github/workflows/lint.yml", note: "runs flake8" }],
    });
    expect(securitySast.run(contextOf({ ...files, "requirements-dev.txt": "flake8==7.1.1\n" })).outcome).toBe("fail");
  });

  it("fails on dependency audits alone (npm audit, govulncheck, dependency review), saying they are not SAST", () => {
    const steps = "      - run: npm audit --audit-level=high\n      - uses: golang/govulncheck-action@v1\n      - uses: actions/dependency-review-action@v4\n";
    const finding = securitySast.run(contextOf({ ".github/workflows/audit.yml": job(steps) }));
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/npm audit .* not analysis of the project's own code/);
  });

  it("is partial for infrastructure-as-code scanning only", () => {
    const finding = securitySast.run(contextOf({ ".github/workflows/iac.yml": job("      - uses: bridgecrewio/checkov-action@v12\n") }));
    expect(finding.outcome).toBe("partial");
  });

  it("ignores a scanner in a commented-out step and in a workflow under tests/fixtures (fastapi fixture holds one)", () => {
    const finding = securitySast.run(
      contextOf({ ".github/workflows/ci.yml": job("      - run: npm test\n      # - run: semgrep ci\n"), "tests/fixtures/repo/.github/workflows/ci.yml": job("      - run: semgrep ci\n") }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/CodeQL "default setup"/);
  });

  it("is partial when the scan only runs by hand", () => {
    const finding = securitySast.run(contextOf({ ".github/workflows/scan.yml": job("      - run: semgrep scan --config auto\n", "workflow_dispatch") }));
    expect(finding.outcome).toBe("partial");
  });
});
