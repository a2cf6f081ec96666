import { dirname, joinRepoPath } from "./repo-path.js";
import type { FileContent, RepositorySnapshot, SkippedEntry, SnapshotEntry } from "./snapshot.js";

/**
 * The slice of Octokit this snapshot needs. Keeping it this small lets the app pass an
 * instrumented installation client and lets tests and benchmarks pass anything that speaks HTTP.
 */
export interface GitHubRequester {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>;
  /** Octokit's GraphQL client: it finds the endpoint on GitHub Enterprise Server too (/api/graphql, not /api/v3/graphql). */
  graphql(query: string, parameters?: Record<string, unknown>): Promise<unknown>;
}

/** A minimal key/value cache; the app passes bounded LRUs so a long-running process stays small. */
export interface CacheLike<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export interface TreeListing {
  entries: SnapshotEntry[];
  /** Blob sha per path: the key of the content cache and of the GraphQL `object(oid:)` lookups. */
  blobs: Map<string, string>;
  /** Symbolic links by path, with the blob that holds their target path. */
  links: Map<string, string>;
  skipped: SkippedEntry[];
}

export interface GitHubSnapshotCaches {
  /** Listings by owner/repo@commit. A commit's tree never changes, so entries never go stale. */
  trees?: CacheLike<TreeListing>;
  /** Contents by owner/repo:blob-sha. Content-addressed, so unchanged files are never fetched twice. */
  blobs?: CacheLike<FileContent>;
}

export interface GitHubSnapshotOptions {
  owner: string;
  repo: string;
  /** The commit to audit. */
  sha: string;
  /** Files larger than this are listed but never fetched (GraphQL cuts Blob.text at about 512 KB anyway). */
  maxFileBytes?: number;
  /** Blobs per GraphQL query. */
  blobsPerQuery?: number;
  caches?: GitHubSnapshotCaches;
}

/** GraphQL's Blob.text stops at 512,000 bytes: anything larger would come back truncated. */
export const GRAPHQL_TEXT_LIMIT = 512_000;
export const BLOBS_PER_QUERY = 100;

interface GitTreeResponse {
  sha: string;
  truncated: boolean;
  tree: { path: string; mode: string; type: "blob" | "tree" | "commit"; sha: string; size?: number }[];
}

interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}

interface GraphQLResponse {
  data?: { repository?: Record<string, BlobNode | null> | null } | null;
  errors?: { message: string; path?: (string | number)[] }[];
}

const SYMLINK_MODE = "120000";
/** Links followed through other links before giving up (a loop never resolves). */
const MAX_LINK_HOPS = 8;

/**
 * The repository at one commit, read through GitHub's API at a cost that does not grow with
 * the repository: one recursive Git Trees request for the listing (plus one for the root when
 * GitHub truncates it), then one GraphQL query per {@link BLOBS_PER_QUERY} files the engine reads.
 */
export class GitHubSnapshot implements RepositorySnapshot {
  readonly label: string;
  private readonly maxFileBytes: number;
  private readonly blobsPerQuery: number;
  private listing: Promise<TreeListing> | undefined;
  private settledListing: TreeListing | undefined;

  constructor(
    private readonly github: GitHubRequester,
    private readonly options: GitHubSnapshotOptions,
  ) {
    this.label = `${options.owner}/${options.repo}@${options.sha.slice(0, 7)}`;
    this.maxFileBytes = Math.min(options.maxFileBytes ?? GRAPHQL_TEXT_LIMIT, GRAPHQL_TEXT_LIMIT);
    this.blobsPerQuery = options.blobsPerQuery ?? BLOBS_PER_QUERY;
  }

  async listFiles(): Promise<SnapshotEntry[]> {
    return (await this.tree()).entries;
  }

