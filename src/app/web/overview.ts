import type { ItemOutcome } from "../../findings/findings.js";
import type { AuditItems, RepositoryState, TrendPoint } from "../store/dashboard.js";

export const PAGE_SIZE = 100;
/** Names sort by a collator made once: String#localeCompare builds one per call. */
const collator = new Intl.Collator("en");

const SORTS = ["name", "score", "level", "audited"] as const;
export type Sort = (typeof SORTS)[number];
const OUTCOMES: readonly ItemOutcome[] = ["fail", "partial", "pass", "waived", "not_applicable"];

export interface OverviewQuery {
  name: string;
  level: string;
  item: string;
  /** With `item`: the outcome that item must have (fail unless said). */
  outcome: ItemOutcome;
  kind: string;
  language: string;
  sort: Sort;
  descending: boolean;
  page: number;
}

export function parseQuery(params: URLSearchParams): OverviewQuery {
  const sort = SORTS.find((s) => s === params.get("sort")) ?? "name";
  const outcome = OUTCOMES.find((o) => o === params.get("outcome")) ?? "fail";
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    name: (params.get("name") ?? "").trim().slice(0, 200),
    level: params.get("level") ?? "",
    item: params.get("item") ?? "",
    outcome,
    kind: params.get("kind") ?? "",
    language: params.get("language") ?? "",
    sort,
    descending: params.get("dir") === "desc",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export interface OverviewRow {
  id: number;
  /** The latest audit's id, if any: its items are read for the rows that show them. */
  auditId: number | null;
  fullName: string;
  visibility: string;
  score: number | null;
  level: string | null;
  sha: string | null;
  finishedAt: number | null;
  checkRunId: number | null;
  /** The items failing in the latest audit, once its items are read (shared with the store's cache: read-only). */
  failing: readonly string[];
  /** Every item's outcome in the latest audit, once its items are read (shared with the store's cache: read-only). */
  items: Readonly<Record<string, ItemOutcome>>;
  kind: string | null;
  languages: string[];
  /** The score at the end of each trend period in which it was known, oldest first. */
  trend: number[];
}

export interface TimelinePoint {
  /** The period's end. */
  at: number;
  median: number | null;
  levels: Record<string, number>;
}

export interface Overview {
  /** Repositories that pass the filters, sorted; `page` of them are `rows`. */
  matching: OverviewRow[];
  rows: OverviewRow[];
  page: number;
  pages: number;
  /** Every visible repository of the organisation. */
  total: number;
  audited: number;
  median: number | null;
  levels: { level: string; count: number }[];
  timeline: TimelinePoint[];
  facets: { items: string[]; kinds: string[]; languages: string[] };
}

/**
 * The overview of what the user can see: filtered, sorted and paged, with the org's distribution
 * and trend (`trend` has each repository's state at each of `ends`). `items` holds the latest
 * audits' items read so far: all of them to filter by an item (see `needsEveryItem`); without,
 * rows show none until `withItems` (a page needs the items of its own rows only). The item
 * facet offers the checklist's items.
 */
export function buildOverview(
  repositories: RepositoryState[],
  trend: TrendPoint[],
  query: OverviewQuery,
  ends: number[],
  items: ReadonlyMap<number, AuditItems>,
  /** In order. */
  checklistItems: readonly string[],
): Overview {
  const trends = statesByRepository(trend, ends.length);
  const all = repositories.map((r) => row(r, trends.get(r.id), items));
  const matching = all.filter((r) => matches(r, query)).sort(comparator(query));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const scores = all.flatMap((r) => (r.score === null ? [] : [r.score]));
  return {
    matching,
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    page,
    pages,
    total: all.length,
    audited: scores.length,
    median: median(scores),
    levels: orderLevels(all.flatMap((r) => (r.level === null ? [] : [{ level: r.level, score: r.score as number }]))),
    // Only the repositories the user can see count: the store's trend covers the whole installation.
    timeline: timeline(repositories.map((r) => trends.get(r.id)), ends),
    facets: {
      items: [...checklistItems],
      kinds: [...new Set(all.flatMap((r) => (r.kind ? [r.kind] : [])))].sort(),
      languages: [...new Set(all.flatMap((r) => r.languages))].sort(),
    },
  };
}

export interface ItemCoverage {
  id: string;
  counts: Record<ItemOutcome, number>;
  /** Repositories audited for this item. */
  audited: number;
}

/** Whether an overview for this query reads every repository's items (to filter by one), rather than only its page's. */
export function needsEveryItem(query: OverviewQuery): boolean {
  return query.item !== "";
}

/** The row with its latest audit's items, when `items` has them. */
export function withItems(row: OverviewRow, items: ReadonlyMap<number, AuditItems>): OverviewRow {
  const content = row.auditId === null ? undefined : items.get(row.auditId);
  return content ? { ...row, failing: content.failing, items: content.outcomes } : row;
}

/** The campaign view: for every checklist item, how many repositories pass, fail, and so on; most failures first. */
export function itemCoverage(repositories: RepositoryState[], items: ReadonlyMap<number, AuditItems>): ItemCoverage[] {
  const coverage = new Map<string, ItemCoverage>();
  for (const repository of repositories) {
    const latest = repository.latest && items.get(repository.latest.id);
    for (const item of latest?.items ?? []) {
      let entry = coverage.get(item.id);
      if (!entry) {
        entry = { id: item.id, counts: { pass: 0, partial: 0, fail: 0, waived: 0, not_applicable: 0 }, audited: 0 };
        coverage.set(item.id, entry);
      }
      entry.counts[item.outcome]++;
      entry.audited++;
    }
  }
  return [...coverage.values()].sort((a, b) => b.counts.fail - a.counts.fail || b.counts.partial - a.counts.partial || a.id.localeCompare(b.id));
}

function row(repository: RepositoryState, trend: PeriodStates | undefined, items: ReadonlyMap<number, AuditItems>): OverviewRow {
  const latest = repository.latest;
  const content = latest && items.get(latest.id);
  return {
    id: repository.id,
    auditId: latest?.id ?? null,
    fullName: repository.fullName,
    visibility: repository.visibility,
    score: latest?.score ?? null,
    level: latest?.level ?? null,
    sha: latest?.sha ?? null,
    finishedAt: latest?.finishedAt ?? null,
    checkRunId: latest?.checkRunId ?? null,
    failing: content?.failing ?? [],
    items: content?.outcomes ?? {},
    kind: latest?.profile?.kind ?? null,
    languages: latest?.profile?.languages ?? [],
    trend: trend ? trend.flatMap((point) => (point ? [point.score] : [])) : [],
  };
}

function matches(row: OverviewRow, query: OverviewQuery): boolean {
  if (query.name && !row.fullName.toLowerCase().includes(query.name.toLowerCase())) return false;
  if (query.level && row.level !== query.level) return false;
  if (query.kind && row.kind !== query.kind) return false;
  if (query.language && !row.languages.includes(query.language)) return false;
  return !query.item || row.items[query.item] === query.outcome;
}

function comparator(query: OverviewQuery): (a: OverviewRow, b: OverviewRow) => number {
  const byName = (a: OverviewRow, b: OverviewRow) => collator.compare(a.fullName, b.fullName);
  const key = (r: OverviewRow): number | null => (query.sort === "audited" ? r.finishedAt : query.sort === "name" ? null : r.score);
  const direction = query.descending ? -1 : 1;
  if (query.sort === "name") return (a, b) => direction * byName(a, b);
  // Repositories never audited go last whatever the direction.
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return direction * (x - y) || byName(a, b);
  };
}

