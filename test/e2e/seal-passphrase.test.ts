// --seal passphrase end to end: scrypt-derived root key, clean refusals (wrong / missing passphrase,
// wrong mode), seal/unseal through the CLI, rotate-root to a new passphrase, nothing readable on disk.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { derivePassphraseKey, type ScryptParams } from "../../src/crypto/seal/passphrase.js";
import { ssmClient } from "../helpers/clients.js";
import { findInFiles, keyForms, keyringKeys, runCli, sealConfig } from "../helpers/operator.js";
import { startServer, type TestServer } from "../helpers/server.js";

const PASS = "correct horse battery staple";
const NEW_PASS = "a completely new passphrase";
const MARKER = "SEAL-PASSPHRASE-MARKER-41d2e8";

describe("--seal passphrase", () => {
  let dataDir = "";
  let server: TestServer | undefined;
  const serveArgs = (mode = "passphrase"): string[] => ["serve", "--seal", mode, "--data-dir", dataDir, "--port", "0"];

  async function start(passphrase: string): Promise<TestServer> {
    server = await startServer({ dataDir, args: ["--seal", "passphrase"], env: { PARAMSTORE_PASSPHRASE: passphrase } });
    return server;
  }

  async function readMarker(s: TestServer): Promise<string | undefined> {
    return (await ssmClient(s).send(new GetParameterCommand({ Name: "/seal/pp", WithDecryption: true }))).Parameter?.Value;
  }

  function needles(): Record<string, Buffer> {
    return { marker: Buffer.from(MARKER), passphrase: Buffer.from(PASS), "new passphrase": Buffer.from(NEW_PASS) };
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paramstore-passphrase-"));
    const s = await start(PASS);
    await ssmClient(s).send(new PutParameterCommand({ Name: "/seal/pp", Type: "SecureString", Value: MARKER }));
  });

  after(async () => {
    await server?.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the data directory keeps only the scrypt salt and cost; no key, passphrase or value is in its files", async () => {
    const cfg = sealConfig(dataDir);
    const scrypt = cfg.scrypt as ScryptParams;
    assert.equal(cfg.mode, "passphrase");
    assert.deepEqual({ kdf: scrypt.kdf, N: scrypt.N, r: scrypt.r, p: scrypt.p }, { kdf: "scrypt", N: 2 ** 17, r: 8, p: 1 });
    assert.equal(Buffer.from(scrypt.salt, "base64").length, 32);
    const root = await derivePassphraseKey(Buffer.from(PASS), scrypt);
    const all = { ...needles(), ...keyForms("root key", root), ...keyForms("keyring key", keyringKeys(dataDir, root)[0] ?? Buffer.alloc(0)) };
    assert.deepEqual(findInFiles(dataDir, all), [], "while running");
    await server?.stop({ keepData: true });
    assert.deepEqual(findInFiles(dataDir, all), [], "after stopping");
  });

  it("a wrong passphrase refuses to start with a clear message, no stack trace, and changes nothing", async () => {
    const before = sealConfig(dataDir);
    const r = await runCli(serveArgs(), { env: { PARAMSTORE_PASSPHRASE: "wrong horse battery staple" } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `paramstore: wrong passphrase: it does not open the keyring of ${dataDir}\n`);
    assert.doesNotMatch(r.stdout + r.stderr, /^\s+at /m);
    assert.equal((r.stdout + r.stderr).includes("wrong horse"), false);
    assert.deepEqual(sealConfig(dataDir), before);
  });

  it("without a passphrase and without a terminal it refuses to start, saying where the passphrase goes", async () => {
    const r = await runCli(serveArgs());
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "paramstore: --seal passphrase needs the passphrase: set PARAMSTORE_PASSPHRASE or start from an interactive terminal\n");
  });

  it("starting with another --seal names the data directory's own", async () => {
    const r = await runCli(serveArgs("file"));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `paramstore: ${dataDir} is sealed with --seal passphrase, not file: start it with --seal passphrase (or change the seal with \`paramstore operator rotate-root --to file\`)\n`);
    const shamir = await runCli(serveArgs("shamir"));
    assert.equal(shamir.code, 1);
    assert.match(shamir.stderr, /is sealed with --seal passphrase, not shamir/);
  });

  it("the right passphrase starts it again with the data intact", async () => {
    const s = await start(PASS);
    assert.equal(await readMarker(s), MARKER);
  });

  it("operator seal, then operator unseal refuses a wrong passphrase and accepts the right one", async () => {
    const s = server ?? assert.fail("no server");
    assert.equal((await runCli(["operator", "seal", "--endpoint", s.endpoint])).code, 0);
    await assert.rejects(readMarker(s), { name: "ServiceUnavailableException" });
    const wrong = await runCli(["operator", "unseal", "--endpoint", s.endpoint], { env: { PARAMSTORE_PASSPHRASE: "not the passphrase" } });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, `paramstore: wrong passphrase: it does not open the keyring of ${dataDir} (WrongPassphrase)\n`);
    const right = await runCli(["operator", "unseal", "--endpoint", s.endpoint], { env: { PARAMSTORE_PASSPHRASE: PASS } });
    assert.equal(right.code, 0, right.stderr);
    assert.equal(right.stdout, "Sealed:    false\nSeal:      passphrase\n");
    assert.equal(await readMarker(s), MARKER);
  });

  it("rotate-root to a new passphrase: a new salt, the old passphrase no longer starts the server, the new one does", async () => {
    const s = server ?? assert.fail("no server");
    const saltBefore = (sealConfig(dataDir).scrypt as ScryptParams).salt;
    const wrongCurrent = await runCli(["operator", "rotate-root", "--endpoint", s.endpoint], { env: { PARAMSTORE_PASSPHRASE: "not the passphrase", PARAMSTORE_NEW_PASSPHRASE: NEW_PASS } });
    assert.equal(wrongCurrent.code, 1);
    assert.equal((sealConfig(dataDir).scrypt as ScryptParams).salt, saltBefore);
    const r = await runCli(["operator", "rotate-root", "--endpoint", s.endpoint], { env: { PARAMSTORE_PASSPHRASE: PASS, PARAMSTORE_NEW_PASSPHRASE: NEW_PASS } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Root key rotated: the keyring is now wrapped by a new root key (seal: passphrase).\n");
    assert.notEqual((sealConfig(dataDir).scrypt as ScryptParams).salt, saltBefore);
    assert.equal(await readMarker(s), MARKER, "no downtime: the server kept serving");
    await s.stop({ keepData: true });
    const old = await runCli(serveArgs(), { env: { PARAMSTORE_PASSPHRASE: PASS } });
    assert.equal(old.code, 1);
    assert.match(old.stderr, /wrong passphrase/);
    assert.equal(await readMarker(await start(NEW_PASS)), MARKER);
    assert.deepEqual(findInFiles(dataDir, needles()), []);
  });
});
