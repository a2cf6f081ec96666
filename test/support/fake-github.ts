import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { checkRunBodyErrors } from "./check-run-schema.js";

/**
 * An in-memory GitHub behind nock: repositories (commits as file maps), the Git Trees API with
 * GitHub's 100,000-entry truncation, GraphQL blob batches, the contents API for configuration,
 * check runs, pull requests, collaborators and comments. Every request is recorded in order so
 * tests can assert exactly what the app sent, and how many requests an audit cost.
 */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /repos/o/r/git/trees/abc?recursive=1 */
  path: string;
  body: unknown;
}

/** A file's content, or a symbolic link to another path. */
export type FakeFile = string | Uint8Array | { symlink: string };

export interface FakeRepositoryInit {
  owner: string;
  name: string;
  defaultBranch?: string;
  /** Commit sha → files. The first commit is the default branch's head unless `head` says otherwise. */
  commits: Record<string, Record<string, FakeFile>>;
  head?: string;
  /** Login → permission ("admin", "write", "read"...). */
  collaborators?: Record<string, string>;
  pulls?: Record<number, { headSha: string; baseSha: string; baseRef: string }>;
}

interface FakeRepository extends FakeRepositoryInit {
  head: string;
  trees: Map<string, TreeEntry[]>;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

interface Failure {
  method?: string;
  path: RegExp;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  times: number;
}

type Reply = [number, unknown, Record<string, string>?];

/** An installation of the app as one user sees it: its account and the repositories the user can open. */
export interface FakeUserInstallation {
  id: number;
  account: string;
  repositories: { id: number; fullName: string; private?: boolean }[];
}

/** The app's OAuth client as registered on GitHub, with its callback URL. */
export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
}

