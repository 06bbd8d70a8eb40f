// KMS cryptography through the real API: Encrypt/Decrypt with encryption context, tampering,
// foreign regions, key states, ReEncrypt, data keys and GenerateRandom.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAliasCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, ReEncryptCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import type { TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { aliasArnOf, bytes, newKey, text } from "./kms-fixtures.js";

let server: TestServer;
let kms: KMSClient;
let key: { keyId: string; arn: string };

serverPerFile(async (started) => {
  server = started;
  kms = kmsClient(server);
  key = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/crypto", TargetKeyId: key.keyId }));
});

const encrypt = async (plaintext: string, context?: Record<string, string>, keyId = "alias/crypto"): Promise<Uint8Array> => {
  const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes(plaintext), EncryptionContext: context }));
  assert.ok(out.CiphertextBlob);
  return out.CiphertextBlob;
};
const INVALID_CIPHERTEXT = { name: "InvalidCiphertextException", message: "UnknownError" };

test("Encrypt answers with the key ARN and algorithm; Decrypt finds the key in the blob", async () => {
  for (const form of [key.keyId, key.arn, "alias/crypto", aliasArnOf("alias/crypto")]) {
    const out = await kms.send(new EncryptCommand({ KeyId: form, Plaintext: bytes("attack at dawn") }));
    assert.equal(out.KeyId, key.arn, form);
    assert.equal(out.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    assert.match(Buffer.from(out.CiphertextBlob ?? []).toString("base64"), /^AQICAH/);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    assert.equal(text(dec.Plaintext), "attack at dawn");
    assert.equal(dec.KeyId, key.arn);
    assert.equal(dec.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    const current = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata?.CurrentKeyMaterialId;
    assert.equal(dec.KeyMaterialId, current);
  }
});

test("two encryptions of the same plaintext differ (fresh nonce)", async () => {
  assert.notDeepEqual(await encrypt("same"), await encrypt("same"));
});

test("Decrypt with KeyId: same key by any name works, another key is IncorrectKeyException", async () => {
  const blob = await encrypt("x");
  for (const form of [key.keyId, key.arn, "alias/crypto"]) {
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: form }))).Plaintext), "x");
  }
  const other = await newKey(kms);
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: other.keyId })), {
    name: "IncorrectKeyException", message: "The key ID in the request does not identify a CMK that can perform this operation.",
  });
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: "alias/not-there" })), {
    name: "NotFoundException", message: `Alias ${aliasArnOf("alias/not-there")} is not found.`,
  });
});

test("the encryption context must match exactly, in any order", async () => {
  const blob = await encrypt("ctx", { app: "billing", env: "prod" });
  const ok = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { env: "prod", app: "billing" } }));
  assert.equal(text(ok.Plaintext), "ctx");
  const wrongs: Array<Record<string, string> | undefined> = [undefined, {}, { app: "billing" }, { app: "billing", env: "PROD" }, { app: "billing", env: "prod", x: "y" }, { App: "billing", env: "prod" }];
  for (const wrong of wrongs) {
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: wrong })), INVALID_CIPHERTEXT);
  }
  const none = await encrypt("no-ctx");
  assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: none, EncryptionContext: {} }))).Plaintext), "no-ctx");
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: none, EncryptionContext: { a: "b" } })), INVALID_CIPHERTEXT);
});

test("tampered, truncated and random blobs are InvalidCiphertextException", async () => {
  const blob = Buffer.from(await encrypt("attack at dawn"));
  for (const i of [0, 6, 22, 30, blob.length - 20, blob.length - 1]) {
    const t = Buffer.from(blob);
    t[i] = (t[i] ?? 0) ^ 0x01;
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob: t })), i === 6 ? { name: "AccessDeniedException", message: /^The ciphertext refers to/ } : INVALID_CIPHERTEXT);
  }
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, blob.length - 1) })), INVALID_CIPHERTEXT);
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(100, 0x5a) })), INVALID_CIPHERTEXT);
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from("kms:fake:plaintext") })), INVALID_CIPHERTEXT);
});

test("a blob from another region names a key that does not exist there", async () => {
  const blob = await encrypt("regional");
  await expectError(kmsClient(server, undefined, "eu-west-1").send(new DecryptCommand({ CiphertextBlob: blob })), {
    name: "AccessDeniedException",
    message: "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
  });
});

test("plaintext length limits are the model's (sensitive value not echoed)", async () => {
  await expectError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(0) })), {
    name: "ValidationException",
    message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
  });
  await expectError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(4097) })), {
    name: "ValidationException",
    message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  });
  const big = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(4096).fill(7) }));
  assert.ok((big.CiphertextBlob?.length ?? 0) <= 6144);
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: big.CiphertextBlob }))).Plaintext ?? []), Buffer.alloc(4096, 7));
});

