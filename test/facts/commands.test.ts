import { describe, expect, it } from "vitest";
import { analyzeCommand, isCoverageCommand, isLintCommand, isSastCommand, isTestCommand, kindsByName } from "../../src/facts/commands.js";
import { logicalLines, simpleCommands } from "../../src/facts/shell.js";
import { RepoView } from "../../src/view/repo-view.js";

const view = (files: Record<string, string> = {}) => RepoView.fromFiles(files);
const kinds = (files: Record<string, string>, command: string, cwd = "") => [...new Set(analyzeCommand(view(files), command, cwd).map((f) => f.kind))].sort();

describe("shell reading", () => {
  it("joins continuations, drops comments and heredoc bodies, keeps source lines", () => {
    const lines = logicalLines("# setup\nnpm ci\ndocker run \\\n  --rm app pytest\ncat <<'EOF' > x.yml\nrun: pytest\nEOF\necho done", [10, 11, 12, 13, 14, 15, 16, 17]);
    expect(lines).toEqual([
      { text: "npm ci", line: 11 },
      { text: "docker run --rm app pytest", line: 12 },
      { text: "cat <<'EOF' > x.yml", line: 14 },
      { text: "echo done", line: 17 },
    ]);
  });

  it("splits operators, strips quotes, assignments, redirects and control keywords", () => {
    expect(simpleCommands(`if [ -z "$CI" ]; then CI=1 npm test -- --runInBand 2>&1 | tee out.log; fi`)).toEqual([
      ["npm", "test", "--", "--runInBand"],
      ["tee", "out.log"],
    ]);
    expect(simpleCommands(`echo "STORE=$(pnpm store path)" >> $GITHUB_ENV # cache`)).toEqual([["echo", "STORE=$(pnpm store path)"]]);
  });
});

