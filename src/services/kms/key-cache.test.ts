import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyCache, noteKeyWrite, TTL_MS } from "./key-cache.js";

const scope = { accountId: "111122223333", region: "us-east-1" };

let epoch = 1e12;

/** A cache on a fake clock that starts well after any write noted before (real or by an earlier test). */
function setup(): { cache: KeyCache<string>; clock: { t: number }; loads: () => number; load: (v: string | undefined) => () => Promise<string | undefined> } {
  epoch += 1e9;
  const clock = { t: epoch };
  let n = 0;
  const load = (v: string | undefined) => async (): Promise<string | undefined> => {
    n += 1;
    return v;
  };
  return { cache: new KeyCache<string>(() => clock.t), clock, loads: () => n, load };
}

test("a read is served from the cache until TTL_MS after it started", async () => {
  const { cache, clock, loads, load } = setup();
  assert.equal(await cache.get(scope, "k", load("v1")), "v1");
  clock.t += TTL_MS - 1;
  assert.equal(await cache.get(scope, "k", load("v2")), "v1");
  assert.equal(loads(), 1);
  clock.t += 1;
  assert.equal(await cache.get(scope, "k", load("v2")), "v2");
  assert.equal(loads(), 2);
});

test("keys are told apart by account, region and key id", async () => {
  const { cache, load } = setup();
  await cache.get(scope, "k", load("a"));
  assert.equal(await cache.get({ ...scope, region: "eu-west-1" }, "k", load("b")), "b");
  assert.equal(await cache.get({ ...scope, accountId: "444455556666" }, "k", load("c")), "c");
  assert.equal(await cache.get(scope, "k2", load("d")), "d");
  assert.equal(await cache.get(scope, "k", load("x")), "a");
});

test("misses are not cached", async () => {
  const { cache, load, loads } = setup();
  assert.equal(await cache.get(scope, "k", load(undefined)), undefined);
  assert.equal(await cache.get(scope, "k", load("v")), "v");
  assert.equal(loads(), 2);
});

test("a write by this process voids older entries and bypasses the cache for TTL_MS", async () => {
  const { cache, clock, loads, load } = setup();
  await cache.get(scope, "k", load("old"));
  clock.t += 10;
  noteKeyWrite(clock.t);
  assert.equal(await cache.get(scope, "k", load("new")), "new");
  // Still within TTL_MS of the write (its transaction may not have committed): read every time.
  clock.t += TTL_MS - 1;
  assert.equal(await cache.get(scope, "k", load("newer")), "newer");
  assert.equal(loads(), 3);
  clock.t += 1;
  assert.equal(await cache.get(scope, "k", load("settled")), "settled");
  assert.equal(await cache.get(scope, "k", load("x")), "settled");
  assert.equal(loads(), 4);
});

test("a write while a read is under way keeps that read out of the cache", async () => {
  const { cache, clock, loads } = setup();
  const racing = async (): Promise<string> => {
    noteKeyWrite(clock.t + 1);
    clock.t += 2;
    return "stale";
  };
  assert.equal(await cache.get(scope, "k", racing), "stale");
  assert.equal(await cache.get(scope, "k", async () => "fresh"), "fresh");
  assert.equal(loads(), 0);
});
