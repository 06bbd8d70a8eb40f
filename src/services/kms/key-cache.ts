// The KMS hot path's cache of key rows and their aliases/tags (every Decrypt that SSM, Secrets Manager
// or a KMS caller makes): two reads per call fewer for one epoch read. Freshness rules in
// storage/read-cache.ts; every function that writes a kms_* table (store.ts, store-aliases.ts) bumps kmsEpoch.
// Nothing secret is held here (key metadata and policy; key material has its own cache in material.ts).
import { Epoch, ReadCache } from "../../storage/read-cache.js";
import type { ReadTx } from "../../storage/types.js";
import type { KmsScope } from "./ids.js";

export const kmsEpoch = new Epoch("kms");

/** One cache (keys, or facts) keyed by account/region/key id. */
export class KeyCache<V> {
  private readonly cache = new ReadCache<V>(kmsEpoch);

  get(tx: ReadTx, s: KmsScope, keyId: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    return this.cache.get(tx, `${s.accountId}/${s.region}/${keyId}`, load);
  }

  clear(): void {
    this.cache.clear();
  }
}
