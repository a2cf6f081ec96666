import type { IncomingMessage, ServerResponse } from "node:http";
import type { Kysely } from "kysely";
import type { Logger } from "probot";
import type { DashboardSettings } from "../settings.js";
import { DashboardStore, type RepositoryState, type StoredRepository } from "../store/dashboard.js";
import type { Database } from "../store/schema.js";
import { badgeEndpoint, badgeSvg, isBadgeable } from "./badge.js";
import { changesOf } from "./changes.js";
import { overviewCsv, overviewJson } from "./export.js";
import { GitHubAccess, type Visibility } from "./github-access.js";
import { messagePage, organisationsPage, signInPage } from "./home-page.js";
import { type Answer, cookie, HTML, isHttps, json, parseCookies, send } from "./http.js";
import { itemsPage } from "./items-page.js";
import { GitHubLinks, type Viewer } from "./layout.js";
import { buildOverview, itemCoverage, needsEveryItem, parseQuery, withItems } from "./overview.js";
import { overviewPage } from "./overview-page.js";
import { RateLimiter } from "./rate-limit.js";
import { repositoryPage } from "./repository-page.js";
import { type Session, SessionSealer } from "./session.js";
import { SESSION_COOKIE, SignIn } from "./sign-in.js";
import { STYLESHEET } from "./style.js";
import { periodEnds, trendOf } from "./trend.js";

export interface DashboardOptions {
  db: Kysely<Database>;
  settings: DashboardSettings;
  /** Checklist item titles, for the item coverage page. */
  titles: Map<string, string>;
  log: Logger;
  /** Where the trend's last period ends (tests pin it); sessions and caches keep real time. */
  today?: () => number;
}

/** Sign-in attempts per client address per window. */
const SIGN_IN_LIMIT = 30;
const SIGN_IN_WINDOW_MS = 10 * 60_000;

const NOT_FOUND_TEXT = "There is no such page, or you cannot see it.";
/** The prefixes the dashboard owns: anything under them it does not know is its own 404. */
const OWNED = /^\/(?:orgs|repos|api\/v1|badge|auth)(?:\/|$)/;

type Route = (req: IncomingMessage, match: string[], url: URL) => Promise<Answer>;

/**
 * The org dashboard on Probot's server: pages, the JSON API, CSV and badges. Every page and API
 * answer is authorised on each request against what the caller's own GitHub token can see
 * (cached for a minute); a repository or organisation the caller cannot see answers exactly
 * like one that does not exist.
 */
