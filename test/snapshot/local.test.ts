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

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "readiness-snapshot-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("LocalSnapshot", () => {
  it("lists files with sizes, honouring root and nested .gitignore files and skipping .git and node_modules", async () => {
    await put(".gitignore", "*.log\nbuild/\n");
    await put("src/app.ts", "export {}\n");
    await put("src/debug.log", "noise");
    await put("build/out.js", "x");
    await put("web/.gitignore", "generated/\n!keep.log\n");
    await put("web/generated/a.ts", "x");
    await put("web/page.tsx", "x");
    await put(".git/HEAD", "ref: refs/heads/main");
    await put("node_modules/left-pad/index.js", "x");
    const files = await new LocalSnapshot(root).listFiles();
    expect(files.map((f) => f.path)).toEqual([".gitignore", "src/app.ts", "web/.gitignore", "web/page.tsx"]);
    expect(files.find((f) => f.path === "src/app.ts")?.size).toBe(10);
  });

  it("never follows symbolic links, and says so", async () => {
    await put("real.txt", "x");
    await symlink("/etc/passwd", join(root, "passwd"));
    const snapshot = new LocalSnapshot(root);
    expect((await snapshot.listFiles()).map((f) => f.path)).toEqual(["real.txt"]);
    expect(snapshot.skipped()).toEqual([{ path: "passwd", reason: "symbolic link, not followed" }]);
  });

  it("reads text, and refuses binary, oversized and missing files with a reason", async () => {
    await put("a.txt", "héllo");
    await put("logo.ts", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await put("big.json", "x".repeat(2048));
    const contents = await new LocalSnapshot(root, { maxFileBytes: 1024 }).readFiles(["a.txt", "logo.ts", "big.json", "nope.txt"]);
    expect(contents.get("a.txt")).toEqual({ status: "text", text: "héllo" });
    expect(contents.get("logo.ts")).toEqual({ status: "binary" });
    expect(contents.get("big.json")).toEqual({ status: "too-large", size: 2048 });
    expect(contents.get("nope.txt")).toEqual({ status: "unreadable", reason: "not in the snapshot" });
  });

  it("keeps odd file names intact", async () => {
    const odd = "docs/ünïcødé <b>bold</b> `tick` [x](y).md";
    await put(odd, "# odd");
    const snapshot = new LocalSnapshot(root);
    expect((await snapshot.listFiles()).map((f) => f.path)).toEqual([odd]);
    expect((await snapshot.readFiles([odd])).get(odd)).toEqual({ status: "text", text: "# odd" });
  });

  it("rejects a path that is not a directory with a clear message", async () => {
    await put("file.txt", "x");
    await expect(new LocalSnapshot(join(root, "file.txt")).listFiles()).rejects.toThrow(/is not a readable directory/);
  });
});
