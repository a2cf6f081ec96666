import type { SnapshotEntry } from "../snapshot/snapshot.js";
import { basename, depth, dirname, extension, isNonProjectPath, isTestPath, type Language, languageOf } from "./paths.js";

/**
 * What the engine asks of one visible path, worked out once per audit. The cheap parts are
 * taken when the row is made; the regular-expression verdicts on first use.
 */
export class PathRow {
  readonly name: string;
  /** Lower-cased, without the dot; "" when the name has none. */
  readonly extension: string;
  /** "" for the root. */
  readonly folder: string;
  /** Folders above the file: 0 at the root. */
  readonly depth: number;
  private testVerdict: boolean | undefined;
  private nonProjectVerdict: boolean | undefined;
  private languageVerdict: Language | null | undefined;

  constructor(
    readonly path: string,
    /** Position in the listing. */
    readonly index: number,
  ) {
    this.name = basename(path);
    this.extension = extension(path);
    this.folder = dirname(path);
    this.depth = depth(path);
  }

  /** A test file or a file under a test folder (isTestPath). */
  get test(): boolean {
    this.testVerdict ??= isTestPath(this.path);
    return this.testVerdict;
  }

  /** A fixture, example or sample, not the project's own (isNonProjectPath). */
  get nonProject(): boolean {
    this.nonProjectVerdict ??= isNonProjectPath(this.path);
    return this.nonProjectVerdict;
  }

  /** The source language, if the file is source code (languageOf). */
  get language(): Language | undefined {
    if (this.languageVerdict === undefined) this.languageVerdict = languageOf(this.path) ?? null;
    return this.languageVerdict ?? undefined;
  }
}

/**
 * The visible files of one audit, one row each, with indexes by file name, extension and folder.
 * Owned by the audit's view, so it lives and dies with the audit: nothing accumulates across the
 * audits an engine thread runs.
 */
export class PathTable {
  readonly rows: readonly PathRow[];
  private readonly byPath: Map<string, PathRow>;
  private byName: Map<string, PathRow[]> | undefined;
  private byExtension: Map<string, PathRow[]> | undefined;
  private byFolder: Map<string, PathRow[]> | undefined;

  constructor(files: readonly SnapshotEntry[]) {
    this.rows = files.map((file, index) => new PathRow(file.path, index));
    this.byPath = new Map(this.rows.map((row) => [row.path, row]));
  }

  row(path: string): PathRow | undefined {
    return this.byPath.get(path);
  }

  /** Rows whose file name is exactly the name, in listing order. */
  named(name: string): readonly PathRow[] {
    this.byName ??= indexBy(this.rows, (row) => row.name);
    return this.byName.get(name) ?? NONE;
  }

  /** Rows with the extension (lower case, no dot), in listing order. */
  withExtension(extension: string): readonly PathRow[] {
    this.byExtension ??= indexBy(this.rows, (row) => row.extension);
    return this.byExtension.get(extension) ?? NONE;
  }

  /** Rows directly in the folder ("" for the root), in listing order. */
  inFolder(folder: string): readonly PathRow[] {
    this.byFolder ??= indexBy(this.rows, (row) => row.folder);
    return this.byFolder.get(folder) ?? NONE;
  }
}

const NONE: readonly PathRow[] = [];

function indexBy(rows: readonly PathRow[], key: (row: PathRow) => string): Map<string, PathRow[]> {
  const index = new Map<string, PathRow[]>();
  for (const row of rows) {
    const k = key(row);
    const list = index.get(k);
    if (list) list.push(row);
    else index.set(k, [row]);
  }
  return index;
}
