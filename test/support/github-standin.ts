import { createPublicKey, type KeyObject, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CommitSource, BlobStore, listCommit, type TreeEntry } from "./git-trees.js";
import { type MatchedOperation, matchOperation, requestBodyErrors } from "./github-openapi.js";
import { answerGraphql, type GraphqlRepository } from "./standin-graphql.js";

/**
 * A GitHub Enterprise Server stand-in on 127.0.0.1 for end-to-end tests of the running app:
 * REST under /api/v3 and GraphQL at /api/graphql, exactly where GHE_HOST + GHE_PROTOCOL=http
 * send Probot. It authenticates the app (RS256 JWT, then installation tokens), serves commits
 * built from real folders or file maps, records every request and every check-run write, and
 * answers a body GitHub's OpenAPI description rejects with GitHub's 422, listing it in
 * `violations` so the test fails. Faults are injected per route.
 */

export interface RepositoryInit {
  owner: string;
  name: string;
  installationId: number;
  defaultBranch?: string;
  /** sha → commit. The default branch points at `head`, else at the first commit. */
  commits: Record<string, CommitSource>;
  head?: string;
  pulls?: Record<number, { headSha: string; baseSha: string; baseRef?: string; headRef?: string }>;
  /** login → "admin" | "maintain" | "write" | "triage" | "read". */
  collaborators?: Record<string, string>;
}

export type Fault =
  | { kind: "status"; status: 500 | 502 | 503 | 504 }
  /** 403 "You have exceeded a secondary rate limit" with retry-after. */
  | { kind: "secondary-rate-limit"; retryAfterSeconds: number }
  /** 429 primary limit exhausted: x-ratelimit-remaining 0 and a reset time. */
  | { kind: "rate-limit"; resetInSeconds: number }
  /** Answers normally, but only after this long (the client may give up first). */
  | { kind: "slow"; delayMs: number }
  /** Reads the request, then destroys the connection without answering. */
  | { kind: "reset" }
  /** A recursive tree listing cut after this many entries, with truncated: true. */
  | { kind: "truncate-tree"; entries: number };

export interface FaultRule {
  /** "GET /repos/{owner}/{repo}/git/trees/{tree_sha}", "POST /graphql", ... */
  route: string;
  fault: Fault;
  /** How many matching requests get the fault (default: every one). */
  times?: number;
  /** Only requests about this owner/name. */
  repository?: string;
  /** Only requests of this installation (its token exchanges included). */
  installationId?: number;
}

export interface RecordedRequest {
  at: number;
  method: string;
  /** Path and query as received. */
  url: string;
  route: string;
  installationId?: number;
  repository?: string;
  body: unknown;
  status?: number;
  fault?: Fault["kind"];
}

export interface CheckRunRecord {
  id: number;
  repository: string;
  installationId: number;
  head_sha: string;
  name: string;
  status: string;
  conclusion: string | null;
  external_id: string;
  started_at?: string;
  completed_at?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: Record<string, unknown>[];
  actions: unknown[];
  /** Every create/update body, in order, with arrival time. */
  writes: { at: number; method: "POST" | "PATCH"; body: Record<string, unknown> }[];
}

interface Repository extends Required<Omit<RepositoryInit, "commits" | "pulls" | "collaborators">> {
  id: number;
  commits: Map<string, { source: CommitSource; entries?: TreeEntry[] }>;
  pulls: NonNullable<RepositoryInit["pulls"]>;
  collaborators: Record<string, string>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** GitHub's cap on a recursive tree listing. */
export const TREE_ENTRY_LIMIT = 100_000;
const TOKEN_TTL_MS = 3_600_000;
const RATE_LIMIT = 5_000;

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Requests GitHub would have refused as malformed: each one is a bug in the app. */
  readonly violations: string[] = [];
  readonly checkRuns = new Map<number, CheckRunRecord>();
  readonly comments: { repository: string; issue: number; body: string }[] = [];
  /** Requests being answered right now, and the most at once. */
  inFlight = 0;
  peakInFlight = 0;
  /** Check runs in progress right now, and the most at once (audits running concurrently). */
  peakRunsInProgress = 0;
  treeEntryLimit = TREE_ENTRY_LIMIT;

