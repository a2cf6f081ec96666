import type { DashboardStore, RepositoryState, TrendPoint } from "../store/dashboard.js";

/** The org trend: 15 periods of 6 days, the last 90 days. */
export const TREND_BUCKETS = 15;
export const TREND_BUCKET_MS = 6 * 24 * 60 * 60_000;

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
 * latest audits (already read); the completed periods' states are kept by the store.
 */
export class Trends {
  constructor(private readonly store: DashboardStore) {}

  async of(installationId: number, repositories: RepositoryState[], ends: number[]): Promise<TrendPoint[]> {
    const completed = await this.store.statesAt(installationId, ends.slice(0, -1));
    const open = ends.length - 1;
    const current = repositories.flatMap((r) => (r.latest ? [{ repositoryId: r.id, bucket: open, score: r.latest.score, level: r.latest.level }] : []));
    return [...completed, ...current];
  }
}