describe("test commands", () => {
  it.each([
    ["pytest -q tests"],
    ["python -m pytest"],
    ["python3 -m unittest discover"],
    ["python manage.py test"],
    ["coverage run -m pytest"],
    ["tox -e py312"],
    ["go test ./..."],
    ["gotestsum --format testname"],
    ["./mvnw -B verify"],
    ["./gradlew build"],
    ["cargo test --all"],
    ["dotnet test"],
    ["bundle exec rspec"],
    ["bin/rails test"],
    ["vendor/bin/phpunit"],
    ["npx vitest run"],
    ["pnpm exec playwright test"],
    ["xvfb-run -a npx cypress run"],
    ["cross-env NODE_ENV=test jest --ci"],
    ["docker exec app python -m pytest ."],
    ["bun test"],
    ["mix test --cover"],
  ])("recognises %s", (command) => {
    expect(isTestCommand(view(), command)).toBeDefined();
  });

  it.each([["mvn -B -DskipTests package"], ["./gradlew build -x test"], ["npm ci"], ["go build ./..."], ["test -f go.sum"], ["pip install pytest"], ["vitest bench"]])(
    "does not take %s for tests",
    (command) => {
      expect(isTestCommand(view(), command)).toBeUndefined();
    },
  );

  it("reads tox and nox environments named by a Python version or chosen by a CI matrix as the test suite, and lint environments as lint", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    for (const command of ["tox run --skip-pkg-install -e ${{ matrix.py }}", "tox -e 3.14", "tox -e 3.15t", "nox -s tests-3.12", "tox -e $TOXENV"]) {
      expect(kinds({}, command), command).toEqual(["test"]);
    }
    expect(kinds({}, "tox -e lint")).toEqual(["lint"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    expect(kinds({}, "tox -e ${{ matrix.env }}-lint")).toEqual(["lint"]);
    expect(kinds({}, "tox -e docs")).toEqual([]);
  });

  it("follows npm scripts recursively, with pre-hooks, and records where", () => {
    const files = {
      "package.json": JSON.stringify({ scripts: { ci: "npm run lint && npm run test:unit", pretest: "eslint .", lint: "biome check .", "test:unit": "vitest run --coverage" } }, null, 2),
    };
    const findings = analyzeCommand(view(files), "npm run ci");
    const test = findings.find((f) => f.kind === "test");
    expect(test?.tool).toBe("vitest");
    expect(test?.trail.map((t) => `${t.path}:${t.line}`)).toEqual(["package.json:3", "package.json:6"]);
    expect(kinds(files, "npm run ci")).toEqual(["coverage", "lint", "test"]);
  });

  it("takes a rake task the Rakefile defines as a test task, under any name", () => {
    const files = { Rakefile: 'require "rspec/core/rake_task"\nRSpec::Core::RakeTask.new(:unit) do |t|\n  t.pattern = "spec/lib/**/*_spec.rb"\nend\nRake::TestTask.new\nRuboCop::RakeTask.new\n' };
    expect(isTestCommand(view(files), "bundle exec rake unit")).toBeDefined();
    expect(isTestCommand(view(files), "rake test")).toBeDefined();
    expect(isTestCommand(view(files), "bundle exec rake rubocop")).toBeUndefined();
    expect(isTestCommand(view({ Rakefile: "task :unit do\n  sh 'echo'\nend\n" }), "rake unit")).toBeUndefined();
    const defaults = { Rakefile: "RSpec::Core::RakeTask.new if defined?(RSpec)\nRuboCop::RakeTask.new if defined?(RuboCop)\n\ntask default: %i[rubocop spec]\n" };
    expect(kinds(defaults, "bundle exec rake")).toEqual(["lint", "test"]);
    expect(kinds({ Rakefile: "task :default => [:test]\n" }, "rake")).toEqual(["test"]);
  });

  it("reads Laravel's php artisan test, php-run scripts and Pint's check mode", () => {
    expect(kinds({}, "php artisan test --coverage --min=80")).toEqual(["coverage", "test"]);
    expect(kinds({}, "php artisan migrate --force")).toEqual([]);
    expect(kinds({}, "php vendor/bin/phpunit")).toEqual(["test"]);
    expect(isLintCommand(view(), "vendor/bin/pint --test")).toBeDefined();
    expect(isLintCommand(view(), "vendor/bin/pint")).toBeUndefined();
  });

  it("reads cargo insta, cargo-make tasks, cargo-hack, cross and dotnet builds that treat warnings as errors", () => {
    expect(kinds({}, "cargo insta test --workspace")).toEqual(["test"]);
    expect(kinds({}, "cargo hack clippy --verbose --each-feature --no-dev-deps -- -D warnings")).toEqual(["lint"]);
    expect(kinds({}, "cargo hack llvm-cov --no-report nextest")).toEqual(["coverage", "test"]);
    expect(kinds({}, './.sonar/scanner/dotnet-sonarscanner begin /k:"acme_api" /o:"acme"')).toEqual(["sast"]);
    expect(kinds({}, "cargo make test")).toEqual(["test"]);
    expect(kinds({}, "cross test --target aarch64-unknown-linux-gnu")).toEqual(["test"]);
    expect(kinds({}, "dotnet build -warnaserror")).toEqual(["lint"]);
    expect(kinds({}, "dotnet build -c Release")).toEqual([]);
  });

  it("never counts npm's placeholder test script", () => {
    const files = { "package.json": '{"scripts": {"test": "echo \\"Error: no test specified\\" && exit 1"}}' };
    expect(isTestCommand(view(files), "npm test")).toBeUndefined();
  });

  it("resolves workspace filters and --prefix", () => {
    const files = {
      "package.json": '{"name": "root", "scripts": {"build": "turbo build"}}',
      "apps/web/package.json": '{"name": "web", "scripts": {"test": "vitest"}}',
      "apps/api/package.json": '{"name": "api", "scripts": {"test": "echo no tests"}}',
    };
    expect(isTestCommand(view(files), "pnpm -F web test")?.trail[0]?.path).toBe("apps/web/package.json");
    expect(isTestCommand(view(files), "npm --prefix apps/web test")?.tool).toBe("vitest");
    expect(isTestCommand(view(files), "pnpm -F api test")).toBeUndefined();
    expect(isTestCommand(view(files), "turbo run test")?.trail[0]?.path).toBe("apps/web/package.json");
    expect(isTestCommand(view(files), "bun run --filter web test")?.trail[0]?.path).toBe("apps/web/package.json");
    expect(isTestCommand(view(files), "npm run test -- --prefix apps/api", "apps/web")?.trail[0]?.path).toBe("apps/web/package.json");
  });

  it("runs each Makefile recipe line in a shell of its own: a cd lasts one line", () => {
    const files = { Makefile: "test:\n\tcd api && make rust\n\tcd backend && cargo test\n\tcd server && make test\n", "server/Makefile": "test:\n\tcargo clippy --no-deps\n" };
    expect(isLintCommand(view(files), "make test")).toMatchObject({ tool: "cargo clippy", trail: expect.arrayContaining([{ path: "server/Makefile", line: 2 }]) });
  });

  it("resolves Makefile targets with prerequisites and variables", () => {
    const files = { Makefile: "GO ?= go\n\n.PHONY: test\ntest: vet\n\t@$(GO) test -coverprofile=c.out ./...\n\nvet:\n\tgo vet ./...\n" };
    const findings = analyzeCommand(view(files), "make test");
    expect(findings.map((f) => `${f.kind}:${f.trail[0]?.line}`).sort()).toEqual(["coverage:5", "lint:8", "test:5"]);
    expect(isTestCommand(view({}), "make check")?.byName).toBe(true);
  });

  it("reads repository shell scripts and follows them", () => {
    const files = { "scripts/test": `#!/bin/sh -e\nexport PREFIX=""\n\${PREFIX}coverage run -m pytest "$@"\n`, "scripts/ci.sh": "set -e\n./scripts/test\n" };
    const test = isTestCommand(view(files), "bash scripts/ci.sh");
    expect(test?.trail.map((t) => `${t.path}:${t.line}`)).toEqual(["scripts/ci.sh:2", "scripts/test:3"]);
    expect(isCoverageCommand(view(files), "scripts/test")).toBeDefined();
  });

  it("follows docker compose up --exit-code-from into the service's image and startup script", () => {
    const files = {
      "docker-compose.ci.yaml": "services:\n  db:\n    image: postgres:16\n  api:\n    build:\n      context: .\n      dockerfile: e2e.Dockerfile\n",
      "e2e.Dockerfile": "FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nCOPY ./startup.ci.sh /opt/startup.ci.sh\nCMD [\"/opt/startup.ci.sh\"]\n",
      "startup.ci.sh": "#!/usr/bin/env bash\nnpm run migrate\nnpm run lint\nnpm run test:e2e -- --runInBand\n",
      "package.json": '{"scripts": {"lint": "eslint .", "test:e2e": "jest --config test/jest-e2e.json"}}',
    };
    const command = "docker compose -f docker-compose.ci.yaml -p ci up --build --exit-code-from api";
    const test = isTestCommand(view(files), command);
    expect(test?.tool).toBe("jest");
    expect(test?.trail.map((t) => `${t.path}:${t.line}`)).toEqual(["docker-compose.ci.yaml:4", "e2e.Dockerfile:5", "startup.ci.sh:4", "package.json:1"]);
    expect(isLintCommand(view(files), command)).toBeDefined();
    expect(isTestCommand(view(files), "docker compose -f docker-compose.ci.yaml up -d")).toBeUndefined();
  });
  it("runs a command inside a container in the folder the container sees: the service's build context or bind mount", () => {
    const files = {
      "docker-compose.yml": "services:\n  web:\n    build: ./frontend\n  api:\n    image: golang:1.23\n    working_dir: /src\n    volumes:\n      - ./backend:/src\n      - gocache:/root/.cache\n",
      "frontend/package.json": '{\n  "scripts": {\n    "check": "eslint src --max-warnings 0"\n  }\n}\n',
      "backend/Makefile": "check:\n\tgolangci-lint run ./...\n",
      "tools/Makefile": "check:\n\tshellcheck scripts/*.sh\n",
    };
    const traced = (command: string) => isLintCommand(view(files), command)?.trail.map((t) => `${t.path}:${t.line}`);
    expect(traced("docker compose run --rm web npm run check")).toEqual(["frontend/package.json:3"]);
    expect(traced("docker-compose exec -T api make check")).toEqual(["backend/Makefile:2"]);
    expect(traced('docker run --rm -v "$PWD/tools:/work" -w /work koalaman/shellcheck-alpine make check')).toEqual(["tools/Makefile:2"]);
    expect(traced("docker run --rm -v $GITHUB_WORKSPACE/backend:/app golangci/golangci-lint:v1.61 make check")).toEqual(["backend/Makefile:2"]);
    expect(isLintCommand(view(files), "docker run --rm app npm run check")).toBeUndefined();
  });
});

describe("lint, coverage and security commands", () => {
  it.each([
    ["ruff check ."],
    ["ruff format --diff src"],
    ["black --check ."],
    ["mypy src"],
    ["npx eslint . --max-warnings 0"],
    ["npx tsc --noEmit"],
    ["prettier --check ."],
    ["golangci-lint run"],
    ["go vet ./..."],
    ["bundle exec rubocop"],
    ["cargo clippy -- -D warnings"],
    ["pre-commit run --all-files"],
    ["./gradlew spotlessCheck"],
    ["mvn checkstyle:check"],
    ["helm lint charts/app"],
  ])("recognises %s as lint", (command) => {
    expect(isLintCommand(view(), command)).toBeDefined();
  });

  it.each([["prettier --write ."], ["tsc -p tsconfig.json"], ["ruff format ."], ["black ."], ["go fmt ./..."]])("does not take %s for a check", (command) => {
    expect(isLintCommand(view(), command)).toBeUndefined();
  });

  it("tells SAST from dependency audits and IaC scans", () => {
    expect(isSastCommand(view(), "bandit -r app")).toBeDefined();
    expect(isSastCommand(view(), "semgrep ci")).toBeDefined();
    expect(isSastCommand(view(), "snyk code test")).toBeDefined();
    expect(isSastCommand(view(), "bin/brakeman --no-pager")).toBeDefined();
    expect(kinds({}, "npm audit --audit-level=high")).toEqual(["dependency-audit"]);
    expect(kinds({}, "snyk test")).toEqual(["dependency-audit"]);
    expect(kinds({}, "trivy fs .")).toEqual(["dependency-audit"]);
    expect(kinds({}, "trivy config deploy/")).toEqual(["iac-scan"]);
  });

  it("reads coverage flags", () => {
    expect(isCoverageCommand(view(), "pytest --cov=app")).toBeDefined();
    expect(isCoverageCommand(view(), "jest --coverage")).toBeDefined();
    expect(isCoverageCommand(view(), "nyc mocha")).toBeDefined();
    expect(isCoverageCommand(view(), "go test ./...")).toBeUndefined();
  });

  it("runs a package's binary through pnpm, yarn and bun when no script has its name, but not through npm", () => {
    const files = { "package.json": '{"name": "web", "scripts": {"build": "tsc"}}' };
    expect(isLintCommand(view(files), "yarn eslint . --max-warnings 0")?.tool).toBe("eslint");
    expect(isCoverageCommand(view(files), "pnpm vitest run --coverage")).toBeDefined();
    expect(isLintCommand(view(files), "npm eslint .")).toBeUndefined();
    expect(isLintCommand(view(files), "yarn run prettier --check src")?.tool).toBe("prettier --check");
    expect(isLintCommand(view(files), "npm run eslint .")).toBeUndefined();
    const scripted = { "package.json": '{"name": "web", "scripts": {"eslint": "echo skipped"}}' };
    expect(isLintCommand(view(scripted), "yarn eslint .")).toBeUndefined();
  });

  it("reads Nx's coverage flags, which Nx hands to the test executor", () => {
    const files = { "package.json": '{"name": "root", "scripts": {"build": "nx run-many -t build"}}', "nx.json": "{}" };
    for (const command of ["npx nx affected -t test --coverage", "pnpm nx run-many --target=test --parallel=3 --code-coverage", "nx run api:test --codeCoverage"])
      expect(isCoverageCommand(view(files), command), command).toBeDefined();
    expect(isCoverageCommand(view(files), "npx nx affected -t lint --coverage")).toBeUndefined();
    expect(isCoverageCommand(view(files), "npx nx affected -t test")).toBeUndefined();
  });

  it("reads script names: a test word must lead or end the name", () => {
    expect(kindsByName("test:e2e")).toEqual(["test"]);
    expect(kindsByName("run-tests")).toEqual(["test"]);
    expect(kindsByName("check-test-fixtures")).toEqual([]);
    expect(kindsByName("check-types")).toEqual(["lint"]);
    expect(kindsByName("format:check")).toEqual(["lint"]);
    expect(kindsByName("types")).toEqual([]);
    expect(kindsByName("coverage")).toEqual(["coverage", "test"]);
    expect(kindsByName("coverage:report")).toEqual(["coverage"]);
    expect(kindsByName("upload-coverage")).toEqual(["coverage"]);
  });

  it("runs a command held in a variable set earlier in the script", () => {
    expect(kinds({}, 'RUNNER=cargo\n[ -n "$CROSS" ] && RUNNER=cross\n$RUNNER test --locked')).toEqual(["test"]);
    expect(kinds({}, "$RUNNER test --locked")).toEqual([]);
  });

  it("runs a variable named after a tool as that tool (CI's matrix picks cargo or cross)", () => {
    expect(kinds({}, "$CARGO --version\n$CARGO test --target x86_64-unknown-linux-gnu")).toEqual(["test"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell's ${NAME}, not a template
    expect(kinds({}, "${CARGO} clippy -- -D warnings")).toEqual(["lint"]);
    expect(kinds({}, "$DEPLOYER test")).toEqual([]);
  });

  it("follows earthly +target through the Earthfile's BUILD targets to their RUN lines and lib/rust's DO +CARGO", () => {
    const earthfile = [
      "VERSION 0.8",
      'IMPORT github.com/earthly/lib/rust:3.0.1 AS rust',
      "",
      "tests:",
      "  BUILD +fmt",
      "  BUILD +test",
      "",
      "fmt:",
      "  FROM +source",
      '  DO rust+CARGO --args="fmt --check"',
      "",
      "test:",
      "  FROM +build",
      '  DO rust+CARGO --args="test"',
      "",
      "docs:",
      "  RUN mdbook build docs",
      "",
    ].join("\n");
    expect(kinds({ Earthfile: earthfile }, "earthly --ci -P +tests")).toEqual(["lint", "test"]);
    expect(kinds({ Earthfile: earthfile }, "earthly +docs")).toEqual([]);
  });

  it("takes PHP's Easy Coding Standard check and Rector's dry run for lint steps, not their fixing runs", () => {
    expect(kinds({}, "vendor/bin/ecs check")).toEqual(["lint"]);
    expect(kinds({}, "vendor/bin/ecs check --fix")).toEqual([]);
    expect(kinds({}, "vendor/bin/rector process --ansi --dry-run")).toEqual(["lint"]);
    expect(kinds({}, "vendor/bin/rector process")).toEqual([]);
  });

  it("reads tox's environment given with the option's value attached (tox -eflake8)", () => {
    expect(kinds({}, "tox -eflake8")).toEqual(["lint"]);
    expect(kinds({}, "tox -e flake8")).toEqual(["lint"]);
  });

  it("takes CSharpier's check, in its 0.x and 1.x spellings, for a lint step, not its formatting run", () => {
    expect(kinds({}, "dotnet csharpier --check .")).toEqual(["lint"]);
    expect(kinds({}, "dotnet csharpier check .")).toEqual(["lint"]);
    expect(kinds({}, "dotnet csharpier format .")).toEqual([]);
    expect(kinds({}, "csharpier check src")).toEqual(["lint"]);
  });

  it("does not take a tool asked for its version or help for a run of it", () => {
    expect(kinds({}, "cargo --version --verbose\nrustc --version\ncargo clippy --version")).toEqual([]);
    expect(kinds({}, "npx eslint --help")).toEqual([]);
    expect(kinds({}, "cargo clippy -- -D warnings")).toEqual(["lint"]);
  });

  it("follows a repository's Ruby or Python script to the commands it hands to a shell", () => {
    const minitest = '#!/usr/bin/env ruby\n\ntests = Dir["test/**/*_test.rb"].sort\nexec "bundle exec rails test #{tests.join(\' \')}"\n';
    const found = isTestCommand(view({ "script/minitest-ci": minitest }), "./script/minitest-ci");
    expect(found?.trail.map((t) => `${t.path}:${t.line}`)).toContain("script/minitest-ci:4");
    expect(isTestCommand(view({ "tools/check.py": 'import os\nos.system("ruff check .")\n' }), "python tools/check.py")).toBeUndefined();
    expect(isLintCommand(view({ "tools/check.py": 'import os\nos.system("ruff check .")\n' }), "python tools/check.py")).toBeDefined();
  });

  it("reads composer exec and composer scripts that run @php", () => {
    const files = { "composer.json": '{\n  "scripts": {\n    "test": "@php vendor/bin/phpunit",\n    "phpstan": "@php vendor/bin/phpstan analyse"\n  }\n}\n' };
    expect(kinds(files, "composer exec phpunit -- --exclude-group Elasticsearch")).toEqual(["test"]);
    expect(kinds(files, "composer phpstan")).toEqual(["lint"]);
    expect(kinds(files, "composer test")).toEqual(["test"]);
    const memory = { "composer.json": '{\n  "scripts": {\n    "phpstan": "php -d memory_limit=1G vendor/bin/phpstan analyse src"\n  }\n}\n' };
    expect(kinds(memory, "composer phpstan")).toEqual(["lint"]);
    expect(kinds(files, "./bin/console lint:twig templates --env=prod")).toEqual(["lint"]);
    expect(kinds(files, "./bin/console cache:clear --env dev")).toEqual([]);
  });

  it("takes a POM that skips its tests for a Maven build that runs none, unless the command line turns them back on", () => {
    const files = { "pom.xml": "<project>\n  <properties>\n    <maven.test.skip>true</maven.test.skip>\n  </properties>\n</project>\n" };
    expect(isTestCommand(view(files), "mvn -B package --file pom.xml")).toBeUndefined();
    expect(isTestCommand(view(files), "mvn -B verify -Dmaven.test.skip=false")).toBeDefined();
    expect(isTestCommand(view({ "pom.xml": "<project/>\n" }), "mvn -B package")).toBeDefined();
  });

  it("reads gulp and grunt tasks by name", () => {
    expect(kinds({}, "gulp lint")).toEqual(["lint"]);
    expect(kinds({}, "gulp coverage")).toEqual(["coverage", "test"]);
    expect(kinds({}, "grunt build")).toEqual([]);
  });

  it("finds checks a Maven or Gradle build binds to its lifecycle", () => {
    const pom = [
      "<project>",
      "  <build>",
      "    <plugins>",
      "      <plugin>",
      "        <artifactId>maven-checkstyle-plugin</artifactId>",
      "        <executions>",
      "          <execution>",
      "            <goals><goal>check</goal></goals>",
      "          </execution>",
      "        </executions>",
      "      </plugin>",
      "      <plugin>",
      "        <artifactId>maven-pmd-plugin</artifactId>",
      "      </plugin>",
      "    </plugins>",
      "  </build>",
      "</project>",
    ].join("\n");
    const maven = isLintCommand(view({ "pom.xml": pom }), "./mvnw -B verify");
    expect(maven?.trail).toEqual([{ path: "pom.xml", line: 5, note: "maven-checkstyle-plugin runs with the build" }]);
    expect(isLintCommand(view({ "pom.xml": pom }), "./mvnw -B -q dependency:go-offline")).toBeUndefined();
    const gradle = "plugins {\n  id 'java'\n  id 'checkstyle'\n  id(\"com.diffplug.spotless\") version \"6.25.0\"\n}\n";
    const findings = analyzeCommand(view({ "build.gradle": gradle }), "./gradlew build").filter((f) => f.kind === "lint");
    expect(findings.map((f) => f.trail[0]?.line)).toEqual([3, 4]);
  });

  it("reads nps tasks from package-scripts.js, helper calls included", () => {
    const files = {
      "package.json": '{"scripts": {"start": "nps", "test": "npm start test"}}',
      "package-scripts.js": [
        "const { series } = require('nps-utils');",
        "module.exports = {",
        "  scripts: {",
        "    // lint: { script: 'eslint .' },",
        "    lint: { script: tslint('./src/**/*.ts') },",
        "    test: {",
        "      default: series('nps lint', 'jest --ci'),",
        "      description: 'Runs the tests',",
        "    },",
        "  },",
        "};",
        "function tslint(path) { return 'tslint -c tslint.json ' + path; }",
      ].join("\n"),
    };
    const findings = analyzeCommand(view(files), "npm start test");
    expect(findings.map((f) => `${f.kind}:${f.tool}:${f.trail.at(-1)?.line}`)).toEqual(["lint:tslint:5", "test:jest:7"]);
    expect(isTestCommand(view({}), "nps test.e2e")?.byName).toBe(true);
  });

  it("stops on recursive scripts instead of looping", () => {
    const files = { "package.json": '{"scripts": {"a": "npm run b", "b": "npm run a && jest"}}' };
    expect(isTestCommand(view(files), "npm run a")?.tool).toBe("jest");
  });
});