  skipped(): SkippedEntry[] {
    // The engine asks after listFiles and readFiles have settled, so the listing is known by then.
    return this.settledListing?.skipped ?? [];
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const listing = await this.tree();
    const sizes = new Map(listing.entries.map((e) => [e.path, e.size]));
    const result = new Map<string, FileContent>();
    const wanted = new Map<string, string[]>();
    for (const path of paths) {
      const sha = listing.blobs.get(path);
      const size = sizes.get(path);
      if (sha === undefined || size === undefined) result.set(path, { status: "unreadable", reason: "not in the snapshot" });
      else if (size > this.maxFileBytes) result.set(path, { status: "too-large", size });
      else {
        const cached = this.options.caches?.blobs?.get(this.blobKey(sha));
        if (cached) result.set(path, cached);
        else wanted.set(sha, [...(wanted.get(sha) ?? []), path]);
      }
    }
    const shas = [...wanted.keys()];
    for (let start = 0; start < shas.length; start += this.blobsPerQuery) {
      const batch = shas.slice(start, start + this.blobsPerQuery);
      const contents = await this.fetchBlobs(batch);
      for (const sha of batch) {
        const content = contents.get(sha) ?? { status: "unreadable", reason: "missing from GitHub's answer" };
        if (content.status === "text" || content.status === "binary") this.options.caches?.blobs?.set(this.blobKey(sha), content);
        for (const path of wanted.get(sha) ?? []) result.set(path, content);
      }
    }
    return result;
  }

  private tree(): Promise<TreeListing> {
    this.listing ??= this.loadTree().then((listing) => {
      this.settledListing = listing;
      return listing;
    });
    return this.listing;
  }

  private async loadTree(): Promise<TreeListing> {
    const key = `${this.options.owner}/${this.options.repo}@${this.options.sha}`;
    const cached = this.options.caches?.trees?.get(key);
    if (cached) return cached;
    const recursive = await this.getTree(this.options.sha, true);
    const listing = toListing(recursive.tree);
    if (recursive.truncated) {
      // Past 100,000 entries or 7 MB GitHub stops listing. The root is what matters most
      // (manifests, Dockerfile, README), so it is read on its own and merged in.
      const root = await this.getTree(this.options.sha, false);
      const known = new Set(listing.entries.map((e) => e.path));
      const rootOnly = toListing(root.tree.filter((e) => !known.has(e.path)));
      listing.entries.push(...rootOnly.entries);
      for (const [path, sha] of rootOnly.blobs) listing.blobs.set(path, sha);
      for (const [path, sha] of rootOnly.links) listing.links.set(path, sha);
      listing.skipped.push(...rootOnly.skipped);
      listing.skipped.push({
        path: ".",
        reason: `GitHub truncated the tree listing at ${recursive.tree.length} entries; files in folders past that point were not seen`,
      });
    }
    await this.followLinks(listing);
    this.options.caches?.trees?.set(key, listing);
    return listing;
  }

  /**
   * A symbolic link's blob holds its target path: one query reads them all (up to a batch), and a
   * link to a file in the tree, directly or through other links, becomes that file (a monorepo's
   * README.md -> packages/x/README.md). Links to folders, outside the repository or to nothing are
   * left out, saying why.
   */
  private async followLinks(listing: TreeListing): Promise<void> {
    const links = [...listing.links].slice(0, this.blobsPerQuery);
    for (const [path] of [...listing.links].slice(this.blobsPerQuery)) listing.skipped.push({ path, reason: "symbolic link, not followed (too many links)" });
    if (links.length === 0) return;
    const texts = await this.fetchBlobs([...new Set(links.map(([, sha]) => sha))]);
    const pointsTo = new Map<string, string | undefined>();
    for (const [path, sha] of links) {
      const content = texts.get(sha);
      pointsTo.set(path, content?.status === "text" ? joinRepoPath(dirname(path), content.text.trim()) : undefined);
    }
    const files = new Map(listing.blobs);
    const sizes = new Map(listing.entries.map((e) => [e.path, e.size]));
    for (const [path] of links) {
      let target = pointsTo.get(path);
      for (let hop = 0; target !== undefined && pointsTo.has(target) && hop < MAX_LINK_HOPS; hop++) target = pointsTo.get(target);
      const targetSha = target === undefined ? undefined : files.get(target);
      if (target === undefined) listing.skipped.push({ path, reason: "symbolic link to outside the repository, not followed" });
      else if (targetSha === undefined) listing.skipped.push({ path, reason: "symbolic link to a folder or to nothing, not followed" });
      else {
        listing.entries.push({ path, size: sizes.get(target) ?? 0 });
        listing.blobs.set(path, targetSha);
      }
    }
  }

