import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceError } from "../../protocol/errors.js";
import { decodeMarker, encodeMarker, LIMITS, page, pageLimit } from "./markers.js";

const invalidMarker = (e: unknown): boolean => isServiceError(e) && e.code === "InvalidMarkerException" && e.message === "Invalid marker";

test("a marker round-trips its sort key and is opaque base64url", () => {
  const m = encodeMarker("aliases", "alias/x");
  assert.match(m, /^[A-Za-z0-9_-]+$/);
  assert.equal(decodeMarker("aliases", m), "alias/x");
  assert.equal(decodeMarker("aliases", undefined), "");
});

test("markers of another list, forged or malformed markers are InvalidMarkerException", () => {
  assert.throws(() => decodeMarker("keys", encodeMarker("aliases", "alias/x")), invalidMarker);
  assert.throws(() => decodeMarker("keys", "not a marker!"), invalidMarker);
  assert.throws(() => decodeMarker("keys", Buffer.from("keys:x").toString("base64") + "=="), invalidMarker);
  assert.throws(() => decodeMarker("keys", 42), invalidMarker);
});

test("page: limit + 1 rows mean truncated, with the last returned row as the marker", () => {
  const full = page(["a", "b", "c"], 2, "t", (x) => x);
  assert.deepEqual(full.items, ["a", "b"]);
  assert.equal(full.Truncated, true);
  assert.equal(decodeMarker("t", full.NextMarker), "b");
  const last = page(["a", "b"], 2, "t", (x) => x);
  assert.deepEqual(last, { items: ["a", "b"], Truncated: false });
  assert.deepEqual(page([], 5, "t", (x: string) => x), { items: [], Truncated: false });
});

test("page sizes: each list's default without Limit, and never more than its maximum", () => {
  assert.equal(pageLimit(undefined, LIMITS.keys), 100);
  assert.equal(pageLimit(undefined, LIMITS.aliases), 50);
  assert.equal(pageLimit(undefined, LIMITS.tags), 50);
  assert.equal(pageLimit(7, LIMITS.aliases), 7);
  assert.equal(pageLimit(1000, LIMITS.aliases), 100);
  assert.equal(pageLimit(1000, LIMITS.tags), 50);
  assert.equal(pageLimit(1000, LIMITS.keys), 1000);
});
