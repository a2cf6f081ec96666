import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Commits as Git stores them, built from real folders on disk or from in-memory file maps:
 * blobs addressed by their Git sha, and the recursive tree listing in Git's order, as the Git
 * Trees API returns it. Symbolic links are kept as links (mode 120000, the target as content).
 */
export interface TreeEntry {
  path: string;
  mode: "100644" | "100755" | "120000" | "040000";
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

export type FileSpec = string | Uint8Array | { symlink: string } | { executable: string };

/** A folder on disk, or path → content. */
export type CommitSource = { directory: string } | { files: Record<string, FileSpec> };

export class BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();

  add(content: Uint8Array): string {
    const sha = gitBlobSha(content);
    if (!this.blobs.has(sha)) this.blobs.set(sha, content);
    return sha;
  }

  get(sha: string): Uint8Array | undefined {
    return this.blobs.get(sha);
  }
}

/** A commit sha derived from a label, so tests read as "the head commit of repository x". */
export function shaOf(label: string): string {
  return createHash("sha1").update(`commit ${label}`).digest("hex");
}

export function gitBlobSha(content: Uint8Array): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

interface Folder {
  folders: Map<string, Folder>;
  files: Map<string, { mode: TreeEntry["mode"]; content: Uint8Array }>;
}

/** The commit's recursive listing: each tree's entries sorted by name (a folder sorts as "name/"), a folder followed by its contents. */
export function listCommit(source: CommitSource, blobs: BlobStore): TreeEntry[] {
  const root = "directory" in source ? readFolder(source.directory) : foldersOf(source.files);
  const entries: TreeEntry[] = [];
  const walk = (folder: Folder, prefix: string) => {
    const names = [
      ...[...folder.folders.keys()].map((name) => ({ name, key: `${name}/`, folder: true })),
      ...[...folder.files.keys()].map((name) => ({ name, key: name, folder: false })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { name, folder: isFolder } of names) {
      const path = prefix + name;
      if (isFolder) {
        entries.push({ path, mode: "040000", type: "tree", sha: createHash("sha1").update(`tree ${path}`).digest("hex") });
        walk(folder.folders.get(name) as Folder, `${path}/`);
      } else {
        const file = folder.files.get(name) as { mode: TreeEntry["mode"]; content: Uint8Array };
        entries.push({ path, mode: file.mode, type: "blob", sha: blobs.add(file.content), size: file.content.length });
      }
    }
  };
  walk(root, "");
  return entries;
}

function emptyFolder(): Folder {
  return { folders: new Map(), files: new Map() };
}

function foldersOf(files: Record<string, FileSpec>): Folder {
  const root = emptyFolder();
  for (const [path, spec] of Object.entries(files)) {
    const parts = path.split("/");
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const next = folder.folders.get(part) ?? emptyFolder();
      folder.folders.set(part, next);
      folder = next;
    }
    folder.files.set(parts[parts.length - 1] as string, fileOf(spec));
  }
  return root;
}

function fileOf(spec: FileSpec): { mode: TreeEntry["mode"]; content: Uint8Array } {
  if (typeof spec === "string") return { mode: "100644", content: Buffer.from(spec) };
  if (spec instanceof Uint8Array) return { mode: "100644", content: spec };
  if ("symlink" in spec) return { mode: "120000", content: Buffer.from(spec.symlink) };
  return { mode: "100755", content: Buffer.from(spec.executable) };
}

function readFolder(directory: string): Folder {
  const folder = emptyFolder();
  for (const name of readdirSync(directory)) {
    if (name === ".git") continue;
    const path = join(directory, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) folder.files.set(name, { mode: "120000", content: Buffer.from(readlinkSync(path)) });
    else if (stat.isDirectory()) {
      // Git has no empty folders.
      const sub = readFolder(path);
      if (sub.folders.size > 0 || sub.files.size > 0) folder.folders.set(name, sub);
    }
    else if (stat.isFile()) folder.files.set(name, { mode: stat.mode & 0o111 ? "100755" : "100644", content: readFileSync(path) });
  }
  return folder;
}
