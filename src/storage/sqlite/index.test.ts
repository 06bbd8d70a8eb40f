import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { SqliteStorage } from "./index.js";

describe("SqliteStorage", () => {
  let dir: string;
  let storage: SqliteStorage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paramstore-sqlite-"));
    storage = new SqliteStorage(dir);
    await storage.migrate("t1", "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
  });

  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readV = (k: string): Promise<number | undefined> =>
    storage.read(async (tx) => (await tx.get<{ v: number }>("SELECT v FROM t WHERE k = ?", [k]))?.v);

  it("closes with the background checkpointer running: the writer closes last and removes the WAL", async () => {
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    await new Promise((r) => setTimeout(r, 1_100));
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["b", 2])); // starts a checkpoint
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["c", 3]));
    await storage.close();
    assert.equal(existsSync(join(dir, "paramstore.db-wal")), false);
    storage = new SqliteStorage(dir); // for afterEach
    assert.equal(await readV("c"), 3);
  });

  it("checkpoints in the background without the writer: the database file alone has the rows before close", async () => {
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    await new Promise((r) => setTimeout(r, 1_100));
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["b", 2])); // starts the checkpoint
    for (let i = 0; i < 100 && (storage as unknown as { checkpointer: { busy: boolean } }).checkpointer.busy; i++) await new Promise((r) => setTimeout(r, 10));
    copyFileSync(join(dir, "paramstore.db"), join(dir, "copy.db"));
    const copy = new Database(join(dir, "copy.db"), { readonly: true });
    try {
      assert.deepEqual(copy.prepare("SELECT k FROM t ORDER BY k").pluck().all(), ["a", "b"]);
    } finally {
      copy.close();
    }
  });

  it("waits for another process's write lock without blocking the event loop, then commits", async () => {
    const other = new SqliteStorage(dir); // a second writer on the same file, as a --workers sibling is
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const holding = storage.write(async (tx) => {
        await tx.run("INSERT INTO t (k, v) VALUES ('held', 1)");
        await gate; // keeps the write lock while the other writer tries
      });
      await new Promise((r) => setTimeout(r, 10));
      const waiting = other.write((tx) => tx.run("INSERT INTO t (k, v) VALUES ('waited', 2)"));
      // The event loop keeps turning while the other writer waits for the lock.
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 5);
      await new Promise((r) => setTimeout(r, 100));
      clearInterval(timer);
      assert.ok(ticks >= 10, `event loop turned ${ticks} times in 100 ms`);
      release();
      await holding;
      await waiting;
      assert.deepEqual([await readV("held"), await readV("waited")], [1, 2]);
    } finally {
      await other.close();
    }
  });

  it("applies a migration once when two processes start together", async () => {
    const other = new SqliteStorage(dir);
    try {
      await Promise.all([
        storage.migrate("t2", "CREATE TABLE t2 (k TEXT PRIMARY KEY); INSERT INTO t2 (k) VALUES ('once')"),
        other.migrate("t2", "CREATE TABLE t2 (k TEXT PRIMARY KEY); INSERT INTO t2 (k) VALUES ('once')"),
        storage.migrate("d1", async (tx) => { await tx.run("INSERT INTO t (k, v) VALUES ('data', 1)"); }),
        other.migrate("d1", async (tx) => { await tx.run("INSERT INTO t (k, v) VALUES ('data', 1)"); }),
      ]);
      assert.equal(await storage.read(async (tx) => (await tx.all("SELECT k FROM t2")).length), 1);
      assert.equal(await readV("data"), 1);
    } finally {
      await other.close();
    }
  });

  it("commits a write and reads it back", async () => {
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    assert.equal(await readV("a"), 1);
  });

  it("rolls back only the write that throws in a shared batch", async () => {
    const ok = storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    const bad = storage.write(async (tx) => {
      await tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["b", 2]);
      throw new Error("refused");
    });
    const ok2 = storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["c", 3]));
    await ok;
    await assert.rejects(bad, /refused/);
    await ok2;
    assert.deepEqual([await readV("a"), await readV("b"), await readV("c")], [1, undefined, 3]);
  });

  it("never lets a read see a batch's uncommitted rows, and sees them once committed", async () => {
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    let seenInside: number | undefined;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const write = storage.write(async (tx) => {
      await tx.run("UPDATE t SET v = 2 WHERE k = ?", ["a"]);
      // Another request's read runs while this batch's transaction is open.
      seenInside = await readV("a");
      await gate;
      // The writer's own view includes its change.
      assert.equal((await tx.get<{ v: number }>("SELECT v FROM t WHERE k = ?", ["a"]))?.v, 2);
    });
    await new Promise((r) => setTimeout(r, 10));
    const seenDuring = await readV("a");
    release();
    await write;
    assert.equal(seenDuring, 1, "a read during the open batch sees the last committed value");
    assert.equal(seenInside, 1);
    assert.equal(await readV("a"), 2);
  });

  it("a read after a rolled-back batch sees the state before it", async () => {
    await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?)", ["a", 1]));
    await assert.rejects(storage.write(async (tx) => {
      await tx.run("UPDATE t SET v = 5 WHERE k = ?", ["a"]);
      throw new Error("no");
    }));
    assert.equal(await readV("a"), 1);
  });

  it("reads see commits made between reads (no stale cache on either connection)", async () => {
    for (let i = 0; i < 50; i++) {
      await storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", ["x", i]));
      const unsynced = storage.write((tx) => tx.run("INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", ["y", i]), { sync: false });
      assert.equal(await readV("x"), i);
      await unsynced;
      assert.equal(await readV("y"), i);
    }
  });
});
