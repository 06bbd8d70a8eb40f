// The KMS hot path's cache of key rows and their aliases/tags (every Decrypt that SSM, Secrets Manager
// or a KMS caller makes): two reads per call fewer. Freshness rules in storage/read-cache.ts; every
// function that writes a kms_* table (store.ts, store-aliases.ts) calls noteKeyWrite().
// Nothing secret is held here (key metadata and policy; key material has its own cache in material.ts).
import { ReadCache, WriteClock } from "../../storage/read-cache.js";
import type { KmsScope } from "./ids.js";

export { TTL_MS } from "../../storage/read-cache.js";

/** KMS table writes by this process (any server in it: harmless, only slower). */
const kmsWrites = new WriteClock();

export function noteKeyWrite(at?: number): void {
  kmsWrites.note(at);
}

/** One cache (keys, or facts) keyed by account/region/key id. */
export class KeyCache<V> {
  private readonly cache: ReadCache<V>;

  /** `now`: monotonic milliseconds (tests pass their own clock). */
  constructor(now?: () => number) {
    this.cache = new ReadCache<V>(kmsWrites, now);
  }

  get(s: KmsScope, keyId: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    return this.cache.get(`${s.accountId}/${s.region}/${keyId}`, load);
  }

  clear(): void {
    this.cache.clear();
  }
}
