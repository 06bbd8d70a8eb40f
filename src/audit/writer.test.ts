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
  let counted: Storage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "audit-writer-"));
    storage = new SqliteStorage(dir);
    await migrateAudit(storage);
    await storage.write((tx) => ensureHead(tx, NODE, GENESIS_HASH));
    writes = 0;
    // The real engine, counting how many transactions the writer opens.
    counted = { engine: storage.engine, read: (fn) => storage.read(fn), write: (fn) => { writes += 1; return storage.write(fn); }, migrate: (n, d) => storage.migrate(n, d), close: () => storage.close() };
  });
  afterEach(async () => {
    await storage.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const writer = (failClosed: boolean): AuditWriter =>
    new AuditWriter({ storage: counted, nodeId: NODE, chainKey: () => KEY, logger, failClosed, onCommitted: () => undefined });

  it("group-commits concurrent reads' events into one transaction, in order, on one valid chain", async () => {
    const w = writer(true);
    await Promise.all(Array.from({ length: 40 }, (_, i) => w.enqueue([event(i)])));
    assert.equal(writes, 1);
    const rows = await storage.read((tx) => eventsAfter(tx, NODE, 0, 100));
    assert.deepEqual(rows.map((r) => r.event_id), Array.from({ length: 40 }, (_, i) => `e${i}`));
    const v = new ChainVerifier(NODE, { seq: 0, hash: GENESIS_HASH }, KEY);
    rows.forEach((r) => v.push({ nodeId: NODE, seq: r.seq, prevHash: r.prev_hash, hash: r.hash, mac: r.mac, record: r.record, eventId: r.event_id }));
    assert.deepEqual(v.findings, []);
    assert.deepEqual(await storage.read((tx) => readHead(tx, NODE)), { seq: 40, hash: rows[39]?.hash });
  });

  // The trail's table gone: every append fails inside its transaction.
  const breakTrail = (): Promise<void> => storage.migrate("break", "DROP TABLE audit_events");

  it("fail-closed: a read whose event cannot be written fails", async () => {
    const w = writer(true);
    await w.enqueue([event(1)]);
    await breakTrail();
    await assert.rejects(w.enqueue([event(2)]), /no such table: audit_events/);
  });

  it("fail-open: the read is answered and the failure only logged", async () => {
    const w = writer(false);
    await breakTrail();
    await w.enqueue([event(1)]);
    await w.flush();
    assert.equal((await storage.read((tx) => readHead(tx, NODE)))?.seq, 0);
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
    assert.equal((await storage.read((tx) => readHead(tx, NODE)))?.seq, 0);
  });
});
