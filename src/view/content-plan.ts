import type { FileContent, SnapshotEntry } from "../snapshot/snapshot.js";
import type { PathRow, PathTable } from "./path-table.js";
import { depth, dirname } from "./paths.js";

/**
 * Decides which files' contents the audit reads, and in what order, so that a
 * repository of any size costs a bounded amount of I/O (and of GitHub API requests).
 */
export interface ContentBudget {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_BUDGET: ContentBudget = { maxFiles: 4000, maxBytes: 64 * 1024 * 1024 };

/**
 * Files read right after the manifests and CI, wherever they sit: the audit names them (the claims'
 * readiness documents), since which documents matter is the claims' rule, not the view's.
 */
export type ReadEarly = (row: PathRow) => boolean;

const NOTHING_EARLY: ReadEarly = () => false;

/** Never worth reading: binary formats, media, archives, lock files (their presence is what counts). */
const NEVER_READ_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif webp ico bmp tiff svg psd ai mp3 mp4 wav ogg webm mov avi woff woff2 ttf otf eot " +
    "zip gz tgz bz2 xz 7z rar jar war ear class pyc pyo so dll dylib exe bin o a wasm pdf doc docx xls xlsx ppt pptx " +
    "sqlite db lock sum csv tsv parquet avro pkl npy h5 onnx pt"
  ).split(" "),
);
const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "composer.lock",
  "Gemfile.lock",
  "poetry.lock",
  "uv.lock",
  "Pipfile.lock",
  "Cargo.lock",
  "go.sum",
  "gradle.lockfile",
]);

const MANIFEST_NAMES = new Set([
  "package.json",
  "requirements.txt",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "Pipfile",
  "tox.ini",
  "noxfile.py",
  "pytest.ini",
  "go.mod",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "settings.gradle",
  "settings.gradle.kts",
  "Gemfile",
  "Cargo.toml",
  "composer.json",
  "Makefile",
  "makefile",
  "GNUmakefile",
  "Justfile",
  "justfile",
  "Taskfile.yml",
  "Procfile",
  "Jenkinsfile",
  "Containerfile",
  ".dockerignore",
  "turbo.json",
  "nx.json",
  "lerna.json",
  "pnpm-workspace.yaml",
  "manage.py",
  "app.json",
  "fly.toml",
  "render.yaml",
  "vercel.json",
  "netlify.toml",
]);

const CONFIG_EXTENSIONS = new Set(["json", "yml", "yaml", "toml", "ini", "cfg", "conf", "properties", "xml", "env", "sh", "tf", "hcl", "gradle"]);
const DOC_EXTENSIONS = new Set(["md", "mdx", "rst", "txt", "adoc"]);

/** Source file names that usually hold wiring: servers, routes, instrumentation. */
const WIRING_NAME =
  /(?:main|app|server|index|health|status|route|router|urls|views?|api|handler|controller|sentry|instrument|monitor|log|telemetry|tracing|trace|otel|metric|prometheus|middleware|settings|config|bootstrap|startup|program|wsgi|asgi|application|http|probe|shutdown|signal|limiter|limit|security|helmet)/i;

/**
 * Lower ranks are read first. Source files are ranked by their depth below their package
 * (packages/core/server/src/main.ts is as central to its package as src/main.ts is to a
 * single-package repository), wiring names first, tests after the code they test. Docs and
 * data files deep in the tree (translations, generated docs sites) come after the source.
 */
