import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalSnapshot } from "../../src/snapshot/local.js";

let root: string;

async function put(path: string, content: string | Buffer) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

/** git in the test's folder, without the developer's configuration. */
function git(...args: string[]) {
  execFileSync("git", args, { cwd: root, env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", HOME: root } });
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "readiness-snapshot-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("LocalSnapshot", () => {
  it("lists files, honouring root and nested .gitignore files for untracked files and skipping .git and node_modules", async () => {
    await put(".gitignore", "*.log\nbuild/\n.env.*\n");
    await put("src/app.ts", "export {}\n");
    await put("src/debug.log", "noise");
    await put("build/out.js", "x");
    await put("build/committed.js", "x");
    await put(".env.example", "PORT=3000\n");
    await put("web/.gitignore", "generated/\n!keep.log\n");
    await put("web/generated/a.ts", "x");
    await put("web/page.tsx", "x");
    await put("node_modules/left-pad/index.js", "x");
    git("init", "--quiet");
    git("add", "src/app.ts", ".gitignore", "web");
    // Committed despite the patterns that match them: git keeps tracking them, so does the audit.
    git("add", "--force", ".env.example", "build/committed.js");
    const files = await new LocalSnapshot(root).listFiles();
    expect(files.map((f) => f.path)).toEqual([".env.example", ".gitignore", "build/committed.js", "src/app.ts", "web/.gitignore", "web/page.tsx"]);
    // Sizes come with the reads: the walk makes one system call per folder, not one per file.
    expect(files.find((f) => f.path === "src/app.ts")?.size).toBeUndefined();
  });

  it("reads the tracked files of a checkout in every index format (v2, v3 with extended flags, v4 path compression)", async () => {
    await put(".gitignore", "*.lock\n");
    await put("yarn.lock", "# lock\n");
    await put("packages/web-app/src/very/deep/component-name.tsx", "x");
    await put("packages/web-app/src/very/deep/component-other.tsx", "x");
    git("init", "--quiet");
    git("add", ".gitignore", "packages");
    git("add", "--force", "yarn.lock");
    const expected = [".gitignore", "packages/web-app/src/very/deep/component-name.tsx", "packages/web-app/src/very/deep/component-other.tsx", "yarn.lock"];
    for (const version of ["2", "3", "4"]) {
      git("update-index", "--index-version", version);
      if (version === "3") git("update-index", "--skip-worktree", "yarn.lock");
      expect((await new LocalSnapshot(root).listFiles()).map((f) => f.path), `index v${version}`).toEqual(expected);
    }
  });

  it("reads the index of a SHA-256 repository (32-byte object names)", async () => {
    await put(".gitignore", "*.lock\n");
    await put("Cargo.lock", "x");
    await put("src/main.rs", "fn main() {}\n");
    git("init", "--quiet", "--object-format=sha256");
    git("add", ".gitignore", "src");
    git("add", "--force", "Cargo.lock");
    expect((await new LocalSnapshot(root).listFiles()).map((f) => f.path)).toEqual([".gitignore", "Cargo.lock", "src/main.rs"]);
  });

  it("audits a sub-folder of a checkout with the paths git tracks there", async () => {
    await put("services/api/.gitignore", ".env.*\n");
    await put("services/api/.env.sample", "PORT=1\n");
    await put("services/api/.env.local", "SECRET=1\n");
    git("init", "--quiet");
    git("add", "services/api/.gitignore");
    git("add", "--force", "services/api/.env.sample");
    expect((await new LocalSnapshot(join(root, "services/api")).listFiles()).map((f) => f.path)).toEqual([".env.sample", ".gitignore"]);
  });

  it("in a plain folder (an export holds committed files only), .gitignore hides folders but never a file", async () => {
    await put(".gitignore", "*.log\nbuild/\n.env.*\n");
    await put(".env.example", "PORT=3000\n");
    await put("src/debug.log", "noise");
    await put("build/out.js", "x");
    const files = await new LocalSnapshot(root).listFiles();
    expect(files.map((f) => f.path)).toEqual([".env.example", ".gitignore", "src/debug.log"]);
  });

  it("in a plain folder, keeps the CI configuration folders that .gitignore names", async () => {
    await put(".gitignore", ".github\nnode_modules\n");
    await put(".github/workflows/test.yml", "on: pull_request\n");
    await put("node_modules/x/index.js", "x");
    const files = await new LocalSnapshot(root).listFiles();
    expect(files.map((f) => f.path)).toEqual([".github/workflows/test.yml", ".gitignore"]);
  });

  it("reads a link to a file inside the repository as that file, and follows no other link, saying why", async () => {
    await put("packages/kit/README.md", "# kit\n\nnpm install kit\n");
    await put("docs/guide.md", "guide");
    await symlink("packages/kit/README.md", join(root, "README.md"));
    await symlink("/etc/passwd", join(root, "passwd"));
    await symlink("../../outside", join(root, "escape.txt"));
    await symlink("docs", join(root, "docs-link"));
    await symlink("loop", join(root, "loop"));
    const snapshot = new LocalSnapshot(root);
    const files = await snapshot.listFiles();
    expect(files.map((f) => f.path)).toEqual(["README.md", "docs/guide.md", "packages/kit/README.md"]);
    expect(files.find((f) => f.path === "README.md")?.size).toBe(23);
    expect((await snapshot.readFiles(["README.md"])).get("README.md")).toEqual({ status: "text", text: "# kit\n\nnpm install kit\n", size: 23 });
    expect(snapshot.skipped()).toEqual([
      { path: "docs-link", reason: "symbolic link to a folder, not followed" },
      { path: "escape.txt", reason: "symbolic link to nothing (broken or looping), not followed" },
      { path: "loop", reason: "symbolic link to nothing (broken or looping), not followed" },
      { path: "passwd", reason: "symbolic link to outside the repository, not followed" },
    ]);
  });

  it("reads text, and refuses binary, oversized and missing files with a reason", async () => {
    await put("a.txt", "héllo");
    await put("logo.ts", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await put("big.json", "x".repeat(2048));
    const contents = await new LocalSnapshot(root, { maxFileBytes: 1024 }).readFiles(["a.txt", "logo.ts", "big.json", "nope.txt"]);
    expect(contents.get("a.txt")).toEqual({ status: "text", text: "héllo", size: 6 });
    expect(contents.get("logo.ts")).toEqual({ status: "binary", size: 6 });
    expect(contents.get("big.json")).toEqual({ status: "too-large", size: 2048 });
    expect(contents.get("nope.txt")).toEqual({ status: "unreadable", reason: "not in the snapshot" });
  });

  it("reads files of any size in turn through one buffer without mixing their contents", async () => {
    await put("long.txt", "long ".repeat(30_000));
    await put("short.txt", "short");
    const contents = await new LocalSnapshot(root).readFiles(["long.txt", "short.txt", "long.txt"]);
    expect(contents.get("short.txt")).toEqual({ status: "text", text: "short", size: 5 });
    expect(contents.get("long.txt")).toEqual({ status: "text", text: "long ".repeat(30_000), size: 150_000 });
  });

  it("reads a file exactly the size of its buffer whole, and tells the size of one too large to read", async () => {
    await put("exact.txt", "x".repeat(64 * 1024));
    await put("huge.txt", "y".repeat(200_000));
    const contents = await new LocalSnapshot(root, { maxFileBytes: 100_000 }).readFiles(["exact.txt", "huge.txt"]);
    expect(contents.get("exact.txt")).toEqual({ status: "text", text: "x".repeat(64 * 1024), size: 64 * 1024 });
    expect(contents.get("huge.txt")).toEqual({ status: "too-large", size: 200_000 });
  });

  it("keeps odd file names intact", async () => {
    const odd = "docs/ünïcødé <b>bold</b> `tick` [x](y).md";
    await put(odd, "# odd");
    const snapshot = new LocalSnapshot(root);
    expect((await snapshot.listFiles()).map((f) => f.path)).toEqual([odd]);
    expect((await snapshot.readFiles([odd])).get(odd)).toEqual({ status: "text", text: "# odd", size: 5 });
  });

  it("rejects a path that is not a directory with a clear message", async () => {
    await put("file.txt", "x");
    await expect(new LocalSnapshot(join(root, "file.txt")).listFiles()).rejects.toThrow(/is not a readable directory/);
  });
});
