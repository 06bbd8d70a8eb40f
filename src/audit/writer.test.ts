import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { pino } from "pino";
import { SqliteStorage } from "../storage/sqlite/index.js";
import type { Storage } from "../storage/types.js";
import { ChainVerifier, GENESIS_HASH } from "./chain.js";
import { apiCallRecord } from "./event.js";
import { ensureHead, eventsAfter, migrateAudit, readHead } from "./store.js";
import { AuditWriter, prepare } from "./writer.js";

const NODE = "node-t";
const KEY = Buffer.alloc(32, 3);
const logger = pino({ level: "silent" });

function event(i: number): ReturnType<typeof prepare> {
  const rec = apiCallRecord({
    eventSource: "ssm.amazonaws.com", eventName: "GetParameter", accountId: "123456789012", region: "us-east-1",
    request: { requestId: `r${i}`, receivedAt: new Date(0), sourceIp: "127.0.0.1", userAgent: "t", isTls: false },
    requestParameters: { name: `/p/${i}` }, responseElements: null, resources: [],
  }, { eventId: `e${i}`, requestId: `r${i}` }, new Date(1_700_000_000_000 + i * 1000));
  return prepare(rec, "123456789012", "us-east-1");
}

describe("AuditWriter", () => {
  let dir: string;
  let storage: SqliteStorage;
  let writes: number;
  let syncs: Array<boolean | undefined>;
  let counted: Storage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "audit-writer-"));
    storage = new SqliteStorage(dir);
    await migrateAudit(storage);
    await storage.write((tx) => ensureHead(tx, NODE, GENESIS_HASH));
    writes = 0;
    syncs = [];
    // The real engine, counting how many transactions the writer opens and whether it waits for the disk.
    counted = {
      engine: storage.engine, read: (fn) => storage.read(fn), migrate: (n, d) => storage.migrate(n, d), close: () => storage.close(),
      write: (fn, opts) => { writes += 1; syncs.push(opts?.sync); return storage.write(fn, opts); },
    };
  });
  afterEach(async () => {
    writers.forEach((w) => w.close());
    writers.length = 0;
    await storage.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const writers: AuditWriter[] = [];
  const writer = (failClosed: boolean, syncReads = false): AuditWriter => {
    const w = new AuditWriter({ storage: counted, nodeId: NODE, chainKey: () => KEY, logger, failClosed, syncReads, onCommitted: () => undefined });
    writers.push(w);
    return w;
  };
  const head = async (): Promise<number | undefined> => (await storage.read((tx) => readHead(tx, NODE)))?.seq;

  it("group-commits the events of concurrent reads in one transaction, in order, on one valid chain", async () => {
    const w = writer(true);
    await Promise.all(Array.from({ length: 40 }, (_, i) => w.enqueue([event(i)])));
    assert.equal(writes, 1);
    assert.deepEqual(syncs, [false], "committed to the OS; reads do not wait for the fsync");
    const rows = await storage.read((tx) => eventsAfter(tx, NODE, 0, 100));
    assert.deepEqual(rows.map((r) => r.event_id), Array.from({ length: 40 }, (_, i) => `e${i}`));
    const v = new ChainVerifier(NODE, { seq: 0, hash: GENESIS_HASH }, KEY);
    rows.forEach((r) => v.push({ nodeId: NODE, seq: r.seq, prevHash: r.prev_hash, hash: r.hash, mac: r.mac, record: r.record, eventId: r.event_id }));
    assert.deepEqual(v.findings, []);
    assert.deepEqual(await storage.read((tx) => readHead(tx, NODE)), { seq: 40, hash: rows[39]?.hash });
  });

  // The trail's table out of reach: every append fails inside its transaction, until repaired.
  const breakTrail = (): Promise<void> => storage.migrate("break", "ALTER TABLE audit_events RENAME TO audit_events_away");
  const repairTrail = (): Promise<void> => storage.migrate("repair", "ALTER TABLE audit_events_away RENAME TO audit_events");
  const ids = async (): Promise<string[]> => (await storage.read((tx) => eventsAfter(tx, NODE, 0, 10))).map((r) => r.event_id);

  it("fail-closed: a read whose event cannot be written is refused, and leaves no event behind", async () => {
    const w = writer(true);
    await w.enqueue([event(1)]);
    await breakTrail();
    await assert.rejects(w.enqueue([event(2)]), /no such table: audit_events/);
    assert.equal(w.isHealthy, false);
    await repairTrail();
    await w.enqueue([event(3)]);
    assert.equal(w.isHealthy, true);
    assert.deepEqual(await ids(), ["e1", "e3"]);
  });

  it("fail-open: reads are answered while the trail fails; their events are kept and written once it works", async () => {
    const w = writer(false);
    await breakTrail();
    await w.enqueue([event(1)]);
    await assert.rejects(w.flush());
    await w.enqueue([event(2)]);
    assert.equal(await head(), 0);
    await repairTrail();
    await w.flush();
    assert.deepEqual(await ids(), ["e1", "e2"]);
  });

  it("sync reads: answered only once the event is on disk", async () => {
    const w = writer(true, true);
    await w.enqueue([event(1)]);
    assert.deepEqual(syncs, [true]);
    assert.equal(await head(), 1);
  });

  it("in a caller's transaction a failing append rolls the caller's change back too", async () => {
    const w = writer(true);
    await storage.migrate("t", "CREATE TABLE t (x INTEGER)");
    await assert.rejects(storage.write(async (tx) => {
      await tx.run("INSERT INTO t (x) VALUES (1)");
      await w.appendInTx(tx, [event(1)]);
      throw new Error("the operation failed after auditing");
    }));
    assert.equal((await storage.read((tx) => tx.all("SELECT * FROM t"))).length, 0);
    assert.equal(await head(), 0);
  });
});