/** A repository's state at the end of each period, undefined before its first audit. */
type PeriodStates = ({ score: number; level: string } | undefined)[];

function statesByRepository(trend: TrendPoint[], periods: number): Map<number, PeriodStates> {
  const byRepository = new Map<number, PeriodStates>();
  for (const point of trend) {
    let states = byRepository.get(point.repositoryId);
    if (!states) {
      states = new Array(periods).fill(undefined);
      byRepository.set(point.repositoryId, states);
    }
    states[point.bucket] = point;
  }
  return byRepository;
}

function timeline(trends: (PeriodStates | undefined)[], ends: number[]): TimelinePoint[] {
  const points: TimelinePoint[] = ends.map((at) => ({ at, median: null, levels: {} }));
  const scores: number[][] = points.map(() => []);
  for (const states of trends) {
    states?.forEach((state, bucket) => {
      if (!state) return;
      scores[bucket]?.push(state.score);
      const point = points[bucket] as TimelinePoint;
      point.levels[state.level] = (point.levels[state.level] ?? 0) + 1;
    });
  }
  points.forEach((point, bucket) => {
    point.median = median(scores[bucket] as number[]);
  });
  return points;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, without a comparator call per pair: 16 medians of
  // 2,000 scores an overview.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Levels are named by each repository's configuration; they are ordered by the scores that reached them, best first. */
function orderLevels(entries: { level: string; score: number }[]): { level: string; count: number }[] {
  const levels = new Map<string, { count: number; best: number }>();
  for (const { level, score } of entries) {
    const entry = levels.get(level) ?? { count: 0, best: 0 };
    entry.count++;
    entry.best = Math.max(entry.best, score);
    levels.set(level, entry);
  }
  return [...levels].sort((a, b) => b[1].best - a[1].best).map(([level, { count }]) => ({ level, count }));
}
