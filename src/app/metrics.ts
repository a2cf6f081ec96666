import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { EnqueueResult } from "./queue.js";

/**
 * What an operator graphs and alerts on: audits by conclusion, their duration and GitHub cost,
 * what webhooks asked for, the queue, and the process itself (event-loop lag, memory). No label
 * carries a repository or user name: the endpoint sits beside the public webhook route.
 */
export interface AppMetrics {
  registry: Registry;
  /** `conclusion` is the check run's, or "unreported" when the run could not be written. */
  auditFinished(outcome: { conclusion: string; durationMs: number; requests: number }): void;
  webhookRequested(result: EnqueueResult): void;
  redeliveryIgnored(): void;
}

export function createMetrics(queueStats: () => { waiting: number; running: number }): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const audits = new Counter({
    name: "readiness_audits_total",
    help: "Audits finished, by check-run conclusion (unreported: the run could not be written)",
    labelNames: ["conclusion"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "readiness_audit_duration_seconds",
    help: "Time from starting an audit to completing its check run",
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers: [registry],
  });
  const requests = new Histogram({
    name: "readiness_audit_github_requests",
    help: "GitHub API requests one audit made, retries included",
    buckets: [2, 4, 6, 8, 10, 15, 20, 30, 50],
    registers: [registry],
  });
  const webhookAudits = new Counter({
    name: "readiness_webhook_audit_requests_total",
    help: "Audits webhooks asked for, by what the queue did with them (queued, merged into one waiting, recently audited, full, closed)",
    labelNames: ["result"],
    registers: [registry],
  });
  const redeliveries = new Counter({
    name: "readiness_webhook_redeliveries_ignored_total",
    help: "Deliveries dropped because their delivery id was already handled",
    registers: [registry],
  });
  for (const state of ["waiting", "running"] as const) {
    new Gauge({
      name: `readiness_audit_queue_${state}`,
      help: `Audits ${state} in this process`,
      registers: [registry],
      collect() {
        this.set(queueStats()[state]);
      },
    });
  }
  return {
    registry,
    auditFinished({ conclusion, durationMs, requests: count }) {
      audits.inc({ conclusion });
      duration.observe(durationMs / 1000);
      requests.observe(count);
    },
    webhookRequested: (result) => webhookAudits.inc({ result }),
    redeliveryIgnored: () => redeliveries.inc(),
  };
}

/** GET /metrics in Prometheus' text format, for a scraper on the app's own port. */
export function metricsHandler(registry: Registry) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") return false;
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`metrics could not be collected: ${(error as Error).message}`);
      },
    );
    return true;
  };
}
