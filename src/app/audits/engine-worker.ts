import { parentPort } from "node:worker_threads";
import { auditView } from "../../audit/audit.js";
import { RepoView } from "../../view/repo-view.js";
import type { EngineReply, EngineRequest } from "./engine-threads.js";

/** One engine thread: audits the views the app has read from GitHub, one at a time. */
parentPort?.on("message", ({ id, view, repository, options }: EngineRequest) => {
  let reply: EngineReply;
  try {
    reply = { id, report: auditView(RepoView.fromData(view), repository, options) };
  } catch (error) {
    reply = { id, error: (error as Error).message ?? String(error) };
  }
  parentPort?.postMessage(reply);
});
