import { createHash } from "node:crypto";
import { request as octokitRequest } from "@octokit/request";
import { LruCache } from "../lru.js";

/** What one GitHub user can see of this app's installations. */
export interface Visibility {
  login: string;
  /** Installations of this app the user can access, by account login (lower case). */
  installations: Map<string, { id: number; login: string }>;
  /** Repository ids the user can see within those installations. */
  repositories: Set<number>;
}

/** How long what a token can see is reused: a revoked access stops counting within this. */
export const ACCESS_TTL_MS = 60_000;

const PER_PAGE = 100;

type Request = typeof octokitRequest;

/**
 * Asks GitHub, with the user's own token, which installations and repositories the user can
 * see (GET /user/installations, /user/installations/{id}/repositories): the dashboard shows
 * nothing the user could not open on GitHub. Answers are cached briefly by a hash of the token
 * (the token itself is never kept as a key), and concurrent requests for one token share a lookup.
 */
export class GitHubAccess {
  private readonly cache: LruCache<Promise<Visibility | undefined>>;
  private readonly request: Request;

  constructor(apiUrl: string, options: { ttlMs?: number; clock?: () => number } = {}) {
    this.request = octokitRequest.defaults({ baseUrl: apiUrl, headers: { "user-agent": "readiness-dashboard" } });
    // People signed in within a minute; each entry holds the ids of the repositories they see.
    this.cache = new LruCache(1_000, options.ttlMs ?? ACCESS_TTL_MS, () => 1, options.clock);
  }

  /** What the token's user can see; undefined when GitHub does not accept the token. */
  visibility(token: string): Promise<Visibility | undefined> {
    const key = createHash("sha256").update(token).digest("base64url");
    const cached = this.cache.get(key);
    if (cached) return cached;
    const lookup = this.lookUp(token);
    this.cache.set(key, lookup);
    // A failure (GitHub down) is not remembered: the next request asks again.
    lookup.catch(() => this.cache.delete(key));
    return lookup;
  }

  private async lookUp(token: string): Promise<Visibility | undefined> {
    const headers = { authorization: `token ${token}` };
    let login: string;
    try {
      login = (await this.request("GET /user", { headers })).data.login;
    } catch (error) {
      if ((error as { status?: number }).status === 401) return undefined;
      throw error;
    }
    const installations = new Map<string, { id: number; login: string }>();
    for (let page = 1; ; page++) {
      const { data } = await this.request("GET /user/installations", { headers, per_page: PER_PAGE, page });
      for (const installation of data.installations) {
        const account = installation.account as { login?: string; slug?: string } | null;
        const name = account?.login ?? account?.slug ?? String(installation.id);
        installations.set(name.toLowerCase(), { id: installation.id, login: name });
      }
      if (data.installations.length < PER_PAGE) break;
    }
    const repositories = new Set<number>();
    for (const { id } of installations.values()) {
      for (let page = 1; ; page++) {
        const { data } = await this.request("GET /user/installations/{installation_id}/repositories", { headers, installation_id: id, per_page: PER_PAGE, page });
        for (const repository of data.repositories) repositories.add(Number(repository.id));
        if (data.repositories.length < PER_PAGE) break;
      }
    }
    return { login, installations, repositories };
  }
}
