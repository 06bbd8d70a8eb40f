// A short-lived cache of committed rows for read hot paths (KMS key rows on every Decrypt, SSM's latest
// parameter version on every GetParameter). Only read transactions may use it; a write transaction
// reads its own (possibly uncommitted) view.
//
// Freshness, for several servers on one database as well as for this one:
//  * An entry is used for at most TTL_MS after the read that filled it STARTED, so another server's
//    change is seen here within TTL_MS of its commit.
//  * This process's own writes are seen at once: every function that writes the cached tables calls
//    its WriteClock's note(), and until TTL_MS after the latest such write the cache is bypassed and
//    entries read before it are void. Bypassing (not only emptying) matters: the write's transaction
//    commits later, and a read racing it would otherwise cache the old state. A write that takes
//    longer than TTL_MS to commit is still seen within TTL_MS of its commit.
import { performance } from "node:perf_hooks";

/** How stale a row may be on this server after another server changed it. Keep ≤ a few seconds. */
export const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

/** When the cached tables were last written by this process (monotonic ms). */
export class WriteClock {
  private last = -Infinity;

  /** Called by every function that writes a cached table, before its statement runs. */
  note(at: number = performance.now()): void {
    this.last = Math.max(this.last, at);
  }

  /** Read at `readAt`, now `now`: not expired, and no write within TTL_MS before (or since) the read. */
  usable(readAt: number, now: number): boolean {
    return now - readAt < TTL_MS && this.last <= readAt - TTL_MS;
  }
}

interface Entry<V> {
  readonly value: V;
  /** When the read that produced `value` started. */
  readonly readAt: number;
}

export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  /** `now`: monotonic milliseconds (tests pass their own clock). */
  constructor(private readonly writes: WriteClock, private readonly now: () => number = () => performance.now()) {}

  /**
   * The cached value, else `load()`'s (cached when it is safe to). `load` must read through a read
   * transaction: only committed state may enter the cache. Misses are not cached (a row created here,
   * or by another server, must be found at once).
   */
  async get(id: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.now();
    const hit = this.entries.get(id);
    if (hit !== undefined && this.writes.usable(hit.readAt, now)) return hit.value;
    if (hit !== undefined) this.entries.delete(id);
    const value = await load();
    // Checked again after the read: a write may have started meanwhile.
    if (value !== undefined && this.writes.usable(now, this.now())) this.put(id, { value, readAt: now });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private put(id: string, e: Entry<V>): void {
    this.entries.delete(id);
    this.entries.set(id, e);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
