import { findDependency } from "../facts/dependencies.js";
import { rustUnitTestsStart } from "../facts/test-files.js";
import type { PathRow } from "../view/path-table.js";
import { includesAny } from "../view/regex.js";
import type { RepoView } from "../view/repo-view.js";
import { isDocsSitePath, type Language } from "../view/paths.js";
import type { Evidence } from "../findings/findings.js";
import { DATABASES, FRAMEWORKS, type FrameworkSpec } from "./catalog.js";

export type RepoKind = "service" | "app" | "library" | "cli" | "monorepo";

/** What the repository is: decides which checklist items apply. */
export interface RepoProfile {
  kind: RepoKind;
  /** Languages of the project's own source, most files first. */
  languages: Language[];
  packageManagers: string[];
  frameworks: string[];
  databases: string[];
  /** Runs a long-lived network server (a service, or a monorepo that contains one). */
  isService: boolean;
  /** Serves HTTP (web frameworks). */
  isWebService: boolean;
  hasDatabase: boolean;
  /** Why the profile says what it says, for the report. */
  evidence: Evidence[];
}

const PACKAGE_MANAGERS: [string, string[]][] = [
  ["npm", ["package-lock.json", "npm-shrinkwrap.json"]],
  ["pnpm", ["pnpm-lock.yaml", "pnpm-workspace.yaml"]],
  ["yarn", ["yarn.lock", ".yarnrc.yml"]],
  ["bun", ["bun.lockb", "bun.lock"]],
  ["pip", ["requirements.txt", "setup.py"]],
  ["poetry", ["poetry.lock"]],
  ["uv", ["uv.lock"]],
  ["pipenv", ["Pipfile"]],
  ["go", ["go.mod"]],
  ["maven", ["pom.xml"]],
  ["gradle", ["build.gradle", "build.gradle.kts"]],
  ["bundler", ["Gemfile"]],
  ["cargo", ["Cargo.toml"]],
  ["composer", ["composer.json"]],
];

export function detectProfile(view: RepoView): RepoProfile {
  return view.memo("profile", () => {
    const evidence: Evidence[] = [];
    const languages = countLanguages(view);
    const packageManagers = detectPackageManagers(view);
    const frameworks = FRAMEWORKS.filter((spec) => {
      const found = frameworkEvidence(view, spec);
      if (found) evidence.push(found);
      return found !== undefined;
    });
    const databases = DATABASES.filter((db) => {
      if (db.usedWhen && !view.paths.rows.some((row) => db.usedWhen?.test(row.path) && !row.nonProject)) return false;
      const dep = findDependency(view, db.packages).find((d) => !d.dev);
      if (dep) evidence.push({ path: dep.path, line: dep.line, note: `database: ${db.name} (${dep.name})` });
      return dep !== undefined;
    }).map((db) => db.name);
    const monorepo = monorepoEvidence(view);
    if (monorepo) evidence.push(monorepo);
    const serverFrameworks = frameworks.filter((f) => f.server);
    // A gRPC service often serves HTTP beside it (a ServeMux for health and metrics): that makes it a web service too.
    const started = serverFrameworks.some((f) => f.web) ? undefined : serverStart(view, evidence);
    const isService = serverFrameworks.length > 0 || started !== undefined;
    const isWebService = serverFrameworks.some((f) => f.web) || started === "http";
    const kind: RepoKind = monorepo
      ? "monorepo"
      : isService
        ? "service"
        : frameworks.some((f) => f.kind === "frontend")
          ? "app"
          : isCli(view, evidence)
            ? "cli"
            : "library";
    return {
      kind,
      languages,
      packageManagers,
      frameworks: frameworks.map((f) => f.name),
      databases: [...new Set(databases)],
      isService,
      isWebService,
      hasDatabase: databases.length > 0,
      evidence,
    };
  });
}

function countLanguages(view: RepoView): Language[] {
  const counts = new Map<Language, number>();
  for (const { nonProject, language } of view.paths.rows) {
    if (nonProject) continue;
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([language]) => language);
}

function detectPackageManagers(view: RepoView): string[] {
  const names = new Set(view.paths.rows.filter((row) => !row.nonProject).map((row) => row.name));
  const found = PACKAGE_MANAGERS.filter(([, markers]) => markers.some((m) => names.has(m))).map(([pm]) => pm);
  if (names.has("package.json") && !found.some((pm) => ["npm", "pnpm", "yarn", "bun"].includes(pm))) found.unshift("npm");
  if (names.has("pyproject.toml") && !found.some((pm) => ["pip", "poetry", "uv", "pipenv"].includes(pm))) found.push("pip");
  return found;
}

/** Code that says what the project is: not its tests, examples or documentation website. */
function isProductCode(row: PathRow): boolean {
  return !row.test && !row.nonProject && !isDocsSitePath(row.path);
}