export const GRAPHQL_TEXT_LIMIT = 512_000;

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Check-run bodies GitHub's schema would refuse, with why; the fake answers them with 422 as GitHub does. */
  readonly rejected: { body: unknown; errors: string[] }[] = [];
  /** GitHub's cap on a recursive tree listing. */
  treeEntryLimit = 100_000;
  private readonly repositories = new Map<string, FakeRepository>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly failures: Failure[] = [];
  private readonly delays: { path: RegExp; ms: number }[] = [];
  private nextId = 7000;
  /** Check runs by id, as the app's requests (or `openCheckRun`) left them. */
  readonly checkRuns = new Map<number, { repository: string; headSha: string; name: string; status: string; conclusion?: string }>();
  private readonly users = new Map<string, { id: number; installations: FakeUserInstallation[] }>();
  /** User token → login. */
  private readonly tokens = new Map<string, string>();
  /** OAuth code → login, each usable once. */
  private readonly codes = new Map<string, string>();
  private oauthClient: FakeOAuthClient | undefined;
  private signingIn: string | undefined;
  private server: Server | undefined;

  constructor(readonly baseUrl = "https://api.github.com") {}

  /** A GitHub user who can see these installations of the app; returns a user token for them (as if they had signed in). */
  addUser(login: string, installations: FakeUserInstallation[]): string {
    this.users.set(login, { id: this.nextId++, installations });
    const token = `ghu_${randomBytes(12).toString("hex")}`;
    this.tokens.set(token, login);
    return token;
  }

  /** Registers the app's OAuth client; GitHub redirects sign-ins to its callback URL. */
  oauth(client: FakeOAuthClient): this {
    this.oauthClient = client;
    return this;
  }

  /** The user who approves the next sign-in at /login/oauth/authorize (GitHub's own session, in the browser). */
  signInAs(login: string): this {
    this.signingIn = login;
    return this;
  }

  /** Revokes a user token: GitHub then answers 401 to it. */
  revoke(token: string): this {
    this.tokens.delete(token);
    return this;
  }

  /**
   * Serves the same GitHub on a loopback port instead of through nock, for clients outside this
   * process (a browser signing in). The base URL is then http://127.0.0.1:<port>, as GHE_HOST sees it.
   */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const body = String(req.headers["content-type"] ?? "").includes("x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw)) : parseBody(raw);
        this.answer(req.method ?? "GET", req.url ?? "/", body, req.headers).then(([status, reply, headers]) => {
          res.writeHead(status, headers ?? {});
          res.end(typeof reply === "string" ? reply : JSON.stringify(reply));
        });
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addRepository(init: FakeRepositoryInit): this {
    const head = init.head ?? Object.keys(init.commits)[0];
    if (!head) throw new Error("a fake repository needs at least one commit");
    this.repositories.set(`${init.owner}/${init.name}`.toLowerCase(), { ...init, head, trees: new Map() });
    return this;
  }

  /** Builds every commit's tree now, so a benchmark does not time the fake's own set-up. */
  prepare(): this {
    for (const repository of this.repositories.values()) for (const sha of Object.keys(repository.commits)) this.entriesOf(repository, sha);
    return this;
  }

  /** Adds or replaces a commit of an existing repository. */
  addCommit(owner: string, name: string, sha: string, files: Record<string, FakeFile>): this {
    const repository = this.repository(owner, name);
    if (!repository) throw new Error(`no fake repository ${owner}/${name}`);
    repository.commits[sha] = files;
    repository.trees.delete(sha);
    return this;
  }

  /** The next `times` requests matching answer with this status instead. */
  fail(match: { method?: string; path: RegExp }, status: number, options: { times?: number; body?: unknown; headers?: Record<string, string> } = {}): this {
    this.failures.push({
      ...match,
      status,
      times: options.times ?? 1,
      body: options.body ?? { message: `fake failure ${status}` },
      headers: options.headers ?? {},
    });
    return this;
  }

  /** Requests matching answer only after this long. */
  delay(path: RegExp, ms: number): this {
    this.delays.push({ path, ms });
    return this;
  }

  /** Intercepts every request to the base URL; pair with nock.disableNetConnect() and nock.cleanAll(). */
  start(): this {
    const scope = nock(this.baseUrl).persist();
    const fake = this;
    for (const method of ["GET", "POST", "PATCH"]) {
      scope.intercept(/.*/, method).reply(function (uri, body) {
        return fake.answer(method, uri, parseBody(body), this.req.headers);
      });
    }
    return this;
  }

  /** Requests made to the installation API (token exchanges left out: Probot caches tokens for an hour). */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !/^(?:\/api\/v3)?\/app\/installations\//.test(r.path));
  }

  checkRunBodies(kind: "create" | "update"): Record<string, unknown>[] {
    return this.requests
      .filter((r) => (kind === "create" ? r.method === "POST" && /\/check-runs$/.test(r.path) : r.method === "PATCH" && /\/check-runs\/\d+$/.test(r.path)))
      .map((r) => r.body as Record<string, unknown>);
  }

  /** A run left in progress by an earlier process, made without going through the app. */
  openCheckRun(owner: string, repo: string, headSha: string, name: string): number {
    const id = this.nextId++;
    this.checkRuns.set(id, { repository: `${owner}/${repo}`, headSha, name, status: "in_progress" });
    return id;
  }

  /** "GET /repos/o/r/git/trees/:sha" style lines, for asserting request sequences. */
  routes(): string[] {
    return this.apiRequests().map((r) => `${r.method} ${r.path.split("?")[0]}`);
  }

  blobSha(content: string | Uint8Array): string {
    const bytes = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
    const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    this.blobs.set(sha, bytes);
    return sha;
  }

  private async answer(method: string, uri: string, body: unknown, headers: IncomingHttpHeaders | Record<string, string | string[]> = {}): Promise<Reply> {
    this.requests.push({ method, path: uri, body });
    const delay = this.delays.find((d) => d.path.test(uri));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    const failure = this.failures.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(uri));
    if (failure) {
      failure.times--;
      return [failure.status, failure.body, { "content-type": "application/json; charset=utf-8", ...failure.headers }];
    }
    const url = new URL(uri, this.baseUrl);
    return this.userRoute(method, url, body, String(headers.authorization ?? "")) ?? this.route(method, url, body);
  }

  /** Sign-in (the web flow) and what a user token can see; undefined for every other route. */
  private userRoute(method: string, url: URL, body: unknown, authorization: string): Reply | undefined {
    const path = url.pathname.replace(/^\/api\/v3/, "");
    if (method === "GET" && path === "/login/oauth/authorize") {
      const client = this.oauthClient;
      if (!client || url.searchParams.get("client_id") !== client.clientId || !this.signingIn) return json(404, { message: "Not Found" });
      const code = randomBytes(10).toString("hex");
      this.codes.set(code, this.signingIn);
      const callback = new URL(client.callbackUrl);
      callback.searchParams.set("code", code);
      callback.searchParams.set("state", url.searchParams.get("state") ?? "");
      return [302, "", { location: callback.toString() }];
    }
    if (method === "POST" && path === "/login/oauth/access_token") {
      const form = body as Record<string, string>;
      const login = this.codes.get(form.code ?? "");
      this.codes.delete(form.code ?? "");
      // GitHub answers a refused exchange with 200 and an error field.
      if (!login || form.client_id !== this.oauthClient?.clientId || form.client_secret !== this.oauthClient?.clientSecret)
        return json(200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired.", error_uri: "https://docs.github.com/apps" });
      const token = `ghu_${randomBytes(12).toString("hex")}`;
      this.tokens.set(token, login);
      return json(200, { access_token: token, token_type: "bearer", scope: "" });
    }
    if (!/^\/user(?:\/|$)/.test(path)) return undefined;
    const login = this.tokens.get(authorization.replace(/^(?:token|bearer)\s+/i, ""));
    const user = login === undefined ? undefined : this.users.get(login);
    if (!user || login === undefined) return json(401, { message: "Bad credentials" });
    if (method === "GET" && path === "/user") return json(200, { login, id: user.id, type: "User" });
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const slice = <T>(list: T[]) => list.slice((page - 1) * perPage, page * perPage);
    if (method === "GET" && path === "/user/installations")
      return json(200, { total_count: user.installations.length, installations: slice(user.installations).map((i) => ({ id: i.id, account: { login: i.account, type: "Organization" } })) });
    const listing = /^\/user\/installations\/(\d+)\/repositories$/.exec(path);
    const installation = listing && user.installations.find((i) => i.id === Number(listing[1]));
    if (method === "GET" && installation)
      return json(200, {
        total_count: installation.repositories.length,
        repositories: slice(installation.repositories).map((r) => ({ id: r.id, full_name: r.fullName, name: r.fullName.split("/")[1], owner: { login: r.fullName.split("/")[0] }, private: r.private ?? false })),
      });
    return json(404, { message: "Not Found" });
  }

  private route(method: string, url: URL, body: unknown): Reply {
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const token = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (method === "POST" && token)
      return json(201, { token: `ghs_fake${token[1]}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {} });
    // Octokit's GraphQL client sends variables next to the query; GHES serves GraphQL at /api/graphql.
    if (method === "POST" && (path === "/graphql" || path === "/api/graphql")) return this.graphql(body as { query: string; variables: Record<string, string> });
    const scoped = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repository = scoped && this.repository(decodeURIComponent(scoped[1] as string), decodeURIComponent(scoped[2] as string));
    if (!scoped || !repository) return json(404, { message: "Not Found" });
    const rest = scoped[3] ?? "";
    for (const [verb, pattern, handle] of this.repositoryRoutes(repository, url, body)) {
      const match = verb === method ? pattern.exec(rest) : null;
      if (match) return handle(match.slice(1).map((part) => decodeURIComponent(part)));
    }
    return json(404, { message: `the fake has no route for ${method} ${path}` });
  }

  private repositoryRoutes(repository: FakeRepository, url: URL, body: unknown): [string, RegExp, (params: string[]) => Reply][] {
    const { owner, name } = repository;
    return [
      ["GET", /^\/git\/trees\/([^/]+)$/, ([sha]) => this.tree(repository, sha as string, url.searchParams.has("recursive"))],
      [
        "GET",
        /^\/contents\/(.+)$/,
        ([path]) => {
          const file = repository.commits[repository.head]?.[path as string];
          if (file === undefined || (typeof file === "object" && "symlink" in file)) return json(404, { message: "Not Found" });
          return [200, Buffer.from(file).toString("utf8"), { "content-type": "text/plain; charset=utf-8" }];
        },
      ],
      [
        "POST",
        /^\/check-runs$/,
        () => {
          const id = this.nextId++;
          const refused = this.refuse("create", body);
          if (refused) return refused;
          const run = body as { head_sha: string; name: string; status?: string; conclusion?: string };
          this.checkRuns.set(id, { repository: `${owner}/${name}`, headSha: run.head_sha, name: run.name, status: run.status ?? "queued", conclusion: run.conclusion });
          return json(201, { id, html_url: `https://github.com/${owner}/${name}/runs/${id}`, ...(body as object) });
        },
      ],
      [
        "PATCH",
        /^\/check-runs\/(\d+)$/,
        ([id]) => {
          const refused = this.refuse("update", body);
          if (refused) return refused;
          const run = this.checkRuns.get(Number(id));
          const update = body as { status?: string; conclusion?: string };
          if (run) Object.assign(run, update.conclusion ? { status: "completed", conclusion: update.conclusion } : update.status ? { status: update.status } : {});
          return json(200, { id: Number(id), ...(body as object) });
        },
      ],
      [
        "GET",
        /^\/commits\/([^/]+)\/check-runs$/,
        ([ref]) => {
          const checkName = url.searchParams.get("check_name");
          const runs = [...this.checkRuns.entries()]
            .filter(([, run]) => run.repository === `${owner}/${name}` && run.headSha === ref && (!checkName || run.name === checkName))
            .map(([id, run]) => ({ id, name: run.name, status: run.status, conclusion: run.conclusion ?? null, head_sha: run.headSha }));
          return json(200, { total_count: runs.length, check_runs: runs });
        },
      ],
      [
        "GET",
        /^\/collaborators\/([^/]+)\/permission$/,
        ([login]) => {
          const permission = repository.collaborators?.[login as string] ?? "read";
          return json(200, { permission, role_name: permission, user: { login } });
        },
      ],
      [
        "GET",
        /^\/pulls\/(\d+)$/,
        ([number]) => {
          const pull = repository.pulls?.[Number(number)];
          if (!pull) return json(404, { message: "Not Found" });
          return json(200, { number: Number(number), head: { sha: pull.headSha }, base: { sha: pull.baseSha, ref: pull.baseRef } });
        },
      ],
      [
        "POST",
        /^\/issues\/(\d+)\/comments$/,
        ([number]) => json(201, { id: this.nextId++, html_url: `https://github.com/${owner}/${name}/pull/${number}#issuecomment-1` }),
      ],
    ];
  }

  /** GitHub's OpenAPI rules, plus the one @octokit/openapi's create schema drops: a completed run needs a conclusion. */
  private refuse(kind: "create" | "update", body: unknown): Reply | undefined {
    const errors = checkRunBodyErrors(kind, body);
    const run = body as { status?: string; conclusion?: string };
    if (run.status === "completed" && !run.conclusion) errors.push("a completed run needs a conclusion");
    if (errors.length === 0) return undefined;
    this.rejected.push({ body, errors });
    return json(422, { message: "Invalid request.", errors });
  }

  private tree(repository: FakeRepository, sha: string, recursive: boolean): Reply {
    const entries = this.entriesOf(repository, sha);
    if (!entries) return json(404, { message: "Not Found" });
    if (!recursive) return json(200, { sha: treeSha(sha), url: "", tree: entries.filter((e) => !e.path.includes("/")), truncated: false });
    const truncated = entries.length > this.treeEntryLimit;
    return json(200, { sha: treeSha(sha), url: "", tree: truncated ? entries.slice(0, this.treeEntryLimit) : entries, truncated });
  }

  /** Git's recursive listing order: each tree's entries sorted by name (folders as "name/"), a folder followed by its contents. */
  private entriesOf(repository: FakeRepository, sha: string): TreeEntry[] | undefined {
    const cached = repository.trees.get(sha);
    if (cached) return cached;
    const files = repository.commits[sha];
    if (!files) return undefined;
    interface Folder {
      folders: Map<string, Folder>;
      files: Map<string, FakeFile>;
    }
    const root: Folder = { folders: new Map(), files: new Map() };
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split("/");
      let folder = root;
      for (const part of parts.slice(0, -1)) {
        const next = folder.folders.get(part) ?? { folders: new Map(), files: new Map() };
        folder.folders.set(part, next);
        folder = next;
      }
      folder.files.set(parts[parts.length - 1] as string, content);
    }
    const entries: TreeEntry[] = [];
    const walk = (folder: Folder, prefix: string) => {
      const names = [...[...folder.folders.keys()].map((n) => ({ n, key: `${n}/` })), ...[...folder.files.keys()].map((n) => ({ n, key: n }))].sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
      for (const { n, key } of names) {
        const path = prefix + n;
        if (key.endsWith("/")) {
          entries.push({ path, mode: "040000", type: "tree", sha: treeSha(path) });
          walk(folder.folders.get(n) as Folder, `${path}/`);
        } else {
          const file = folder.files.get(n) as FakeFile;
          // A symbolic link is a blob holding its target path, with git's link mode.
          const [mode, content] = typeof file === "object" && "symlink" in file ? ["120000", file.symlink] : ["100644", file];
          entries.push({ path, mode, type: "blob", sha: this.blobSha(content), size: Buffer.byteLength(content) });
        }
      }
    };
    walk(root, "");
    repository.trees.set(sha, entries);
    return entries;
  }

  private graphql(body: { query: string; variables: Record<string, string> }): Reply {
    if (body.query.includes("ReadinessDefaultBranch")) {
      const repository = this.repository(body.variables.owner ?? "", body.variables.name ?? "");
      return json(200, { data: { repository: repository ? { defaultBranchRef: { target: { oid: repository.head } } } : null } });
    }
    const nodes: Record<string, unknown> = {};
    for (const [name, oid] of Object.entries(body.variables)) {
      if (!/^b\d+$/.test(name)) continue;
      const bytes = this.blobs.get(oid);
      if (!bytes) {
        nodes[name] = null;
        continue;
      }
      const binary = bytes.includes(0);
      const truncated = bytes.length > GRAPHQL_TEXT_LIMIT;
      nodes[name] = {
        text: binary ? null : Buffer.from(bytes.subarray(0, GRAPHQL_TEXT_LIMIT)).toString("utf8"),
        isBinary: binary,
        isTruncated: truncated,
        byteSize: bytes.length,
      };
    }
    return json(200, { data: { repository: nodes } });
  }

  private repository(owner: string, name: string): FakeRepository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }
}

function json(status: number, body: unknown): Reply {
  return [status, body, { "content-type": "application/json; charset=utf-8" }];
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string" || body === "") return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function treeSha(seed: string): string {
  return createHash("sha1").update(`tree ${seed}`).digest("hex");
}
