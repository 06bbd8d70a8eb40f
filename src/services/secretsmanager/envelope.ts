// Secret values at rest: a fresh KMS data key per version (encryption context {SecretARN, SecretVersionId}, as AWS
// documents), AES-256-GCM locally, then the barrier with the version's row identity as AAD (ARCHITECTURE.md §5).
import { createHash, timingSafeEqual } from "node:crypto";
import { aesGcmDecrypt, aesGcmEncrypt, NONCE_BYTES, TAG_BYTES } from "../../crypto/aead.js";
import type { Barrier } from "../../crypto/barrier.js";
import { canonicalContextBytes } from "../../crypto/context-aad.js";
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext } from "../../server/context.js";
import { decryptionFailure, encryptionFailure, kmsAccessDenied } from "./errors.js";
import type { Scope } from "./names.js";

export type SecretValue = { readonly kind: "string"; readonly text: string } | { readonly kind: "binary"; readonly bytes: Buffer };

const FORMAT_V1 = 0x01;
const KIND_STRING = 0x01;
const KIND_BINARY = 0x02;
const DIGEST_BYTES = 32;

export interface VersionIdentity {
  readonly scope: Scope;
  readonly arn: string;
  readonly versionId: string;
}

export const viaService = (region: string): string => `secretsmanager.${region}.amazonaws.com`;

const barrierAad = (v: VersionIdentity): string => `sm_versions/${v.scope.accountId}/${v.scope.region}/${v.arn}/${v.versionId}`;

const encryptionContext = (v: VersionIdentity): Record<string, string> => ({ SecretARN: v.arn, SecretVersionId: v.versionId });

function valueBytes(value: SecretValue): { kind: number; bytes: Buffer } {
  return value.kind === "string" ? { kind: KIND_STRING, bytes: Buffer.from(value.text, "utf8") } : { kind: KIND_BINARY, bytes: value.bytes };
}

/** SHA-256 over kind and bytes: lets an idempotent retry be compared without KMS (stored only inside the barrier). */
function digestOf(kind: number, bytes: Buffer): Buffer {
  return createHash("sha256").update(Buffer.of(kind)).update(bytes).digest();
}

/** KMS failures as Secrets Manager reports them: denial → AccessDeniedException, anything else modelled → the given error. */
async function viaKms<T>(call: () => Promise<T>, failure: () => Error): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!isServiceError(e)) throw e;
    throw e.code === "AccessDeniedException" ? kmsAccessDenied() : failure();
  }
}

/** Checks that a key the caller names exists, is usable and symmetric (errors as Secrets Manager reports them). */
export async function checkKmsKey(ctx: OperationContext, keyId: string): Promise<void> {
  await viaKms(() => ctx.services.kms.resolveKey(ctx, keyId), encryptionFailure);
}

/** Encrypts a value for one version under `keyId` (a key ARN); returns the barrier ciphertext and the key ARN used. */
export async function sealValue(ctx: OperationContext, barrier: Barrier, v: VersionIdentity, keyId: string, value: SecretValue): Promise<{ sealed: Buffer; keyArn: string }> {
  const dk = await viaKms(
    () => ctx.services.kms.generateDataKey(ctx, { keyId, encryptionContext: encryptionContext(v), viaService: viaService(v.scope.region) }),
    encryptionFailure,
  );
  const { kind, bytes } = valueBytes(value);
  try {
    const sealed = aesGcmEncrypt(dk.plaintext, bytes, canonicalContextBytes(encryptionContext(v)));
    const head = Buffer.alloc(2 + DIGEST_BYTES + 2);
    head.writeUInt8(FORMAT_V1, 0);
    head.writeUInt8(kind, 1);
    digestOf(kind, bytes).copy(head, 2);
    head.writeUInt16BE(dk.ciphertextBlob.length, 2 + DIGEST_BYTES);
    const inner = Buffer.concat([head, dk.ciphertextBlob, sealed.nonce, sealed.tag, sealed.ciphertext]);
    try {
      return { sealed: barrier.encrypt(barrierAad(v), inner), keyArn: dk.key.keyArn };
    } finally {
      inner.fill(0);
    }
  } finally {
    dk.plaintext.fill(0);
  }
}

interface Inner {
  readonly kind: number;
  readonly digest: Buffer;
  readonly blob: Buffer;
  readonly nonce: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

function parseInner(inner: Buffer): Inner {
  if (inner.length < 4 + DIGEST_BYTES || inner[0] !== FORMAT_V1) throw new Error("secret version: unknown value format");
  const blobLen = inner.readUInt16BE(2 + DIGEST_BYTES);
  const at = 4 + DIGEST_BYTES;
  const nonceAt = at + blobLen;
  const tagAt = nonceAt + NONCE_BYTES;
  if (inner.length < tagAt + TAG_BYTES) throw new Error("secret version: truncated value");
  return {
    kind: inner.readUInt8(1),
    digest: inner.subarray(2, 2 + DIGEST_BYTES),
    blob: inner.subarray(at, nonceAt),
    nonce: inner.subarray(nonceAt, tagAt),
    tag: inner.subarray(tagAt, tagAt + TAG_BYTES),
    ciphertext: inner.subarray(tagAt + TAG_BYTES),
  };
}

/** Decrypts a version's value through KMS Decrypt (authorised for the caller with kms:ViaService). */
export async function openValue(ctx: OperationContext, barrier: Barrier, v: VersionIdentity, sealedValue: Buffer): Promise<SecretValue> {
  const inner = parseInner(barrier.decrypt(barrierAad(v), sealedValue));
  const dk = await viaKms(
    () => ctx.services.kms.decrypt(ctx, { ciphertextBlob: Buffer.from(inner.blob), encryptionContext: encryptionContext(v), viaService: viaService(v.scope.region) }),
    decryptionFailure,
  );
  try {
    const plain = aesGcmDecrypt(dk.plaintext, { nonce: inner.nonce, ciphertext: inner.ciphertext, tag: inner.tag }, canonicalContextBytes(encryptionContext(v)));
    if (!plain) throw decryptionFailure();
    return inner.kind === KIND_STRING ? { kind: "string", text: plain.toString("utf8") } : { kind: "binary", bytes: plain };
  } finally {
    dk.plaintext.fill(0);
  }
}

/** True when `value` is exactly the stored value (same kind and bytes); needs the barrier only, never KMS. */
export function sameValue(barrier: Barrier, v: VersionIdentity, sealedValue: Buffer, value: SecretValue): boolean {
  const inner = parseInner(barrier.decrypt(barrierAad(v), sealedValue));
  const { kind, bytes } = valueBytes(value);
  return inner.kind === kind && timingSafeEqual(inner.digest, digestOf(kind, bytes));
}

export const valueOf = (input: { SecretString?: unknown; SecretBinary?: unknown }): SecretValue | undefined => {
  if (typeof input.SecretString === "string") return { kind: "string", text: input.SecretString };
  if (Buffer.isBuffer(input.SecretBinary)) return { kind: "binary", bytes: input.SecretBinary };
  if (input.SecretBinary instanceof Uint8Array) return { kind: "binary", bytes: Buffer.from(input.SecretBinary) };
  return undefined;
};
