// The default --seal file and the admin endpoint's protection: root SigV4 for seal, rotate-root and
// key-file unseal; input errors change nothing; rotate-root to a new key file and on to Shamir shares.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { iamClient, ROOT_CREDS, ssmClient, stsClient } from "../helpers/clients.js";
import { admin, runCli, sealConfig, sharesIn } from "../helpers/operator.js";
import { startServer, type TestServer } from "../helpers/server.js";

const MARKER = "SEAL-FILE-MARKER-0c9d21";

const keyFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith(".key")).sort();

describe("--seal file and the admin endpoint", () => {
  let dataDir = "";
  let server: TestServer;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paramstore-file-"));
    server = await startServer({ dataDir });
    await ssmClient(server).send(new PutParameterCommand({ Name: "/seal/file", Type: "SecureString", Value: MARKER }));
  });

  after(async () => {
    await server?.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readMarker = async (): Promise<string | undefined> =>
    (await ssmClient(server).send(new GetParameterCommand({ Name: "/seal/file", WithDecryption: true }))).Parameter?.Value;

  it("the default seal writes root.key with mode 0600 and warns loudly", () => {
    assert.equal(statSync(join(dataDir, "root.key")).mode & 0o777, 0o600);
    assert.match(server.log(), /DEVELOPMENT SEAL: the root key is stored in a plain file in the data directory/);
    assert.deepEqual(sealConfig(dataDir), { mode: "file", keyFile: "root.key" });
  });

  it("operator status reports unsealed with exit code 0 (and --json)", async () => {
    const r = await runCli(["operator", "status", "--endpoint", server.endpoint, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { sealed: false, mode: "file", rotationPending: false });
  });

  it("unknown operations, wrong methods and malformed bodies are refused and change nothing", async () => {
    assert.deepEqual(await admin(server.endpoint, "GET", "nope"), { status: 404, body: { error: "NotFound", message: "no admin operation /admin/nope" } });
    assert.deepEqual(await admin(server.endpoint, "GET", "seal"), { status: 405, body: { error: "MethodNotAllowed", message: "/admin/seal takes POST" } });
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { share: "x", passphrase: "y" }), { status: 400, body: { error: "InvalidRequest", message: "body: give one of share, passphrase or reset" } });
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { shares: ["x"] }), { status: 400, body: { error: "InvalidRequest", message: "body: Unrecognized key(s) in object: 'shares'" } });
    const badJson = await fetch(`${server.endpoint}/admin/unseal`, { method: "POST", body: "{" });
    assert.deepEqual({ status: badJson.status, body: await badJson.json() }, { status: 400, body: { error: "InvalidRequest", message: "the body is not JSON" } });
    const rotate = await admin(server.endpoint, "POST", "rotate-root", { to: "vault" }, ROOT_CREDS);
    assert.equal(rotate.status, 400);
    assert.equal(rotate.body.error, "InvalidRequest");
    assert.deepEqual(sealConfig(dataDir), { mode: "file", keyFile: "root.key" });
    assert.equal((await admin(server.endpoint, "GET", "status")).body.sealed, false);
  });

  it("signatures for another scope or with a session token are refused", async () => {
    const { SignatureV4 } = await import("@smithy/signature-v4");
    const { Sha256 } = await import("@aws-crypto/sha256-js");
    const { HttpRequest } = await import("@smithy/protocol-http");
    const url = new URL("/admin/seal", server.endpoint);
    const sign = async (service: string, sessionToken?: string): Promise<Record<string, string>> => {
      const signer = new SignatureV4({ credentials: { ...ROOT_CREDS, ...(sessionToken ? { sessionToken } : {}) }, region: "us-east-1", service, sha256: Sha256 });
      const req = new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host }, body: "{}" });
      return (await signer.sign(req)).headers;
    };
    const asSsm = await fetch(url, { method: "POST", headers: await sign("ssm"), body: "{}" });
    assert.equal(asSsm.status, 403);
    assert.deepEqual(await asSsm.json(), { error: "InvalidSignatureException", message: "seal needs a request signed with the root credentials: Credential should be scoped to correct service: 'paramstore'. " });
    const withToken = await fetch(url, { method: "POST", headers: await sign("paramstore", "FQoGZXIvYXdzEtoken"), body: "{}" });
    assert.equal(withToken.status, 403);
    assert.equal(((await withToken.json()) as { error: string }).error, "UnrecognizedClientException");
    assert.equal((await admin(server.endpoint, "GET", "status")).body.sealed, false);
  });

  it("an IAM user, even one allowed every action, may not seal or rotate the root key", async () => {
    const iam = iamClient(server);
    await iam.send(new CreateUserCommand({ UserName: "seal-admin" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "seal-admin", PolicyName: "all", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "seal-admin" }))).AccessKey;
    const user = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
    assert.deepEqual(await admin(server.endpoint, "POST", "seal", {}, user), { status: 403, body: { error: "AccessDenied", message: "only the account's root credentials may seal" } });
    assert.deepEqual(await admin(server.endpoint, "POST", "rotate-root", {}, user), { status: 403, body: { error: "AccessDenied", message: "only the account's root credentials may rotate the root key" } });
    assert.equal((await admin(server.endpoint, "GET", "status")).body.sealed, false);
  });

  it("a file-sealed server unseals only by a root-signed request (no secret is presented)", async () => {
    assert.equal((await admin(server.endpoint, "POST", "seal", {}, ROOT_CREDS)).body.sealed, true);
    const unsigned = await admin(server.endpoint, "POST", "unseal", {});
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.body.message, "unseal with the key file needs a request signed with the root credentials: Request is missing Authentication Token");
    assert.deepEqual(await admin(server.endpoint, "POST", "unseal", { passphrase: "whatever" }), {
      status: 400, body: { error: "InvalidRequest", message: "this server uses the file seal: unseal it with its key file (send no share or passphrase)" },
    });
    const r = await runCli(["operator", "unseal", "--endpoint", server.endpoint]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readMarker(), MARKER);
  });

  it("IAM keys and STS sessions work again after seal and unseal (their cached secrets and token key were dropped)", async () => {
    const iam = iamClient(server);
    await iam.send(new CreateUserCommand({ UserName: "survivor" }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "survivor" }))).AccessKey;
    const user = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
    const s = (await stsClient(server, user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials;
    const session = { accessKeyId: s?.AccessKeyId ?? "", secretAccessKey: s?.SecretAccessKey ?? "", sessionToken: s?.SessionToken ?? "" };
    const who = async (c: typeof session | typeof user): Promise<string | undefined> =>
      (await stsClient(server, c).send(new GetCallerIdentityCommand({}))).Arn;
    const arn = "arn:aws:iam::123456789012:user/survivor";
    assert.deepEqual([await who(user), await who(session)], [arn, arn]);
    assert.equal((await admin(server.endpoint, "POST", "seal", {}, ROOT_CREDS)).body.sealed, true);
    await assert.rejects(who(user), { name: "ServiceUnavailableException" });
    const r = await runCli(["operator", "unseal", "--endpoint", server.endpoint]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([await who(user), await who(session)], [arn, arn]);
  });

  it("rotate-root writes a new key file and destroys the old one; a restart opens with the new one", async () => {
    const r = await runCli(["operator", "rotate-root", "--endpoint", server.endpoint]);
    assert.equal(r.code, 0, r.stderr);
    const files = keyFiles(dataDir);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? "", /^root-[0-9a-f]{8}\.key$/);
    assert.deepEqual(sealConfig(dataDir), { mode: "file", keyFile: files[0] });
    assert.equal(statSync(join(dataDir, files[0] ?? "")).mode & 0o777, 0o600);
    await server.stop({ keepData: true });
    server = await startServer({ dataDir });
    assert.equal(await readMarker(), MARKER);
  });

  it("rotate-root --to shamir: after verification no key file is left and the server needs --seal shamir and the shares", async () => {
    const r = await runCli(["operator", "rotate-root", "--endpoint", server.endpoint, "--to", "shamir", "--shares", "3", "--threshold", "2"]);
    assert.equal(r.code, 0, r.stderr);
    const shares = sharesIn(r.stdout);
    const nonce = /--verify ([0-9a-f-]{36})/.exec(r.stdout)?.[1] ?? "";
    assert.equal(keyFiles(dataDir).length, 1, "the key file stays in force until verification");
    const verify = await runCli(["operator", "rotate-root", "--endpoint", server.endpoint, "--verify", nonce, "--share", shares[0] ?? "", "--share", shares[1] ?? ""]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.deepEqual(keyFiles(dataDir), []);
    assert.equal(existsSync(join(dataDir, "root.key")), false);
    await server.stop({ keepData: true });
    const asFile = await runCli(["serve", "--data-dir", dataDir, "--port", "0"]);
    assert.equal(asFile.code, 1);
    assert.match(asFile.stderr, /is sealed with --seal shamir, not file/);
    assert.deepEqual(keyFiles(dataDir), [], "the refused start wrote no key file");
    server = await startServer({ dataDir, args: ["--seal", "shamir"], waitFor: "listening" });
    const unseal = await runCli(["operator", "unseal", "--endpoint", server.endpoint], { input: `${shares[2]}\n${shares[0]}\n` });
    assert.equal(unseal.code, 0, unseal.stderr);
    assert.equal(await readMarker(), MARKER);
  });
});
