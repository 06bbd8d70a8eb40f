// kSigning derivation (protocol.md §6.4) with a small bounded cache: four HMACs saved per request.

import { createHmac, createSecretKey, hash, randomBytes, type KeyObject } from "node:crypto";
import { SCOPE_TERMINATOR } from "./canonical.js";

const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/** kDate = HMAC("AWS4" + secret, date) ... kSigning = HMAC(kService, "aws4_request"). */
export const deriveSigningKey = (secretAccessKey: string, date: string, region: string, service: string): Buffer =>
  hmac(hmac(hmac(hmac("AWS4" + secretAccessKey, date), region), service), SCOPE_TERMINATOR);

export interface SigningKeyCache {
  /** The signing key for (secret, date, region, service), as a KeyObject (HMAC with it skips a key import). */
  get(secretAccessKey: string, date: string, region: string, service: string): KeyObject;
  readonly size: number;
}

/**
 * The map is keyed by SHA-256(per-process random pepper, secret + scope), so no secret, nor an
 * unsalted hash of one, is kept as a key; one hash (~1 µs) replaces four HMACs. Least recently used
 * entries are evicted beyond maxEntries.
 */
export const createSigningKeyCache = (maxEntries = 1024): SigningKeyCache => {
  // Prefixed as text so one one-shot crypto.hash call (no Hash object) covers pepper and secret.
  const pepper = randomBytes(32).toString("hex");
  const entries = new Map<string, KeyObject>();
  const idOf = (secret: string, date: string, region: string, service: string): string => {
    // Byte-length prefixes keep the concatenation unambiguous whatever the parts contain.
    const text =
      `${Buffer.byteLength(secret)}:${secret}${Buffer.byteLength(date)}:${date}` +
      `${Buffer.byteLength(region)}:${region}${Buffer.byteLength(service)}:${service}`;
    return hash("sha256", pepper + text, "base64");
  };
  return {
    get(secret, date, region, service) {
      const id = idOf(secret, date, region, service);
      const hit = entries.get(id);
      if (hit !== undefined) {
        entries.delete(id); // re-insert: Map order is the LRU order
        entries.set(id, hit);
        return hit;
      }
      const key = createSecretKey(deriveSigningKey(secret, date, region, service));
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(id, key);
      return key;
    },
    get size() {
      return entries.size;
    },
  };
};

/** The process-wide cache used by verifySignature. */
export const signingKeyCache: SigningKeyCache = createSigningKeyCache();
