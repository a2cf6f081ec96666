/** Arithmetic on repository paths: "/"-separated, relative to the repository root, "" for the root. */

export function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** Joins a repository folder ("" for the root) and a relative path; undefined when the result leaves the repository. */
export function joinRepoPath(folder: string, relative: string): string | undefined {
  if (relative.startsWith("/")) return undefined;
  const parts = folder === "" ? [] : folder.split("/");
  for (const part of relative.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}
