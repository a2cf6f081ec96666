import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { EnqueueResult, QueueDepth } from "./jobs/job-store.js";

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
  /** A job whose earlier worker died holding it (its lease ran out) was taken up again. */
  leaseTakenOver(): void;
}

/**
 * `processStats`: audits running in this process; `depth`: the store's queue, shared by every
 * replica (a scrape that cannot reach the store fails, which is itself the alert).
 */
export function createMetrics(processStats: () => { running: number }, depth: () => Promise<QueueDepth>): AppMetrics {
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
    help: "Audits webhooks asked for, by what the store did with them (queued, merged into one waiting, redelivery, already-audited)",
    labelNames: ["result"],
    registers: [registry],
  });
  const takeovers = new Counter({
    name: "readiness_job_lease_takeovers_total",
    help: "Jobs this process took over after the worker holding them stopped renewing its lease (it died or was killed)",
    registers: [registry],
  });
  new Gauge({
    name: "readiness_audits_running",
    help: "Audits running in this process",
    registers: [registry],
    collect() {
      this.set(processStats().running);
    },
  });
  const gauges: [keyof QueueDepth, string, string][] = [
    ["queued", "readiness_jobs_queued", "Jobs stored and waiting for a worker (every replica's)"],
    ["running", "readiness_jobs_running", "Jobs leased by a worker (every replica's)"],
    ["expiredLeases", "readiness_jobs_expired_leases", "Jobs whose worker stopped renewing its lease, waiting to be taken over"],
  ];
  for (const [field, name, help] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set((await depth())[field]);
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
    leaseTakenOver: () => takeovers.inc(),
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
