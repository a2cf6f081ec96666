import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DashboardWorld, HOSTILE_REPOSITORY, startDashboard } from "../support/dashboard-world.js";
import { HOSTILE_NAMES } from "../support/hostile-trees.js";

/**
 * The dashboard in a real Chromium (Debian's `chromium` package, driven by playwright-core),
 * against the app on Probot's server and GitHub on loopback. Skipped with a message where no
 * chromium is installed (a newcomer's `npm test`); .ci/run installs it and sets
 * REQUIRE_BROWSER=1, which turns the skip into a failure.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) {
  const message = `Browser tests skipped: no chromium at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH; bash .ci/run installs it.`;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(`REQUIRE_BROWSER=1 but ${message}`);
  console.warn(message);
}
/** Screenshots of every page, for a reviewer to look at (gitignored). */
const SCREENS = fileURLToPath(new URL("../../test-results/screens/", import.meta.url));

describe.skipIf(!available)("the dashboard in Chromium", () => {
  let world: DashboardWorld;
  let browser: Browser;
  /** Content-Security-Policy violations and script dialogs the pages caused: there must be none. */
  const violations: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    mkdirSync(SCREENS, { recursive: true });
    world = await startDashboard();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function signedIn(login: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    page.on("dialog", (dialog) => {
      violations.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    world.github.signInAs(login);
    await page.goto(world.url);
    await page.getByRole("link", { name: "Sign in with GitHub" }).click();
    await page.waitForURL(`${world.url}/`);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}${name}.png`, fullPage: true });

  test("sign in, see the organisation, filter by a failing item, open a repository's history, sign out", async () => {
    const anonymous = await browser.newPage();
    await anonymous.goto(world.url);
    await shot(anonymous, "01-sign-in");
    await anonymous.close();

    const page = await signedIn("alice");
    await expect(page.getByText("alice")).toBeTruthy();
    await page.getByRole("link", { name: "acme" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);
    expect(await page.locator("#count").textContent()).toContain("3 of 3 repositories");
    expect(await page.locator("svg.chart").count()).toBe(1);
    // A page reads the items of its own rows only: they are there, with their failing items.
    const api = page.locator("tbody tr", { has: page.getByRole("link", { name: "acme/api", exact: true }) });
    expect(await api.locator("a.chip").allTextContents()).toEqual(["container.healthcheck", "security.policy"]);
    await shot(page, "02-overview");

    await page.getByLabel("Failing item").selectOption("container.healthcheck");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/item=container\.healthcheck/);
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual(["acme/api"]);
    await shot(page, "03-filtered-by-failing-item");

    await page.getByRole("link", { name: "Items", exact: true }).click();
    await shot(page, "04-items");
    await page.getByRole("row", { name: /observability\.health-endpoint/ }).getByRole("link", { name: "1 of 3 repositories fail" }).click();
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual([HOSTILE_REPOSITORY]);

    await page.goto(`${world.url}/orgs/acme`);
    await page.getByRole("link", { name: "acme/api", exact: true }).click();
    await page.waitForURL(`${world.url}/repos/acme/api`);
    expect(await page.locator("svg.chart circle").count()).toBe(3);
    expect(await page.locator("ul.changes li").first().textContent()).toMatch(/^container\.healthcheck fails since c3c3c3c, 22 Nov 2026/);
    const evidence = page.locator("#item-container\\.healthcheck");
    expect(await evidence.textContent()).toContain("Fix: fix container.healthcheck");
    const link = await page.locator("#item-ci\\.present a").first().getAttribute("href");
    expect(link).toBe(`${world.githubUrl}/acme/api/blob/c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3/src/server.ts#L12`);
    await shot(page, "05-repository");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${world.url}/`);
    expect(await page.getByRole("link", { name: "Sign in with GitHub" }).count()).toBe(1);
    const afterSignOut = await page.goto(`${world.url}/orgs/acme`);
    expect(afterSignOut?.status()).toBe(401);
    expect(await page.locator("table").count()).toBe(0);
    expect(violations).toEqual([]);
  });

  test("hostile repository names, file names and claims render as text", async () => {
    const page = await signedIn("alice");
    await page.goto(`${world.url}/orgs/acme`);
    expect(await page.getByRole("link", { name: HOSTILE_REPOSITORY }).count()).toBe(1);
    await page.getByRole("link", { name: HOSTILE_REPOSITORY }).click();
    expect(await page.locator("h1").textContent()).toBe(HOSTILE_REPOSITORY);
    expect(await page.getByText(`src/${HOSTILE_NAMES.html}.ts:12`).count()).toBeGreaterThan(0);
    expect(await page.getByText(`We are ${HOSTILE_NAMES.html} ready`).count()).toBe(1);
    // No element was made of the names: the only images are none, and nothing ran.
    expect(await page.locator("img").count()).toBe(0);
    await shot(page, "06-hostile-names");
    expect(violations).toEqual([]);
  });

  test("a user with access to one repository sees only it, and 404 for the others exactly as for none", async () => {
    const page = await signedIn("bob");
    await page.getByRole("link", { name: "acme" }).click();
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual(["acme/api"]);
    await shot(page, "07-second-user-overview");
    const bodies: string[] = [];
    for (const path of ["/repos/acme/web", `/repos/acme/${encodeURIComponent(HOSTILE_NAMES.html)}`, "/repos/globex/secret", "/repos/acme/does-not-exist", "/orgs/globex"]) {
      const answer = await page.goto(`${world.url}${path}`);
      expect(answer?.status(), path).toBe(404);
      bodies.push(await page.locator("main").innerHTML());
    }
    expect(new Set(bodies).size).toBe(1);
    await shot(page, "08-second-user-not-found");
    expect(violations).toEqual([]);
  });
});
