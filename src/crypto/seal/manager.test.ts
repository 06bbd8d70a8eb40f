import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { SqliteStorage } from "../../storage/sqlite/index.js";
import { Barrier } from "../barrier.js";
import { bootSeal, finishInitialisation, initialiseStore, type SealDeps } from "./boot.js";
import { SealError, type SealConfig } from "./index.js";
import { PROGRESS_TTL_MS, SealManager } from "./manager.js";
import { readSealRecord } from "./store.js";

const dirs: string[] = [];
const open: SqliteStorage[] = [];
after(async () => {
  for (const s of open) await s.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const logger = pino({ level: "silent" });

interface Rig {
  readonly deps: SealDeps;
  readonly manager: SealManager;
  readonly unseals: { count: number };
  readonly clock: { now: number };
  readonly shares: readonly string[];
  readonly config: SealConfig;
}

async function rig(kind: "shamir" | "file" | "passphrase", opts: { failAfterUnseal?: () => boolean } = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), "paramstore-manager-"));
  dirs.push(dir);
  const storage = new SqliteStorage(dir);
  open.push(storage);
  const deps: SealDeps = { storage, barrier: await Barrier.attach(storage), dataDir: dir, logger };
  let config: SealConfig;
  let shares: readonly string[] = [];
  if (kind === "shamir") {
    const made = await initialiseStore(deps, { mode: "shamir", shares: 5, threshold: 3 });
    await finishInitialisation(deps, made.config);
    made.rootKey.fill(0);
    config = made.config;
    shares = made.shares ?? [];
  } else {
    config = (await bootSeal(deps, kind, async () => Buffer.from("correct horse battery"))).config;
    deps.barrier.seal();
  }
  const unseals = { count: 0 };
  const clock = { now: Date.parse("2025-06-01T00:00:00Z") };
  const manager = new SealManager({
    ...deps,
    logger,
    config,
    clock: () => new Date(clock.now),
    afterUnseal: async () => {
      unseals.count++;
      if (opts.failAfterUnseal?.()) throw new Error("service boot failed");
    },
  });
  return { deps, manager, unseals, clock, shares, config };
}

const code = (c: string, message?: string) => (e: unknown): boolean => {
  assert.ok(e instanceof SealError, String(e));
  assert.equal(e.code, c);
  if (message !== undefined) assert.equal(e.message, message);
  return true;
};
const share = (r: Rig, i: number): string => r.shares[i] ?? assert.fail(`no share ${i}`);

