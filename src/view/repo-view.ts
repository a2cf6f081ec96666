import picomatch from "picomatch";
import type { FileContent, RepositorySnapshot, SkippedEntry, SnapshotEntry } from "../snapshot/snapshot.js";
import { blankComments, enclosingString, lineAtOffset, lineStarts } from "./code.js";
import { type ContentBudget, DEFAULT_BUDGET, type ReadEarly, rankReads, readWithinBudget } from "./content-plan.js";
import { type PathRow, PathTable } from "./path-table.js";
import { isVendoredPath } from "./paths.js";

export interface ViewOptions {
  /** Globs (from the config's `ignore`) of paths no probe should see. */
  ignore?: readonly string[];
  budget?: ContentBudget;
  readEarly?: ReadEarly;
}

/** What the audit did not read, said in the report so nothing is silently skipped. */
export interface ScanSummary {
  filesListed: number;
  filesVisible: number;
  filesRead: number;
  /** Readable files past the content budget. */
  leftOut: number;
  skipped: SkippedEntry[];
}

/** A view as plain data (structured-clonable), to audit it on another thread. */
export interface RepoViewData {
  files: readonly SnapshotEntry[];
  contents: ReadonlyMap<string, FileContent>;
  scan: ScanSummary;
}

/**
 * The read-only view of a repository that every probe works from: the visible file
 * list and the contents the engine loaded up front. Synchronous, so probes stay pure.
 */
export class RepoView {
  readonly files: readonly SnapshotEntry[];
  readonly scan: ScanSummary;
  /** The visible paths with their names, extensions, languages and flags, and indexes over them. */
  readonly paths: PathTable;
  private readonly memos = new Map<string, unknown>();

  private constructor(
    files: readonly SnapshotEntry[],
    private readonly contents: ReadonlyMap<string, FileContent>,
    scan: ScanSummary,
    paths = new PathTable(files),
  ) {
    this.files = files;
    this.paths = paths;
    this.scan = scan;
  }

  static async load(snapshot: RepositorySnapshot, options: ViewOptions = {}): Promise<RepoView> {
    const listed = await snapshot.listFiles();
    const ignored = options.ignore?.length ? picomatch([...options.ignore], { dot: true }) : undefined;
    const visible = listed.filter((e) => !isVendoredPath(e.path) && !ignored?.(e.path));
    const paths = new PathTable(visible);
    const ranked = rankReads(visible, paths, options.readEarly);
    const { contents, leftOut } = await readWithinBudget(ranked, options.budget ?? DEFAULT_BUDGET, (paths) => snapshot.readFiles(paths));
    const skipped = [...snapshot.skipped()];
    for (const [path, content] of contents) {
      if (content.status === "too-large") skipped.push({ path, reason: `too large to read (${content.size} bytes)` });
      else if (content.status === "unreadable") skipped.push({ path, reason: `unreadable (${content.reason})` });
    }
    return new RepoView(
      visible,
      contents,
      { filesListed: listed.length, filesVisible: visible.length, filesRead: contents.size, leftOut, skipped },
      paths,
    );
  }

  static fromData({ files, contents, scan }: RepoViewData): RepoView {
    return new RepoView(files, contents, scan);
  }

  toData(): RepoViewData {
    return { files: this.files, contents: this.contents, scan: this.scan };
  }

  /** A view over in-memory files, for tests and for content that arrives by other means. */
  static fromFiles(files: Record<string, string>): RepoView {
    const entries = Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text) }));
    const contents = new Map<string, FileContent>(entries.map(({ path, size }) => [path, { status: "text", text: files[path] as string, size }]));
    return new RepoView(entries.filter((e) => !isVendoredPath(e.path)), contents, {
      filesListed: entries.length,
      filesVisible: entries.length,
      filesRead: entries.length,
      leftOut: 0,
      skipped: [],
    });
  }

  has(path: string): boolean {
    return this.paths.row(path) !== undefined;
  }

  /** The listed size, when the listing gave one (see SnapshotEntry.size). */
  size(path: string): number | undefined {
    const row = this.paths.row(path);
    return row && this.files[row.index]?.size;
  }

  /** The file's text when it was read and is text; undefined otherwise. */
  text(path: string): string | undefined {
    const content = this.contents.get(path);
    return content?.status === "text" ? content.text : undefined;
  }

  /** The text with comments blanked out, same offsets: what code probes should search. */
  code(path: string): string | undefined {
    return this.scanned(path)?.code;
  }

  /**
   * Whether an offset of a source file lies inside a string literal of prose (one with spaces): code
   * quoted in a message, an example or a remediation is not a call. Strings without spaces (module
   * paths in Django settings, a logging config's class) stay searchable.
   */
  inProse(path: string, offset: number): boolean {
    const scanned = this.scanned(path);
    const literal = scanned ? enclosingString(scanned.strings, offset) : undefined;
    return literal !== undefined && /\s/.test(scanned?.code.slice(literal[0] + 1, literal[1] - 1) ?? "");
  }

  private scanned(path: string): { code: string; strings: number[] } | undefined {
    return this.memo(`code:${path}`, () => {
      const text = this.text(path);
      if (text === undefined) return undefined;
      const strings: number[] = [];
      return { code: blankComments(text, path, strings), strings };
    });
  }

  /** 1-based line number of an offset into the file's text. */
  lineAt(path: string, offset: number): number {
    return lineAtOffset(this.lineStartsOf(path), offset);
  }

  /** Offset of the first character of a 1-based line: lineAt's inverse. */
  offsetOfLine(path: string, line: number): number {
    const starts = this.lineStartsOf(path);
    return starts[Math.min(Math.max(line, 1), starts.length) - 1] as number;
  }

  private lineStartsOf(path: string): number[] {
    return this.memo(`lines:${path}`, () => lineStarts(this.text(path) ?? ""));
  }

  /** Visible paths that satisfy the predicate, in listing order. */
  find(predicate: (path: string) => boolean): string[] {
    const out: string[] = [];
    for (const file of this.files) if (predicate(file.path)) out.push(file.path);
    return out;
  }

  /**
   * Visible paths whose path table row satisfies the predicate, in listing order: the row holds the
   * name, extension, folder, language and flags already worked out, so a scan recomputes none of them.
   */
  findRows(predicate: (row: PathRow) => boolean): string[] {
    const out: string[] = [];
    for (const row of this.paths.rows) if (predicate(row)) out.push(row.path);
    return out;
  }

  /** Visible paths whose file name is exactly one of the given names, in listing order. */
  named(...names: string[]): string[] {
    if (names.length === 1) return this.paths.named(names[0] as string).map((row) => row.path);
    return [...new Set(names)]
      .flatMap((name) => this.paths.named(name))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.path);
  }

  /** Shared derived facts (parsed workflows, dependencies...) computed once per audit. */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}
