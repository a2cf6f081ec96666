import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, expect, test } from "vitest";
import { LruCache } from "../../src/app/lru.js";
import { GitHubSnapshot } from "../../src/snapshot/github.js";
import type { FileContent } from "../../src/snapshot/snapshot.js";
import { releaseNetworkGuard, useNetworkGuard } from "../support/app-harness.js";
import { type FakeFile, FakeGitHub } from "../support/fake-github.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

const SHA = "a".repeat(40);

function client() {
  return new ProbotOctokit({ auth: "test-token", authStrategy: undefined, retry: { enabled: false }, throttle: { enabled: false } } as never);
}

function repository(files: Record<string, FakeFile>) {
  return new FakeGitHub().addRepository({ owner: "acme", name: "big", commits: { [SHA]: files } }).start();
}

test("one tree request lists the commit; contents come 100 files per GraphQL query, addressed by blob sha in variables", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 250; i++) files[`src/module-${i}.ts`] = `export const n = ${i};\n`;
  const github = repository(files);
  const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "big", sha: SHA });
  const listed = await snapshot.listFiles();
  expect(listed).toHaveLength(250);
  const contents = await snapshot.readFiles(Object.keys(files));
  expect(contents.get("src/module-7.ts")).toEqual({ status: "text", text: "export const n = 7;\n", size: 20 });
  expect(github.routes()).toEqual([`GET /repos/acme/big/git/trees/${SHA}`, "POST /graphql", "POST /graphql", "POST /graphql"]);
  const [first] = github.requests.filter((r) => r.path === "/graphql").map((r) => r.body as { query: string; variables: Record<string, string> });
  expect(Object.keys(first?.variables ?? {})).toHaveLength(102);
  expect(first?.query).not.toContain("src/");
  expect(first?.query).toContain("b99: object(oid: $b99) { ... on Blob { text isBinary isTruncated byteSize } }");
});

test("binary, oversized and unknown files come back as such; oversized ones are never fetched", async () => {
  const github = repository({
    "logo.bin": new Uint8Array([137, 80, 78, 71, 0, 1, 2]),
    "big.json": `{"x":"${"y".repeat(600_000)}"}`,
    "README.md": "# hi\n",
  });
  const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "big", sha: SHA });
  const contents = await snapshot.readFiles(["logo.bin", "big.json", "README.md", "missing.txt"]);
  expect(Object.fromEntries(contents)).toEqual({
    "logo.bin": { status: "binary", size: 7 },
    "big.json": { status: "too-large", size: 600_008 },
    "README.md": { status: "text", text: "# hi\n", size: 5 },
    "missing.txt": { status: "unreadable", reason: "not in the snapshot" },
  });
  const query = github.requests.find((r) => r.path === "/graphql")?.body as { variables: Record<string, string> };
  expect(Object.keys(query.variables).filter((k) => k.startsWith("b"))).toHaveLength(2);
});

test("a truncated listing is reported, and the root is listed on its own so top-level files are never lost", async () => {
  const files: Record<string, string> = { "package.json": "{}", "zz-last.md": "z" };
  for (let i = 0; i < 30; i++) files[`docs/page-${i}.md`] = `page ${i}`;
  const github = repository(files);
  github.treeEntryLimit = 10;
  const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "big", sha: SHA });
  const paths = (await snapshot.listFiles()).map((e) => e.path);
  expect(paths).toContain("package.json");
  expect(paths).toContain("zz-last.md");
  expect(paths.filter((p) => p.startsWith("docs/"))).toHaveLength(9);
  expect(snapshot.skipped()).toEqual([
    { path: ".", reason: "GitHub truncated the tree listing at 10 entries; files in folders past that point were not seen" },
  ]);
  expect(github.routes()).toEqual([`GET /repos/acme/big/git/trees/${SHA}`, `GET /repos/acme/big/git/trees/${SHA}`]);
  expect(github.requests.map((r) => r.path.includes("recursive"))).toEqual([true, false]);
});

test("with caches, the same commit costs nothing the second time and unchanged blobs are not fetched again", async () => {
  const github = repository({ "a.txt": "same", "b.txt": "before" });
  github.addCommit("acme", "big", "b".repeat(40), { "a.txt": "same", "b.txt": "after" });
  const caches = { trees: new LruCache<never>(10), blobs: new LruCache<FileContent>(10) };
  const read = async (sha: string) => {
    const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "big", sha, caches });
    await snapshot.readFiles((await snapshot.listFiles()).map((e) => e.path));
  };
  await read(SHA);
  await read(SHA);
  expect(github.routes()).toHaveLength(2);
  await read("b".repeat(40));
  const last = github.requests.at(-1)?.body as { variables: Record<string, string> };
  expect(Object.keys(last.variables).filter((k) => k.startsWith("b"))).toHaveLength(1);
});

test("a repository GraphQL cannot see fails loudly instead of reading as empty", async () => {
  repository({ "a.txt": "x" });
  const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "other", sha: SHA });
  await expect(snapshot.listFiles()).rejects.toThrow(/Not Found/);
});

test("a link to a file in the tree, directly or through another link, is read as that file, with one query for all links; other links are left out, saying why", async () => {
  const github = repository({
    "packages/kit/README.md": "# kit\n\nnpm install kit\n",
    "README.md": { symlink: "packages/kit/README.md" },
    "docs/readme.md": { symlink: "../README.md" },
    passwd: { symlink: "/etc/passwd" },
    "escape.md": { symlink: "../../outside.md" },
    "packages-link": { symlink: "packages" },
    loop: { symlink: "loop" },
  });
  const snapshot = new GitHubSnapshot(client(), { owner: "acme", repo: "big", sha: SHA });
  const listed = await snapshot.listFiles();
  expect(listed.map((e) => e.path).sort()).toEqual(["README.md", "docs/readme.md", "packages/kit/README.md"]);
  expect(listed.find((e) => e.path === "README.md")?.size).toBe(23);
  expect((await snapshot.readFiles(["README.md"])).get("README.md")).toEqual({ status: "text", text: "# kit\n\nnpm install kit\n", size: 23 });
  expect(snapshot.skipped()).toEqual(
    expect.arrayContaining([
      { path: "passwd", reason: "symbolic link to outside the repository, not followed" },
      { path: "escape.md", reason: "symbolic link to outside the repository, not followed" },
      { path: "packages-link", reason: "symbolic link to a folder or to nothing, not followed" },
      { path: "loop", reason: "symbolic link to a folder or to nothing, not followed" },
    ]),
  );
  expect(github.routes().filter((r) => r.startsWith("POST"))).toHaveLength(2);
});