test("algorithms other than SYMMETRIC_DEFAULT and DryRun", async () => {
  await expectError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: bytes("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })), {
    name: "InvalidKeyUsageException", message: `The encryption algorithm RSAES_OAEP_SHA_256 is not valid for ${key.arn}. Valid algorithms: SYMMETRIC_DEFAULT.`,
  });
  await expectError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: bytes("x"), DryRun: true })), {
    name: "DryRunOperationException", message: "The request would have succeeded, but the DryRun option is set.",
  });
});

test("a disabled key neither encrypts nor decrypts; re-enabled it does both", async () => {
  const k = await newKey(kms);
  const blob = await encrypt("before", undefined, k.keyId);
  await kms.send(new DisableKeyCommand({ KeyId: k.keyId }));
  const disabled = { name: "DisabledException", message: `${k.arn} is disabled.` };
  await expectError(kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: bytes("x") })), disabled);
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob })), disabled);
  await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: k.keyId, KeySpec: "AES_256" })), disabled);
  await expectError(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: key.keyId })), disabled);
  await kms.send(new EnableKeyCommand({ KeyId: k.keyId }));
  assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), "before");
});

test("a key pending deletion refuses cryptography with KMSInvalidStateException", async () => {
  const k = await newKey(kms);
  const blob = await encrypt("doomed", undefined, k.keyId);
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 7 }));
  const pending = { name: "KMSInvalidStateException", message: `${k.arn} is pending deletion.` };
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob })), pending);
  await expectError(kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: bytes("x") })), pending);
  await expectError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: k.keyId, NumberOfBytes: 8 })), pending);
});

test("GenerateDataKey: key specs, byte counts, and a blob Decrypt opens", async () => {
  for (const [input, len] of [[{ KeySpec: "AES_256" }, 32], [{ KeySpec: "AES_128" }, 16], [{ NumberOfBytes: 64 }, 64], [{ NumberOfBytes: 1 }, 1]] as const) {
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: "alias/crypto", EncryptionContext: { purpose: "dk" }, ...input }));
    assert.equal(out.Plaintext?.length, len);
    assert.equal(out.KeyId, key.arn);
    assert.match(out.KeyMaterialId ?? "", /^[0-9a-f]{64}$/);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { purpose: "dk" } }));
    assert.deepEqual(Buffer.from(dec.Plaintext ?? []), Buffer.from(out.Plaintext ?? []));
  }
  const spec = { name: "ValidationException", message: "Please specify either number of bytes or key spec." };
  await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId })), spec);
  await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: "AES_256", NumberOfBytes: 32 })), spec);
  await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, NumberOfBytes: 2048 })), {
    name: "ValidationException",
    message: "1 validation error detected: Value '2048' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
  });
});

test("GenerateDataKeyWithoutPlaintext returns no plaintext; the blob decrypts to a fresh key", async () => {
  const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.arn, KeySpec: "AES_256" }));
  assert.equal("Plaintext" in out, false);
  assert.equal(out.KeyId, key.arn);
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
  assert.equal(dec.Plaintext?.length, 32);
});

test("ReEncrypt moves a ciphertext to another key and context without exposing the plaintext", async () => {
  const dest = await newKey(kms);
  const blob = await encrypt("moving", { a: "1" });
  const out = await kms.send(new ReEncryptCommand({
    CiphertextBlob: blob, SourceEncryptionContext: { a: "1" }, DestinationKeyId: dest.keyId, DestinationEncryptionContext: { b: "2" },
  }));
  assert.equal("Plaintext" in out, false);
  assert.equal(out.SourceKeyId, key.arn);
  assert.equal(out.KeyId, dest.arn);
  assert.equal(out.SourceEncryptionAlgorithm, "SYMMETRIC_DEFAULT");
  assert.equal(out.DestinationEncryptionAlgorithm, "SYMMETRIC_DEFAULT");
  assert.match(out.SourceKeyMaterialId ?? "", /^[0-9a-f]{64}$/);
  assert.match(out.DestinationKeyMaterialId ?? "", /^[0-9a-f]{64}$/);
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { b: "2" } }));
  assert.equal(text(dec.Plaintext), "moving");
  assert.equal(dec.KeyId, dest.arn);
  await expectError(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: dest.keyId })), INVALID_CIPHERTEXT);
  await expectError(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { a: "1" }, SourceKeyId: dest.keyId, DestinationKeyId: dest.keyId })), {
    name: "IncorrectKeyException", message: "The key ID in the request does not identify a CMK that can perform this operation.",
  });
});

test("GenerateRandom gives fresh bytes of the asked length", async () => {
  const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
  const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
  assert.equal(a.Plaintext?.length, 32);
  assert.notDeepEqual(a.Plaintext, b.Plaintext);
  assert.equal((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext?.length, 1024);
  await expectError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), {
    name: "ValidationException",
    message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
  });
  await expectError(kms.send(new GenerateRandomCommand({})), { name: "ValidationException", message: "NumberOfBytes is required." });
});
