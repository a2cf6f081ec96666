/**
 * A bounded map that forgets the least recently used entries, with an optional time to live:
 * every cache and dedup set in the app is one of these, so memory stays flat in a long-lived process.
 * Capacity counts entries, or whatever `weigh` says an entry costs (bytes of a file, entries of a tree).
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number = Number.POSITIVE_INFINITY,
    private readonly weigh: (value: V) => number = () => 1,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.clock()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.capacity) return;
    this.entries.set(key, { value, expires: this.clock() + this.ttlMs, weight });
    this.total += weight;
    while (this.total > this.capacity) this.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }

  get size(): number {
    return this.entries.size;
  }
}
