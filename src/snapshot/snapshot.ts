/**
 * The one door through which the engine sees a repository. Probes never touch the
 * file system or GitHub: they read a RepoView built from a snapshot.
 */
export interface SnapshotEntry {
  /** Repository-relative path with forward slashes. */
  path: string;
  /** Size in bytes when the listing tells it (GitHub's tree does); a local walk learns sizes as it reads, one system call fewer per file. */
  size?: number;
}

export type FileContent =
  | { status: "text"; text: string; size: number }
  | { status: "binary"; size: number }
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

/** Stateless between calls (nothing is streamed), so one serves every file. */
const UTF8 = new TextDecoder("utf-8");

export function decodeText(bytes: Uint8Array): FileContent {
  if (looksBinary(bytes)) return { status: "binary", size: bytes.length };
  return { status: "text", text: UTF8.decode(bytes), size: bytes.length };
}