  private async getTree(sha: string, recursive: boolean): Promise<GitTreeResponse> {
    const { data } = await this.github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner: this.options.owner,
      repo: this.options.repo,
      tree_sha: sha,
      // Any value of `recursive` turns recursion on, so it is left out entirely for the root.
      ...(recursive ? { recursive: "1" } : {}),
      request: { fetch: successBodyAsText },
    });
    return JSON.parse(data as string) as GitTreeResponse;
  }

  /** One GraphQL query for a batch of blobs, addressed by sha through variables so no path is ever spliced into the query. */
  private async fetchBlobs(shas: readonly string[]): Promise<Map<string, FileContent>> {
    const variables: Record<string, string> = { owner: this.options.owner, name: this.options.repo };
    const declarations = ["$owner: String!", "$name: String!"];
    const selections: string[] = [];
    shas.forEach((sha, index) => {
      variables[`b${index}`] = sha;
      declarations.push(`$b${index}: GitObjectID!`);
      selections.push(`b${index}: object(oid: $b${index}) { ... on Blob { text isBinary isTruncated byteSize } }`);
    });
    const query = `query ReadinessBlobs(${declarations.join(", ")}) { repository(owner: $owner, name: $name) { ${selections.join(" ")} } }`;
    const response = await graphqlAllowingPartialData(this.github, query, variables);
    const nodes = response.data?.repository;
    if (!nodes) throw new Error(`GitHub's GraphQL API returned no repository data: ${describeErrors(response) || "no errors given"}`);
    const errorsByAlias = new Map<string, string>();
    for (const error of response.errors ?? []) {
      const alias = error.path?.[1];
      if (typeof alias === "string") errorsByAlias.set(alias, error.message);
    }
    const result = new Map<string, FileContent>();
    shas.forEach((sha, index) => {
      const alias = `b${index}`;
      result.set(sha, toContent(nodes[alias], errorsByAlias.get(alias)));
    });
    return result;
  }

  private blobKey(sha: string): string {
    return `${this.options.owner}/${this.options.repo}:${sha}`;
  }
}

/**
 * Runs a query and keeps partial answers: since 2025 GitHub may return the data it could
 * resolve alongside errors (a missing blob, a resource limit), and Octokit throws on any error.
 */
async function graphqlAllowingPartialData(github: GitHubRequester, query: string, variables: Record<string, string>): Promise<GraphQLResponse> {
  try {
    return { data: (await github.graphql(query, variables)) as GraphQLResponse["data"] };
  } catch (error) {
    const partial = error as { name?: string; data?: GraphQLResponse["data"]; errors?: GraphQLResponse["errors"] };
    if (partial.name === "GraphqlResponseError" && partial.data) return { data: partial.data, errors: partial.errors };
    throw error;
  }
}

/**
 * fetch for a large JSON answer: a successful body comes back as text, which the caller parses
 * with JSON.parse. Octokit's own parser (big-integer safe) blocks the event loop about three
 * times longer: over a second on a 100,000-entry (20 MB) tree listing. Octokit's
 * parseSuccessResponseBody: false is no substitute: it hands over the body stream without its
 * Response, and undici cancels the stream of a Response that is garbage-collected first.
 */
const successBodyAsText: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.ok) return response;
  const headers = new Headers(response.headers);
  headers.set("content-type", "text/plain; charset=utf-8");
  return new Response(await response.text(), { status: response.status, statusText: response.statusText, headers });
};

function toListing(tree: GitTreeResponse["tree"]): TreeListing {
  const entries: SnapshotEntry[] = [];
  const blobs = new Map<string, string>();
  const links = new Map<string, string>();
  const skipped: SkippedEntry[] = [];
  for (const entry of tree) {
    if (entry.type === "commit") skipped.push({ path: entry.path, reason: "git submodule, not audited" });
    else if (entry.type !== "blob") continue;
    else if (entry.mode === SYMLINK_MODE) links.set(entry.path, entry.sha);
    else {
      entries.push({ path: entry.path, size: entry.size ?? 0 });
      blobs.set(entry.path, entry.sha);
    }
  }
  return { entries, blobs, links, skipped };
}

function toContent(node: BlobNode | null | undefined, error: string | undefined): FileContent {
  if (!node) return { status: "unreadable", reason: error ?? "not found at this commit" };
  if (node.isBinary || node.text === null) return { status: "binary", size: node.byteSize };
  if (node.isTruncated) return { status: "too-large", size: node.byteSize };
  return { status: "text", text: node.text, size: node.byteSize };
}

function describeErrors(response: GraphQLResponse): string {
  return (response.errors ?? []).map((e) => e.message).join("; ");
}