export function readRank(row: PathRow, packageRoots: ReadonlySet<string> = NO_PACKAGES, readEarly: ReadEarly = NOTHING_EARLY): number | undefined {
  const { path, name, extension: ext } = row;
  if (LOCKFILES.has(name) || NEVER_READ_EXTENSIONS.has(ext)) return undefined;
  if (MANIFEST_NAMES.has(name) || /^(?:(?:Dockerfile|Containerfile)(?:[._-].*)?|.*\.(?:dockerfile|containerfile)|docker-compose.*|compose\.ya?ml|requirements.*\.txt|.*\.gemspec|\.env.*|.*\.env|env\..*)$/i.test(name))
    return 0;
  if (path.startsWith(".github/") || path.startsWith(".circleci/") || path.startsWith(".gitlab") || name.startsWith(".travis") || name.startsWith("azure-pipelines"))
    return 0;
  const nonProject = row.nonProject;
  // Readiness documents are read wherever they sit: the claims pass holds them against the code.
  if (!nonProject && readEarly(row)) return 1;
  if (row.loadTest && !nonProject && !DOC_EXTENSIONS.has(ext)) return 2;
  const deep = row.depth >= 3;
  if (DOC_EXTENSIONS.has(ext)) return row.depth <= 1 ? 1 : nonProject ? 13 : deep ? 11 : 3;
  if (row.language !== undefined) {
    const d = Math.min(depthInPackage(row, packageRoots), 4);
    if (nonProject) return 13 + d;
    if (row.test) return 7 + d;
    return 4 + (WIRING_NAME.test(name) ? 0 : 2) + d;
  }
  if (CONFIG_EXTENSIONS.has(ext) || /^\.[a-z]+rc(?:\.\w+)?$/i.test(name) || name.includes("config")) {
    if (nonProject) return 13;
    return ext === "json" && deep && !/config|settings/i.test(name) ? 11 : 2;
  }
  if (ext === "pem" || ext === "key") return 3;
  if (ext === "") return deep ? 11 : 3;
  return 8;
}

const NO_PACKAGES: ReadonlySet<string> = new Set();

/** Manifests that make their folder a package of a monorepo. */
const PACKAGE_MANIFESTS = new Set(["package.json", "go.mod", "pyproject.toml", "setup.py", "pom.xml", "build.gradle", "build.gradle.kts", "Cargo.toml", "Gemfile", "composer.json"]);

/** Folders that hold a package manifest ("" for the root). */
function packageRootsOf(rows: readonly PathRow[]): Set<string> {
  const roots = new Set<string>();
  for (const row of rows) if (PACKAGE_MANIFESTS.has(row.name)) roots.add(row.folder);
  return roots;
}

/** Folders between the file and the package that contains it. */
function depthInPackage(row: PathRow, packageRoots: ReadonlySet<string>): number {
  for (let folder = row.folder; folder !== ""; folder = dirname(folder)) {
    if (packageRoots.has(folder)) return row.depth - depth(folder) - 1;
  }
  return row.depth;
}

/** The readable files, best first: `files` as listed, `paths` their table. */
export function rankReads(files: readonly SnapshotEntry[], paths: PathTable, readEarly: ReadEarly = NOTHING_EARLY): SnapshotEntry[] {
  const ranked: { entry: SnapshotEntry; rank: number }[] = [];
  const packageRoots = packageRootsOf(paths.rows);
  for (const row of paths.rows) {
    const rank = readRank(row, packageRoots, readEarly);
    if (rank !== undefined) ranked.push({ entry: files[row.index] as SnapshotEntry, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.entry.path.length - b.entry.path.length);
  return ranked.map((r) => r.entry);
}

export type FileReader = (paths: readonly string[]) => Promise<Map<string, FileContent>>;

/**
 * Reads ranked entries, best first, within the budget: a file that would pass the byte budget is
 * passed over and the next one taken instead. A size the listing gave is budgeted before reading;
 * one it did not (a local walk) counts once the file is read, and a file that turns out too large
 * for what is left is dropped and the next ones read in its place, so the choice is the one the
 * sizes would have made up front. Contents keep the order the snapshot answered in.
 */
export async function readWithinBudget(
  ranked: readonly SnapshotEntry[],
  budget: ContentBudget,
  read: FileReader,
): Promise<{ contents: Map<string, FileContent>; leftOut: number }> {
  const contents = new Map<string, FileContent>();
  let bytes = 0;
  let next = 0;
  while (contents.size < budget.maxFiles && next < ranked.length) {
    const batch: SnapshotEntry[] = [];
    let planned = bytes;
    while (contents.size + batch.length < budget.maxFiles && next < ranked.length) {
      const entry = ranked[next++] as SnapshotEntry;
      if (entry.size !== undefined && planned + entry.size > budget.maxBytes) continue;
      planned += entry.size ?? 0;
      batch.push(entry);
    }
    const answered = await read(batch.map((e) => e.path));
    const kept = new Set<string>();
    for (const { path, size } of batch) {
      const content = answered.get(path);
      const counted = size ?? (content && content.status !== "unreadable" ? content.size : 0);
      if (bytes + counted > budget.maxBytes) continue;
      bytes += counted;
      kept.add(path);
    }
    for (const [path, content] of answered) if (kept.has(path)) contents.set(path, content);
  }
  return { contents, leftOut: ranked.length - contents.size };
}
