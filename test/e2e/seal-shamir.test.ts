// --seal shamir end to end: operator init, a server that boots sealed, unseal by shares over the admin
// endpoint and the CLI, seal, restart, rotate-root; and a data directory that reveals nothing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { ListKeysCommand } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { combineShares, parseShare } from "../../src/crypto/seal/shamir.js";
import { clientConfig, kmsClient, ROOT_CREDS, ssmClient } from "../helpers/clients.js";
import { admin, findInFiles, keyForms, keyringKeys, runCli, sealConfig, sharesIn } from "../helpers/operator.js";
import { startServer, type TestServer } from "../helpers/server.js";

const SEALED = "paramstore is sealed: unseal it with `paramstore operator unseal` before using the API.";
const MARKER = "SEAL-SHAMIR-MARKER-7f3a9c";

async function rootKeyOf(shares: readonly string[], threshold = 3): Promise<Buffer> {
  const parsed = shares.slice(0, threshold).map(parseShare);
  return combineShares(parsed, parsed[0]?.setId ?? "", threshold);
}

async function health(server: TestServer): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${server.endpoint}/health`);
  return { status: r.status, body: await r.json() };
}

describe("--seal shamir", () => {
  const dirs: string[] = [];
  let dataDir = "";
  let initOut = "";
  let shares: string[] = [];
  let server: TestServer;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paramstore-shamir-"));
    dirs.push(dataDir);
    const init = await runCli(["operator", "init", "--data-dir", dataDir, "--shares", "5", "--threshold", "3"]);
    assert.equal(init.code, 0, init.stderr);
    initOut = init.stdout;
    shares = sharesIn(init.stdout);
    server = await startServer({ dataDir, args: ["--seal", "shamir"], waitFor: "listening" });
  });

  after(async () => {
    await server?.stop({ keepData: true });
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it("operator init prints 5 numbered shares once and stores nothing that reveals the root key", async () => {
    assert.equal(shares.length, 5);
    shares.forEach((s, i) => assert.match(s, new RegExp(`^${i + 1}-[A-Za-z0-9_-]{55}$`)));
    assert.match(initOut, /any 3 of which unseal it/);
    const key = await rootKeyOf(shares);
    assert.deepEqual(await rootKeyOf([shares[4] ?? "", shares[2] ?? "", shares[0] ?? ""]), key);
    const terms = keyringKeys(dataDir, key);
    assert.equal(terms.length, 1);
    const needles = { ...keyForms("root key", key), ...keyForms("keyring key", terms[0] ?? Buffer.alloc(0)) };
    shares.forEach((s, i) => { needles[`share ${i + 1}`] = Buffer.from(s); });
    assert.deepEqual(findInFiles(dataDir, needles), []);
  });

  it("operator init refuses a data directory that is already initialised", async () => {
    const again = await runCli(["operator", "init", "--data-dir", dataDir]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `paramstore: ${dataDir} is already initialised (Shamir shares (3 of 5)); change its seal with \`paramstore operator rotate-root\`\n`);
    assert.equal(sharesIn(again.stdout).length, 0);
  });

  it("a sealed server answers /health 503 {status: sealed} and refuses every AWS call", async () => {
    assert.deepEqual(await health(server), { status: 503, body: { status: "sealed" } });
    await assert.rejects(ssmClient(server).send(new GetParameterCommand({ Name: "/x" })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, "ServiceUnavailableException");
      assert.equal(e.message, SEALED);
      assert.equal(e.$metadata?.httpStatusCode, 503);
      return true;
    });
    await assert.rejects(kmsClient(server).send(new ListKeysCommand({})), { name: "ServiceUnavailableException", message: SEALED });
    const sts = new STSClient(clientConfig(server));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: "ServiceUnavailableException", message: SEALED });
    const st = await admin(server.endpoint, "GET", "status");
    assert.deepEqual(st, { status: 200, body: { sealed: true, mode: "shamir", threshold: 3, shares: 5, progress: 0, rotationPending: false } });
  });

  it("fewer than 3 shares leave it sealed; damaged, repeated or foreign shares are refused and not counted", async () => {
    const one = await admin(server.endpoint, "POST", "unseal", { share: shares[0] });
    assert.equal(one.status, 200);
    assert.equal(one.body.progress, 1);
    const damaged = (shares[1] ?? "").slice(0, 10) + ((shares[1] ?? "")[10] === "A" ? "B" : "A") + (shares[1] ?? "").slice(11);
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { share: damaged }), {
      status: 400, body: { error: "InvalidShare", message: "malformed share: checksum mismatch (a character was changed or mistyped)" },
    });
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { share: shares[0] }), { status: 400, body: { error: "InvalidShare", message: "share 1 was already given" } });
    const otherDir = mkdtempSync(join(tmpdir(), "paramstore-shamir-other-"));
    dirs.push(otherDir);
    const other = sharesIn((await runCli(["operator", "init", "--data-dir", otherDir, "--shares", "3", "--threshold", "2"])).stdout);
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { share: other[1] }), {
      status: 400, body: { error: "InvalidShare", message: "share 2 belongs to another share set (an earlier init or rotate-root), not the current one" },
    });
    const two = await admin(server.endpoint, "POST", "unseal", { share: shares[1] });
    assert.equal(two.body.progress, 2);
    assert.equal(two.body.sealed, true);
    assert.equal((await health(server)).status, 503);
  });

  it("the third share unseals: /health is ok and the API works", async () => {
    const three = await admin(server.endpoint, "POST", "unseal", { share: shares[4] });
    assert.equal(three.status, 200);
    assert.equal(three.body.sealed, false);
    assert.deepEqual(await health(server), { status: 200, body: { status: "ok", accountId: "123456789012" } });
    const ssm = ssmClient(server);
    await ssm.send(new PutParameterCommand({ Name: "/seal/secret", Type: "SecureString", Value: MARKER }));
    const got = await ssm.send(new GetParameterCommand({ Name: "/seal/secret", WithDecryption: true }));
    assert.equal(got.Parameter?.Value, MARKER);
  });

  it("seal and rotate-root need a SigV4 signature by the root credentials", async () => {
    assert.deepEqual(await admin(server.endpoint, "POST", "seal", {}), {
      status: 403, body: { error: "MissingAuthenticationTokenException", message: "seal needs a request signed with the root credentials: Request is missing Authentication Token" },
    });
    const wrongSecret = await admin(server.endpoint, "POST", "seal", {}, { ...ROOT_CREDS, secretAccessKey: "not-the-secret-not-the-secret-xx" });
    assert.equal(wrongSecret.status, 403);
    assert.equal(wrongSecret.body.error, "InvalidSignatureException");
    const unknown = await admin(server.endpoint, "POST", "rotate-root", {}, { accessKeyId: "AKIANOTAKNOWNKEY0001", secretAccessKey: "x".repeat(40) });
    assert.deepEqual(unknown, { status: 403, body: { error: "UnrecognizedClientException", message: "rotate the root key needs a request signed with the root credentials: The security token included in the request is invalid." } });
    assert.equal((await health(server)).status, 200);
  });

  it("operator seal: the API is refused, the files reveal neither the value nor any key; operator unseal from stdin restores it", async () => {
    const sealed = await runCli(["operator", "seal", "--endpoint", server.endpoint]);
    assert.equal(sealed.code, 0, sealed.stderr);
    assert.equal((await health(server)).status, 503);
    await assert.rejects(ssmClient(server).send(new GetParameterCommand({ Name: "/seal/secret", WithDecryption: true })), { name: "ServiceUnavailableException" });
    const key = await rootKeyOf(shares);
    const needles = { marker: Buffer.from(MARKER), ...keyForms("root key", key), ...keyForms("keyring key", keyringKeys(dataDir, key)[0] ?? Buffer.alloc(0)) };
    assert.deepEqual(findInFiles(dataDir, needles), []);
    const status = await runCli(["operator", "status", "--endpoint", server.endpoint]);
    assert.equal(status.code, 2);
    assert.equal(status.stdout, "Sealed:    true\nSeal:      shamir (3 of 5 shares)\nProgress:  0/3\n");
    const unseal = await runCli(["operator", "unseal", "--endpoint", server.endpoint], { input: `${shares[1]}\n${shares[2]}\n${shares[3]}\n` });
    assert.equal(unseal.code, 0, unseal.stderr);
    assert.equal(unseal.stdout, "Sealed:    false\nSeal:      shamir (3 of 5 shares)\n");
    const got = await ssmClient(server).send(new GetParameterCommand({ Name: "/seal/secret", WithDecryption: true }));
    assert.equal(got.Parameter?.Value, MARKER);
  });

  it("a restarted server boots sealed and any 3 shares (given as --share) bring the data back", async () => {
    await server.stop({ keepData: true });
    server = await startServer({ dataDir, args: ["--seal", "shamir"], waitFor: "listening" });
    assert.equal((await health(server)).status, 503);
    for (const s of [shares[3], shares[0], shares[2]]) {
      const r = await runCli(["operator", "unseal", "--endpoint", server.endpoint, "--share", s ?? ""]);
      assert.equal(r.code, 0, r.stderr);
    }
    const got = await ssmClient(server).send(new GetParameterCommand({ Name: "/seal/secret", WithDecryption: true }));
    assert.equal(got.Parameter?.Value, MARKER);
  });

  it("rotate-root issues new shares that take effect only once verified; then the old shares stop working", async () => {
    const setBefore = sealConfig(dataDir).setId;
    const rotate = await runCli(["operator", "rotate-root", "--endpoint", server.endpoint, "--shares", "3", "--threshold", "2"], { input: `${shares[0]}\n${shares[1]}\n${shares[2]}\n` });
    assert.equal(rotate.code, 0, rotate.stderr);
    const fresh = sharesIn(rotate.stdout);
    assert.equal(fresh.length, 3);
    const nonce = /--verify ([0-9a-f-]{36})/.exec(rotate.stdout)?.[1] ?? "";
    assert.equal(sealConfig(dataDir).setId, setBefore, "nothing changes before verification");
    assert.equal((await admin(server.endpoint, "GET", "status")).body.rotationThreshold, 2);
    const verify = await runCli(["operator", "rotate-root", "--endpoint", server.endpoint, "--verify", nonce], { input: `${fresh[2]}\n${fresh[0]}\n` });
    assert.equal(verify.code, 0, verify.stderr);
    assert.notEqual(sealConfig(dataDir).setId, setBefore);
    assert.equal((await runCli(["operator", "seal", "--endpoint", server.endpoint])).code, 0);
    const old = await runCli(["operator", "unseal", "--endpoint", server.endpoint, "--share", shares[0] ?? ""]);
    assert.equal(old.code, 1);
    assert.equal(old.stderr, "paramstore: share 1 belongs to another share set (an earlier init or rotate-root), not the current one (InvalidShare)\n");
    const ok = await runCli(["operator", "unseal", "--endpoint", server.endpoint], { input: `${fresh[1]}\n${fresh[2]}\n` });
    assert.equal(ok.code, 0, ok.stderr);
    const got = await ssmClient(server).send(new GetParameterCommand({ Name: "/seal/secret", WithDecryption: true }));
    assert.equal(got.Parameter?.Value, MARKER);
    const newKey = await rootKeyOf(fresh, 2);
    assert.deepEqual(findInFiles(dataDir, { ...keyForms("new root key", newKey), marker: Buffer.from(MARKER) }), []);
  });

  it("the server log holds no share and no value", () => {
    const log = server.log();
    for (const s of shares) assert.equal(log.includes(s), false);
    assert.equal(log.includes(MARKER), false);
  });
});
