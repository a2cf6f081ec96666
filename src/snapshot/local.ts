import { closeSync, type Dirent, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { normalize, sep } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import ignore, { type Ignore } from "ignore";
import { trackedPaths } from "./git-index.js";
import {
  decodeText,
  type FileContent,
  type RepositorySnapshot,
  type SkippedEntry,
  type SnapshotEntry,
} from "./snapshot.js";

/**
 * CI configuration folders at the root: never build output, so a plain folder keeps them even when
 * .gitignore names them (a project that ignores `.github` for a tool yet commits its workflows).
 */
const CONFIGURATION_FOLDERS = new Set([".github", ".gitlab", ".circleci", ".buildkite", ".woodpecker"]);

/** Folders that are never part of the audited source, whatever .gitignore says. */
const NEVER_WALKED = new Set([".git", "node_modules", ".hg", ".svn"]);

/**
 * File-system calls made between two yields to the event loop. The walk and the reads use
 * synchronous calls (several times faster than promise-based ones for many small files)
 * in batches, so timers such as the progress indicator still run.
 */
const CALLS_PER_YIELD = 500;

export interface LocalSnapshotOptions {
  /** Files larger than this are listed but never read. */
  maxFileBytes?: number;
}

interface IgnoreRule {
  base: string;
  matcher: Ignore;
}

/**
 * A snapshot of a folder on disk: a git checkout or a plain folder. Honours .gitignore files
 * (root and nested) as git does: they hide untracked files only, so a committed `.env.example`
 * or lock file that a broad pattern matches is still audited. In a checkout, tracked files come
 * from git's index; a plain folder (a download or `git archive` export) holds committed files
 * only, so there .gitignore hides folders (build output, virtualenvs) but never a file.
 * A symbolic link to a file inside the repository (a monorepo's README.md -> packages/x/README.md)
 * is read as that file; links to folders, outside the repository or nowhere are not followed.
 */
export class LocalSnapshot implements RepositorySnapshot {
  readonly label: string;
  private readonly maxFileBytes: number;
  private readonly skippedEntries: SkippedEntry[] = [];
  private listing: Promise<SnapshotEntry[]> | undefined;
  private listed: Set<string> | undefined;
  /** One buffer for every read, grown to the largest file read: decoding copies the text out of it. */
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private realRoot: string | undefined;
  /** Where each followed link resolved when listed: reads go there, so a link changed since cannot lead outside. */
  private readonly linkTargets = new Map<string, string>();
  /** The root with one separator at its end: a file's path on disk is this and its repository path (which the walk made, so needs no normalising). */
  private readonly base: string;

  constructor(
    private readonly root: string,
    options: LocalSnapshotOptions = {},
  ) {
    this.label = root.split(sep).filter(Boolean).pop() ?? root;
    this.maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
    const normalized = normalize(root);
    this.base = normalized.endsWith(sep) ? normalized : `${normalized}${sep}`;
  }

  listFiles(): Promise<SnapshotEntry[]> {
    this.listing ??= this.walk();
    return this.listing;
  }

  skipped(): SkippedEntry[] {
    return [...this.skippedEntries];
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    this.listed ??= new Set((await this.listFiles()).map((e) => e.path));
    const result = new Map<string, FileContent>();
    for (let i = 0; i < paths.length; i++) {
      if (i > 0 && i % CALLS_PER_YIELD === 0) await yieldToEventLoop();
      const path = paths[i] as string;
      result.set(path, this.listed.has(path) ? this.readOne(path) : { status: "unreadable", reason: "not in the snapshot" });
    }
    return result;
  }

  /**
   * Reads into the shared buffer. A file that fits it (most do) is read in one call, with no stat;
   * one that fills it is asked its size from the open file (the walk took none), so a file too
   * large is never read past the buffer.
   */
  private readOne(path: string): FileContent {
    let fd: number | undefined;
    try {
      fd = openSync(this.linkTargets.get(path) ?? `${this.base}${path}`, "r");
      const first = readSync(fd, this.buffer, 0, this.buffer.length, null);
      // Short of the buffer: a regular file's read stops short only at its end, so that was all of it.
      if (first < this.buffer.length) return first > this.maxFileBytes ? { status: "too-large", size: first } : decodeText(this.buffer.subarray(0, first));
      const { size } = fstatSync(fd);
      if (size > this.maxFileBytes) return { status: "too-large", size };
      if (size > this.buffer.length) {
        const larger = Buffer.allocUnsafe(size);
        this.buffer.copy(larger, 0, 0, first);
        this.buffer = larger;
      }
      let length = first;
      while (length < size) {
        const n = readSync(fd, this.buffer, length, size - length, null);
        if (n === 0) break; // shorter than when it was opened
        length += n;
      }
      return decodeText(this.buffer.subarray(0, length));
    } catch (error) {
      return { status: "unreadable", reason: (error as NodeJS.ErrnoException).code ?? String(error) };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private async walk(): Promise<SnapshotEntry[]> {
    let rootIsDirectory = false;
    try {
      rootIsDirectory = lstatSync(this.root).isDirectory();
    } catch {
      rootIsDirectory = false;
    }
    if (!rootIsDirectory) throw new Error(`${this.root} is not a readable directory`);
    const tracked = trackedPaths(this.root);
    const trackedFolders = tracked && foldersOf(tracked);
    const hidden = (path: string, isDir: boolean, rules: readonly IgnoreRule[]): boolean => {
      if (isDir ? trackedFolders?.has(path) : tracked?.has(path)) return false;
      if (!tracked && (!isDir || CONFIGURATION_FOLDERS.has(path.split("/", 1)[0] as string))) return false;
      return isIgnored(rules, path, isDir);
    };
    const entries: SnapshotEntry[] = [];
    // Folders on disk end in a separator: a child's path is the folder's and its name.
    const pending: { dir: string; rel: string; rules: readonly IgnoreRule[] }[] = [{ dir: this.base, rel: "", rules: [] }];
    let calls = 0;
    while (pending.length > 0) {
      const { dir, rel, rules: inherited } = pending.pop() as (typeof pending)[number];
      let children: Dirent[];
      try {
        children = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        this.skippedEntries.push({ path: rel || ".", reason: `unreadable folder (${(error as NodeJS.ErrnoException).code})` });
        continue;
      }
      const rules = children.some((c) => c.name === ".gitignore" && c.isFile()) ? [...inherited, this.gitignoreRule(dir, rel)] : inherited;
      for (const child of children) {
        const path = rel ? `${rel}/${child.name}` : child.name;
        if (child.isDirectory()) {
          if (!NEVER_WALKED.has(child.name) && !hidden(path, true, rules)) pending.push({ dir: `${dir}${child.name}${sep}`, rel: path, rules });
        } else if (child.isSymbolicLink()) {
          if (!hidden(path, false, rules)) {
            const target = this.linkedFile(`${dir}${child.name}`);
            if (typeof target === "string") this.skippedEntries.push({ path, reason: `symbolic link ${target}, not followed` });
            else {
              entries.push({ path, size: target.size });
              this.linkTargets.set(path, target.real);
            }
          }
        } else if (child.isFile() && !hidden(path, false, rules)) {
          entries.push({ path });
        }
        if (++calls % CALLS_PER_YIELD === 0) await yieldToEventLoop();
      }
    }
    entries.sort(byPath);
    this.skippedEntries.sort(byPath);
    return entries;
  }

  /** The file a link resolves to inside the repository, or why it is not followed. */
  private linkedFile(link: string): { real: string; size: number } | string {
    let target: string;
    try {
      target = realpathSync(link);
    } catch {
      return "to nothing (broken or looping)";
    }
    this.realRoot ??= realpathSync(this.root);
    if (!target.startsWith(`${this.realRoot}${sep}`)) return "to outside the repository";
    const stats = statSync(target);
    return stats.isFile() ? { real: target, size: stats.size } : "to a folder";
  }

  private gitignoreRule(dir: string, base: string): IgnoreRule {
    let patterns = "";
    try {
      patterns = readFileSync(`${dir}.gitignore`, "utf8");
    } catch (error) {
      this.skippedEntries.push({ path: base ? `${base}/.gitignore` : ".gitignore", reason: `unreadable (${(error as NodeJS.ErrnoException).code})` });
    }
    return { base, matcher: ignore().add(patterns) };
  }
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  for (const { base, matcher } of rules) {
    const local = base ? path.slice(base.length + 1) : path;
    if (matcher.ignores(isDir ? `${local}/` : local)) return true;
  }
  return false;
}

/** Every folder that holds a tracked file, at any depth: walked even when .gitignore names it. */
function foldersOf(paths: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) folders.add(path.slice(0, slash));
  }
  return folders;
}
