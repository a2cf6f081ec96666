import type { RepositoryState, TrendPoint } from "../store/dashboard.js";
import { TREND_PERIOD_MS } from "../store/trend-periods.js";

/** The org trend: 15 periods of 6 days (the grid the store keeps them on), the last 90 days. */
export const TREND_BUCKETS = 15;

/**
 * The end of each period, oldest first: the completed ones on a fixed grid (multiples of the
 * period since the epoch), the last one now.
 */
export function periodEnds(now: number): number[] {
  const lastCompleted = Math.floor(now / TREND_PERIOD_MS) * TREND_PERIOD_MS;
  return [...Array.from({ length: TREND_BUCKETS - 1 }, (_, b) => lastCompleted - (TREND_BUCKETS - 2 - b) * TREND_PERIOD_MS), now];
}

/**
 * Every repository's state at the end of each period: the completed periods' states the store
 * keeps (`completed`, read for `ends` but the last), and the open period's, which is each
 * repository's latest audit.
 */
export function trendOf(completed: TrendPoint[], repositories: RepositoryState[], ends: number[]): TrendPoint[] {
  const open = ends.length - 1;
  const current = repositories.flatMap((r) => (r.latest ? [{ repositoryId: r.id, bucket: open, score: r.latest.score, level: r.latest.level }] : []));
  return [...completed, ...current];
}
