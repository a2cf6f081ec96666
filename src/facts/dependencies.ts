import { lineAtOffset, lineStarts } from "../view/code.js";
import type { RepoView } from "../view/repo-view.js";
import { basename, isTestPath } from "../view/paths.js";

export type Ecosystem = "npm" | "pypi" | "go" | "maven" | "rubygems" | "cargo" | "composer" | "nuget";

/** A package the repository declares it depends on, with the manifest line that says so. */
export interface Dependency {
  name: string;
  ecosystem: Ecosystem;
  path: string;
  line: number;
  dev: boolean;
}

/** Every dependency declared by the project's own manifests (fixtures and examples excluded). */
export function dependencies(view: RepoView): Dependency[] {
  return view.memo("facts:dependencies", () => {
    const out: Dependency[] = [];
    for (const { path, name, nonProject } of view.paths.rows) {
      if (nonProject) continue;
      const parse = PARSERS[name] ?? parserByPattern(path);
      if (!parse) continue;
      const text = view.text(path);
      if (text !== undefined) out.push(...parse(text, path));
    }
    return out;
  });
}

/** .NET project files, whose names are the project's: Api.csproj, Core.fsproj. */
const MSBUILD_PROJECT = /\.(?:cs|fs|vb)proj$/i;

/** Manifests named after their project: requirements files, .NET projects, gem specifications. */
function parserByPattern(path: string): Parser | undefined {
  if (isRequirementsFile(path)) return parseRequirements;
  if (MSBUILD_PROJECT.test(path)) return parseMsbuild;
  return path.endsWith(".gemspec") ? parseGemspec : undefined;
}

/** requirements.txt, requirements-dev.in, and the files of a requirements/ folder (base.txt, production.txt). */
function isRequirementsFile(path: string): boolean {
  return /^requirements.*\.(?:txt|in)$/i.test(basename(path)) || /(?:^|\/)requirements\/[^/]+\.(?:txt|in)$/i.test(path);
}

/** The first declaration of any of the named packages (exact names, or prefixes ending in "*"). */
export function findDependency(view: RepoView, names: readonly string[]): Dependency[] {
  const exact = new Set(names.filter((n) => !n.endsWith("*")).map((n) => n.toLowerCase()));
  const prefixes = names.filter((n) => n.endsWith("*")).map((n) => n.slice(0, -1).toLowerCase());
  return dependencies(view).filter((d) => {
    const name = d.name.toLowerCase();
    return exact.has(name) || prefixes.some((p) => name.startsWith(p));
  });
}

type Parser = (text: string, path: string) => Dependency[];

const PARSERS: Record<string, Parser> = {
  "package.json": jsonManifest("npm", { dependencies: false, devDependencies: true, peerDependencies: false, optionalDependencies: false }),
  "pyproject.toml": parsePyproject,
  Pipfile: parseTomlTables(["packages", "dev-packages"], "pypi"),
  "setup.py": parseQuotedRequirements,
  "setup.cfg": parseSetupCfg,
  "go.mod": parseGoMod,
  "pom.xml": parsePom,
  "build.gradle": parseGradle,
  "build.gradle.kts": parseGradle,
  Gemfile: parseGemfile,
  "Cargo.toml": parseTomlTables(["dependencies", "dev-dependencies", "workspace.dependencies"], "cargo"),
  "composer.json": jsonManifest("composer", { require: false, "require-dev": true }),
  // Imported by every project below it, so its references are every project's.
  "Directory.Build.props": parseMsbuild,
};

/** A JSON manifest's dependency sections, each marked dev or not. */
function jsonManifest(ecosystem: Ecosystem, sections: Record<string, boolean>): Parser {
  return (text, path) => {
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return [];
    }
    const lines = text.split("\n");
    const out: Dependency[] = [];
    for (const [section, dev] of Object.entries(sections)) {
      const deps = manifest[section];
      if (!deps || typeof deps !== "object") continue;
      const sectionIndex = Math.max(0, lines.findIndex((l) => l.includes(`"${section}"`)));
      for (const name of Object.keys(deps)) {
        const quoted = `"${name}"`;
        let index = sectionIndex + 1;
        while (index < lines.length && !(lines[index] as string).includes(quoted)) index++;
        out.push({ name, ecosystem, path, line: index < lines.length ? index + 1 : sectionIndex + 1, dev });
      }
    }
    return out;
  };
}

const PEP508_NAME = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)/;

function parseRequirements(text: string, path: string): Dependency[] {
  const dev = /dev|test|lint|doc|local/i.test(basename(path));
  const out: Dependency[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("-")) return;
    const name = PEP508_NAME.exec(line)?.[1];
    if (name) out.push({ name, ecosystem: "pypi", path, line: index + 1, dev });
  });
  return out;
}

