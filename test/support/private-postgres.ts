import { execFile, execFileSync } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./app-process.js";

/**
 * A throw-away PostgreSQL cluster of the test's own, on a free loopback port, which the test may
 * stop and start: the shared server on 127.0.0.1:5432 that other suites (and other people's runs)
 * use is never touched. It needs the server binaries (initdb, pg_ctl, postgres), found at run time;
 * where they are missing the suite is skipped and says what to install, unless REQUIRE_POSTGRES=1
 * (set by .ci/run), where that is a failure.
 */
export interface PrivatePostgres {
  /** The database created for the test, over TCP on loopback. */
  url: string;
  /** `pg_ctl stop -m fast`: the server ends every session (57P01) and refuses new ones. */
  stop(): Promise<void>;
  /** `pg_ctl start` on the same data directory and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server however it is and removes its data directory. */
  destroy(): Promise<void>;
}

const run = promisify(execFile);
const SERVER_BINARIES = ["initdb", "pg_ctl", "postgres"] as const;
const HOW_TO_GET = "install the PostgreSQL server binaries (initdb, pg_ctl, postgres: Debian's postgresql package, Homebrew's postgresql) so that pg_config --bindir or PATH finds them";

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The folder holding all the server binaries: pg_config's, then Debian's versioned folders (newest first), then PATH. */
export async function serverBinDir(): Promise<string | undefined> {
  const candidates: string[] = [];
  try {
    candidates.push((await run("pg_config", ["--bindir"])).stdout.trim());
  } catch {
    // No pg_config (it comes with the client's development files): the other places may still hold a server.
  }
  try {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join("/usr/lib/postgresql", version, "bin")));
  } catch {
    // Not a Debian layout.
  }
  candidates.push(...(process.env.PATH ?? "").split(delimiter).filter(Boolean));
  return candidates.find((dir) => SERVER_BINARIES.every((name) => executable(join(dir, name))));
}

/**
 * initdb and postgres refuse to run as root, so as root the cluster belongs to the `postgres`
 * account (the server package creates it) and every server command runs through runuser.
 */
function serverUser(): string | undefined {
  return process.getuid?.() === 0 ? "postgres" : undefined;
}

let found: Promise<string | undefined> | undefined;

/** The binaries' folder, or undefined (after saying what is missing) when the suite must be skipped. */
export function privatePostgresAvailable(): Promise<string | undefined> {
  found ??= (async () => {
    const dir = await serverBinDir();
    let missing = dir ? undefined : `no PostgreSQL server binaries found; ${HOW_TO_GET}`;
    const user = serverUser();
    if (dir && user) {
      try {
        await run("runuser", ["-u", user, "--", join(dir, "pg_ctl"), "--version"]);
      } catch (error) {
        missing = `running as root, and the server cannot run as "${user}" through runuser (${(error as Error).message.trim()}); run the tests as a non-root user`;
      }
    }
    if (!missing) return dir;
    if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`A private PostgreSQL server is required (REQUIRE_POSTGRES=1): ${missing}`);
    console.warn(`Private-PostgreSQL suite skipped: ${missing}. It starts and stops a throw-away cluster of its own; the shared server is not used.`);
    return undefined;
  })();
  return found;
}


export async function startPrivatePostgres(binDir: string): Promise<PrivatePostgres> {
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), "readiness-pg-"));
  const dataDir = join(root, "data");
  const command = (name: (typeof SERVER_BINARIES)[number], args: string[]): [string, string[]] =>
    user ? ["runuser", ["-u", user, "--", join(binDir, name), ...args]] : [join(binDir, name), args];
  const server = (name: (typeof SERVER_BINARIES)[number], args: string[]) => run(...command(name, args), { cwd: root });
  const port = await freePort();
  // The socket goes in the cluster's own folder, not /var/run/postgresql, which belongs to the shared
  // server. fsync is off: the test stops the server cleanly (which writes everything out); it never
  // crashes the machine, and the shared disk is spared.
  const options = `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off`;
  const pgCtl = (...args: string[]) => server("pg_ctl", ["-D", dataDir, ...args]);
  const log = join(root, "server.log");
  const start = async () => {
    try {
      await pgCtl("start", "-w", "-t", "30", "-l", log, "-o", options);
    } catch (error) {
      // pg_ctl only says "examine the log output", which is removed with the cluster.
      const said = existsSync(log) ? readFileSync(log, "utf8").slice(-2_000) : "(no server log)";
      throw new Error(`${(error as Error).message.trim()}\n${said}`);
    }
  };
  const destroy = async () => {
    process.off("exit", destroyNow);
    await pgCtl("stop", "-m", "immediate", "-w").catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  // The suite's afterAll destroys the cluster; should the test process end without running it (a
  // crash, a hook timeout), the server must not outlive it, holding a port and a temp folder.
  const destroyNow = () => {
    try {
      execFileSync(...command("pg_ctl", ["-D", dataDir, "stop", "-m", "immediate", "-w"]), { stdio: "ignore" });
    } catch {
      // Not running (never started, or already stopped).
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", destroyNow);
  try {
    if (user) {
      const { stdout } = await run("id", ["-u", user]);
      const { stdout: gid } = await run("id", ["-g", user]);
      chownSync(root, Number(stdout.trim()), Number(gid.trim()));
    }
    await server("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    await start();
    const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    await admin.connect();
    try {
      await admin.query("create database readiness");
    } finally {
      await admin.end();
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/readiness`,
    start,
    stop: async () => {
      await pgCtl("stop", "-m", "fast", "-w");
    },
    destroy,
  };
}

// `node --import tsx test/support/private-postgres.ts` (from .ci/run): fails early, naming what is
// missing, when the outage suite could not start its own server here.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = await privatePostgresAvailable();
  if (!dir) process.exit(1);
  console.log(`private PostgreSQL for the outage suite: ${(await run(join(dir, "postgres"), ["--version"])).stdout.trim()} in ${dir}`);
}
