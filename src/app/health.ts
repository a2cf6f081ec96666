import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * GET /healthz: 200 with the queue's state while the app takes work, 503 once it is draining
 * after SIGTERM, so a load balancer stops sending webhooks to an instance that would refuse them.
 */
export function healthHandler(state: () => { waiting: number; running: number; closed: boolean }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET" || path !== "/healthz") return false;
    const { waiting, running, closed } = state();
    res.writeHead(closed ? 503 : 200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ status: closed ? "draining" : "ok", audits: { waiting, running } }));
    return true;
  };
}
