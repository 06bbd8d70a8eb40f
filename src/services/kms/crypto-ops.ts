// Encrypt, Decrypt, ReEncrypt, GenerateDataKey(+WithoutPlaintext), GenerateRandom (kms.md §5).
import { randomBytes } from "node:crypto";
import type { OperationContext } from "../../server/context.js";
import type { Input, Output, ReadOperation } from "../types.js";
import { decodeBlob } from "./ciphertext.js";
import { encryptUnder, openCiphertext, SYMMETRIC_DEFAULT } from "./crypto-core.js";
import { numberOfBytesOrKeySpec, numberOfBytesRequired, unsupported } from "./errors.js";
import { optBool, optContext, optNumber, optString, reqBlob, reqString } from "./input.js";
import { resolveKey } from "./resolve.js";
import type { KmsRuntime } from "./runtime.js";

const DATA_KEY_BYTES: Readonly<Record<string, number>> = { AES_256: 32, AES_128: 16 };

export function cryptoOperations(rt: KmsRuntime): Record<string, ReadOperation> {
  return {
    Encrypt: async (ctx, input) => encrypt(rt, ctx, input),
    Decrypt: async (ctx, input) => decrypt(rt, ctx, input),
    ReEncrypt: async (ctx, input) => reEncrypt(rt, ctx, input),
    GenerateDataKey: async (ctx, input) => generateDataKey(rt, ctx, input, true),
    GenerateDataKeyWithoutPlaintext: async (ctx, input) => generateDataKey(rt, ctx, input, false),
    GenerateRandom: async (ctx, input) => generateRandom(ctx, input),
  };
}

/** CloudTrail shows the algorithm KMS used and never the plaintext or ciphertext (cloudtrail.md §3). */
function auditCrypto(ctx: OperationContext, input: Input, extra: Record<string, unknown> = {}): void {
  const params: Record<string, unknown> = { ...extra };
  const keyId = optString(input, "KeyId");
  if (keyId !== undefined) params["keyId"] = keyId;
  const context = optContext(input, "EncryptionContext");
  if (context !== undefined) params["encryptionContext"] = context;
  ctx.audit.requestParameters = params;
  ctx.audit.responseElements = null;
}

function refuseRecipient(input: Input): void {
  if (input["Recipient"] !== undefined) throw unsupported("Recipient (Nitro Enclaves attestation) is not supported by this server.");
}

