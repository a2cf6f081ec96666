import type { Dirent } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import {
  decodeText,
  type FileContent,
  type RepositorySnapshot,
  type SkippedEntry,
  type SnapshotEntry,
} from "./snapshot.js";

/** Folders that are never part of the audited source, whatever .gitignore says. */
const NEVER_WALKED = new Set([".git", "node_modules", ".hg", ".svn"]);

export interface LocalSnapshotOptions {
  /** Files larger than this are listed but never read. */
  maxFileBytes?: number;
  /** How many files are read in parallel. */
  readConcurrency?: number;
}

/**
 * A snapshot of a folder on disk: a git checkout or a plain folder. Honours .gitignore
 * files (root and nested) so that the local audit sees what a clone would contain.
 * Symbolic links are never followed: they could point outside the repository.
 */
export class LocalSnapshot implements RepositorySnapshot {
  readonly label: string;
  private readonly maxFileBytes: number;
  private readonly readConcurrency: number;
  private readonly skippedEntries: SkippedEntry[] = [];
  private listing: Promise<SnapshotEntry[]> | undefined;

  constructor(
    private readonly root: string,
    options: LocalSnapshotOptions = {},
  ) {
    this.label = root.split(sep).filter(Boolean).pop() ?? root;
    this.maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
    this.readConcurrency = options.readConcurrency ?? 32;
  }

  listFiles(): Promise<SnapshotEntry[]> {
    this.listing ??= this.walk();
    return this.listing;
  }

  skipped(): SkippedEntry[] {
    return [...this.skippedEntries];
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const sizes = new Map((await this.listFiles()).map((e) => [e.path, e.size]));
    const result = new Map<string, FileContent>();
    let next = 0;
    const worker = async () => {
      while (next < paths.length) {
        const path = paths[next++] as string;
        result.set(path, await this.readOne(path, sizes.get(path)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.readConcurrency, paths.length) }, worker));
    return result;
  }

  private async readOne(path: string, size: number | undefined): Promise<FileContent> {
    if (size === undefined) return { status: "unreadable", reason: "not in the snapshot" };
    if (size > this.maxFileBytes) return { status: "too-large", size };
    try {
      return decodeText(await readFile(join(this.root, path)));
    } catch (error) {
      return { status: "unreadable", reason: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
  }

  private async walk(): Promise<SnapshotEntry[]> {
    const rootStat = await lstat(this.root).catch(() => undefined);
    if (!rootStat?.isDirectory()) throw new Error(`${this.root} is not a readable directory`);
    const entries: SnapshotEntry[] = [];
    // Folders are visited concurrently (the listing dominates the audit's time on large trees);
    // each carries the .gitignore rules of its ancestors.
    const visit = async (dir: string, inherited: IgnoreRule[]): Promise<void> => {
      const rel = relative(this.root, dir).split(sep).join("/");
      const gitignore = await readFile(join(dir, ".gitignore"), "utf8").catch(() => undefined);
      const rules = gitignore === undefined ? inherited : [...inherited, { base: rel, matcher: ignore().add(gitignore) }];
      let children: Dirent[];
      try {
        children = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        this.skippedEntries.push({ path: rel || ".", reason: `unreadable folder (${(error as NodeJS.ErrnoException).code})` });
        return;
      }
      const pending: Promise<void>[] = [];
      for (const child of children) {
        const path = rel ? `${rel}/${child.name}` : child.name;
        if (child.isDirectory()) {
          if (!NEVER_WALKED.has(child.name) && !isIgnored(rules, path, true)) pending.push(visit(join(dir, child.name), rules));
        } else if (child.isSymbolicLink()) {
          if (!isIgnored(rules, path, false)) this.skippedEntries.push({ path, reason: "symbolic link, not followed" });
        } else if (child.isFile() && !isIgnored(rules, path, false)) {
          pending.push(fileSize(join(dir, child.name)).then((size) => void entries.push({ path, size })));
        }
      }
      await Promise.all(pending);
    };
    await visit(this.root, []);
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.skippedEntries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return entries;
  }
}

interface IgnoreRule {
  base: string;
  matcher: Ignore;
}

function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  for (const { base, matcher } of rules) {
    const local = base ? path.slice(base.length + 1) : path;
    if (matcher.ignores(isDir ? `${local}/` : local)) return true;
  }
  return false;
}

async function fileSize(path: string): Promise<number> {
  return (await lstat(path).catch(() => undefined))?.size ?? 0;
}