/** pyproject: PEP 621 arrays, dependency groups, and Poetry tables. */
function parsePyproject(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  let table = "";
  let inArray = false;
  let arrayDev = false;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    const header = /^\[\[?([^\]]+)\]\]?/.exec(line);
    if (header) {
      table = header[1] as string;
      inArray = false;
      return;
    }
    const lineNo = index + 1;
    const poetryTable = /^tool\.poetry\.(?:dependencies|dev-dependencies|group\.[^.]+\.dependencies)$/.test(table);
    if (poetryTable) {
      const key = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line)?.[1];
      if (key && key !== "python") out.push({ name: key, ecosystem: "pypi", path, line: lineNo, dev: !table.endsWith("poetry.dependencies") });
      return;
    }
    const arrayStart = /^([A-Za-z0-9_-]+)\s*=\s*\[(.*)$/.exec(line);
    const depsTable = table === "project" || table === "project.optional-dependencies" || table === "dependency-groups";
    if (arrayStart && depsTable && (table !== "project" || arrayStart[1] === "dependencies")) {
      inArray = true;
      arrayDev = table !== "project" && /dev|test|lint|doc/i.test(arrayStart[1] as string);
      collectQuoted(arrayStart[2] as string, lineNo);
      if (closesArray(arrayStart[2] as string)) inArray = false;
      return;
    }
    if (inArray) {
      collectQuoted(line, lineNo);
      if (closesArray(line)) inArray = false;
    }
  });
  return out;

  function collectQuoted(segment: string, lineNo: number) {
    for (const match of segment.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)/g)) {
      out.push({ name: match[1] as string, ecosystem: "pypi", path, line: lineNo, dev: arrayDev });
    }
  }
}

/** A "]" outside quotes ends a TOML array; the one in "fastapi[standard]" names an extra. */
function closesArray(line: string): boolean {
  return line.replace(/"[^"]*"|'[^']*'/g, "").includes("]");
}

/**
 * Keys of the named tables. Cargo also declares dependencies per target
 * (`[target.'cfg(unix)'.dependencies]`) and one per table (`[dependencies.rocket]`).
 */
function parseTomlTables(tables: string[], ecosystem: Ecosystem): Parser {
  return (text, path) => {
    const out: Dependency[] = [];
    let table = "";
    text.split("\n").forEach((raw, index) => {
      const line = raw.trim();
      const header = /^\[([^\]]+)\]/.exec(line);
      if (header) {
        table = (header[1] as string).trim().replace(/^target\.(?:'[^']*'|"[^"]*"|[^.'"]+)\./, "");
        const owner = tables.find((t) => table.startsWith(`${t}.`));
        const name = owner && /^["']?([A-Za-z0-9][A-Za-z0-9_-]*)["']?$/.exec(table.slice(owner.length + 1))?.[1];
        if (owner && name) out.push({ name, ecosystem, path, line: index + 1, dev: owner.includes("dev") });
        return;
      }
      if (!tables.includes(table)) return;
      const key = /^["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line)?.[1];
      if (key) out.push({ name: key, ecosystem, path, line: index + 1, dev: table.includes("dev") });
    });
    return out;
  };
}

function parseQuotedRequirements(text: string, path: string): Dependency[] {
  const start = text.search(/install_requires|extras_require|tests_require/);
  if (start === -1) return [];
  const out: Dependency[] = [];
  const lines = text.split("\n");
  let offset = 0;
  lines.forEach((line, index) => {
    if (offset + line.length >= start) {
      for (const match of line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:[<>=!~;[\]]|["'])/g)) {
        out.push({ name: match[1] as string, ecosystem: "pypi", path, line: index + 1, dev: false });
      }
    }
    offset += line.length + 1;
  });
  return out;
}

function parseSetupCfg(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  let inRequires = false;
  text.split("\n").forEach((raw, index) => {
    if (/^\s*(install_requires|tests_require)\s*=/.test(raw)) {
      inRequires = true;
      return;
    }
    if (inRequires && /^\S/.test(raw)) inRequires = false;
    if (!inRequires) return;
    const name = PEP508_NAME.exec(raw)?.[1];
    if (name) out.push({ name, ecosystem: "pypi", path, line: index + 1, dev: false });
  });
  return out;
}

function parseGoMod(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  let inBlock = false;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith("require (")) {
      inBlock = true;
      return;
    }
    if (inBlock && line.startsWith(")")) {
      inBlock = false;
      return;
    }
    const match = inBlock ? /^(\S+)\s+v\S+/.exec(line) : /^require\s+(\S+)\s+v\S+/.exec(line);
    // `// indirect` modules are dependencies of dependencies: the project's code does not import them.
    if (match && !/\/\/\s*indirect\b/.test(line)) out.push({ name: match[1] as string, ecosystem: "go", path, line: index + 1, dev: false });
  });
  return out;
}

