import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { KeyCache, kmsEpoch } from "../services/kms/key-cache.js";
import { Epoch, migrateEpochs, ReadCache } from "./read-cache.js";
import { SqliteStorage } from "./sqlite/index.js";
import type { ReadTx } from "./types.js";

describe("ReadCache", () => {
  let dir: string;
  let storage: SqliteStorage;
  const epoch = new Epoch("test");

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paramstore-cache-"));
    storage = new SqliteStorage(dir);
    await migrateEpochs(storage);
    await storage.migrate("t1", "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES ('k', 'v1')"));
  });

  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A cache over table t, counting the loads that reached the table. */
  function cacheOverT(): { cache: ReadCache<string>; get: (k?: string) => Promise<string | undefined>; loads: () => number } {
    const cache = new ReadCache<string>(epoch);
    let n = 0;
    const load = (tx: ReadTx, k: string) => async (): Promise<string | undefined> => {
      n += 1;
      return (await tx.get<{ v: string }>("SELECT v FROM t WHERE k = ?", [k]))?.v;
    };
    return { cache, loads: () => n, get: (k = "k") => storage.read((tx) => cache.get(tx, k, load(tx, k))) };
  }
  const update = (v: string, bump = true): Promise<void> =>
    storage.write(async (tx) => {
      await tx.run("UPDATE t SET v = ? WHERE k = 'k'", [v]);
      if (bump) await epoch.bump(tx);
    });

  it("answers from the cache while the epoch is unchanged", async () => {
    const { get, loads } = cacheOverT();
    assert.deepEqual([await get(), await get(), await get()], ["v1", "v1", "v1"]);
    assert.equal(loads(), 1);
  });

  it("reads again once a write bumped the epoch (and only then)", async () => {
    const { get, loads } = cacheOverT();
    await get();
    await update("v2");
    assert.equal(await get(), "v2");
    assert.equal(loads(), 2);
    await update("v3", false); // a write that does not bump is not seen: the bump is what keeps it exact
    assert.equal(await get(), "v2");
  });

  it("does not cache misses", async () => {
    const { get, loads } = cacheOverT();
    assert.equal(await get("absent"), undefined);
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES ('absent', 'now')")); // no bump: a create must be seen anyway
    assert.equal(await get("absent"), "now");
    assert.equal(loads(), 2);
  });

  it("sees another process's committed write at once (a second connection to the same file)", async () => {
    const { get } = cacheOverT();
    assert.equal(await get(), "v1");
    const other = new SqliteStorage(dir);
    try {
      await other.write(async (tx) => {
        await tx.run("UPDATE t SET v = 'other' WHERE k = 'k'");
        await epoch.bump(tx);
      });
    } finally {
      await other.close();
    }
    assert.equal(await get(), "other");
  });

  it("a read during an uncommitted write caches the committed state, and the commit voids it", async () => {
    const { get } = cacheOverT();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let seenDuring: string | undefined;
    const write = storage.write(async (tx) => {
      await tx.run("UPDATE t SET v = 'v2' WHERE k = 'k'");
      await epoch.bump(tx);
      seenDuring = await get();
      await gate;
    });
    await new Promise((r) => setTimeout(r, 10));
    release();
    await write;
    assert.equal(seenDuring, "v1");
    assert.equal(await get(), "v2");
  });

  it("KMS keeps keys apart by account, region and key id, and follows kmsEpoch", async () => {
    const keys = new KeyCache<string>();
    const scope = { accountId: "111122223333", region: "us-east-1" };
    const get = (s: typeof scope, id: string, v: string): Promise<string | undefined> => storage.read((tx) => keys.get(tx, s, id, async () => v));
    assert.equal(await get(scope, "k", "a"), "a");
    assert.equal(await get({ ...scope, region: "eu-west-1" }, "k", "b"), "b");
    assert.equal(await get({ ...scope, accountId: "444455556666" }, "k", "c"), "c");
    assert.equal(await get(scope, "k2", "d"), "d");
    assert.equal(await get(scope, "k", "x"), "a");
    await storage.write((tx) => kmsEpoch.bump(tx));
    assert.equal(await get(scope, "k", "y"), "y");
  });
});
