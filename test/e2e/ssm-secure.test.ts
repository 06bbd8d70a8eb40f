// SecureString encryption through KMS, key errors, region isolation, the Secrets Manager reference path, and proof
// that no value reaches disk or the log in clear (ssm.md §8, §11; ARCHITECTURE.md §5).
import assert from "node:assert/strict";
import { createDecipheriv } from "node:crypto";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DisableKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { kmsClient, ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { storeContents } from "../helpers/store-contents.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const arn = (name: string, region = REGION): string => `arn:aws:ssm:${region}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
const kmsSuffix = (code: string): RegExp => new RegExp(` \\(Service: AWSKMS; Status Code: 400; Error Code: ${code}; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`);

let server: TestServer;
let ssm: SSMClient;
let kms: KMSClient;
serverPerFile((started) => {
  server = started;
  ssm = ssmClient(server);
  kms = kmsClient(server);
}, {}, {
  cleanup: () => {
    ssm?.destroy();
    kms?.destroy();
  },
});

const get = (Name: string, WithDecryption?: boolean) => ssm.send(new GetParameterCommand({ Name, WithDecryption }));

async function customKey(alias: string): Promise<string> {
  const key = await kms.send(new CreateKeyCommand({ Description: alias }));
  const id = key.KeyMetadata?.KeyId ?? "";
  await kms.send(new CreateAliasCommand({ AliasName: `alias/${alias}`, TargetKeyId: id }));
  return id;
}

describe("SecureString, Standard tier", () => {
  it("returns KMS ciphertext that kms decrypt opens with the PARAMETER_ARN context", async () => {
    await put(ssm, { Name: "/sec/std", Value: "s3cr3t-std", Type: "SecureString" });
    const p = (await get("/sec/std")).Parameter;
    assert.ok(p?.Value && p.Value !== "s3cr3t-std");
    const blob = Buffer.from(p.Value, "base64");
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { PARAMETER_ARN: arn("/sec/std") } }));
    assert.equal(Buffer.from(out.Plaintext ?? new Uint8Array()).toString("utf8"), "s3cr3t-std");
    // KMS sends no message here (kms.md §5.2); the SDK fills in "UnknownError".
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), "InvalidCiphertextException", /^(|UnknownError)$/);
    assert.equal((await get("/sec/std", true)).Parameter?.Value, "s3cr3t-std");
  });
  it("DescribeParameters and history show KeyId alias/aws/ssm", async () => {
    const d = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/sec/std"] }] }));
    assert.equal(d.Parameters?.[0]?.KeyId, "alias/aws/ssm");
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/sec/std", WithDecryption: true }));
    assert.deepEqual(h.Parameters?.map((x) => [x.KeyId, x.Value]), [["alias/aws/ssm", "s3cr3t-std"]]);
  });
});

describe("SecureString, Advanced tier (PSE1 envelope, documented in value-crypto.ts)", () => {
  it("opens with kms decrypt of the wrapped data key, then AES-256-GCM with the ARN as AAD", async () => {
    await put(ssm, { Name: "/sec/adv", Value: "s3cr3t-adv", Type: "SecureString", Tier: "Advanced" });
    const env = Buffer.from((await get("/sec/adv")).Parameter?.Value ?? "", "base64");
    assert.deepEqual([...env.subarray(0, 4)], [0x50, 0x53, 0x45, 0x01]);
    const len = env.readUInt16BE(4);
    const wrapped = env.subarray(6, 6 + len);
    const dk = await kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: { PARAMETER_ARN: arn("/sec/adv") } }));
    const nonce = env.subarray(6 + len, 18 + len);
    const tag = env.subarray(18 + len, 34 + len);
    const d = createDecipheriv("aes-256-gcm", Buffer.from(dk.Plaintext ?? new Uint8Array()), nonce);
    d.setAAD(Buffer.from(arn("/sec/adv")));
    d.setAuthTag(tag);
    assert.equal(Buffer.concat([d.update(env.subarray(34 + len)), d.final()]).toString("utf8"), "s3cr3t-adv");
    assert.equal((await get("/sec/adv", true)).Parameter?.Value, "s3cr3t-adv");
  });
  it("a Standard SecureString upgraded to Advanced keeps old versions readable", async () => {
    await put(ssm, { Name: "/sec/std", Value: "s3cr3t-v2", Overwrite: true, Tier: "Advanced" });
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/sec/std", WithDecryption: true }));
    assert.deepEqual(h.Parameters?.map((x) => [x.Tier, x.Value]), [["Standard", "s3cr3t-std"], ["Advanced", "s3cr3t-v2"]]);
  });
});

