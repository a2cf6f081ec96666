import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The Readiness app as `npm start` runs it (the compiled dist/app/main.js: Probot's `run` with
 * the standard environment), in its own process on a loopback port, pointed at a GitHub
 * stand-in through GHE_HOST and GHE_PROTOCOL=http. It gets a minimal environment built here
 * (never the developer's), runs from an empty folder so no .env is read, and logs JSON lines we
 * parse. Two preloads watch it: a guard that refuses any connection off loopback, and an
 * event-loop delay monitor. Build first (`npm run build`; `npm run test:e2e` does).
 */

export interface AppCredentials {
  appId: number;
  privateKeyPem: string;
  publicKeyPem: string;
  webhookSecret: string;
}

/** A key pair made for this run: no private key is ever committed. */
export function testCredentials(appId = 31337): AppCredentials {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { appId, privateKeyPem: privateKey, publicKeyPem: publicKey, webhookSecret: `e2e-${Math.random().toString(36).slice(2)}` };
}

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface RunningApp {
  baseUrl: string;
  webhookUrl: string;
  pid: number;
  logs: LogLine[];
  /** Lines that were not JSON (stack traces, warnings): shown when a test fails. */
  stderr: string[];
  /** The process's peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** The process's resident memory now (VmRSS), in MB; 0 once it has exited. */
  rssMb(): number;
  /** Resolves when a log line matching arrives (or is already there). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Starts the event-loop measurement over (after a warm-up). */
  resetEventLoopDelay(): void;
  /** The app's event-loop delay since start-up or the last reset (ms), printed when it exits; undefined before. */
  eventLoopDelay(): { p50: number; p99: number; max: number; mean: number } | undefined;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set once the process has exited. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

const MAIN = fileURLToPath(new URL("../../dist/app/main.js", import.meta.url));
const LOOPBACK_GUARD = new URL("./loopback-guard.mjs", import.meta.url).href;
const EVENT_LOOP_MONITOR = new URL("./event-loop-monitor.mjs", import.meta.url).href;

export async function startApp(options: { ghesHost: string; credentials: AppCredentials; env?: Record<string, string>; nodeArgs?: string[] }): Promise<RunningApp> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run test:e2e does)`);
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "readiness-e2e-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    NODE_ENV: "production",
    APP_ID: String(options.credentials.appId),
    PRIVATE_KEY: options.credentials.privateKeyPem,
    WEBHOOK_SECRET: options.credentials.webhookSecret,
    HOST: "127.0.0.1",
    PORT: String(port),
    GHE_HOST: options.ghesHost,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", LOOPBACK_GUARD, "--import", EVENT_LOOP_MONITOR, MAIN], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const stderr: string[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  lines(child, "stdout", (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      stderr.push(text);
      return;
    }
    logs.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  lines(child, "stderr", (text) => stderr.push(text));
  let peakKb = 0;
  const sampleRss = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process has exited; the last sample stands.
    }
  };
  const sampler = setInterval(sampleRss, 200);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      clearInterval(sampler);
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: RunningApp = {
    baseUrl,
    webhookUrl: `${baseUrl}/api/github/webhooks`,
    pid: child.pid as number,
    logs,
    stderr,
    peakRssMb: () => {
      sampleRss();
      return peakKb / 1024;
    },
    rssMb: () => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
    waitForLog(match, timeoutMs = 30_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-20).join("\n")}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    resetEventLoopDelay() {
      child.kill("SIGUSR2");
    },
    eventLoopDelay() {
      const line = stderr.find((l) => l.startsWith("EVENT_LOOP_DELAY "));
      return line ? JSON.parse(line.slice("EVENT_LOOP_DELAY ".length)) : undefined;
    },
    async stop(signal = "SIGTERM") {
      const started = Date.now();
      sampleRss();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
    exited,
  };
  void exited.then((result) => {
    app.exit = result;
  });
  await waitUntilHealthy(baseUrl, exited, stderr);
  // Start-up is over: the event-loop measurement starts now (test/support/event-loop-monitor.mjs).
  app.resetEventLoopDelay();
  return app;
}

async function waitUntilHealthy(baseUrl: string, exited: Promise<unknown>, stderr: string[]): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the app exited during start-up:\n${stderr.join("\n")}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not answer ${baseUrl}/healthz within 30 s:\n${stderr.join("\n")}`);
}

function lines(child: ChildProcess, stream: "stdout" | "stderr", onLine: (line: string) => void): void {
  let pending = "";
  child[stream]?.setEncoding("utf8");
  child[stream]?.on("data", (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== "") onLine(line);
      newline = pending.indexOf("\n");
    }
  });
}

/** A port the kernel just handed out on loopback (released again for the app to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
