import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueDepth } from "../jobs/job-store.js";

/** How long /healthz waits for the store before calling it unreachable. */
const STORE_TIMEOUT_MS = 2_000;

/**
 * GET /healthz: 200 with the queue's state while the app takes work; 503 once it is draining
 * after SIGTERM, so a load balancer stops sending webhooks to an instance that would refuse
 * them, and 503 while the store does not answer, when webhooks get a 5xx too.
 */
export function healthHandler(state: () => { running: number; closed: boolean }, depth: () => Promise<QueueDepth>) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET" || path !== "/healthz") return false;
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const { closed, running: here } = state();
    if (closed) {
      answer(503, { status: "draining", audits: { running: here } });
      return true;
    }
    withTimeout(depth(), STORE_TIMEOUT_MS).then(
      ({ queued, running, expiredLeases }) => answer(200, { status: "ok", store: "ok", audits: { waiting: queued, running, expiredLeases } }),
      (error: unknown) => answer(503, { status: "store-unreachable", store: String((error as Error).message ?? error).split("\n")[0] }),
    );
    return true;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
