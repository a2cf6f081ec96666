import { existsSync, lstatSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/**
 * The paths git tracks under `root`, read from the repository's index file (.git/index), relative
 * to `root`; undefined when `root` is not inside a git work tree or its index cannot be read. Read
 * directly rather than by running git: a repository's own .git/config can make git run
 * commands (core.fsmonitor, hooks), and nothing from an audited repository is ever executed.
 */
export function trackedPaths(root: string): Set<string> | undefined {
  const workTree = enclosingWorkTree(root);
  if (!workTree) return undefined;
  const gitDir = join(workTree, ".git");
  let index: Buffer;
  try {
    index = readFileSync(join(gitDir, "index"));
  } catch (error) {
    // A repository where nothing was ever added has no index: nothing is tracked yet.
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? new Set() : undefined;
  }
  const paths = parseIndex(index, hashBytes(gitDir));
  if (!paths) return undefined;
  const prefix = relative(workTree, root).split(sep).join("/");
  if (prefix === "") return new Set(paths);
  const under = `${prefix}/`;
  return new Set(paths.filter((p) => p.startsWith(under)).map((p) => p.slice(under.length)));
}

/** The nearest folder at or above `root` that holds a .git directory (not a worktree's .git file). */
function enclosingWorkTree(root: string): string | undefined {
  for (let folder = root; ; folder = dirname(folder)) {
    const dotGit = join(folder, ".git");
    if (existsSync(dotGit)) return lstatSync(dotGit).isDirectory() ? folder : undefined;
    if (dirname(folder) === folder) return undefined;
  }
}

/** SHA-256 repositories (extensions.objectFormat) store 32-byte object names in the index. */
function hashBytes(gitDir: string): number {
  try {
    return /^\s*objectformat\s*=\s*sha256\s*$/im.test(readFileSync(join(gitDir, "config"), "utf8")) ? 32 : 20;
  } catch {
    return 20;
  }
}

/** Stat data, mode, uid, gid and size: ten 32-bit fields before each entry's object name. */
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;

/**
 * Entry paths of a git index, versions 2 to 4 (git's Documentation/gitformat-index.txt);
 * undefined when the file is not an index this reader understands.
 */
export function parseIndex(index: Buffer, hashLength = 20): string[] | undefined {
  if (index.length < 12 || index.toString("latin1", 0, 4) !== "DIRC") return undefined;
  const version = index.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = index.readUInt32BE(8);
  const paths: string[] = [];
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    offset += STAT_BYTES + hashLength;
    if (offset + 2 > index.length) return undefined;
    const flags = index.readUInt16BE(offset);
    offset += 2;
    if (version >= 3 && flags & EXTENDED_FLAG) offset += 2;
    let name: Buffer;
    if (version === 4) {
      // The path is the previous one less `strip` bytes from its end, plus a NUL-terminated suffix.
      let byte = index[offset++] ?? 0;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = index[offset++] ?? 0;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = index.indexOf(0, offset);
      if (end === -1 || strip > previous.length) return undefined;
      name = Buffer.concat([previous.subarray(0, previous.length - strip), index.subarray(offset, end)]);
      offset = end + 1;
    } else {
      const end = index.indexOf(0, offset);
      if (end === -1) return undefined;
      name = index.subarray(offset, end);
      // NUL padding to a multiple of eight bytes, counted from the entry's start, at least one NUL.
      offset = start + Math.ceil((end + 1 - start) / 8) * 8;
    }
    previous = name;
    paths.push(name.toString("utf8"));
  }
  return paths;
}