  private readonly repositories = new Map<string, Repository>();
  private readonly blobs = new BlobStore();
  private readonly tokens = new Map<string, { installationId: number; expires: number }>();
  private readonly used = new Map<number, number>();
  private faults: (FaultRule & { left: number })[] = [];
  private readonly server: Server;
  private readonly appKey: KeyObject;
  private nextId = 1000;

  constructor(private readonly app: { id: number; publicKeyPem: string }) {
    this.appKey = createPublicKey(app.publicKeyPem);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  /** Listens on an ephemeral port of 127.0.0.1; returns GHE_HOST for the app. */
  async start(): Promise<string> {
    // Loading GitHub's OpenAPI description takes seconds: done before the first request, not during it.
    matchOperation("GET", "/");
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this.host;
  }

  get host(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `${address}:${port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addRepository(init: RepositoryInit): this {
    const head = init.head ?? Object.keys(init.commits)[0];
    if (!head) throw new Error(`repository ${init.owner}/${init.name} needs a commit`);
    const commits = new Map(Object.entries(init.commits).map(([sha, source]) => [sha, { source }]));
    this.repositories.set(key(init.owner, init.name), {
      owner: init.owner,
      name: init.name,
      installationId: init.installationId,
      defaultBranch: init.defaultBranch ?? "main",
      head,
      id: this.nextId++,
      commits,
      pulls: init.pulls ?? {},
      collaborators: init.collaborators ?? {},
    });
    return this;
  }

  addCommit(owner: string, name: string, sha: string, source: CommitSource): this {
    this.repositoryOrThrow(owner, name).commits.set(sha, { source });
    return this;
  }

  inject(rule: FaultRule): this {
    this.faults.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    return this;
  }

  clearFaults(): this {
    this.faults = [];
    return this;
  }

  /** The check runs on one commit of one repository, oldest first. */
  runsFor(owner: string, name: string, sha: string): CheckRunRecord[] {
    return [...this.checkRuns.values()].filter((r) => r.repository === key(owner, name) && r.head_sha === sha);
  }

  /** Requests that change something, GraphQL included: what GitHub asks apps to space a second apart. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && !r.route.includes("/access_tokens"));
  }

  private repositoryOrThrow(owner: string, name: string): Repository {
    const repository = this.repositories.get(key(owner, name));
    if (!repository) throw new Error(`no repository ${owner}/${name} in the stand-in`);
    return repository;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.on("close", () => this.inFlight--);
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://standin.invalid");
    const record: RecordedRequest = { at: Date.now(), method: req.method ?? "GET", url: req.url ?? "", route: "", body: undefined };
    this.requests.push(record);
    let reply: Reply;
    try {
      reply = await this.respond(req, url, raw, record, res);
    } catch (error) {
      reply = { status: 500, body: { message: `stand-in failure: ${(error as Error).message}` } };
      this.violations.push(`the stand-in itself failed on ${record.method} ${record.url}: ${(error as Error).stack}`);
    }
    if (res.destroyed) return;
    record.status = reply.status;
    const headers = { ...this.rateLimitHeaders(record.installationId), ...reply.headers };
    if (typeof reply.body === "string") {
      res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(reply.body);
    } else {
      res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(reply.body));
    }
  }

  private async respond(req: IncomingMessage, url: URL, raw: string, record: RecordedRequest, res: ServerResponse): Promise<Reply> {
    const method = record.method;
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: the body is not JSON`);
        return { status: 400, body: { message: "Problems parsing JSON" } };
      }
    }
    record.body = body;

    let route: string;
    let operation: MatchedOperation | undefined;
    if (url.pathname === "/api/graphql") {
      route = "POST /graphql";
      if (method !== "POST") return { status: 404, body: { message: "Not Found" } };
    } else if (url.pathname.startsWith("/api/v3/")) {
      operation = matchOperation(method, url.pathname.slice("/api/v3".length));
      if (!operation) {
        this.violations.push(`${method} ${url.pathname}: GitHub has no such endpoint`);
        return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
      }
      route = operation.route;
    } else {
      this.violations.push(`${method} ${url.pathname}: outside GitHub Enterprise Server's /api/v3 and /api/graphql`);
      return { status: 404, body: { message: "Not Found" } };
    }
    record.route = route;
    const params = operation?.params ?? {};
    if (params.owner && params.repo) record.repository = key(params.owner, params.repo);

    const auth = this.authenticate(req, route);
    if ("status" in auth) return auth;
    record.installationId = auth.installationId;

    if (operation && (method === "POST" || method === "PATCH" || method === "PUT")) {
      const errors = requestBodyErrors(operation, body);
      if (errors.length > 0) {
        this.violations.push(`${route}: GitHub would reject the body (${errors.join("; ")}): ${String(JSON.stringify(body)).slice(0, 500)}`);
        return { status: 422, body: { message: "Invalid request.", errors } };
      }
    }

    const fault = this.takeFault(route, record.repository, auth.installationId ?? (params.installation_id ? Number(params.installation_id) : undefined));
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === "reset") {
        res.destroy();
        return { status: 0, body: null };
      }
      if (fault.kind === "slow") {
        await sleepUnlessClosed(fault.delayMs, res);
        if (res.destroyed) return { status: 0, body: null };
      }
      if (fault.kind === "status") return { status: fault.status, body: { message: fault.status === 502 ? "Server Error" : "Internal Server Error" } };
      if (fault.kind === "secondary-rate-limit")
        return {
          status: 403,
          body: {
            message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
          },
          headers: { "retry-after": String(fault.retryAfterSeconds) },
        };
      if (fault.kind === "rate-limit")
        return {
          status: 429,
          body: { message: `API rate limit exceeded for installation ID ${auth.installationId ?? 0}.` },
          headers: {
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + fault.resetInSeconds),
          },
        };
    }

    if (route === "POST /graphql") return this.graphql(body, auth.installationId);
    return this.rest({ method, route, params, url, body, accept: req.headers.accept ?? "", installationId: auth.installationId, fault });
  }

  private authenticate(req: IncomingMessage, route: string): { installationId?: number } | Reply {
    const header = req.headers.authorization ?? "";
    const unauthorized = (why: string): Reply => {
      this.violations.push(`${route}: ${why}`);
      return { status: 401, body: { message: "Bad credentials" } };
    };
    if (route.startsWith("GET /app") || route.startsWith("POST /app")) {
      const jwt = /^bearer (.+)$/i.exec(header)?.[1];
      if (!jwt) return unauthorized("an /app endpoint was called without the app's JWT");
      const problem = this.jwtProblem(jwt);
      return problem ? unauthorized(problem) : {};
    }
    const token = /^(?:token|bearer) (ghs_\w+)$/i.exec(header)?.[1];
    const known = token ? this.tokens.get(token) : undefined;
    if (!known) return unauthorized("a request without a valid installation token");
    if (known.expires < Date.now()) return unauthorized("an expired installation token");
    return { installationId: known.installationId };
  }

  private jwtProblem(jwt: string): string | undefined {
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return "a malformed JWT";
    const ok = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), this.appKey, Buffer.from(signature, "base64url"));
    if (!ok) return "a JWT not signed with the app's private key";
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: unknown; exp?: number; iat?: number };
    if (String(claims.iss) !== String(this.app.id)) return `a JWT for app ${String(claims.iss)}`;
    const now = Date.now() / 1000;
    if (!claims.exp || claims.exp < now) return "an expired JWT";
    if (claims.exp - (claims.iat ?? now) > 600) return "a JWT valid for more than 10 minutes";
    return undefined;
  }

  private takeFault(route: string, repository: string | undefined, installationId: number | undefined): Fault | undefined {
    const rule = this.faults.find(
      (f) =>
        f.left > 0 &&
        f.route === route &&
        (!f.repository || f.repository.toLowerCase() === repository) &&
        (f.installationId === undefined || f.installationId === installationId),
    );
    if (!rule) return undefined;
    rule.left--;
    return rule.fault;
  }

  private rateLimitHeaders(installationId: number | undefined): Record<string, string> {
    if (installationId === undefined) return {};
    const used = (this.used.get(installationId) ?? 0) + 1;
    this.used.set(installationId, used);
    return {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - used)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 3600),
      "x-ratelimit-resource": "core",
      "x-github-enterprise-version": "3.19.0",
    };
  }

  private rest(request: {
    method: string;
    route: string;
    params: Record<string, string>;
    url: URL;
    body: unknown;
    accept: string;
    installationId: number | undefined;
    fault: Fault | undefined;
  }): Reply {
    const { route, params, url, body, installationId, fault } = request;
    if (route === "POST /app/installations/{installation_id}/access_tokens") {
      const id = Number(params.installation_id);
      if (![...this.repositories.values()].some((r) => r.installationId === id)) return notFound();
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      const expires = Date.now() + TOKEN_TTL_MS;
      this.tokens.set(token, { installationId: id, expires });
      return {
        status: 201,
        body: { token, expires_at: new Date(expires).toISOString(), permissions: { checks: "write", contents: "read", metadata: "read", pull_requests: "read" }, repository_selection: "selected" },
      };
    }
    if (route === "GET /app/installations") {
      const ids = [...new Set([...this.repositories.values()].map((r) => r.installationId))];
      return { status: 200, body: ids.map((id) => ({ id, account: { login: this.ownerOf(id) }, app_id: this.app.id, target_type: "Organization" })) };
    }
    if (route === "GET /installation/repositories") {
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const all = [...this.repositories.values()].filter((r) => r.installationId === installationId).sort((a, b) => a.id - b.id);
      return {
        status: 200,
        body: { total_count: all.length, repository_selection: "selected", repositories: all.slice((page - 1) * perPage, page * perPage).map((r) => this.repositoryJson(r)) },
      };
    }
    if (route === "GET /app/installations/{installation_id}") {
      const id = Number(params.installation_id);
      return { status: 200, body: { id, account: { login: this.ownerOf(id) }, app_id: this.app.id } };
    }

    const repository = this.repositories.get(key(params.owner ?? "", params.repo ?? ""));
    // GitHub hides what an installation cannot see behind a 404.
    if (!repository || repository.installationId !== installationId) return notFound();
    const full = `${repository.owner}/${repository.name}`;
    switch (route) {
      case "GET /repos/{owner}/{repo}":
        return { status: 200, body: this.repositoryJson(repository) };
      case "GET /repos/{owner}/{repo}/installation":
        return { status: 200, body: { id: repository.installationId, app_id: this.app.id } };
      case "GET /repos/{owner}/{repo}/git/trees/{tree_sha}":
        return this.tree(repository, params.tree_sha ?? "", url.searchParams.has("recursive"), fault);
      case "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": {
        const blob = this.blobs.get(params.file_sha ?? "");
        if (!blob) return notFound();
        return { status: 200, body: { sha: params.file_sha, size: blob.length, encoding: "base64", content: Buffer.from(blob).toString("base64") } };
      }
      case "GET /repos/{owner}/{repo}/contents/{path}":
        return this.contents(repository, params.path ?? "", url.searchParams.get("ref"), request.accept.includes("raw"));
      case "GET /repos/{owner}/{repo}/pulls/{pull_number}": {
        const number = Number(params.pull_number);
        const pull = repository.pulls[number];
        if (!pull) return notFound();
        const repo = this.repositoryJson(repository);
        return {
          status: 200,
          body: {
            number,
            state: "open",
            html_url: `https://github.invalid/${full}/pull/${number}`,
            head: { sha: pull.headSha, ref: pull.headRef ?? `feature-${number}`, repo },
            base: { sha: pull.baseSha, ref: pull.baseRef ?? repository.defaultBranch, repo },
          },
        };
      }
      case "GET /repos/{owner}/{repo}/collaborators/{username}/permission": {
        const permission = repository.collaborators[params.username ?? ""] ?? "none";
        const legacy = permission === "maintain" ? "write" : permission === "triage" ? "read" : permission;
        return { status: 200, body: { permission: legacy, role_name: permission, user: { login: params.username } } };
      }
      case "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": {
        const issue = Number(params.issue_number);
        if (!repository.pulls[issue]) return notFound();
        this.comments.push({ repository: key(repository.owner, repository.name), issue, body: (body as { body: string }).body });
        return { status: 201, body: { id: this.nextId++, html_url: `https://github.invalid/${full}/pull/${issue}#issuecomment-${this.nextId}` } };
      }
      case "POST /repos/{owner}/{repo}/check-runs":
        return this.createCheckRun(repository, body as Record<string, unknown>);
      case "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}":
        return this.updateCheckRun(repository, Number(params.check_run_id), body as Record<string, unknown>);
      case "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": {
        const runs = this.runsFor(repository.owner, repository.name, params.ref ?? "");
        return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => this.checkRunJson(r)) } };
      }
      default:
        this.violations.push(`${route}: the app called an endpoint the stand-in does not serve (add it if the app needs it)`);
        return notFound();
    }
  }

  private ownerOf(installationId: number): string {
    return [...this.repositories.values()].find((r) => r.installationId === installationId)?.owner ?? "unknown";
  }

  private repositoryJson(repository: Repository) {
    const full = `${repository.owner}/${repository.name}`;
    return {
      id: repository.id,
      name: repository.name,
      full_name: full,
      private: false,
      owner: { login: repository.owner, type: "Organization" },
      default_branch: repository.defaultBranch,
      html_url: `https://github.invalid/${full}`,
    };
  }

  /** The listing of a commit (by sha, or by the default branch's name). */
  entriesOf(repository: Repository, ref: string): TreeEntry[] | undefined {
    const sha = ref === repository.defaultBranch || ref === "HEAD" ? repository.head : ref;
    const commit = repository.commits.get(sha);
    if (!commit) return undefined;
    commit.entries ??= listCommit(commit.source, this.blobs);
    return commit.entries;
  }

  private tree(repository: Repository, sha: string, recursive: boolean, fault: Fault | undefined): Reply {
    const entries = this.entriesOf(repository, sha);
    if (!entries) return notFound();
    const url = (e: TreeEntry) => `http://${this.host}/api/v3/repos/${repository.owner}/${repository.name}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`;
    const shown = recursive ? entries : entries.filter((e) => !e.path.includes("/"));
    const limit = fault?.kind === "truncate-tree" ? fault.entries : this.treeEntryLimit;
    const truncated = recursive && shown.length > limit;
    return {
      status: 200,
      body: { sha, url: "", truncated, tree: (truncated ? shown.slice(0, limit) : shown).map((e) => ({ ...e, url: url(e) })) },
    };
  }

  private contents(repository: Repository, path: string, ref: string | null, raw: boolean): Reply {
    const entries = this.entriesOf(repository, ref ?? repository.defaultBranch);
    if (!entries) return notFound();
    const entry = entries.find((e) => e.path === path);
    if (!entry) {
      const children = entries.filter((e) => e.path.startsWith(`${path}/`) && !e.path.slice(path.length + 1).includes("/"));
      if (children.length === 0) return notFound();
      return { status: 200, body: children.map((e) => ({ type: e.type === "tree" ? "dir" : "file", name: e.path.split("/").pop(), path: e.path, sha: e.sha, size: e.size ?? 0 })) };
    }
    if (entry.type === "tree") return { status: 200, body: [] };
    const blob = Buffer.from(this.blobs.get(entry.sha) as Uint8Array);
    if (raw) return { status: 200, body: blob.toString("utf8") };
    return {
      status: 200,
      body: { type: "file", encoding: "base64", name: path.split("/").pop(), path, sha: entry.sha, size: blob.length, content: blob.toString("base64") },
    };
  }

  private createCheckRun(repository: Repository, body: Record<string, unknown>): Reply {
    if (!repository.commits.has(String(body.head_sha))) return { status: 422, body: { message: `No commit found for SHA: ${String(body.head_sha)}` } };
    const problem = completionProblem(body);
    if (problem) {
      this.violations.push(`POST check-runs: ${problem}`);
      return { status: 422, body: { message: problem } };
    }
    const run: CheckRunRecord = {
      id: this.nextId++,
      repository: key(repository.owner, repository.name),
      installationId: repository.installationId,
      head_sha: String(body.head_sha),
      name: String(body.name),
      status: "queued",
      conclusion: null,
      external_id: "",
      output: {},
      annotations: [],
      actions: [],
      writes: [],
    };
    this.checkRuns.set(run.id, run);
    this.applyWrite(run, "POST", body);
    return { status: 201, body: this.checkRunJson(run) };
  }

  private updateCheckRun(repository: Repository, id: number, body: Record<string, unknown>): Reply {
    const run = this.checkRuns.get(id);
    if (!run || run.repository !== key(repository.owner, repository.name)) return notFound();
    const problem = completionProblem(body);
    if (problem) {
      this.violations.push(`PATCH check-runs/${id}: ${problem}`);
      return { status: 422, body: { message: problem } };
    }
    this.applyWrite(run, "PATCH", body);
    return { status: 200, body: this.checkRunJson(run) };
  }

  private applyWrite(run: CheckRunRecord, method: "POST" | "PATCH", body: Record<string, unknown>): void {
    run.writes.push({ at: Date.now(), method, body });
    if (typeof body.name === "string") run.name = body.name;
    if (typeof body.external_id === "string") run.external_id = body.external_id;
    if (typeof body.started_at === "string") run.started_at = body.started_at;
    if (typeof body.completed_at === "string") run.completed_at = body.completed_at;
    if (typeof body.status === "string") run.status = body.status;
    if (typeof body.conclusion === "string") {
      run.conclusion = body.conclusion;
      run.status = "completed";
    }
    const output = body.output as { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] } | undefined;
    if (output) {
      run.output = { title: output.title ?? run.output.title, summary: output.summary, text: output.text ?? run.output.text };
      // GitHub appends the annotations of every write.
      run.annotations.push(...(output.annotations ?? []));
    }
    if (Array.isArray(body.actions)) run.actions = body.actions;
    const inProgress = [...this.checkRuns.values()].filter((r) => r.status === "in_progress").length;
    this.peakRunsInProgress = Math.max(this.peakRunsInProgress, inProgress);
  }

  private checkRunJson(run: CheckRunRecord) {
    const [owner, name] = run.repository.split("/");
    return {
      id: run.id,
      head_sha: run.head_sha,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      external_id: run.external_id,
      html_url: `https://github.invalid/${owner}/${name}/runs/${run.id}`,
      details_url: `https://github.invalid/${owner}/${name}/runs/${run.id}`,
      started_at: run.started_at ?? null,
      completed_at: run.completed_at ?? null,
      output: { ...run.output, annotations_count: run.annotations.length },
      app: { id: this.app.id },
    };
  }

  private graphql(body: unknown, installationId: number | undefined): Reply {
    const request = body as { query?: unknown; variables?: unknown };
    if (typeof request?.query !== "string") {
      this.violations.push(`POST /graphql: no query string in ${JSON.stringify(body).slice(0, 200)}`);
      return { status: 400, body: { message: "Problems parsing JSON" } };
    }
    const lookup = (owner: string, name: string): GraphqlRepository | undefined => {
      const repository = this.repositories.get(key(owner, name));
      if (!repository || repository.installationId !== installationId) return undefined;
      return {
        defaultBranchHead: repository.head,
        defaultBranch: repository.defaultBranch,
        blob: (oid) => (this.blobInRepository(repository, oid) ? this.blobs.get(oid) : undefined),
        entry: (rev, path) => {
          const entry = this.entriesOf(repository, rev)?.find((e) => e.path === path);
          return entry?.type === "blob" ? this.blobs.get(entry.sha) : undefined;
        },
      };
    };
    const answer = answerGraphql(request.query, (request.variables ?? {}) as Record<string, unknown>, lookup);
    for (const problem of answer.invalid) this.violations.push(`POST /graphql: ${problem}`);
    return { status: 200, body: answer.response };
  }

  private blobInRepository(repository: Repository, oid: string): boolean {
    for (const sha of repository.commits.keys()) if (this.entriesOf(repository, sha)?.some((e) => e.sha === oid)) return true;
    return false;
  }
}

/** GitHub: a completed run needs a conclusion (the rule @octokit/openapi's override drops for create). */
function completionProblem(body: Record<string, unknown>): string | undefined {
  if ((body.status === "completed" || body.completed_at !== undefined) && typeof body.conclusion !== "string")
    return "a completed check run needs a conclusion";
  return undefined;
}

function notFound(): Reply {
  return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
}

function key(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleepUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
