// k-of-n Shamir shares of the root key (shamir-secret-sharing: GF(2^8), audited, node:crypto randomness).
// Text form of a share: "<index>-<base64url(setId 4 | share 33 | check 4)>"; the set id ties a share to
// one init/rotation and the check catches typing mistakes before any unseal attempt.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { combine, split } from "shamir-secret-sharing";
import { KEY_BYTES } from "../aead.js";

export const MIN_SHARES = 2;
export const MAX_SHARES = 255;
const SET_ID_BYTES = 4;
const CHECK_BYTES = 4;
/** 32 key bytes (one polynomial per byte) + the x coordinate the library appends. */
const SHARE_BYTES = KEY_BYTES + 1;
const PAYLOAD_BYTES = SET_ID_BYTES + SHARE_BYTES + CHECK_BYTES;
const SHARE_TEXT = /^(\d{1,3})-([A-Za-z0-9_-]+)$/;

export class ShareError extends Error {}

export interface ParsedShare {
  /** 1-based position in the printed list (for people; the x coordinate is inside `bytes`). */
  readonly index: number;
  /** Hex id of the share set (one init or rotate-root). */
  readonly setId: string;
  readonly bytes: Buffer;
}

export interface ShareSet {
  readonly setId: string;
  readonly shares: string[];
}

/** Checks n and k as the operator gave them; null when fine, else the problem. */
export function sharesProblem(shares: number, threshold: number): string | null {
  if (!Number.isInteger(shares) || shares < MIN_SHARES || shares > MAX_SHARES) return `--shares must be an integer from ${MIN_SHARES} to ${MAX_SHARES}`;
  if (!Number.isInteger(threshold) || threshold < MIN_SHARES || threshold > shares) return `--threshold must be an integer from ${MIN_SHARES} to the number of shares (${shares})`;
  return null;
}

/** Splits a 256-bit root key into `shares` texts, any `threshold` of which recombine it. */
export async function splitRootKey(rootKey: Buffer, shares: number, threshold: number): Promise<ShareSet> {
  if (rootKey.length !== KEY_BYTES) throw new ShareError("the root key must be 32 bytes");
  const problem = sharesProblem(shares, threshold);
  if (problem) throw new ShareError(problem);
  const setId = randomBytes(SET_ID_BYTES);
  // The library checks `constructor === Uint8Array`, so it gets a plain copy, zeroed after use.
  const secret = new Uint8Array(rootKey);
  const parts = await split(secret, shares, threshold).finally(() => secret.fill(0));
  const texts = parts.map((part, i) => {
    const bytes = Buffer.from(part);
    const text = encodeShare(i + 1, setId, bytes);
    bytes.fill(0);
    part.fill(0);
    return text;
  });
  return { setId: setId.toString("hex"), shares: texts };
}

/** Parses and checks one share text; the message never repeats the share (it is a secret). */
export function parseShare(text: string): ParsedShare {
  const m = SHARE_TEXT.exec(text.trim());
  if (!m) throw new ShareError("malformed share: expected <number>-<base64url> as printed by paramstore operator init");
  const index = Number(m[1]);
  const payload = Buffer.from(m[2] ?? "", "base64url");
  if (index < 1 || index > MAX_SHARES || payload.length !== PAYLOAD_BYTES) {
    throw new ShareError("malformed share: wrong length or number (was it copied completely?)");
  }
  const setId = payload.subarray(0, SET_ID_BYTES);
  const bytes = payload.subarray(SET_ID_BYTES, SET_ID_BYTES + SHARE_BYTES);
  const check = payload.subarray(SET_ID_BYTES + SHARE_BYTES);
  // The last base64url character carries unused bits: a changed one must not decode to the same share.
  const isCanonical = payload.toString("base64url") === m[2];
  if (!isCanonical || !timingSafeEqual(check, checksum(index, setId, bytes))) {
    throw new ShareError("malformed share: checksum mismatch (a character was changed or mistyped)");
  }
  return { index, setId: setId.toString("hex"), bytes: Buffer.from(bytes) };
}

/**
 * Recombines the root key from shares of the set `setId`. Needs at least `threshold` distinct shares;
 * fewer would yield a wrong key silently, which is why the count is checked here.
 */
export async function combineShares(shares: readonly ParsedShare[], setId: string, threshold: number): Promise<Buffer> {
  for (const s of shares) {
    if (s.setId !== setId) throw new ShareError(`share ${s.index} belongs to another share set (an earlier init or rotate-root), not the current one`);
  }
  const xs = new Set(shares.map((s) => s.bytes[KEY_BYTES]));
  if (xs.size !== shares.length) throw new ShareError("the same share was given twice");
  if (shares.length < threshold) throw new ShareError(`${threshold} shares are needed, ${shares.length} given`);
  const points = shares.map((s) => new Uint8Array(s.bytes));
  const key = await combine(points).finally(() => points.forEach((p) => p.fill(0)));
  const out = Buffer.from(key);
  key.fill(0);
  return out;
}

function encodeShare(index: number, setId: Buffer, bytes: Buffer): string {
  const payload = Buffer.concat([setId, bytes, checksum(index, setId, bytes)]);
  const text = `${index}-${payload.toString("base64url")}`;
  payload.fill(0);
  return text;
}

function checksum(index: number, setId: Buffer, bytes: Buffer): Buffer {
  const h = createHash("sha256").update("paramstore-share-v1").update(Buffer.from([index])).update(setId).update(bytes);
  return h.digest().subarray(0, CHECK_BYTES);
}
