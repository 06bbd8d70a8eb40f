// PURE: LookupEvents NextToken — a keyset cursor (last event returned) bound to the query it came from,
// so a token replayed with other parameters is refused (the model requires the same parameters).
import { createHash } from "node:crypto";

export interface Cursor {
  readonly time: number;
  readonly nodeId: string;
  readonly seq: number;
}

export interface QueryShape {
  readonly attribute?: { readonly key: string; readonly value: string };
  readonly startTime?: number;
  readonly endTime?: number;
  readonly region: string;
}

/** MaxResults may change between pages (botocore's --page-size does not, users may): not part of the binding. */
export function queryFingerprint(q: QueryShape): string {
  const text = JSON.stringify([q.region, q.attribute?.key ?? null, q.attribute?.value ?? null, q.startTime ?? null, q.endTime ?? null]);
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

export function encodeToken(c: Cursor, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, t: c.time, n: c.nodeId, s: c.seq, q: fingerprint }), "utf8").toString("base64url");
}

/** The cursor, or null when the token is malformed or belongs to another query. */
export function decodeToken(token: string, fingerprint: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (v === null || typeof v !== "object") return null;
  const o = v as Record<string, unknown>; // JSON object, checked member by member below
  const ok = o.v === 1 && Number.isSafeInteger(o.t) && typeof o.n === "string" && Number.isSafeInteger(o.s) && o.q === fingerprint;
  return ok ? { time: o.t as number, nodeId: o.n as string, seq: o.s as number } : null; // checked just above
}
