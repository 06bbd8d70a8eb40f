import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { SqliteStorage } from "../../storage/sqlite/index.js";
import { Barrier } from "../barrier.js";
import { bootSeal, finishInitialisation, initialiseStore, type SealDeps } from "./boot.js";
import { SealError, type PassphraseSource } from "./index.js";
import { ROOT_KEY_FILE } from "./key-file.js";
import { readSealRecord, writeSealRecord } from "./store.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const logger = pino({ level: "silent" });

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "paramstore-boot-"));
  dirs.push(dir);
  return dir;
}

/** Opens the data dir like a fresh process would; `use` gets the deps, storage is closed afterwards. */
async function withDir<T>(dir: string, use: (deps: SealDeps) => Promise<T>): Promise<T> {
  const storage = new SqliteStorage(dir);
  try {
    return await use({ storage, barrier: await Barrier.attach(storage), dataDir: dir, logger });
  } finally {
    await storage.close();
  }
}

const passphrase = (text: string | null): PassphraseSource => async () => (text === null ? null : Buffer.from(text));
const noPassphrase = passphrase(null);

function sealError(code: string, message: string | RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof SealError, `expected SealError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  };
}

describe("bootSeal: file", () => {
  it("first boot writes root.key (0600) and a ready record; the next boot opens the same keyring", async () => {
    const dir = newDir();
    const blob = await withDir(dir, async (deps) => {
      const out = await bootSeal(deps, "file", noPassphrase);
      assert.deepEqual(out, { config: { mode: "file", keyFile: ROOT_KEY_FILE }, created: true, sealed: false });
      return deps.barrier.encrypt("t/x", Buffer.from("v"));
    });
    assert.equal(statSync(join(dir, ROOT_KEY_FILE)).mode & 0o777, 0o600);
    await withDir(dir, async (deps) => {
      const out = await bootSeal(deps, "file", noPassphrase);
      assert.equal(out.created, false);
      assert.equal(deps.barrier.decrypt("t/x", blob).toString(), "v");
    });
  });

  it("a replaced key file is refused cleanly, and a missing one is named", async () => {
    const dir = newDir();
    await withDir(dir, (deps) => bootSeal(deps, "file", noPassphrase));
    writeFileSync(join(dir, ROOT_KEY_FILE), Buffer.alloc(32, 7).toString("base64"));
    await withDir(dir, async (deps) => {
      await assert.rejects(bootSeal(deps, "file", noPassphrase), sealError("WrongKeyFile", `the key file root.key does not open the keyring of ${dir}`));
      assert.equal(deps.barrier.isSealed, true);
    });
    rmSync(join(dir, ROOT_KEY_FILE));
    await withDir(dir, (deps) => assert.rejects(bootSeal(deps, "file", noPassphrase), sealError("WrongKeyFile", `the root key file ${join(dir, ROOT_KEY_FILE)} is missing`)));
  });

  it("an interrupted first boot (marker left, stray key file) is redone from scratch", async () => {
    const dir = newDir();
    await withDir(dir, async (deps) => {
      await bootSeal(deps, "file", noPassphrase); // creates the schema
      await deps.storage.write((tx) => tx.run("DELETE FROM sys_keyring"));
      await deps.storage.write((tx) => writeSealRecord(tx, "initialising", null));
    });
    const stray = readFileSync(join(dir, ROOT_KEY_FILE), "utf8");
    await withDir(dir, async (deps) => {
      const out = await bootSeal(deps, "file", noPassphrase);
      assert.equal(out.created, true);
      assert.equal(deps.barrier.isSealed, false);
    });
    assert.notEqual(readFileSync(join(dir, ROOT_KEY_FILE), "utf8"), stray);
  });

  it("key files the record does not name (an interrupted rotation) are destroyed at boot", async () => {
    const dir = newDir();
    await withDir(dir, (deps) => bootSeal(deps, "file", noPassphrase));
    writeFileSync(join(dir, "root-0123abcd.key"), "leftover\n");
    writeFileSync(join(dir, "root.key.tmp"), "half\n");
    writeFileSync(join(dir, "unrelated.key"), "not ours\n");
    await withDir(dir, (deps) => bootSeal(deps, "file", noPassphrase));
    assert.equal(existsSync(join(dir, "root-0123abcd.key")), false);
    assert.equal(existsSync(join(dir, "root.key.tmp")), false);
    assert.equal(existsSync(join(dir, "unrelated.key")), true);
    assert.equal(existsSync(join(dir, ROOT_KEY_FILE)), true);
  });

  it("a data directory from before seal records (keyring + root.key) is adopted as --seal file", async () => {
    const dir = newDir();
    await withDir(dir, (deps) => bootSeal(deps, "file", noPassphrase));
    await withDir(dir, (deps) => deps.storage.write((tx) => tx.run("DELETE FROM sys_seal")));
    await withDir(dir, async (deps) => {
      const out = await bootSeal(deps, "file", noPassphrase);
      assert.equal(out.created, false);
      assert.deepEqual(await readSealRecord(deps.storage), { state: "ready", config: { mode: "file", keyFile: ROOT_KEY_FILE } });
    });
  });

  it("another --seal than the data directory's is refused with the right one named", async () => {
    const dir = newDir();
    await withDir(dir, (deps) => bootSeal(deps, "file", noPassphrase));
    await withDir(dir, (deps) => assert.rejects(bootSeal(deps, "passphrase", passphrase("long enough!")), sealError("ModeMismatch",
      `${dir} is sealed with --seal file, not passphrase: start it with --seal file (or change the seal with \`paramstore operator rotate-root --to passphrase\`)`)));
  });
});