/** A framework counts when it is a runtime dependency AND the project's own non-test code imports it. */
function frameworkEvidence(view: RepoView, spec: FrameworkSpec): Evidence | undefined {
  const dep = findDependency(view, spec.packages).find((d) => !d.dev);
  if (!dep) return undefined;
  if (spec.gemApplication && isGem(view) && !view.paths.rows.some((row) => spec.gemApplication?.test(row.path) && isProductCode(row))) return undefined;
  for (const row of view.paths.rows) {
    const { path } = row;
    if (!spec.languages.includes(row.language as Language) || !isProductCode(row)) continue;
    const text = view.text(path);
    if (!text || !includesAny(text, spec.hints)) continue;
    const match = spec.usage.exec(view.code(path) ?? "");
    if (match) return { path, line: view.lineAt(path, match.index), note: `framework: ${spec.name}` };
  }
  return undefined;
}

/** A Ruby gem: a .gemspec at the root. */
function isGem(view: RepoView): boolean {
  return view.paths.inFolder("").some((row) => row.extension === "gemspec");
}

const SERVER_START_HINTS = ["ListenAndServe", "http.Server", "createServer", "NewServeMux", "http.Serve"];
const SERVER_START = /\bhttp\.ListenAndServe(?:TLS)?\s*\(|\bhttp\.Server\s*\{|\bhttp\.createServer\s*\(|\bhttp\.NewServeMux\s*\(|\bhttp\.Serve\s*\(/;
/**
 * hyper serving HTTP itself (0.14's Server::bind or from_tcp, imported under any name; 1.x's
 * serve_connection) or through axum-server (also its bind/bind_rustls imported by name:
 * `bind_rustls(addr, conf).handle(handle).serve(app)`), without a framework above it.
 */
const RUST_HTTP_HINTS = ["Server::bind", "from_tcp", "serve_connection", "axum_server"];
const RUST_HTTP_START =
  /\b\w*Server::(?:bind|from_tcp)\s*\(\s*&?[\w.]+\s*\)\??\s*\.serve\s*\(|\.serve_connection(?:_with_upgrades)?\s*\(|\baxum_server::(?:bind|from_tcp)(?:_rustls)?\s*\(|\b(?:from_tcp|bind)(?:_rustls|_openssl)?\s*\([^()]{0,80}\)\??[\s\S]{0,120}?\.serve\s*\(/;
/** A daemon's accept loop: connections accepted from a listener one after another (a proxy, a broker, a database or LDAP server). */
const RUST_ACCEPT_LOOP = /\b(?:loop|while)\b[^{;]{0,80}\{[\s\S]{0,600}?\.accept\s*\(\s*\)|\bfor\s+\S+\s+in\s+[\w.]+\.incoming\s*\(\s*\)/;
/** A Rust program, not only a library: a main.rs, or a target in a src/bin/ or bin/ folder. */
const RUST_BINARY = /(?:^|\/)(?:src\/main|main|(?:src\/)?bin\/[^/]+)\.rs$/;

/** .NET's socket servers: a socket set listening (or a TcpListener) whose connections are accepted. */
const CSHARP_LISTEN = /\.Listen\s*\(|\bnew\s+TcpListener\s*\(/;
const CSHARP_ACCEPT = /\.(?:Accept(?:TcpClient|Socket)?Async|BeginAccept(?:TcpClient|Socket)?|AcceptTcpClient|AcceptSocket)\s*\(/;
const CSHARP_PROGRAM = /(?:^|\/)Program\.cs$/;

/**
 * A PHP application's front controller: index.php at the root or in its web folder, loading the
 * application and dispatching the request (a framework of the project's own, as Kanboard's and
 * FreshRSS's are). A web server or PHP-FPM runs it for every request.
 */
const PHP_FRONT_CONTROLLER_PATH = /^(?:(?:public|web|www|htdocs|public_html|p)\/)?index\.php$/;
const PHP_DISPATCH = /\b(?:require|include)(?:_once)?\b[\s\S]*?(?:->|::)(?:dispatch|run|handle|execute|forward|send)\s*\(/;

type ServerStart = "http" | "tcp";

/**
 * Servers without a known framework: Go's net/http, Node's http module, hyper, and a Rust or .NET
 * program's own accept loop (a network daemon that serves no HTTP).
 */
function serverStart(view: RepoView, evidence: Evidence[]): ServerStart | undefined {
  let acceptLoop: Evidence | undefined;
  const program = (pattern: RegExp) => view.paths.rows.some((row) => pattern.test(row.path) && isProductCode(row));
  const programs = { rust: program(RUST_BINARY), csharp: program(CSHARP_PROGRAM) };
  for (const row of view.paths.rows) {
    if (!isProductCode(row)) continue;
    const { path, language } = row;
    const read = language === "go" || language === "javascript" || language === "typescript" || (language === "rust" && programs.rust) || (language === "csharp" && programs.csharp);
    const text = read ? view.text(path) : undefined;
    if (!text) continue;
    const hints = language === "rust" ? RUST_HTTP_HINTS : SERVER_START_HINTS;
    const http = language !== "csharp" && includesAny(text, hints) ? (language === "rust" ? RUST_HTTP_START : SERVER_START).exec(view.code(path) ?? "") : null;
    if (http) {
      evidence.push({ path, line: view.lineAt(path, http.index), note: "starts an HTTP server" });
      return "http";
    }
    acceptLoop ??= acceptLoopIn(view, path, language, text);
  }
  const frontController = view.paths.rows.find((row) => PHP_FRONT_CONTROLLER_PATH.test(row.path) && PHP_DISPATCH.test(view.code(row.path) ?? ""));
  if (frontController) {
    evidence.push({ path: frontController.path, note: "PHP front controller dispatches requests" });
    return "http";
  }
  if (!acceptLoop) return undefined;
  evidence.push(acceptLoop);
  return "tcp";
}

/** Where a Rust or C# file accepts connections from a listener it holds, outside its unit tests. */
function acceptLoopIn(view: RepoView, path: string, language: Language | undefined, text: string): Evidence | undefined {
  let accept: RegExpExecArray | null = null;
  if (language === "rust" && text.includes("Listener")) {
    const full = view.code(path) ?? "";
    const code = full.slice(0, rustUnitTestsStart(full));
    accept = /\b\w*Listener\b/.test(code) ? RUST_ACCEPT_LOOP.exec(code) : null;
  } else if (language === "csharp" && text.includes("Accept")) {
    const code = view.code(path) ?? "";
    accept = CSHARP_LISTEN.test(code) ? CSHARP_ACCEPT.exec(code) : null;
  }
  return accept ? { path, line: view.lineAt(path, accept.index), note: "accepts network connections" } : undefined;
}

function monorepoEvidence(view: RepoView): Evidence | undefined {
  for (const marker of ["pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json", "go.work", "rush.json"]) {
    if (view.has(marker)) return { path: marker, note: "monorepo workspace" };
  }
  const pkg = view.text("package.json");
  if (pkg && /"workspaces"\s*:/.test(pkg)) return { path: "package.json", line: view.lineAt("package.json", pkg.indexOf('"workspaces"')), note: "npm workspaces" };
  return undefined;
}

function isCli(view: RepoView, evidence: Evidence[]): boolean {
  const pkg = view.text("package.json");
  if (pkg && /"bin"\s*:/.test(pkg)) {
    evidence.push({ path: "package.json", line: view.lineAt("package.json", pkg.indexOf('"bin"')), note: "declares a command-line entry point" });
    return !/"main"\s*:|"exports"\s*:/.test(pkg);
  }
  const cmd = view.files.find((f) => /^cmd\/[^/]+\/main\.go$/.test(f.path) || f.path === "main.go");
  if (cmd) {
    evidence.push({ path: cmd.path, note: "Go command" });
    return true;
  }
  const entry = commandEntryPoint(view);
  if (entry) evidence.push(entry);
  return entry !== undefined;
}

/** Manifests that build a command rather than a library: composer "bin", a .NET tool or console app, a Rust binary crate. */
const COMMAND_MANIFESTS: { name: RegExp; declares: RegExp; note: string }[] = [
  { name: /^composer\.json$/, declares: /"bin"\s*:/, note: "declares a command-line entry point" },
  { name: /\.csproj$/, declares: /<PackAsTool>\s*true\s*<|<OutputType>\s*Exe\s*</i, note: "builds a console application" },
  { name: /\.gemspec$/, declares: /\.executables\s*=|\bbindir\s*=/, note: "ships executables" },
];

function commandEntryPoint(view: RepoView): Evidence | undefined {
  for (const row of view.paths.rows) {
    const { path } = row;
    if (path.includes("/") && !/^[^/]+\/[^/]+\.csproj$|^src\/[^/]+\/[^/]+\.csproj$/.test(path)) continue;
    if (row.nonProject || /bench|sample|example|demo|playground/i.test(path)) continue;
    const manifest = COMMAND_MANIFESTS.find((m) => m.name.test(row.name));
    const text = manifest ? view.text(path) : undefined;
    const declared = text === undefined ? null : (manifest as (typeof COMMAND_MANIFESTS)[0]).declares.exec(text);
    // A .csproj with a web SDK is a service, and test projects are executables too.
    if (declared && !/Sdk="Microsoft\.NET\.Sdk\.Web"|<IsTestProject>\s*true/i.test(text as string) && !row.test) {
      return { path, line: view.lineAt(path, declared.index), note: (manifest as (typeof COMMAND_MANIFESTS)[0]).note };
    }
  }
  // A Rust package with a binary and no library target: src/main.rs without src/lib.rs, or [[bin]] targets only.
  const cargo = view.text("Cargo.toml");
  if (cargo !== undefined && !view.has("src/lib.rs") && !/^\[lib\]/m.test(cargo) && (view.has("src/main.rs") || /^\[\[bin\]\]/m.test(cargo))) {
    return { path: view.has("src/main.rs") ? "src/main.rs" : "Cargo.toml", note: "Rust binary crate" };
  }
  return undefined;
}
