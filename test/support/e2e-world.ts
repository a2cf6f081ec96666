import { rmSync } from "node:fs";
import { DEFAULT_SETTINGS } from "../../src/app/settings.js";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { auditView, runAudit } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";
import { headline } from "../../src/report/shared.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";
import { type AppCredentials, type RunningApp, startApp, testCredentials } from "./app-process.js";
import { scratchDataDir } from "./databases.js";
import { type Acknowledgement, type Delivery, type SendOptions, send } from "./deliveries.js";
import type { CommitSource } from "./git-trees.js";
import { type CheckRunRecord, GitHubStandIn, type RepositoryInit } from "./github-standin.js";

/**
 * One end-to-end world: a GitHub stand-in on loopback, the app's process pointed at it, and the
 * means to deliver webhooks and wait until every accepted audit has finished.
 */
export interface World {
  standin: GitHubStandIn;
  /** The app process deliveries go to (the latest started, after a restart). */
  app: RunningApp;
  /** Its environment: the store it was given (DATA_DIR, or DATABASE_URL when the test names Postgres). */
  env: Record<string, string>;
  /** Starts the app again on the same store (after the test stopped or killed it). */
  restart(): Promise<RunningApp>;
  /** Another process on the same store, as a second replica behind a load balancer. */
  replica(env?: Record<string, string>): Promise<RunningApp>;
  credentials: AppCredentials;
  deliver(delivery: Delivery, options?: Partial<SendOptions>): Promise<Acknowledgement>;
  /** Waits until the app's queue is empty and no check run is in progress; throws after `timeoutMs`. */
  settle(timeoutMs?: number): Promise<void>;
  health(): Promise<{ status: string; audits: { waiting: number; running: number } }>;
  /** Problems to fail the test on: requests GitHub would reject, connections off loopback, crashes. */
  problems(): string[];
  close(): Promise<void>;
}

export const CHECK_NAME = "Production readiness";

export async function startWorld(options: { repositories: RepositoryInit[]; env?: Record<string, string>; appId?: number; nodeArgs?: string[] }): Promise<World> {
  const credentials = testCredentials(options.appId);
  const standin = new GitHubStandIn({ id: credentials.appId, publicKeyPem: credentials.publicKeyPem });
  for (const repository of options.repositories) standin.addRepository(repository);
  const host = await standin.start();
  // The app's working folder is new per process, so the SQLite store gets a folder that outlives restarts.
  const dataDir = scratchDataDir("e2e-store");
  // The sweep is off unless a test turns it on: it would audit default branches besides the events a test sends.
  const env = { DATA_DIR: dataDir, SWEEP_INTERVAL_HOURS: "0", ...options.env };
  const start = (extra: Record<string, string> = {}) => startApp({ ghesHost: host, credentials, env: { ...env, ...extra }, nodeArgs: options.nodeArgs });
  const replicas: RunningApp[] = [];
  let app: RunningApp;
  try {
    app = await start();
  } catch (error) {
    await standin.stop();
    throw error;
  }
  const health = async (): Promise<{ status: string; audits: { waiting: number; running: number } }> => {
    // A keep-alive connection the app closed as it was reused resets: ask again on a fresh one.
    for (let attempt = 1; ; attempt++) {
      try {
        return (await (await fetch(`${app.baseUrl}/healthz`, { headers: { connection: "close" } })).json()) as Awaited<ReturnType<typeof health>>;
      } catch (error) {
        if (app.exit || attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  return {
    standin,
    get app() {
      return app;
    },
    env,
    async restart() {
      app = await start();
      return app;
    },
    async replica(extra) {
      const started = await start(extra);
      replicas.push(started);
      return started;
    },
    credentials,
    deliver: (delivery, sendOptions) => send(app.webhookUrl, delivery, { secret: credentials.webhookSecret, ...sendOptions }),
    async settle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let quietSince: number | undefined;
      while (Date.now() < deadline) {
        if (app.exit) {
          const lastLogs = app.logs.slice(-5).map((l) => JSON.stringify(l).slice(0, 500));
          throw new Error(`the app exited (${JSON.stringify(app.exit)}):\n${app.stderr.slice(-30).join("\n")}\n${lastLogs.join("\n")}`);
        }
        const { audits } = await health();
        const busy = audits.waiting > 0 || audits.running > 0 || [...standin.checkRuns.values()].some((r) => r.status !== "completed");
        // Quiet for a moment: a webhook handler may still be between its ack and its enqueue.
        if (!busy) quietSince ??= Date.now();
        else quietSince = undefined;
        if (quietSince !== undefined && Date.now() - quietSince >= 300) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const stuck = [...standin.checkRuns.values()].filter((r) => r.status !== "completed").map((r) => `${r.repository}@${r.head_sha.slice(0, 7)}`);
      throw new Error(`the app did not settle within ${timeoutMs} ms; runs not completed: ${stuck.join(", ") || "none"}; health: ${JSON.stringify(await health())}`);
    },
    health,
    problems: () => [
      ...standin.violations,
      ...app.stderr.filter((line) => /LOOPBACK_GUARD|Unhandled|uncaught/i.test(line)),
      ...app.logs.filter((l) => (l.level ?? 0) >= 60).map((l) => `fatal log: ${l.msg}`),
    ],
    async close() {
      await Promise.all([app, ...replicas].map((running) => running.stop("SIGTERM")));
      await standin.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The runs of `sha` in `owner/repo` named like this app's, oldest first. */
export function runsOf(world: World, owner: string, repo: string, sha: string): CheckRunRecord[] {
  return world.standin.runsFor(owner, repo, sha).filter((r) => r.name === CHECK_NAME);
}


/** What the engine concludes locally about a commit, with the app's read budget: the check run must say the same. */
export async function expectedHeadline(source: CommitSource): Promise<string> {
  const checklist = await loadChecklist();
  const options = { checklist, budget: DEFAULT_SETTINGS.budget };
  if ("directory" in source) return headline(await runAudit(new LocalSnapshot(source.directory), options));
  const files = Object.fromEntries(Object.entries(source.files).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return headline(auditView(RepoView.fromFiles(files), { label: "expected" }, options));
}
