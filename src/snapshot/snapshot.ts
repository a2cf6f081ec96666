/**
 * The one door through which the engine sees a repository. Probes never touch the
 * file system or GitHub: they read a RepoView built from a snapshot.
 */
export interface SnapshotEntry {
  /** Repository-relative path with forward slashes. */
  path: string;
  /** Size in bytes. */
  size: number;
}

export type FileContent =
  | { status: "text"; text: string }
  | { status: "binary" }
  | { status: "too-large"; size: number }
  | { status: "unreadable"; reason: string };

/** Something in the repository that was deliberately not read, said out loud in the report. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface RepositorySnapshot {
  /** Human-readable name: a folder name or owner/name@sha. */
  readonly label: string;
  /** Every file of the repository that a probe may see. */
  listFiles(): Promise<SnapshotEntry[]>;
  /** Reads many files at once, so that remote snapshots can batch their requests. */
  readFiles(paths: readonly string[]): Promise<Map<string, FileContent>>;
  /** Entries the snapshot itself passed over (symlinks, unreadable folders, truncated listings). */
  skipped(): SkippedEntry[];
}

/** Bytes of a file's head inspected for NUL bytes, as git does. */
const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decodeText(bytes: Uint8Array): FileContent {
  if (looksBinary(bytes)) return { status: "binary" };
  return { status: "text", text: new TextDecoder("utf-8").decode(bytes) };
}
