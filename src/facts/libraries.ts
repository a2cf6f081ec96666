import { escapeRegExp } from "../view/regex.js";
import type { Language } from "../view/paths.js";
import type { RepoView } from "../view/repo-view.js";
import { type Evidence, type Finding, fail, partial, pass } from "../findings/findings.js";
import { type CodeMatch, type CodeQuery, searchCode } from "./code-search.js";
import { type Dependency, findDependency } from "./dependencies.js";

export const JS: readonly Language[] = ["javascript", "typescript"];
export const PY: readonly Language[] = ["python"];
export const GO: readonly Language[] = ["go"];
export const JVM: readonly Language[] = ["java", "kotlin", "scala"];
export const RUBY: readonly Language[] = ["ruby"];
export const PHP: readonly Language[] = ["php"];
export const RUST: readonly Language[] = ["rust"];
export const CSHARP: readonly Language[] = ["csharp"];

/**
 * A library that provides one readiness capability (a logger, a metrics client, a tracer...):
 * which dependency brings it in and which code shows that the project really sets it up.
 */
export interface LibrarySpec {
  /** Shown in reasons and notes, e.g. "pino", "Sentry". */
  name: string;
  /** Dependency names that bring it in ("prefix*" matches a family); empty for a standard-library facility. */
  packages: readonly string[];
  /** Packages matched by `packages` that are not the library itself (build plugins, CLIs, type packages). */
  notPackages?: readonly string[];
  /** Code that shows it in use, most telling first: an initialisation before a bare import. */
  usage: readonly CodeQuery[];
  /** Declaring the dependency sets it up (a Spring Boot starter, a Rails engine): no code to look for. */
  selfConfiguring?: boolean;
  /**
   * The package also serves other purposes (an OpenTelemetry SDK serves traces and metrics), so
   * declaring it says nothing on its own: only the usage counts.
   */
  sharedPackage?: boolean;
}

/** What the project shows of one library. */
export interface LibraryUse {
  library: LibrarySpec;
  /** The runtime dependency that declares it (undefined for a standard-library facility). */
  dependency: Dependency | undefined;
  /** Where the code sets it up: the matches of the most telling usage query that matched, one per file. */
  uses: CodeMatch[];
  /** Declared and set up (or self-configuring). */
  established: boolean;
}

/** Most places a finding lists for one library. */
const MAX_USES = 4;

/**
 * The libraries of a catalog that the project declares as runtime dependencies (or, for the
 * standard library, uses), each with where its code sets it up. Code is searched only for
 * declared libraries, so a catalog of a hundred libraries costs a handful of searches.
 */
export function libraryUses(view: RepoView, catalog: readonly LibrarySpec[]): LibraryUse[] {
  // Catalogs share libraries (an APM agent is an error tracker, a metrics exporter and a tracer): each is looked up once.
  const known = view.memo("facts:library-uses", () => new Map<LibrarySpec, LibraryUse | undefined>());
  const out: LibraryUse[] = [];
  for (const library of catalog) {
    if (!known.has(library)) known.set(library, lookUp(view, library));
    const use = known.get(library);
    if (use) out.push(use);
  }
  return out;
}

function lookUp(view: RepoView, library: LibrarySpec): LibraryUse | undefined {
  const excluded = new Set(library.notPackages ?? []);
  const dependency = library.packages.length === 0 ? undefined : findDependency(view, library.packages).find((d) => !d.dev && !excluded.has(d.name));
  if (library.packages.length > 0 && !dependency) return undefined;
  const uses = firstUses(view, library.usage);
  if (library.packages.length === 0 && uses.length === 0) return undefined;
  return { library, dependency, uses, established: uses.length > 0 || (library.selfConfiguring === true && dependency !== undefined) };
}

function firstUses(view: RepoView, queries: readonly CodeQuery[]): CodeMatch[] {
  for (const query of queries) {
    const matches = searchCode(view, query, { limit: MAX_USES, firstInFile: true });
    if (matches.length > 0) return matches;
  }
  return [];
}

