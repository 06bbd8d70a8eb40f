// Opaque pagination markers for the List* operations: base64url of "<list>:<last sort key>".
import { invalidMarker } from "./errors.js";

/** Per-list page sizes of the API reference: default when Limit is absent, most items one page holds. */
export const LIMITS = {
  keys: { default: 100, max: 1000 },
  aliases: { default: 50, max: 100 },
  tags: { default: 50, max: 50 },
  rotations: { default: 100, max: 1000 },
} as const;

/**
 * The page size for a validated Limit (the model allows 1–1000 everywhere). Above a list's own maximum
 * the page is cut to it: KMS "does not return more than the specified number of items, but it might
 * return fewer", and Truncated/NextMarker lead the client on.
 */
export const pageLimit = (limit: number | undefined, bounds: { readonly default: number; readonly max: number }): number =>
  Math.min(limit ?? bounds.default, bounds.max);

export const encodeMarker = (list: string, last: string): string => Buffer.from(`${list}:${last}`, "utf8").toString("base64url");

/** The sort key to continue after ("" without a marker); InvalidMarkerException for a foreign one. */
export function decodeMarker(list: string, marker: unknown): string {
  if (marker === undefined) return "";
  if (typeof marker !== "string" || !/^[A-Za-z0-9_-]+$/.test(marker)) throw invalidMarker();
  const text = Buffer.from(marker, "base64url").toString("utf8");
  if (!text.startsWith(`${list}:`) || encodeMarker(list, text.slice(list.length + 1)) !== marker) throw invalidMarker();
  return text.slice(list.length + 1);
}

/** Splits `limit + 1` fetched rows into the page and the marker of the next one. */
export function page<T>(rows: readonly T[], limit: number, list: string, sortKey: (row: T) => string): {
  readonly items: T[];
  readonly Truncated: boolean;
  readonly NextMarker?: string;
} {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || last === undefined) return { items, Truncated: false };
  return { items, Truncated: true, NextMarker: encodeMarker(list, sortKey(last)) };
}