describe("customer keys", () => {
  it("encrypts under the given alias, shows the KeyId as given, and decrypts", async () => {
    const id = await customKey("ssm-test");
    await put(ssm, { Name: "/sec/custom", Value: "under-custom", Type: "SecureString", KeyId: "alias/ssm-test" });
    assert.equal((await get("/sec/custom", true)).Parameter?.Value, "under-custom");
    const d = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "KeyId", Values: ["alias/ssm-test"] }] }));
    assert.deepEqual(d.Parameters?.map((x) => [x.Name, x.KeyId]), [["/sec/custom", "alias/ssm-test"]]);
    const blob = Buffer.from((await get("/sec/custom")).Parameter?.Value ?? "", "base64");
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { PARAMETER_ARN: arn("/sec/custom") } }));
    assert.ok(out.KeyId?.endsWith(id));
  });
  it("unknown keys and aliases are InvalidKeyId with KMS's text; nothing is written", async () => {
    await rejectsWith(put(ssm, { Name: "/sec/nokey", Value: "x", Type: "SecureString", KeyId: "alias/nope" }), "InvalidKeyId", new RegExp(`^Alias arn:aws:kms:${REGION}:${ACCOUNT_ID}:alias/nope is not found\\.${kmsSuffix("NotFoundException").source}`));
    await rejectsWith(
      put(ssm, { Name: "/sec/nokey", Value: "x", Type: "SecureString", KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
      "InvalidKeyId",
      new RegExp(`^Key 'arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist${kmsSuffix("NotFoundException").source}`),
    );
    await rejectsWith(get("/sec/nokey"), "ParameterNotFound", "Parameter /sec/nokey not found.");
  });
  it("a disabled key refuses new values and decryption with InvalidKeyId, but not ciphertext reads", async () => {
    const id = await customKey("to-disable");
    await put(ssm, { Name: "/sec/disabled", Value: "before", Type: "SecureString", KeyId: id });
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    const disabled = new RegExp(`is disabled\\.${kmsSuffix("DisabledException").source}`);
    await rejectsWith(put(ssm, { Name: "/sec/disabled", Value: "after", Overwrite: true }), "InvalidKeyId", disabled);
    await rejectsWith(get("/sec/disabled", true), "InvalidKeyId", disabled);
    assert.equal((await get("/sec/disabled")).Parameter?.Version, 1);
  });
});

describe("regions are separate stores", () => {
  it("a client in eu-west-1 sees nothing of us-east-1, and the same name lives in both", async () => {
    const eu = ssmClient(server, undefined, "eu-west-1");
    try {
      await put(ssm, { Name: "/region/p", Value: "us", Type: "String" });
      await rejectsWith(eu.send(new GetParameterCommand({ Name: "/region/p" })), "ParameterNotFound", "Parameter /region/p not found.");
      assert.deepEqual((await eu.send(new GetParametersByPathCommand({ Path: "/", Recursive: true }))).Parameters, []);
      assert.deepEqual((await eu.send(new DescribeParametersCommand({}))).Parameters, []);
      assert.equal((await put(eu, { Name: "/region/p", Value: "eu", Type: "SecureString" })).Version, 1);
      const p = (await eu.send(new GetParameterCommand({ Name: "/region/p", WithDecryption: true }))).Parameter;
      assert.deepEqual([p?.Value, p?.ARN], ["eu", arn("/region/p", "eu-west-1")]);
      assert.equal((await get("/region/p")).Parameter?.Value, "us");
    } finally {
      eu.destroy();
    }
  });
});

describe("/aws/reference/secretsmanager (ssm.md §11)", () => {
  it("needs WithDecryption, checked before existence", async () => {
    await rejectsWith(get("/aws/reference/secretsmanager/some-secret"), "ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.");
    await rejectsWith(ssm.send(new GetParametersCommand({ Names: ["/aws/reference/secretsmanager/some-secret"] })), "ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.");
  });
  it("an unknown secret is ParameterNotFound in the reference wording", async () => {
    await rejectsWith(
      get("/aws/reference/secretsmanager/no-such-secret-here", true),
      "ParameterNotFound",
      "An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret /aws/reference/secretsmanager/no-such-secret-here not found.",
    );
    const r = await ssm.send(new GetParametersCommand({ Names: ["/aws/reference/secretsmanager/no-such-secret-here"], WithDecryption: true }));
    assert.deepEqual(r.InvalidParameters, ["/aws/reference/secretsmanager/no-such-secret-here"]);
  });
});

describe("no value in clear anywhere", () => {
  it("markers written as SecureString and String never appear in the data dir's files nor in the log", async () => {
    const marker = "MARKER-7f3a9c1e-plaintext";
    await put(ssm, { Name: "/leak/secure-std", Value: `${marker}-a`, Type: "SecureString" });
    await put(ssm, { Name: "/leak/secure-adv", Value: `${marker}-b`, Type: "SecureString", Tier: "Advanced" });
    await put(ssm, { Name: "/leak/plain", Value: `${marker}-c`, Type: "String" });
    await put(ssm, { Name: "/leak/secure-std", Value: `${marker}-d`, Type: "SecureString", Overwrite: true });
    await rejectsWith(put(ssm, { Name: "/leak/pattern", Value: `${marker}-e`, Type: "SecureString", AllowedPattern: "^[0-9]+$" }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: ^[0-9]+$");
    assert.equal((await get("/leak/secure-std", true)).Parameter?.Value, `${marker}-d`);
    assert.equal((await ssm.send(new GetParametersByPathCommand({ Path: "/leak", WithDecryption: true }))).Parameters?.length, 3);
    await server.stop({ keepData: true });
    for (const { where, bytes } of await storeContents(server)) {
      assert.equal(bytes.includes(Buffer.from(marker)), false, `${where} holds a value in clear`);
    }
    assert.equal(server.log().includes(marker), false, "the server log holds a value in clear");
  });
});