describe("SealManager: Shamir unseal", () => {
  it("counts shares to the threshold, refuses repeats and foreign or damaged shares without counting them", async () => {
    const r = await rig("shamir");
    assert.deepEqual(r.manager.status(), { sealed: true, mode: "shamir", threshold: 3, shares: 5, progress: 0, rotationPending: false });
    assert.equal((await r.manager.unseal({ share: share(r, 0) })).progress, 1);
    await assert.rejects(r.manager.unseal({ share: share(r, 0) }), code("InvalidShare", "share 1 was already given"));
    const foreign = await rig("shamir");
    await assert.rejects(r.manager.unseal({ share: share(foreign, 1) }), code("InvalidShare", "share 2 belongs to another share set (an earlier init or rotate-root), not the current one"));
    await assert.rejects(r.manager.unseal({ share: share(r, 1).slice(0, -3) + "AAA" }), code("InvalidShare"));
    assert.equal((await r.manager.unseal({ share: share(r, 3) })).progress, 2);
    assert.equal(r.deps.barrier.isSealed, true);
    assert.equal(r.unseals.count, 0);
    const st = await r.manager.unseal({ share: share(r, 4) });
    assert.equal(st.sealed, false);
    assert.equal(r.deps.barrier.isSealed, false);
    assert.equal(r.unseals.count, 1);
  });

  it("seal zeroes the keys; any other 3 shares unseal again; unseal while unsealed changes nothing", async () => {
    const r = await rig("shamir");
    for (const i of [0, 1, 2]) await r.manager.unseal({ share: share(r, i) });
    const blob = r.deps.barrier.encrypt("t/x", Buffer.from("v"));
    assert.equal((await r.manager.seal()).sealed, true);
    assert.throws(() => r.deps.barrier.decrypt("t/x", blob), { message: "barrier is sealed" });
    for (const i of [4, 2, 3]) await r.manager.unseal({ share: share(r, i) });
    assert.equal(r.deps.barrier.decrypt("t/x", blob).toString(), "v");
    assert.equal((await r.manager.unseal({ share: share(r, 0) })).sealed, false);
    assert.equal(r.unseals.count, 2);
  });

  it("shares that recombine to a key that does not open the keyring fail cleanly and start over", async () => {
    const r = await rig("shamir");
    for (const i of [0, 1, 2]) await r.manager.unseal({ share: share(r, i) });
    await r.deps.barrier.rewrap(randomBytes(32)); // the shares no longer match the stored keyring
    await r.manager.seal();
    await r.manager.unseal({ share: share(r, 0) });
    await r.manager.unseal({ share: share(r, 1) });
    await assert.rejects(r.manager.unseal({ share: share(r, 2) }), code("WrongShares", `the shares do not open the keyring of ${r.deps.dataDir} (wrong or tampered shares)`));
    assert.equal(r.manager.status().progress, 0);
    assert.equal(r.deps.barrier.isSealed, true);
  });

  it("partial progress expires after the TTL and can be reset on request", async () => {
    const r = await rig("shamir");
    await r.manager.unseal({ share: share(r, 0) });
    await r.manager.unseal({ share: share(r, 1) });
    r.clock.now += PROGRESS_TTL_MS + 1;
    assert.equal(r.manager.status().progress, 0);
    await r.manager.unseal({ share: share(r, 1) });
    assert.equal((await r.manager.unseal({ reset: true })).progress, 0);
  });

  it("when the services fail to start after the keyring opened, the server is sealed again", async () => {
    let fail = true;
    const r = await rig("shamir", { failAfterUnseal: () => fail });
    await r.manager.unseal({ share: share(r, 0) });
    await r.manager.unseal({ share: share(r, 1) });
    await assert.rejects(r.manager.unseal({ share: share(r, 2) }), code("ServicesFailed", "the keyring opened, but the services failed to start (see the server log); the server is sealed again"));
    assert.equal(r.deps.barrier.isSealed, true);
    fail = false;
    for (const i of [0, 1, 2]) await r.manager.unseal({ share: share(r, i) });
    assert.equal(r.deps.barrier.isSealed, false);
  });

  it("a passphrase for a Shamir server is refused with how to unseal it", async () => {
    const r = await rig("shamir");
    await assert.rejects(r.manager.unseal({ passphrase: Buffer.from("x") }), code("InvalidRequest", "this server uses the shamir seal: unseal it with shares"));
  });
});

describe("SealManager: passphrase and file unseal", () => {
  it("passphrase: a wrong one is refused, the right one unseals", async () => {
    const r = await rig("passphrase");
    await assert.rejects(r.manager.unseal({ passphrase: Buffer.from("wrong horse battery") }), code("WrongPassphrase"));
    assert.equal(r.deps.barrier.isSealed, true);
    await assert.rejects(r.manager.unseal({ share: "1-abc" }), code("InvalidRequest", "this server uses the passphrase seal: unseal it with its passphrase"));
    assert.equal((await r.manager.unseal({ passphrase: Buffer.from("correct horse battery") })).sealed, false);
  });

  it("file: unseals from the key file", async () => {
    const r = await rig("file");
    assert.equal((await r.manager.unseal({ keyFile: true })).sealed, false);
  });
});