describe("bootSeal: passphrase", () => {
  it("creates with the passphrase, reopens with it, refuses a wrong or missing one cleanly", async () => {
    const dir = newDir();
    const blob = await withDir(dir, async (deps) => {
      const out = await bootSeal(deps, "passphrase", passphrase("correct horse battery"));
      assert.equal(out.created, true);
      assert.equal(out.config.mode, "passphrase");
      return deps.barrier.encrypt("t/x", Buffer.from("v"));
    });
    await withDir(dir, async (deps) => {
      await assert.rejects(bootSeal(deps, "passphrase", passphrase("correct horse batterY")), sealError("WrongPassphrase", `wrong passphrase: it does not open the keyring of ${dir}`));
      await assert.rejects(bootSeal(deps, "passphrase", noPassphrase), sealError("InvalidRequest", "--seal passphrase needs the passphrase: set PARAMSTORE_PASSPHRASE or start from an interactive terminal"));
      assert.equal(deps.barrier.isSealed, true);
      await bootSeal(deps, "passphrase", passphrase("correct horse battery"));
      assert.equal(deps.barrier.decrypt("t/x", blob).toString(), "v");
    });
  });

  it("a too short first passphrase is refused and leaves only the marker, so the next boot can start over", async () => {
    const dir = newDir();
    await withDir(dir, (deps) => assert.rejects(bootSeal(deps, "passphrase", passphrase("short")), sealError("InvalidRequest", "the passphrase must have at least 8 characters")));
    await withDir(dir, async (deps) => {
      assert.deepEqual(await readSealRecord(deps.storage), { state: "initialising", config: null });
      assert.equal((await bootSeal(deps, "passphrase", passphrase("long enough now"))).created, true);
    });
  });
});

describe("bootSeal: shamir", () => {
  it("refuses an uninitialised or half-initialised data directory, then boots sealed once init finished", async () => {
    const dir = newDir();
    const init = `paramstore operator init --data-dir ${dir} --shares 5 --threshold 3`;
    await withDir(dir, (deps) => assert.rejects(bootSeal(deps, "shamir", noPassphrase), sealError("NotInitialised", `${dir} is not initialised for --seal shamir: run \`${init}\` first`)));
    const made = await withDir(dir, (deps) => initialiseStore(deps, { mode: "shamir", shares: 5, threshold: 3 }));
    assert.equal(made.shares?.length, 5);
    await withDir(dir, (deps) => assert.rejects(bootSeal(deps, "shamir", noPassphrase), sealError("NotInitialised", `the initialisation of ${dir} did not finish (nothing was stored under it): run \`${init}\` again`)));
    await withDir(dir, async (deps) => {
      await finishInitialisation(deps, made.config);
      const out = await bootSeal(deps, "shamir", noPassphrase);
      assert.deepEqual(out, { config: made.config, created: false, sealed: true });
      assert.equal(deps.barrier.isSealed, true);
      await assert.rejects(initialiseStore(deps, { mode: "shamir", shares: 3, threshold: 2 }), sealError("InvalidRequest", /is already initialised \(Shamir shares \(3 of 5\)\)/));
    });
  });

  it("an unfinished init may be run again: it replaces the keyring and the share set", async () => {
    const dir = newDir();
    const first = await withDir(dir, (deps) => initialiseStore(deps, { mode: "shamir", shares: 3, threshold: 2 }));
    const second = await withDir(dir, (deps) => initialiseStore(deps, { mode: "shamir", shares: 3, threshold: 2 }));
    assert.notEqual(first.config.mode === "shamir" && first.config.setId, second.config.mode === "shamir" && second.config.setId);
    await withDir(dir, async (deps) => {
      assert.equal(await deps.barrier.checkRootKey(first.rootKey), false, "the first root key no longer opens the keyring");
      assert.equal(await deps.barrier.checkRootKey(second.rootKey), true);
    });
  });
});
