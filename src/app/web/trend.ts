import { LruCache } from "../lru.js";
import type { DashboardStore, RepositoryState, TrendPoint } from "../store/dashboard.js";

/** The org trend: 15 periods of 6 days, the last 90 days. */
export const TREND_BUCKETS = 15;
export const TREND_BUCKET_MS = 6 * 24 * 60 * 60_000;

/**
 * A completed period's states are kept this long: audits are only ever added at the present, so
 * they change only when retention or an uninstall deletes audits, which this bounds.
 */
const COMPLETED_TTL_MS = 10 * 60_000;

/**
 * The end of each period, oldest first: the completed ones on a fixed grid (multiples of the
 * period since the epoch), the last one now.
 */
export function periodEnds(now: number): number[] {
  const lastCompleted = Math.floor(now / TREND_BUCKET_MS) * TREND_BUCKET_MS;
  return [...Array.from({ length: TREND_BUCKETS - 1 }, (_, b) => lastCompleted - (TREND_BUCKETS - 2 - b) * TREND_BUCKET_MS), now];
}

/**
 * Every repository's state at the end of each period. The open period is the repositories'
 * latest audits (already read); the completed periods are read once per installation and grid,
 * then reused: on a fixed grid their states do not change when new audits arrive.
 */
export class Trends {
  private readonly completed = new LruCache<Promise<TrendPoint[]>>(1_000, COMPLETED_TTL_MS);

  constructor(private readonly store: DashboardStore) {}

  async of(installationId: number, repositories: RepositoryState[], ends: number[]): Promise<TrendPoint[]> {
    const past = ends.slice(0, -1);
    const key = `${installationId}:${past.at(-1)}`;
    let completed = this.completed.get(key);
    if (!completed) {
      completed = this.store.statesAt(installationId, past);
      this.completed.set(key, completed);
      completed.catch(() => this.completed.delete(key));
    }
    const open = ends.length - 1;
    const current = repositories.flatMap((r) => (r.latest ? [{ repositoryId: r.id, bucket: open, score: r.latest.score, level: r.latest.level }] : []));
    return [...(await completed), ...current];
  }
}
