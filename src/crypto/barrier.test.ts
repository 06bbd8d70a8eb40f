import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStorage } from "../storage/sqlite/index.js";
import { aesGcmEncrypt } from "./aead.js";
import { Barrier, BarrierError } from "./barrier.js";
import { encodeBarrier } from "./formats.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshStorage(): SqliteStorage {
  const dir = mkdtempSync(join(tmpdir(), "paramstore-barrier-"));
  dirs.push(dir);
  return new SqliteStorage(dir);
}

const WRONG_KEY = "the root key does not open this data directory's keyring (wrong key, passphrase or shares)";

describe("Barrier", () => {
  it("encrypts with the row identity as AAD and opens again after a reload with the same root key", async () => {
    const storage = freshStorage();
    const root = randomBytes(32);
    const b = await Barrier.open(storage, Buffer.from(root));
    const blob = b.encrypt("t/row1", Buffer.from("value"));
    assert.throws(() => b.decrypt("t/row2", blob), { message: "barrier ciphertext for t/row2 failed authentication" });
    const again = await Barrier.open(storage, Buffer.from(root));
    assert.equal(again.decrypt("t/row1", blob).toString(), "value");
    await storage.close();
  });

  it("hands its keyring to a sibling process's barrier, which then opens the same data; the copy is zeroed", async () => {
    const storage = freshStorage();
    const b = await Barrier.open(storage, randomBytes(32));
    const blob = b.encrypt("t/row1", Buffer.from("value"));
    const sibling = await Barrier.attach(storage);
    assert.equal(sibling.isSealed, true);
    const ring = b.exportKeyring();
    sibling.adoptKeyring(ring);
    assert.ok(ring.every((x) => x === 0));
    assert.equal(sibling.decrypt("t/row1", blob).toString(), "value");
    assert.equal(b.decrypt("t/row1", sibling.encrypt("t/row1", Buffer.from("back"))).toString(), "back");
    b.seal();
    assert.throws(() => b.exportKeyring(), BarrierError);
    assert.throws(() => sibling.adoptKeyring(Buffer.from("{}")), BarrierError);
    await storage.close();
  });

  it("refuses a wrong root key with BarrierError and stays sealed", async () => {
    const storage = freshStorage();
    await Barrier.open(storage, randomBytes(32));
    const b = await Barrier.attach(storage);
    await assert.rejects(b.unseal(randomBytes(32)), (e: unknown) => e instanceof BarrierError && e.message === WRONG_KEY);
    assert.equal(b.isSealed, true);
    await storage.close();
  });

  it("seal() forgets the keys and tells every listener, even when one throws", async () => {
    const storage = freshStorage();
    const b = await Barrier.open(storage, randomBytes(32));
    const blob = b.encrypt("t/x", Buffer.from("v"));
    const calls: string[] = [];
    b.onSeal(() => calls.push("a"));
    b.onSeal(() => {
      calls.push("b");
      throw new Error("cache failed");
    });
    const off = b.onSeal(() => calls.push("c"));
    b.onSeal(() => calls.push("d"));
    off();
    assert.throws(() => b.seal(), { message: "cache failed" });
    assert.deepEqual(calls, ["a", "b", "d"]);
    assert.equal(b.isSealed, true);
    assert.throws(() => b.decrypt("t/x", blob), { message: "barrier is sealed" });
    assert.throws(() => b.encrypt("t/x", Buffer.from("v")), { message: "barrier is sealed" });
    await storage.close();
  });

  it("rewrap moves the keyring to a new root key without touching data; the old key stops working", async () => {
    const storage = freshStorage();
    const oldRoot = randomBytes(32);
    const newRoot = randomBytes(32);
    const b = await Barrier.open(storage, Buffer.from(oldRoot));
    const blob = b.encrypt("t/x", Buffer.from("kept"));
    await b.rewrap(newRoot);
    assert.equal(await b.checkRootKey(oldRoot), false);
    assert.equal(await b.checkRootKey(newRoot), true);
    const reopened = await Barrier.open(storage, Buffer.from(newRoot));
    assert.equal(reopened.decrypt("t/x", blob).toString(), "kept");
    await assert.rejects(Barrier.open(storage, Buffer.from(oldRoot)), BarrierError);
    await storage.close();
  });

  it("rewrap runs the caller's statements in the same transaction, and a throw rolls both back", async () => {
    const storage = freshStorage();
    const root = randomBytes(32);
    const b = await Barrier.open(storage, Buffer.from(root));
    await storage.migrate("test-side", "CREATE TABLE side (v TEXT)");
    await assert.rejects(b.rewrap(randomBytes(32), async (tx) => {
      await tx.run("INSERT INTO side (v) VALUES ('x')");
      throw new Error("abort");
    }), { message: "abort" });
    assert.equal(await b.checkRootKey(root), true);
    assert.equal((await storage.read((tx) => tx.all("SELECT v FROM side"))).length, 0);
    await storage.close();
  });

  it("rewrap of a sealed barrier is refused: wrapping its empty ring would destroy every key", async () => {
    const storage = freshStorage();
    const root = randomBytes(32);
    const b = await Barrier.open(storage, Buffer.from(root));
    b.seal();
    await assert.rejects(b.rewrap(randomBytes(32)), { message: "barrier is sealed" });
    assert.equal(await b.checkRootKey(root), true);
    await storage.close();
  });

  it("hasKeyring and writeNewKeyring: an attached store is empty until a keyring is written", async () => {
    const storage = freshStorage();
    const b = await Barrier.attach(storage);
    assert.equal(await b.hasKeyring(), false);
    assert.equal(await b.checkRootKey(randomBytes(32)), false);
    const root = randomBytes(32);
    await storage.write((tx) => b.writeNewKeyring(tx, root));
    assert.equal(await b.hasKeyring(), true);
    assert.equal(b.isSealed, true);
    await b.unseal(Buffer.from(root));
    assert.equal(b.isSealed, false);
    await storage.close();
  });

  it("still opens a keyring written in the earlier JSON layout", async () => {
    const storage = freshStorage();
    const b = await Barrier.attach(storage);
    const root = randomBytes(32);
    const termKey = randomBytes(32);
    const json = JSON.stringify({ active: 1, terms: [{ term: 1, key: termKey.toString("base64") }] });
    const wrapped = encodeBarrier(0, aesGcmEncrypt(root, Buffer.from(json), Buffer.from("sys/keyring")));
    await storage.write((tx) => tx.run("INSERT INTO sys_keyring (id, wrapped, updated_at) VALUES (1, ?, ?)", [wrapped, "2025-01-01T00:00:00Z"]));
    const blob = encodeBarrier(1, aesGcmEncrypt(termKey, Buffer.from("old data"), Buffer.from("t/x")));
    await b.unseal(Buffer.from(root));
    assert.equal(b.decrypt("t/x", blob).toString(), "old data");
    await storage.close();
  });
});