function parsePom(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  const lines = text.split("\n");
  let group = "";
  lines.forEach((line, index) => {
    const g = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(line);
    if (g) group = g[1] as string;
    const a = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(line);
    if (a) out.push({ name: `${group}:${a[1]}`, ecosystem: "maven", path, line: index + 1, dev: false });
  });
  return out;
}

function parseGradle(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  text.split("\n").forEach((line, index) => {
    const match = /\b(\w*(?:[Ii]mplementation|[Aa]pi|[Cc]ompile\w*|[Rr]untime\w*|testImplementation|classpath|kapt|annotationProcessor))\s*\(?\s*["']([\w.-]+):([\w.-]+)/.exec(line);
    if (match) out.push({ name: `${match[2]}:${match[3]}`, ecosystem: "maven", path, line: index + 1, dev: /^test/i.test(match[1] as string) });
    const plugin = /\bid\s*\(?\s*["']([\w.-]+)["']/.exec(line);
    if (plugin) out.push({ name: plugin[1] as string, ecosystem: "maven", path, line: index + 1, dev: false });
  });
  return out;
}

function parseGemfile(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  let groupDepth = 0;
  let devGroup = false;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (/^group\b.*\bdo\b/.test(line)) {
      groupDepth++;
      devGroup = /:development|:test/.test(line) && !/:production/.test(line);
    } else if (line === "end" && groupDepth > 0) {
      groupDepth--;
      if (groupDepth === 0) devGroup = false;
    }
    const match = /^gem\s+["']([^"']+)["']/.exec(line);
    if (match) out.push({ name: match[1] as string, ecosystem: "rubygems", path, line: index + 1, dev: devGroup });
  });
  return out;
}

/** A gem's own dependencies (`spec.add_dependency "sinatra"`): a gem's Gemfile usually only says `gemspec`. */
function parseGemspec(text: string, path: string): Dependency[] {
  const out: Dependency[] = [];
  text.split("\n").forEach((line, index) => {
    const match = /^\s*\w+\.add_(runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["']/.exec(line);
    if (match) out.push({ name: match[2] as string, ecosystem: "rubygems", path, line: index + 1, dev: match[1] === "development_" });
  });
  return out;
}

const MSBUILD_SDK = /<(?:Project|Import)\b[^>]{0,500}?\bSdk\s*=\s*"([^"/]+)|<Sdk\s+Name\s*=\s*"([^"/]+)/g;
const MSBUILD_REFERENCE = /<(PackageReference|FrameworkReference)\b([^>]{0,500})>/g;
/** Analyzers and build tools are referenced with PrivateAssets="all": they never reach the running program. */
const PRIVATE_ASSETS = /\bPrivateAssets\s*=\s*"all"|<PrivateAssets>\s*all\s*<\/PrivateAssets>/i;
const MAX_ELEMENT = 2000;
const TEST_PROJECT = /<IsTestProject>\s*true\b|"Microsoft\.NET\.Test\.Sdk"/i;

/**
 * An MSBuild project: its SDK (Microsoft.NET.Sdk.Web makes an ASP.NET Core app) and its package
 * and framework references. Versions may live in Directory.Packages.props; only names matter here.
 */
function parseMsbuild(text: string, path: string): Dependency[] {
  const starts = lineStarts(text);
  const testProject = isTestPath(path) || /\.Tests?\.[a-z]+proj$/i.test(basename(path)) || TEST_PROJECT.test(text);
  const out: Dependency[] = [];
  for (const match of text.matchAll(MSBUILD_SDK)) {
    out.push({ name: (match[1] ?? match[2]) as string, ecosystem: "nuget", path, line: lineAtOffset(starts, match.index), dev: testProject });
  }
  for (const match of text.matchAll(MSBUILD_REFERENCE)) {
    const attributes = match[2] as string;
    const name = /\bInclude\s*=\s*"([^"]+)"/.exec(attributes)?.[1];
    if (!name) continue;
    // A reference's metadata may be child elements: read up to its closing tag, a few lines on at most.
    const following = attributes.endsWith("/") ? "" : text.slice(match.index, match.index + MAX_ELEMENT);
    const close = following.indexOf(`</${match[1]}>`);
    const element = close === -1 ? attributes : following.slice(0, close);
    const dev = testProject || PRIVATE_ASSETS.test(element);
    out.push({ name, ecosystem: "nuget", path, line: lineAtOffset(starts, match.index), dev });
  }
  return out;
}
