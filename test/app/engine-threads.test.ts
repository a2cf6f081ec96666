import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import { EngineThreads } from "../../src/app/audits/engine-threads.js";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { auditView } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";
import { PROBES } from "../../src/probes/index.js";
import { LocalSnapshot } from "../../src/snapshot/local.js";
import { tsWorker } from "../support/ts-worker.js";

const WORKER = new URL("../../src/app/audits/engine-worker.ts", import.meta.url).href;
const checklist = await loadChecklist();
const now = new Date("2026-11-26T00:00:00Z");
const view = await RepoView.load(new LocalSnapshot(fileURLToPath(new URL("../fixtures/repos/express-ts-service", import.meta.url))));
const repository = { label: "express-ts-service", sha: "0".repeat(40) };

let threads: EngineThreads | undefined;
afterEach(async () => {
  await threads?.close();
  threads = undefined;
});

test("an audit on an engine thread reports exactly what the event loop would", async () => {
  threads = new EngineThreads(1, () => tsWorker(WORKER, undefined));
  const onThread = await threads.audit(view, repository, { checklist, now });
  expect(onThread).toEqual(auditView(view, repository, { checklist, now }));
  expect(onThread.items.find((i) => i.id === "observability.health-endpoint")?.outcome).toBe("pass");
});

test("audits beyond the thread count wait for a free thread, and each gets its own report", async () => {
  let started = 0;
  threads = new EngineThreads(2, () => {
    started++;
    return tsWorker(WORKER, undefined);
  });
  const labels = ["a", "b", "c", "d", "e"];
  const reports = await Promise.all(labels.map((label) => (threads as EngineThreads).audit(view, { label }, { checklist, now })));
  expect(reports.map((r) => r.repository.label)).toEqual(labels);
  expect(started).toBe(2);
});

test("a thread that dies fails only its own audit; the next audit gets a new thread", async () => {
  let spawned = 0;
  threads = new EngineThreads(1, () => {
    spawned++;
    // The first thread dies on its first request, as one out of memory would.
    return spawned === 1 ? new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(7))", { eval: true }) : tsWorker(WORKER, undefined);
  });
  await expect(threads.audit(view, repository, { checklist, now })).rejects.toThrow("the engine thread stopped (exit code 7)");
  const report = await threads.audit(view, repository, { checklist, now });
  expect(report.items).toHaveLength(checklist.items.length);
  expect(spawned).toBe(2);
});

test("substituted probes are refused (functions cannot cross threads), and nothing runs after close", async () => {
  threads = new EngineThreads(1, () => tsWorker(WORKER, undefined));
  await expect(threads.audit(view, repository, { checklist, probes: PROBES })).rejects.toThrow("substituted probes");
  await threads.close();
  await expect(threads.audit(view, repository, { checklist })).rejects.toThrow("shut down");
});
