import type { SnapshotEntry } from "../snapshot/snapshot.js";
import {
  basename,
  depth,
  dirname,
  extension,
  isLoadTestFolder,
  isLoadTestName,
  isNonProjectFolder,
  isTestFileName,
  isTestFolder,
  type Language,
  languageOf,
} from "./paths.js";

/**
 * The verdicts that depend on a folder alone, worked out once for all the files in it: a tree has
 * ten to forty times fewer folders than files.
 */
export class FolderVerdicts {
  private testVerdict: boolean | undefined;
  private nonProjectVerdict: boolean | undefined;
  private loadTestVerdict: boolean | undefined;

  constructor(
    /** "" for the root. */
    readonly folder: string,
  ) {}

  /** A test folder, or one below it (isTestFolder). */
  get test(): boolean {
    this.testVerdict ??= isTestFolder(this.folder);
    return this.testVerdict;
  }

  /** Fixtures, examples or samples, or below them (isNonProjectFolder). */
  get nonProject(): boolean {
    this.nonProjectVerdict ??= isNonProjectFolder(this.folder);
    return this.nonProjectVerdict;
  }

  /** A load-test folder, or one below it (isLoadTestFolder). */
  get loadTest(): boolean {
    this.loadTestVerdict ??= isLoadTestFolder(this.folder);
    return this.loadTestVerdict;
  }
}

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
  private languageVerdict: Language | null | undefined;

  constructor(
    readonly path: string,
    /** Position in the listing. */
    readonly index: number,
    /** The verdicts on the row's folder, shared by every row in it. */
    readonly folderVerdicts: FolderVerdicts = new FolderVerdicts(dirname(path)),
  ) {
    this.name = basename(path);
    this.extension = extension(path);
    this.folder = folderVerdicts.folder;
    this.depth = depth(path);
  }

  /** A test file or a file under a test folder (isTestPath: its name's verdict or its folder's). */
  get test(): boolean {
    this.testVerdict ??= isTestFileName(this.name) || this.folderVerdicts.test;
    return this.testVerdict;
  }

  /** A fixture, example or sample, not the project's own (isNonProjectPath, which only looks at folders). */
  get nonProject(): boolean {
    return this.folderVerdicts.nonProject;
  }

  /** A load-test file: a Locust file, or any file in a load-test folder (isLoadTestPath). */
  get loadTest(): boolean {
    return isLoadTestName(this.name) || this.folderVerdicts.loadTest;
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
    const folders = new Map<string, FolderVerdicts>();
    this.rows = files.map((file, index) => {
      const folder = dirname(file.path);
      let verdicts = folders.get(folder);
      if (verdicts === undefined) {
        verdicts = new FolderVerdicts(folder);
        folders.set(folder, verdicts);
      }
      return new PathRow(file.path, index, verdicts);
    });
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
