import { Agent, request } from "node:http";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { type Acknowledgement, type Delivery, webhookHeaders } from "./deliveries.js";
import { tsWorker } from "./ts-worker.js";

/**
 * Replays deliveries against the app at a fixed arrival rate (open loop: each delivery leaves
 * at its scheduled time whether or not earlier ones were answered, as GitHub's do), from a
 * worker thread with keep-alive connections. Latency is measured from the scheduled time, so a
 * slow app cannot hide its delay by slowing the sender down. The GitHub stand-in answers the
 * app from the main thread; timing there would add the stand-in's own work to every latency.
 * The worker also polls the app's /healthz to tag each acknowledgement with whether the audit
 * queue was saturated (audits waiting) when the delivery was sent.
 */
export interface TimedAcknowledgement extends Acknowledgement {
  saturated: boolean;
}

interface ReplayJob {
  kind: "replay";
  webhookUrl: string;
  healthUrl: string;
  secret: string;
  perSecond: number;
  deliveries: Delivery[];
}

export function replay(options: Omit<ReplayJob, "kind">): Promise<TimedAcknowledgement[]> {
  const job: ReplayJob = { kind: "replay", ...options };
  return new Promise((resolve, reject) => {
    const worker = tsWorker(import.meta.url, job);
    worker.once("message", (acks: TimedAcknowledgement[]) => resolve(acks));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`));
    });
  });
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function run(job: ReplayJob): Promise<TimedAcknowledgement[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(job.webhookUrl);
  let saturated = false;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      try {
        const health = (await (await fetch(job.healthUrl)).json()) as { audits: { waiting: number } };
        saturated = health.audits.waiting > 0;
      } catch {
        saturated = false;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const start = performance.now() + 50;
  const acks = await Promise.all(
    job.deliveries.map(async (delivery, index) => {
      const scheduled = start + (index * 1000) / job.perSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, scheduled - performance.now())));
      const wasSaturated = saturated;
      const reply = await post(agent, url, webhookHeaders(delivery, delivery.body, { secret: job.secret }), delivery.body);
      return { ...reply, ms: performance.now() - scheduled, saturated: wasSaturated };
    }),
  );
  polling = false;
  await poll;
  agent.destroy();
  return acks;
}

if (!isMainThread && (workerData as ReplayJob | undefined)?.kind === "replay") {
  parentPort?.postMessage(await run(workerData as ReplayJob));
}
