// A short-lived cache of key rows and their aliases/tags for the crypto hot path (every Decrypt that
// SSM, Secrets Manager or a KMS caller makes): two reads per call fewer. Only read transactions use it;
// write transactions always read their own (possibly uncommitted) view.
//
// Freshness, for several servers on one database as well as for this one:
//  * An entry is used for at most TTL_MS after the read that filled it STARTED, so another server's
//    change (DisableKey, PutKeyPolicy, TagResource …) is seen here within TTL_MS of its commit.
//  * This process's own KMS writes are seen at once: every write function in store.ts and
//    store-aliases.ts calls noteKeyWrite(), and until TTL_MS after the latest such write the cache
//    is bypassed and entries read before it are void. Bypassing (not only emptying) matters: the
//    write's transaction commits later, and a read racing it would otherwise cache the old state.
//    A write that takes longer than TTL_MS to commit is still seen within TTL_MS of its commit.
// Nothing secret is held here (key metadata and policy; key material has its own cache in material.ts).
import { performance } from "node:perf_hooks";
import type { KmsScope } from "./ids.js";

/** How stale a key's state may be on this server after another server changed it. Keep ≤ a few seconds. */
export const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

/** Monotonic time of the latest KMS table write by this process (any server in it: harmless, only slower). */
let lastWriteAt = -Infinity;

/** Called by every function that writes a kms_* table, before its statement runs. */
export function noteKeyWrite(at: number = performance.now()): void {
  lastWriteAt = Math.max(lastWriteAt, at);
}

interface Entry<V> {
  readonly value: V;
  /** When the read that produced `value` started. */
  readonly readAt: number;
}

/** One cache (keys, or facts) keyed by account/region/key id. */
export class KeyCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  /** `now`: monotonic milliseconds (tests pass their own clock). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * The cached value, else `load()`'s (cached when it is safe to). `load` must read through a read
   * transaction: only committed state may enter the cache.
   */
  async get(s: KmsScope, keyId: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const id = `${s.accountId}/${s.region}/${keyId}`;
    const now = this.now();
    const hit = this.entries.get(id);
    if (hit !== undefined && usable(hit.readAt, now)) return hit.value;
    if (hit !== undefined) this.entries.delete(id);
    const value = await load();
    // Checked again after the read: a write may have started meanwhile. Misses are not cached (a key
    // created here, or by another server, must be found at once).
    if (value !== undefined && usable(now, this.now())) this.put(id, { value, readAt: now });
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

/** Read at `readAt`, now `now`: not expired, and no write by this process within TTL_MS before (or since) the read. */
const usable = (readAt: number, now: number): boolean => now - readAt < TTL_MS && lastWriteAt <= readAt - TTL_MS;
