import { Worker } from "node:worker_threads";
import type { AuditOptions, ViewAuditor } from "../../audit/audit.js";
import type { AuditReport } from "../../audit/report-model.js";
import type { RepoViewData } from "../../view/repo-view.js";

/** Options a thread can receive: plain data, so not substituted probes (functions do not cross threads). */
export type ThreadAuditOptions = Omit<AuditOptions, "probes">;

export interface EngineRequest {
  id: number;
  view: RepoViewData;
  repository: AuditReport["repository"];
  options: ThreadAuditOptions;
}

export type EngineReply = { id: number; report: AuditReport } | { id: number; error: string };

/** Heap one engine thread may use: a pathological repository fails its own audit, not the app. */
const THREAD_HEAP_MB = 1024;

const WORKER_URL = new URL("./engine-worker.js", import.meta.url);

interface Pending {
  resolve(report: AuditReport): void;
  reject(error: Error): void;
}

/**
 * A few engine threads, so the probes' pass over a 100,000-file tree (seconds of CPU) never
 * holds up webhook acknowledgements, which GitHub gives up on after 10 s. Threads start on first
 * use; one that dies (out of memory, say) fails its audit and is replaced on the next.
 */
export class EngineThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly waiting: { request: EngineRequest; pending: Pending }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly spawn: () => Worker = () => new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } }),
  ) {}

  readonly audit: ViewAuditor = (view, repository, options) => {
    if (this.closed) return Promise.reject(new Error("the engine threads are shut down"));
    if (options.probes) return Promise.reject(new Error("substituted probes cannot run on an engine thread; audit them with auditView"));
    return new Promise<AuditReport>((resolve, reject) => {
      this.waiting.push({ request: { id: this.nextId++, view: view.toData(), repository, options }, pending: { resolve, reject } });
      this.dispatch();
    });
  };

  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.waiting.splice(0)) pending.reject(new Error("the engine threads are shut down"));
    await Promise.all([...this.idle.splice(0), ...this.busy.keys()].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.start() : undefined);
      if (!worker) return;
      const { request, pending } = this.waiting.shift() as { request: EngineRequest; pending: Pending };
      this.busy.set(worker, pending);
      worker.ref();
      worker.postMessage(request);
    }
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.on("message", (reply: EngineReply) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      // An idle thread must not keep the process alive on its own.
      worker.unref();
      this.idle.push(worker);
      if ("report" in reply) pending?.resolve(reply.report);
      else pending?.reject(new Error(reply.error));
      this.dispatch();
    });
    const lost = (why: string) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      pending?.reject(new Error(`the engine thread stopped (${why})`));
      if (!this.closed) this.dispatch();
    };
    worker.on("error", (error) => lost(error.message));
    worker.on("exit", (code) => lost(`exit code ${code}`));
    return worker;
  }
}
