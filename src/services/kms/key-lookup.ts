// Key lookups of the crypto hot path, through the short-lived cache of key-cache.ts in read
// transactions; a write transaction reads its own view (it may hold this batch's uncommitted changes).
import type { ReadTx } from "../../storage/types.js";
import type { KmsScope } from "./ids.js";
import { isWriteTx, type KmsRuntime } from "./runtime.js";
import { keyFacts, type KeyFacts } from "./store-aliases.js";
import { getKey, type KmsKey } from "./store.js";

/** The key row (shared between requests: treat as read-only). */
export function lookupKey(rt: KmsRuntime, tx: ReadTx, s: KmsScope, keyId: string): Promise<KmsKey | undefined> {
  if (isWriteTx(tx)) return getKey(tx, s, keyId);
  return rt.cache.keys.get(tx, s, keyId, () => getKey(tx, s, keyId));
}

/** The key's aliases and tags (shared between requests: treat as read-only). */
export async function lookupFacts(rt: KmsRuntime, tx: ReadTx, s: KmsScope, keyId: string): Promise<KeyFacts> {
  if (isWriteTx(tx)) return keyFacts(tx, s, keyId);
  const facts = await rt.cache.facts.get(tx, s, keyId, () => keyFacts(tx, s, keyId));
  return facts ?? { aliases: [], tags: [] }; // not reached: keyFacts always answers
}
