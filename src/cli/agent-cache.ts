// The agent's cache: answers kept per full request for a TTL, least recently used dropped past a bound.
// Time is passed in, so this stays free of clocks.

export interface CachedAnswer {
  readonly status: number;
  readonly body: string;
}

export class LruTtlCache {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  private readonly entries = new Map<string, { readonly answer: CachedAnswer; readonly expiresAtMs: number }>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, nowMs: number): CachedAnswer | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expiresAtMs <= nowMs) return undefined;
    this.entries.set(key, hit);
    return hit.answer;
  }

  set(key: string, answer: CachedAnswer, ttlSeconds: number, nowMs: number): void {
    if (ttlSeconds <= 0 || this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { answer, expiresAtMs: nowMs + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