describe("SealManager: rotate-root", () => {
  it("is refused while sealed", async () => {
    const r = await rig("file");
    await assert.rejects(r.manager.rotate({ current: {}, next: {} }), code("Sealed", "the server is sealed: unseal it before rotating the root key"));
  });

  it("file → file: a new key file, the old one destroyed, data readable after a re-seal", async () => {
    const r = await rig("file");
    await r.manager.unseal({ keyFile: true });
    const blob = r.deps.barrier.encrypt("t/x", Buffer.from("v"));
    assert.deepEqual(await r.manager.rotate({ current: {}, next: {} }), { state: "rotated", mode: "file" });
    const rec = await readSealRecord(r.deps.storage);
    assert.equal(rec?.config?.mode, "file");
    const keyFile = rec?.config?.mode === "file" ? rec.config.keyFile : "";
    assert.match(keyFile, /^root-[0-9a-f]{8}\.key$/);
    assert.deepEqual(readdirSync(r.deps.dataDir).filter((n) => n.endsWith(".key")), [keyFile]);
    await r.manager.seal();
    await r.manager.unseal({ keyFile: true });
    assert.equal(r.deps.barrier.decrypt("t/x", blob).toString(), "v");
  });

  it("after a rotation no copy of the keyring wrapped by the old root key is left in the data files", async () => {
    const r = await rig("file");
    await r.manager.unseal({ keyFile: true });
    const old = await r.deps.storage.read((tx) => tx.get<{ wrapped: Buffer }>("SELECT wrapped FROM sys_keyring WHERE id = 1"));
    assert.ok(old);
    await r.manager.rotate({ current: {}, next: {} });
    const holders = readdirSync(r.deps.dataDir).filter((n) => readFileSync(join(r.deps.dataDir, n)).includes(old.wrapped));
    assert.deepEqual(holders, []);
  });

  it("passphrase → passphrase needs the current passphrase; a wrong one changes nothing", async () => {
    const r = await rig("passphrase");
    await r.manager.unseal({ passphrase: Buffer.from("correct horse battery") });
    const next = { passphrase: Buffer.from("a brand new passphrase") };
    await assert.rejects(r.manager.rotate({ current: {}, next }), code("InvalidRequest", "give the current passphrase to rotate a passphrase seal"));
    await assert.rejects(r.manager.rotate({ current: { passphrase: Buffer.from("nope nope nope") }, next }), code("WrongPassphrase"));
    assert.deepEqual((await readSealRecord(r.deps.storage))?.config, r.config);
    await r.manager.rotate({ current: { passphrase: Buffer.from("correct horse battery") }, next });
    await r.manager.seal();
    await assert.rejects(r.manager.unseal({ passphrase: Buffer.from("correct horse battery") }), code("WrongPassphrase"));
    assert.equal((await r.manager.unseal({ passphrase: Buffer.from("a brand new passphrase") })).sealed, false);
  });

  it("file → shamir: pending until a threshold of the new shares comes back; then the key file is gone", async () => {
    const r = await rig("file");
    await r.manager.unseal({ keyFile: true });
    const res = await r.manager.rotate({ to: "shamir", current: {}, next: { shares: 3, threshold: 2 } });
    assert.equal(res.state, "pending");
    if (res.state !== "pending") return;
    assert.equal(res.shares.length, 3);
    assert.equal(r.manager.status().mode, "file", "nothing changes before verification");
    assert.equal(r.manager.status().rotationThreshold, 2);
    await assert.rejects(r.manager.verifyRotation("00000000-0000-4000-8000-000000000000", res.shares.slice(0, 2)), code("NoPendingRotation"));
    await assert.rejects(r.manager.verifyRotation(res.nonce, res.shares.slice(0, 1)), code("InvalidShare", "2 shares are needed, 1 given"));
    assert.deepEqual(await r.manager.verifyRotation(res.nonce, res.shares.slice(1, 3)), { state: "rotated", mode: "shamir" });
    assert.equal(existsSync(join(r.deps.dataDir, "root.key")), false);
    await r.manager.seal();
    await assert.rejects(r.manager.unseal({ keyFile: true }), code("InvalidRequest"));
    await r.manager.unseal({ share: res.shares[0] ?? "" });
    assert.equal((await r.manager.unseal({ share: res.shares[2] ?? "" })).sealed, false);
  });

  it("shamir → shamir needs the current shares; the old set stops working once verified", async () => {
    const r = await rig("shamir");
    for (const i of [0, 1, 2]) await r.manager.unseal({ share: share(r, i) });
    await assert.rejects(r.manager.rotate({ current: { shares: [share(r, 0), share(r, 1)] }, next: {} }), code("InvalidShare", "3 shares are needed, 2 given"));
    const res = await r.manager.rotate({ current: { shares: [share(r, 0), share(r, 3), share(r, 4)] }, next: {} });
    if (res.state !== "pending") return assert.fail("expected pending");
    assert.equal(res.shares.length, 5);
    await assert.rejects(r.manager.verifyRotation(res.nonce, [share(r, 0), share(r, 1), share(r, 2)]), code("InvalidShare"));
    await r.manager.verifyRotation(res.nonce, res.shares.slice(2));
    await r.manager.seal();
    await assert.rejects(r.manager.unseal({ share: share(r, 0) }), code("InvalidShare"));
    for (const s of res.shares.slice(0, 3)) await r.manager.unseal({ share: s });
    assert.equal(r.deps.barrier.isSealed, false);
  });

  it("sealing drops a pending rotation", async () => {
    const r = await rig("file");
    await r.manager.unseal({ keyFile: true });
    const res = await r.manager.rotate({ to: "shamir", current: {}, next: { shares: 2, threshold: 2 } });
    await r.manager.seal();
    assert.equal(r.manager.status().rotationPending, false);
    await r.manager.unseal({ keyFile: true });
    if (res.state === "pending") await assert.rejects(r.manager.verifyRotation(res.nonce, res.shares), code("NoPendingRotation"));
  });
});