async function encrypt(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const algorithm = optString(input, "EncryptionAlgorithm");
  auditCrypto(ctx, input, { encryptionAlgorithm: algorithm ?? SYMMETRIC_DEFAULT });
  const target = await resolveKey(rt, ctx, reqString(input, "KeyId"), "any");
  const context = optContext(input, "EncryptionContext");
  const sealed = await encryptUnder(rt, ctx, target, reqBlob(input, "Plaintext"), context, {
    action: "kms:Encrypt", algorithm, dryRun: optBool(input, "DryRun"),
  });
  return { CiphertextBlob: sealed.ciphertextBlob, KeyId: target.key.arn, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
}

async function decrypt(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const algorithm = optString(input, "EncryptionAlgorithm");
  auditCrypto(ctx, input, { encryptionAlgorithm: algorithm ?? SYMMETRIC_DEFAULT });
  refuseRecipient(input);
  const keyId = optString(input, "KeyId");
  const expectedKey = keyId === undefined ? undefined : (await resolveKey(rt, ctx, keyId, "any")).key;
  const opened = await openCiphertext(rt, ctx, reqBlob(input, "CiphertextBlob"), optContext(input, "EncryptionContext"), {
    action: "kms:Decrypt", algorithm, dryRun: optBool(input, "DryRun"), expectedKey,
  });
  return { KeyId: opened.key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: SYMMETRIC_DEFAULT, KeyMaterialId: opened.materialId };
}

async function reEncrypt(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const srcAlg = optString(input, "SourceEncryptionAlgorithm");
  const dstAlg = optString(input, "DestinationEncryptionAlgorithm");
  const sourceContext = optContext(input, "SourceEncryptionContext");
  const destinationContext = optContext(input, "DestinationEncryptionContext");
  ctx.audit.requestParameters = {
    ...(optString(input, "SourceKeyId") !== undefined ? { sourceKeyId: optString(input, "SourceKeyId") } : {}),
    destinationKeyId: reqString(input, "DestinationKeyId"),
    ...(sourceContext ? { sourceEncryptionContext: sourceContext } : {}),
    ...(destinationContext ? { destinationEncryptionContext: destinationContext } : {}),
    sourceEncryptionAlgorithm: srcAlg ?? SYMMETRIC_DEFAULT,
    destinationEncryptionAlgorithm: dstAlg ?? SYMMETRIC_DEFAULT,
  };
  ctx.audit.responseElements = null;
  const sourceKeyId = optString(input, "SourceKeyId");
  const expectedKey = sourceKeyId === undefined ? undefined : (await resolveKey(rt, ctx, sourceKeyId, "any")).key;
  const destination = await resolveKey(rt, ctx, reqString(input, "DestinationKeyId"), "any");
  const dryRun = optBool(input, "DryRun");
  const blob = reqBlob(input, "CiphertextBlob");
  const opened = await openCiphertext(rt, ctx, blob, sourceContext, {
    action: "kms:ReEncryptFrom", algorithm: srcAlg, expectedKey,
    conditions: { "kms:ReEncryptOnSameKey": decodeBlob(blob)?.keyId === destination.key.keyId },
  });
  try {
    const sealed = await encryptUnder(rt, ctx, destination, opened.plaintext, destinationContext, { action: "kms:ReEncryptTo", algorithm: dstAlg, dryRun });
    return {
      CiphertextBlob: sealed.ciphertextBlob,
      SourceKeyId: opened.key.arn,
      KeyId: destination.key.arn,
      SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      SourceKeyMaterialId: opened.materialId,
      DestinationKeyMaterialId: sealed.materialId,
    };
  } finally {
    opened.plaintext.fill(0); // the plaintext never leaves the service (kms.md §5.3)
  }
}

/** Exactly one of KeySpec and NumberOfBytes (kms.md §5.4). */
function dataKeyBytes(input: Input): number {
  const spec = optString(input, "KeySpec");
  const count = optNumber(input, "NumberOfBytes");
  if ((spec === undefined) === (count === undefined)) throw numberOfBytesOrKeySpec();
  return spec !== undefined ? DATA_KEY_BYTES[spec] ?? 32 : count ?? 32;
}

async function generateDataKey(rt: KmsRuntime, ctx: OperationContext, input: Input, withPlaintext: boolean): Promise<Output> {
  const spec = optString(input, "KeySpec");
  const count = optNumber(input, "NumberOfBytes");
  auditCrypto(ctx, input, spec !== undefined ? { keySpec: spec } : count !== undefined ? { numberOfBytes: count } : {});
  if (withPlaintext) refuseRecipient(input);
  const target = await resolveKey(rt, ctx, reqString(input, "KeyId"), "any");
  const bytes = dataKeyBytes(input);
  const plaintext = randomBytes(bytes);
  const action = withPlaintext ? "kms:GenerateDataKey" : "kms:GenerateDataKeyWithoutPlaintext";
  const sealed = await encryptUnder(rt, ctx, target, plaintext, optContext(input, "EncryptionContext"), { action, dryRun: optBool(input, "DryRun") });
  const out = { CiphertextBlob: sealed.ciphertextBlob, KeyId: target.key.arn, KeyMaterialId: sealed.materialId };
  if (withPlaintext) return { ...out, Plaintext: plaintext };
  plaintext.fill(0);
  return out;
}

async function generateRandom(ctx: OperationContext, input: Input): Promise<Output> {
  refuseRecipient(input);
  if (optString(input, "CustomKeyStoreId") !== undefined) throw unsupported("Custom key stores are not supported by this server.");
  const count = optNumber(input, "NumberOfBytes");
  // The model leaves NumberOfBytes optional; KMS itself requires it (recorded AWS text).
  if (count === undefined) throw numberOfBytesRequired();
  ctx.audit.requestParameters = { numberOfBytes: count };
  ctx.audit.responseElements = null;
  return { Plaintext: randomBytes(count) };
}
