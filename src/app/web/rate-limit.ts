/**
 * A fixed-window limit per client address for the sign-in routes: each sign-in costs GitHub a
 * code exchange, and a flood of them from one address is an attack, not a person.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** 0 when the request may go ahead, else the seconds until the client's window ends. */
  take(key: string): number {
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      // Forget finished windows once in a while, so the map holds only recent clients.
      if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > this.limit ? Math.ceil((window.start + this.windowMs - now) / 1000) : 0;
  }
}
