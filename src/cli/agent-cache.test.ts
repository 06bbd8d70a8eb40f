import assert from "node:assert/strict";
import { test } from "node:test";
import { LruTtlCache } from "./agent-cache.js";

const a = (body: string) => ({ status: 200, body });

test("LruTtlCache keeps an answer for its TTL only", () => {
  const c = new LruTtlCache(10);
  c.set("k", a("1"), 2, 1000);
  assert.deepEqual(c.get("k", 2999), a("1"));
  assert.equal(c.get("k", 3000), undefined);
});

test("LruTtlCache drops the least recently used past its bound", () => {
  const c = new LruTtlCache(2);
  c.set("a", a("a"), 60, 0);
  c.set("b", a("b"), 60, 0);
  c.get("a", 1); // a is now the most recent
  c.set("c", a("c"), 60, 2);
  assert.equal(c.get("b", 3), undefined);
  assert.deepEqual(c.get("a", 3), a("a"));
  assert.deepEqual(c.get("c", 3), a("c"));
});

test("LruTtlCache with TTL 0 or no room caches nothing", () => {
  const zeroTtl = new LruTtlCache(10);
  zeroTtl.set("k", a("1"), 0, 0);
  assert.equal(zeroTtl.size, 0);
  const noRoom = new LruTtlCache(0);
  noRoom.set("k", a("1"), 60, 0);
  assert.equal(noRoom.size, 0);
});