/** Evidence for a library in use: where the code sets it up, then where it is declared. */
export function libraryEvidence(use: LibraryUse, verb = "set up"): Evidence[] {
  const evidence: Evidence[] = use.uses.map((m) => ({ path: m.path, line: m.line, note: `${use.library.name} ${verb}` }));
  if (use.dependency) evidence.push(dependencyEvidence(use.dependency));
  return evidence;
}

export function dependencyEvidence(dependency: Dependency): Evidence {
  return { path: dependency.path, line: dependency.line, note: `${dependency.name} declared` };
}

export function at(evidence: { path: string; line?: number }): string {
  return evidence.line === undefined ? evidence.path : `${evidence.path}:${evidence.line}`;
}

/** How a capability is described in a finding's reason. */
export interface Capability {
  /** e.g. "structured logger" */
  what: string;
  /** e.g. "set up" or "initialised" */
  verb: string;
  /** What was looked for, for the failure reason, e.g. "pino, winston, structlog, zap, zerolog, slog". */
  lookedFor: string;
}

/**
 * The common decision for "a library for X is declared and set up": pass with every established
 * library; partial when a dedicated library is declared but no code sets it up; fail otherwise.
 */
export function decideByLibraries(uses: readonly LibraryUse[], capability: Capability): Finding {
  const established = uses.filter((u) => u.established);
  if (established.length > 0) {
    const labels = established.map((u) => {
      const where = u.uses[0] ?? (u.dependency as Dependency);
      return u.uses.length > 0 ? `${u.library.name} (${at(where)})` : `${u.library.name} (${u.dependency?.name} at ${at(where)}, which sets itself up)`;
    });
    return pass(`${capability.what} ${capability.verb}: ${[...new Set(labels)].join(", ")}`, established.flatMap((u) => libraryEvidence(u, capability.verb)));
  }
  const declared = uses.filter((u) => u.dependency && !u.library.sharedPackage);
  if (declared.length > 0) {
    const names = [...new Set(declared.map((u) => `${u.library.name} (${at(u.dependency as Dependency)})`))].join(", ");
    return partial(`${names} declared, but no code sets it up as the project's ${capability.what}`, declared.map((u) => dependencyEvidence(u.dependency as Dependency)));
  }
  return fail(`no ${capability.what} found: looked for ${capability.lookedFor} in the manifests and the project's code`);
}

/** `import x from "module"`, `require("module")`, `import "module/sub"`. */
export function jsImport(...modules: string[]): RegExp {
  return new RegExp(`(?:\\bfrom\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*(?:\\(\\s*)?)["'](?:${modules.map(escapeRegExp).join("|")})(?:/[^"'\\n]*)?["']`);
}

/** `import module`, `from module.sub import x`. */
export function pyImport(...modules: string[]): RegExp {
  return new RegExp(`^[ \\t]*(?:from[ \\t]+(?:${modules.map(escapeRegExp).join("|")})(?:\\.[\\w.]+)?[ \\t]+import\\b|import[ \\t]+(?:${modules.map(escapeRegExp).join("|")})\\b)`, "m");
}

/** A Go import of the package or one of its sub-packages. */
export function goImport(...paths: string[]): RegExp {
  return new RegExp(`"(?:${paths.map(escapeRegExp).join("|")})(?:/[^"\\n]*)?"`);
}

/** A search of the project's source files in the languages, opened only when they contain a needle. */
export function inCode(languages: readonly Language[], needles: string | readonly string[], pattern: RegExp): CodeQuery {
  return { languages, needles: typeof needles === "string" ? [needles] : needles, pattern };
}

/** A plain-string needle for each module, so the import search only opens files that name one. */
export function importQuery(languages: readonly Language[], pattern: (...modules: string[]) => RegExp, ...modules: string[]): CodeQuery {
  return { languages, needles: modules, pattern: pattern(...modules) };
}

