import nock from "nock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { csvCell } from "../../src/app/web/export.js";
import { postgresAvailable, scratchDatabase } from "../support/databases.js";
import { type DashboardWorld, HOSTILE_REPOSITORY, REPOSITORIES, startDashboard } from "../support/dashboard-world.js";

const engines = [{ engine: "sqlite" }, { engine: "postgres" }] as const;

describe.each(engines)("dashboard JSON API, CSV and badges on $engine", ({ engine }) => {
  let world: DashboardWorld;
  let dropDatabase: (() => Promise<void>) | undefined;
  let skip = false;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    let databaseUrl: string | undefined;
    if (engine === "postgres") {
      if (!(await postgresAvailable())) {
        skip = true;
        return;
      }
      const database = await scratchDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    world = await startDashboard({ databaseUrl });
  });
  afterAll(async () => {
    await world?.stop();
    await dropDatabase?.();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const get = (path: string, token?: string) => fetch(`${world.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  test("a public repository's badge shows its latest default-branch score and level, as SVG and as a shields.io endpoint", async (context) => {
    if (skip) return context.skip();
    const svg = await get("/badge/acme/api.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const body = await svg.text();
    expect(body).toMatch(/^<svg/);
    // 72 Bronze: the audit two days ago, not the pull request's 10 since.
    expect(body).toContain("72 Bronze");
    const endpoint = await get("/badge/ACME/API.json");
    expect(await endpoint.json()).toEqual({ schemaVersion: 1, label: "readiness", message: "72 Bronze", color: "#b5733a" });
  });

  test("a private repository's badge answers exactly as an unknown one: 404", async (context) => {
    if (skip) return context.skip();
    const answers = await Promise.all(["/badge/acme/web.svg", "/badge/acme/nothing.svg", "/badge/acme/web.json", "/badge/globex/secret.json"].map((p) => get(p)));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await answer.text()).toBe("Not Found");
    }
  });

  test("the API refuses a request without a token, and a token GitHub does not accept", async (context) => {
    if (skip) return context.skip();
    expect((await get("/api/v1/orgs/acme/repositories")).status).toBe(401);
    const refused = await get("/api/v1/orgs/acme/repositories", "ghu_not_a_token");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: "GitHub does not accept this token" });
  });

  test("the organisation's repositories: what the user can see, scored by the latest default-branch audit, filterable", async (context) => {
    if (skip) return context.skip();
    const all = (await (await get("/api/v1/orgs/acme/repositories", world.tokens.alice)).json()) as { total: number; median: number; repositories: { fullName: string; score: number; level: string; failing: string[]; trend: number[]; checkRunUrl: string }[] };
    expect(all.total).toBe(3);
    expect(all.median).toBe(72);
    expect(all.repositories.map((r) => r.fullName)).toEqual([REPOSITORIES.hostile.fullName, "acme/api", "acme/web"].sort((a, b) => a.localeCompare(b)));
    const api = all.repositories.find((r) => r.fullName === "acme/api");
    expect(api).toMatchObject({ score: 72, level: "Bronze", failing: ["container.healthcheck", "security.policy"], checkRunUrl: `${world.githubUrl}/acme/api/runs/9003` });
    // The trend carries the last score of each period: 45 before the window's later periods, then 80, then 72.
    expect(api?.trend.at(-1)).toBe(72);
    expect(api?.trend).toContain(80);
    // Each period counts every repository's state at its end. Completed periods end on a fixed
    // 6-day grid (the last one here on 21 Nov): acme/api was Silver then, before its 22 Nov audit.
    const timeline = (all as unknown as { timeline: { median: number; levels: Record<string, number> }[] }).timeline;
    expect(timeline.at(-1)).toMatchObject({ median: 72, levels: { Bronze: 2, Gold: 1 } });
    expect(timeline.at(-2)).toMatchObject({ at: "2026-11-21T00:00:00.000Z", median: 80, levels: { Silver: 1, Gold: 1, Bronze: 1 } });
    expect(all.repositories.find((r) => r.fullName === "acme/web")?.trend).toEqual([95, 95, 95]);
    const failingHealthcheck = (await (await get("/api/v1/orgs/acme/repositories?item=container.healthcheck", world.tokens.alice)).json()) as { repositories: { fullName: string }[] };
    expect(failingHealthcheck.repositories.map((r) => r.fullName)).toEqual(["acme/api"]);
    const python = (await (await get("/api/v1/orgs/acme/repositories?language=python&sort=score&dir=desc", world.tokens.alice)).json()) as { repositories: { fullName: string }[] };
    expect(python.repositories.map((r) => r.fullName)).toEqual(["acme/web"]);
  });

  test("item coverage counts the latest audit of each repository the user can see", async (context) => {
    if (skip) return context.skip();
    const coverage = (await (await get("/api/v1/orgs/acme/items", world.tokens.alice)).json()) as { items: { id: string; counts: Record<string, number> }[] };
    const health = coverage.items.find((i) => i.id === "observability.health-endpoint");
    expect(health?.counts).toEqual({ pass: 1, partial: 1, fail: 1, waived: 0, not_applicable: 0 });
    const bobs = (await (await get("/api/v1/orgs/acme/items", world.tokens.bob)).json()) as { repositories: number };
    expect(bobs.repositories).toBe(1);
  });

  test("a repository's history, what changed, and its latest report", async (context) => {
    if (skip) return context.skip();
    const api = (await (await get("/api/v1/repos/acme/api", world.tokens.bob)).json()) as { history: { sha: string; score: number }[]; changes: { item: string; from: string; to: string; sha: string }[]; report: { score: number } };
    expect(api.history.map((h) => h.score)).toEqual([45, 80, 72]);
    expect(api.changes[0]).toMatchObject({ item: "container.healthcheck", from: "pass", to: "fail", sha: "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3" });
    expect(api.changes).toContainEqual(expect.objectContaining({ item: "ci.present", from: "fail", to: "pass" }));
    expect(api.report.score).toBe(72);
  });

  test("a repository or organisation the user cannot see answers exactly as one that does not exist", async (context) => {
    if (skip) return context.skip();
    const bob = world.tokens.bob;
    const hidden = [await get("/api/v1/repos/acme/web", bob), await get("/api/v1/repos/globex/secret", bob), await get("/api/v1/orgs/globex/repositories", bob)];
    const unknown = [await get("/api/v1/repos/acme/does-not-exist", bob), await get("/api/v1/orgs/initech/repositories", bob)];
    const seen = await Promise.all([...hidden, ...unknown].map(async (r) => ({ status: r.status, type: r.headers.get("content-type"), body: await r.text() })));
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(seen[0]?.status).toBe(404);
    const bobsOrg = (await (await get("/api/v1/orgs/acme/repositories", bob)).json()) as { median: number; repositories: { fullName: string }[]; timeline: { levels: Record<string, number> }[] };
    expect(bobsOrg.repositories.map((r) => r.fullName)).toEqual(["acme/api"]);
    // Nor do the organisation's figures give the hidden repositories away.
    expect(bobsOrg.median).toBe(72);
    expect(bobsOrg.timeline.at(-1)?.levels).toEqual({ Bronze: 1 });
  });

  test("the CSV export lists every matching repository, hostile names quoted as plain text", async (context) => {
    if (skip) return context.skip();
    const csv = await get("/orgs/acme/repositories.csv?sort=score&dir=desc", world.tokens.alice);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("repository,visibility,score,level,kind,languages,failing_items,sha,audited_at,check_run_url");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["acme/web", "acme/api", HOSTILE_REPOSITORY]);
  });

  test("what a token can see is asked of GitHub once, then reused briefly", async (context) => {
    if (skip) return context.skip();
    const asked = () => world.github.requests.filter((r) => r.path.startsWith("/api/v3/user/installations?")).length;
    const token = world.github.addUser("carol", [{ id: 11, account: "acme", repositories: [{ id: REPOSITORIES.api.id, fullName: "acme/api" }] }]);
    const before = asked();
    await get("/api/v1/orgs/acme/repositories", token);
    await get("/api/v1/repos/acme/api", token);
    await get("/api/v1/orgs/acme/items", token);
    expect(asked() - before).toBe(1);
  });

  test("every answer carries the security headers", async (context) => {
    if (skip) return context.skip();
    for (const path of ["/", "/orgs/acme", "/api/v1/orgs/acme/repositories", "/badge/acme/api.svg", "/badge/acme/web.svg", "/repos/nope/nope"]) {
      const answer = await get(path);
      expect(answer.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(answer.headers.get("content-security-policy"), path).not.toContain("unsafe-inline");
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(answer.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });
});

describe("dashboard sign-in routes", () => {
  let world: DashboardWorld;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    world = await startDashboard();
  });
  afterAll(async () => {
    await world?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const signInCookies = async () => {
    world.github.signInAs("alice");
    const start = await fetch(`${world.url}/auth/sign-in`, { redirect: "manual" });
    const authorize = new URL(start.headers.get("location") as string);
    expect(authorize.origin + authorize.pathname).toBe(`${world.githubUrl}/login/oauth/authorize`);
    const state = (start.headers.get("set-cookie") as string).split(";")[0] as string;
    const approved = await fetch(authorize, { redirect: "manual" });
    return { state, callback: approved.headers.get("location") as string };
  };

  test("a callback whose state did not start here is refused, and the code is never exchanged", async () => {
    const { callback } = await signInCookies();
    const exchanges = () => world.github.requests.filter((r) => r.path.startsWith("/login/oauth/access_token")).length;
    const before = exchanges();
    const forged = await fetch(callback, { redirect: "manual", headers: { cookie: "readiness_oauth_state=someone-elses" } });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect(exchanges()).toBe(before);
  });

  test("a signed-in session is a sealed HttpOnly SameSite=Lax cookie; a changed byte is no session; sign-out needs the form's CSRF token", async () => {
    const { state, callback } = await signInCookies();
    const done = await fetch(callback, { redirect: "manual", headers: { cookie: state } });
    expect(done.status).toBe(303);
    const session = done.headers.getSetCookie().find((c) => c.startsWith("readiness_session=")) as string;
    expect(session).toMatch(/; HttpOnly; SameSite=Lax$/);
    const value = session.split(";")[0] as string;
    expect(value).not.toContain(world.tokens.alice.slice(4));
    expect((await fetch(`${world.url}/orgs/acme`, { headers: { cookie: value } })).status).toBe(200);
    const middle = Math.floor(value.length / 2);
    const tampered = `${value.slice(0, middle)}${value[middle] === "A" ? "B" : "A"}${value.slice(middle + 1)}`;
    expect((await fetch(`${world.url}/orgs/acme`, { headers: { cookie: tampered } })).status).toBe(401);
    const noToken = await fetch(`${world.url}/auth/sign-out`, { method: "POST", redirect: "manual", headers: { cookie: value, "content-type": "application/x-www-form-urlencoded" }, body: "csrf=guess" });
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get("set-cookie")).toBeNull();
  });

  test("behind https the session cookie is Secure", async () => {
    const { state, callback } = await signInCookies();
    const done = await fetch(callback, { redirect: "manual", headers: { cookie: state, "x-forwarded-proto": "https" } });
    expect(done.headers.getSetCookie().find((c) => c.startsWith("readiness_session="))).toMatch(/; Secure$/);
  });

  test("sign-in routes answer 429 past 30 attempts from one address in 10 minutes", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await fetch(`${world.url}/auth/sign-in`, { redirect: "manual" })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 303).length).toBeLessThanOrEqual(30);
  });
});

test("CSV cells a spreadsheet would run as formulas are made inert, and quoting follows RFC 4180", () => {
  expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
  expect(csvCell("+1")).toBe("'+1");
  expect(csvCell("@sum")).toBe("'@sum");
  expect(csvCell("a,b")).toBe('"a,b"');
  expect(csvCell("acme/api")).toBe("acme/api");
});
