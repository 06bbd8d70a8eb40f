// Session tokens are self-authenticating: an HMAC under a barrier-sealed server key over the session's access
// key id and issue time (protocol.md §6.7). Nothing of the token is stored, so a database copy cannot forge one.
import { createHmac, randomBytes } from "node:crypto";
import type { Barrier } from "../../crypto/barrier.js";
import type { Storage } from "../../storage/types.js";
import { insertTokenKey, tokenKeyRow } from "./store.js";

/** moto's STS tests expect this prefix (protocol.md §6.7); real AWS tokens share it. */
export const TOKEN_PREFIX = "FQoGZXIvYXdzE";
const KEY_AAD = "sts_meta/token_key";

export interface TokenMinter {
  mint(accessKeyId: string, issuedAt: string): string;
}

/** Loads (or on first start creates) the account's token key. */
export async function openTokenMinter(storage: Storage, barrier: Barrier, accountId: string): Promise<TokenMinter> {
  let sealed = await storage.read((tx) => tokenKeyRow(tx, accountId));
  if (sealed === undefined) {
    const fresh = barrier.encrypt(KEY_AAD, randomBytes(32));
    await storage.write((tx) => insertTokenKey(tx, accountId, fresh));
    sealed = await storage.read((tx) => tokenKeyRow(tx, accountId));
    if (sealed === undefined) throw new Error("STS token key could not be stored");
  }
  const wrapped = sealed;
  // The key is opened on first use after each unseal and zeroed when the barrier seals.
  let key: Buffer | null = null;
  barrier.onSeal(() => {
    key?.fill(0);
    key = null;
  });
  return {
    mint(accessKeyId, issuedAt) {
      key ??= barrier.decrypt(KEY_AAD, wrapped);
      const mac = createHmac("sha256", key).update(`paramstore-sts-v1\n${accessKeyId}\n${issuedAt}`).digest("base64");
      return TOKEN_PREFIX + mac;
    },
  };
}