export function dashboardHandler(options: DashboardOptions) {
  const clock = Date.now;
  const today = options.today ?? Date.now;
  const store = new DashboardStore(options.db);
  const checklistItems = [...options.titles.keys()].sort();
  const access = new GitHubAccess(options.settings.apiUrl);
  const links = new GitHubLinks(options.settings.webUrl);
  const { clientId, clientSecret } = options.settings;
  const secret = options.settings.sessionSecret ?? clientSecret;
  const sealer = secret ? new SessionSealer(secret) : undefined;
  const signIn =
    clientId && clientSecret && sealer
      ? new SignIn({ clientId, clientSecret, apiUrl: options.settings.apiUrl, sealer, clock, warn: (message, details) => options.log.warn(details, message) })
      : undefined;
  const limiter = new RateLimiter(SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS, clock);

  const sessionOf = (req: IncomingMessage): Session | undefined => sealer?.open(parseCookies(req.headers.cookie).get(SESSION_COOKIE), clock());
  const viewerOf = (session: Session | undefined): Viewer | undefined => session && { login: session.login, csrf: session.csrf };
  const page = (status: number, body: string, headers?: Record<string, string | string[]>): Answer => ({ status, type: HTML, body, headers });
  const notFoundPage = (session: Session | undefined) => page(404, messagePage("Not found", NOT_FOUND_TEXT, viewerOf(session)));
  const notFoundJson = () => json(404, { message: "Not Found" });
  const signedOut = (req: IncomingMessage, message?: string) =>
    page(401, signInPage(Boolean(signIn), message), { "set-cookie": cookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: isHttps(req) }) });

  /** A page needs a session whose token GitHub still accepts. */
  const withSession = async (req: IncomingMessage, then: (session: Session, visibility: Visibility) => Promise<Answer>): Promise<Answer> => {
    const session = sessionOf(req);
    if (!session) return page(401, signInPage(Boolean(signIn)));
    const visibility = await access.visibility(session.token);
    if (!visibility) return signedOut(req, "Your GitHub sign-in has expired or was revoked. Please sign in again.");
    return then(session, visibility);
  };

  /** The API takes `Authorization: Bearer <token>` (a user token of this app) or the session cookie. */
  const withToken = async (req: IncomingMessage, then: (visibility: Visibility) => Promise<Answer>): Promise<Answer> => {
    const bearer = /^(?:bearer|token)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""))?.[1];
    const token = bearer ?? sessionOf(req)?.token;
    if (!token) return json(401, { message: "Sign in, or send Authorization: Bearer <GitHub user token>" });
    const visibility = await access.visibility(token);
    if (!visibility) return json(401, { message: "GitHub does not accept this token" });
    return then(visibility);
  };

  const organisation = async (visibility: Visibility, login: string) => {
    const installation = visibility.installations.get(login.toLowerCase());
    if (!installation) return undefined;
    const repositories = (await store.repositories(installation.id)).filter((r) => visibility.repositories.has(r.id));
    return { login: installation.login, installationId: installation.id, repositories };
  };

  /** The latest audits' items of these repositories (all of an organisation's: a few megabytes, parsed once per audit). */
  const itemsOf = (repositories: RepositoryState[]) => store.itemsOf(repositories.flatMap((r) => (r.latest ? [r.latest.id] : [])));

  /**
   * The overview, with the items of every matching repository (`every`: the CSV and the JSON
   * list them) or only of the page's (a page shows no others, unless it filters by an item).
   */
  const overviewOf = async (visibility: Visibility, login: string, params: URLSearchParams, every: boolean) => {
    const installation = visibility.installations.get(login.toLowerCase());
    if (!installation) return undefined;
    const ends = periodEnds(today());
    // The completed periods' states do not depend on the repositories' latest audits: both are
    // read at once (on Postgres, on two connections, while this process handles the other's rows).
    const [org, completed] = await Promise.all([organisation(visibility, login), store.statesAt(installation.id, ends.slice(0, -1))]);
    if (!org) return undefined;
    const query = parseQuery(params);
    const all = every || needsEveryItem(query);
    const overview = buildOverview(org.repositories, trendOf(completed, org.repositories, ends), query, ends, all ? await itemsOf(org.repositories) : new Map(), checklistItems);
    if (!all) {
      const items = await store.itemsOf(overview.rows.flatMap((r) => (r.auditId === null ? [] : [r.auditId])));
      overview.rows = overview.rows.map((r) => withItems(r, items));
    }
    return { org, query, overview };
  };

  const visibleRepository = async (visibility: Visibility, owner: string, name: string): Promise<StoredRepository | undefined> => {
    const repository = await store.repositoryNamed(`${owner}/${name}`);
    const installed = repository && [...visibility.installations.values()].some((i) => i.id === repository.installationId);
    return installed && visibility.repositories.has(repository.id) ? repository : undefined;
  };

  const repositoryView = async (repository: StoredRepository) => {
    const audits = await store.auditsOf(repository);
    const latest = audits[audits.length - 1];
    return { repository, org: repository.fullName.split("/")[0] as string, audits, changes: changesOf(audits), report: latest ? await store.report(latest.id) : undefined };
  };

  const badge = async (owner: string, name: string, render: typeof badgeSvg): Promise<Answer> => {
    const repository = await store.repositoryNamed(`${owner}/${name}`);
    if (!isBadgeable(repository)) return { status: 404, type: "text/plain; charset=utf-8", body: "Not Found" };
    const [latest] = await store.auditsOf(repository, 1);
    return render({ repository, latest });
  };

  const routes: [string, RegExp, Route][] = [
    ["GET", /^\/dashboard\.css$/, async () => ({ status: 200, type: "text/css; charset=utf-8", body: STYLESHEET, headers: { "cache-control": "public, max-age=3600" } })],
    [
      "GET",
      /^\/$/,
      (req) =>
        sessionOf(req)
          ? withSession(req, async (session, visibility) =>
              page(200, organisationsPage([...visibility.installations.values()].map((i) => i.login).sort(), viewerOf(session) as Viewer)),
            )
          : Promise.resolve(page(200, signInPage(Boolean(signIn)))),
    ],
    ["GET", /^\/auth\/sign-in$/, async (req) => (signIn ? signIn.start(req) : page(503, signInPage(false)))],
    [
      "GET",
      /^\/auth\/callback$/,
      async (req, _match, url) => {
        if (!signIn) return page(503, signInPage(false));
        const result = await signIn.callback(req, url.searchParams);
        return "refused" in result ? page(400, signInPage(true, result.refused)) : result;
      },
    ],
    [
      "POST",
      /^\/auth\/sign-out$/,
      async (req) => {
        const signedOutAnswer = signIn && (await signIn.signOut(req, sessionOf(req)));
        return signedOutAnswer || page(403, messagePage("Refused", "The form was not sent by this dashboard. Reload the page and try again.", viewerOf(sessionOf(req))));
      },
    ],
    [
      "GET",
      /^\/orgs\/([^/]+)$/,
      (req, [login], url) =>
        withSession(req, async (session, visibility) => {
          const found = await overviewOf(visibility, login as string, url.searchParams, false);
          return found ? page(200, overviewPage(found.org.login, found.overview, found.query, viewerOf(session), links)) : notFoundPage(session);
        }),
    ],
    [
      "GET",
      /^\/orgs\/([^/]+)\/items$/,
      (req, [login]) =>
        withSession(req, async (session, visibility) => {
          const org = await organisation(visibility, login as string);
          return org ? page(200, itemsPage(org.login, itemCoverage(org.repositories, await itemsOf(org.repositories)), options.titles, org.repositories.length, viewerOf(session))) : notFoundPage(session);
        }),
    ],
    [
      "GET",
      /^\/orgs\/([^/]+)\/repositories\.csv$/,
      (req, [login], url) =>
        withToken(req, async (visibility) => {
          const found = await overviewOf(visibility, login as string, url.searchParams, true);
          if (!found) return notFoundJson();
          return {
            status: 200,
            type: "text/csv; charset=utf-8",
            body: overviewCsv(found.overview, links),
            headers: { "content-disposition": `attachment; filename="${found.org.login.replace(/[^\w.-]/g, "_")}-readiness.csv"` },
          };
        }),
    ],
    [
      "GET",
      /^\/repos\/([^/]+)\/([^/]+)$/,
      (req, [owner, name]) =>
        withSession(req, async (session, visibility) => {
          const repository = await visibleRepository(visibility, owner as string, name as string);
          return repository ? page(200, repositoryPage(await repositoryView(repository), viewerOf(session), links)) : notFoundPage(session);
        }),
    ],
    [
      "GET",
      /^\/api\/v1\/orgs\/([^/]+)\/repositories$/,
      (req, [login], url) =>
        withToken(req, async (visibility) => {
          const found = await overviewOf(visibility, login as string, url.searchParams, true);
          return found ? json(200, overviewJson(found.org.login, found.overview, links)) : notFoundJson();
        }),
    ],
    [
      "GET",
      /^\/api\/v1\/orgs\/([^/]+)\/items$/,
      (req, [login]) =>
        withToken(req, async (visibility) => {
          const org = await organisation(visibility, login as string);
          return org ? json(200, { organisation: org.login, repositories: org.repositories.length, items: itemCoverage(org.repositories, await itemsOf(org.repositories)).map((c) => ({ ...c, title: options.titles.get(c.id) ?? null })) }) : notFoundJson();
        }),
    ],
    [
      "GET",
      /^\/api\/v1\/repos\/([^/]+)\/([^/]+)$/,
      (req, [owner, name]) =>
        withToken(req, async (visibility) => {
          const repository = await visibleRepository(visibility, owner as string, name as string);
          if (!repository) return notFoundJson();
          const view = await repositoryView(repository);
          return json(200, {
            repository: { fullName: repository.fullName, visibility: repository.visibility, defaultBranch: repository.defaultBranch },
            history: view.audits.map((a) => ({ sha: a.sha, score: a.score, level: a.level, auditedAt: new Date(a.finishedAt).toISOString(), checkRunUrl: a.checkRunId ? links.checkRun(repository.fullName, a.checkRunId) : null })),
            changes: view.changes.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
            report: view.report ?? null,
          });
        }),
    ],
    ["GET", /^\/badge\/([^/]+)\/([^/]+)\.svg$/, (_req, [owner, name]) => badge(owner as string, name as string, badgeSvg)],
    ["GET", /^\/badge\/([^/]+)\/([^/]+)\.json$/, (_req, [owner, name]) => badge(owner as string, name as string, badgeEndpoint)],
  ];

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const startedAt = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return false;
    }
    const found = routes.find(([verb, pattern]) => pattern.test(url.pathname) && verb === method);
    if (!found && !OWNED.test(path) && path !== "/") return false;
    const answer = async (): Promise<Answer> => {
      if (!found) return OWNED.test(path) && path.startsWith("/api/") ? notFoundJson() : notFoundPage(sessionOf(req));
      if (url.pathname.startsWith("/auth/")) {
        const retryAfter = limiter.take(req.socket.remoteAddress ?? "unknown");
        if (retryAfter > 0) return page(429, messagePage("Too many sign-in attempts", "Please wait a few minutes and try again.", undefined), { "retry-after": String(retryAfter) });
      }
      const [, pattern, route] = found;
      const match = (pattern.exec(url.pathname) as RegExpExecArray).slice(1).map((part) => decodeURIComponent(part));
      return route(req, match, url);
    };
    answer().then(
      (result) => send(req, res, result, startedAt),
      (error: unknown) => {
        // Only the message and status: an Octokit error's request options would carry the token.
        options.log.error({ path: url.pathname, status: (error as { status?: number }).status, message: (error as Error).message }, "dashboard request failed");
        send(req, res, page(502, messagePage("Something went wrong", "The dashboard could not answer (GitHub or the store did not). Please try again.", undefined)), startedAt);
      },
    );
    return true;
  };
}
