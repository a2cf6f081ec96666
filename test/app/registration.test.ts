import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { registrationRefusal } from "../../src/app/registration.js";
import { freePort } from "../support/app-process.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
let child: ChildProcess | undefined;
let folder: string | undefined;
afterEach(async () => {
  child?.kill();
  child = undefined;
  if (folder) await rm(folder, { recursive: true, force: true });
});

/**
 * `npm start` in a folder holding the app manifest and a .env copied from .env.example, as README step 2 has
 * it; only the port and interface are changed, since .env values win over the process environment.
 */
async function startFromEnvExample(env: Record<string, string>) {
  folder = await mkdtemp(join(tmpdir(), "readiness-register-"));
  for (const file of ["package.json", "app.yml"]) await copyFile(join(projectRoot, file), join(folder, file));
  const port = await freePort();
  const example = await readFile(join(projectRoot, ".env.example"), "utf8");
  await writeFile(join(folder, ".env"), example.replace(/^PORT=.*$/m, `PORT=${port}`).replace(/^HOST=.*$/m, "HOST=127.0.0.1"));
  let stderr = "";
  child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(projectRoot, "src/app/main.ts")], {
    cwd: folder,
    // No smee.io channel: tests never leave loopback.
    env: { PATH: process.env.PATH, NO_SMEE_SETUP: "true", ...env },
  });
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child?.on("exit", resolve));
  return { port, exited, stderr: () => stderr };
}

describe("registering the app", () => {
  it("serves the registration page when started from a copy of .env.example", async () => {
    const { port, exited } = await startFromEnvExample({});
    let page = "";
    for (let attempt = 0; attempt < 100 && !page; attempt++) {
      page = await fetch(`http://127.0.0.1:${port}/probot`).then(
        (r) => (r.ok ? r.text() : ""),
        () => new Promise<string>((resolve) => setTimeout(() => resolve(""), 200)),
      );
      if (child?.exitCode !== null) break;
    }
    expect(page).toMatch(/Register GitHub App/);
    child?.kill();
    await exited;
  }, 30_000);

  it("refuses under NODE_ENV=production without credentials, saying how to register, with no stack trace", async () => {
    const { exited, stderr } = await startFromEnvExample({ NODE_ENV: "production" });
    expect(await exited).toBe(1);
    expect(stderr()).toMatch(/^readiness: APP_ID is not set, and NODE_ENV=production does not serve the registration page\./);
    expect(stderr()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it("only refuses in production, and only while credentials are missing", () => {
    expect(registrationRefusal({})).toBeUndefined();
    expect(registrationRefusal({ NODE_ENV: "" })).toBeUndefined();
    expect(registrationRefusal({ NODE_ENV: "production", APP_ID: "1", PRIVATE_KEY_PATH: "key.pem" })).toBeUndefined();
    expect(registrationRefusal({ NODE_ENV: "production", APP_ID: "1" })).toMatch(/PRIVATE_KEY or PRIVATE_KEY_PATH is not set/);
  });
});
