import type { Kysely, Selectable } from "kysely";
import { auditGeneration, type JobQueue } from "../jobs/job-store.js";
import { SWEEP_TRIGGER } from "../audits/audit-job.js";
import type { Database, SweepsTable } from "../store/schema.js";
import { type AuditRequest, type RepositoryPayload, repositoryRef } from "../audit-request.js";

type ListedRepository = RepositoryPayload & { owner: { login: string } };

/** The slice of Octokit the sweep needs: one listing request, whose headers carry the rate limit. */
export interface SweepClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

export interface SweepOptions {
  db: Kysely<Database>;
  jobs: Pick<JobQueue, "enqueue">;
  checklistDigest: string;
  /** Every installed repository's default branch is audited at least this often. */
  intervalMs: number;
  /** The share of an installation's hourly rate limit the sweep may spend. */
  rateShare: number;
  /** Requests one audit costs (measured: about 5; the benchmark prints it). */
  requestsPerAudit: number;
  /** How often the sweep looks at its installations. */
  tickMs: number;
  /** The app's own client (JWT), to list installations. */
  app(): Promise<SweepClient>;
  installation(id: number): Promise<SweepClient>;
  /** New jobs were stored: the worker should look now. */
  wake(): void;
  now(): number;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

export interface TickResult {
  /** Repositories enqueued per installation this tick. */
  enqueued: Map<number, number>;
}

const PAGE = 100;
const HOUR_MS = 60 * 60_000;

/**
 * Keeps the store fresh: every installed repository's default branch is audited again when the
 * checklist or the organisation's configuration changes, and at least every `intervalMs`. The
 * work is spread out: a round earns audits from its share of the installation's hourly rate
 * limit (as GitHub's x-ratelimit-limit says), pauses while the installation has less left than
 * other work needs (x-ratelimit-remaining), and keeps its place in the store, so a restart (or
 * another replica) resumes where it stopped. Commits already audited under the same checklist
 * and configuration cost no check run (see the audit job).
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SweepOptions) {}

  start(): void {
    const loop = () => {
      this.running = this.tick()
        .catch((error: unknown) => this.options.log.warn({ err: error }, "sweep tick failed; trying again at the next"))
        .finally(() => {
          this.timer = setTimeout(loop, this.options.tickMs);
          this.timer.unref();
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async tick(): Promise<TickResult> {
    const enqueued = new Map<number, number>();
    const app = await this.options.app();
    for (let page = 1; ; page++) {
      const { data } = await app.request("GET /app/installations", { per_page: PAGE, page });
      const installations = data as { id: number }[];
      for (const { id } of installations) {
        const count = await this.sweepInstallation(id);
        if (count > 0) enqueued.set(id, count);
      }
      if (installations.length < PAGE) break;
    }
    if (enqueued.size > 0) this.options.wake();
    return { enqueued };
  }

  private async sweepInstallation(installationId: number): Promise<number> {
    const { db, now: clock } = this.options;
    const now = clock();
    await this.ensureRow(installationId);
    const claimed = await db
      .updateTable("sweeps")
      .set({ leased_until: now + this.options.tickMs })
      .where("installation_id", "=", installationId)
      .where("leased_until", "<=", now)
      .returningAll()
      .executeTakeFirst();
    if (!claimed) return 0;
    const row: Selectable<SweepsTable> = { ...claimed };
    // A change of the organisation's configuration (OrgConfigVersions) or of the checklist starts a round.
    const generation = auditGeneration(this.options.checklistDigest, row.org_config);
    if (!row.active && (row.generation !== generation || now >= row.next_due_at)) {
      Object.assign(row, { active: 1, generation, round_started_at: now, cursor: 0, allowance: 0, last_tick_at: now });
      this.options.log.info({ installationId, generation }, "sweep round started");
    }
    if (!row.active) return this.save(row, 0);
    const elapsed = Math.min(now - (row.last_tick_at || now), 2 * this.options.tickMs);
    // One audit's worth of the hour is held back: what a round carries over from the previous hour
    // (less than one audit) can then never push an hour past its share.
    const hourly = row.rate_limit * this.options.rateShare - this.options.requestsPerAudit;
    row.allowance += (hourly * elapsed) / HOUR_MS / this.options.requestsPerAudit;
    row.last_tick_at = now;
    if (row.allowance < 1) return this.save(row, 0);

    const github = await this.options.installation(installationId);
    const page = Math.floor(row.cursor / PAGE) + 1;
    const { data, headers } = await github.request("GET /installation/repositories", { per_page: PAGE, page });
    // The listing is paid from the same share.
    row.allowance -= 1 / this.options.requestsPerAudit;
    const limit = Number(headers["x-ratelimit-limit"]);
    const remaining = Number(headers["x-ratelimit-remaining"]);
    if (Number.isFinite(limit) && limit > 0) row.rate_limit = limit;
    // Other work (webhook audits) has used more than the rest of the hour: the sweep waits.
    if (Number.isFinite(remaining) && remaining < row.rate_limit * (1 - this.options.rateShare)) return this.save(row, 0);
    const repositories = (data as { repositories: ListedRepository[] }).repositories;
    const start = row.cursor % PAGE;
    const batch = repositories.slice(start, start + Math.floor(row.allowance));
    for (const repository of batch) {
      const request = sweepRequest(installationId, repository, row.round_started_at);
      await this.options.jobs.enqueue(request, row.generation);
    }
    row.cursor += batch.length;
    row.allowance -= batch.length;
    if (start + batch.length >= repositories.length && repositories.length < PAGE) {
      this.options.log.info({ installationId, repositories: row.cursor, ms: now - row.round_started_at }, "sweep round finished");
      Object.assign(row, { active: 0, next_due_at: row.round_started_at + this.options.intervalMs, allowance: 0 });
    }
    return this.save(row, batch.length);
  }

  private async save(row: Selectable<SweepsTable>, enqueued: number): Promise<number> {
    const { installation_id, ...fields } = row;
    await this.options.db.updateTable("sweeps").set(fields).where("installation_id", "=", installation_id).execute();
    return enqueued;
  }

  private async ensureRow(installationId: number): Promise<void> {
    await this.options.db
      .insertInto("sweeps")
      .values({ installation_id: installationId })
      .onConflict((conflict) => conflict.column("installation_id").doNothing())
      .execute();
  }
}

/** A default-branch audit of one repository, keyed by the round so each round audits it once. */
function sweepRequest(installationId: number, repository: ListedRepository, round: number): AuditRequest {
  return {
    installationId,
    owner: repository.owner.login,
    repo: repository.name,
    repository: repositoryRef(repository),
    trigger: SWEEP_TRIGGER,
    deliveryId: `sweep:${installationId}:${round}`,
    explicit: false,
    replyTo: [],
  };
}
