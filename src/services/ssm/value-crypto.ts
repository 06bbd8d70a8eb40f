// How parameter values are protected (ssm.md §8). Every value is barrier-encrypted at rest with an AAD naming its
// account, region, parameter and version. SecureString values are first encrypted through KMS for the caller,
// under the encryption context {PARAMETER_ARN: <arn>}:
//
//  * Standard tier: one kms.encrypt; the stored (and, without WithDecryption, returned) bytes are the KMS
//    ciphertext blob itself, so `aws kms decrypt --encryption-context PARAMETER_ARN=<arn>` opens it.
//  * Advanced tier: envelope encryption like AWS's. kms.generateDataKey gives a 256-bit data key; the value is
//    sealed locally with AES-256-GCM under it. Stored/returned bytes ("PSE1 envelope"):
//        "PSE" 0x01 | u16 BE length of the wrapped key | wrapped data key (a KMS ciphertext blob made with the same
//        encryption context) | 12-byte nonce | 16-byte GCM tag | ciphertext
//    with the parameter ARN's UTF-8 bytes as GCM AAD. To open it outside paramstore: `kms decrypt` the wrapped key
//    with PARAMETER_ARN=<arn>, then AES-256-GCM-decrypt the rest.
import type { Barrier } from "../../crypto/barrier.js";
import { aesGcmDecrypt, aesGcmEncrypt, NONCE_BYTES, TAG_BYTES } from "../../crypto/aead.js";
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext } from "../../server/context.js";
import type { KeyRef } from "../kms/internal.js";
import { accessDenied, invalidKeyId } from "./errors.js";

const MAGIC = Buffer.from([0x50, 0x53, 0x45, 0x01]);
/** KMS failures AWS reports as SSM InvalidKeyId with the KMS text (ssm.md §8). */
const KEY_ERRORS = new Set(["NotFoundException", "DisabledException", "KMSInvalidStateException", "InvalidKeyUsageException", "KeyUnavailableException", "IncorrectKeyException", "InvalidArnException"]);

export interface ValueRef {
  readonly accountId: string;
  readonly region: string;
  readonly key: string;
  readonly version: number;
}

/** Barrier AAD: colon-separated, the key last (it is the only part that may hold more than one kind of character). */
export const valueAad = (r: ValueRef): string => `ssm:${r.accountId}:${r.region}:${r.version}:${r.key}`;

const viaService = (ctx: OperationContext): string => `ssm.${ctx.region}.amazonaws.com`;

export const sealPlain = (barrier: Barrier, ref: ValueRef, value: string): Buffer => barrier.encrypt(valueAad(ref), Buffer.from(value, "utf8"));

/** SecureString: KMS (per tier) then barrier. Throws SSM's InvalidKeyId / AccessDeniedException for KMS refusals. */
export async function sealSecure(ctx: OperationContext, barrier: Barrier, ref: ValueRef, arn: string, tier: string, key: KeyRef, value: string): Promise<Buffer> {
  const plaintext = Buffer.from(value, "utf8");
  const encryptionContext = { PARAMETER_ARN: arn };
  try {
    let kmsBytes: Buffer;
    if (tier === "Advanced") {
      const dk = await ctx.services.kms.generateDataKey(ctx, { keyId: key.keyArn, encryptionContext, viaService: viaService(ctx) });
      const sealed = aesGcmEncrypt(dk.plaintext, plaintext, Buffer.from(arn, "utf8"));
      dk.plaintext.fill(0);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(dk.ciphertextBlob.length);
      kmsBytes = Buffer.concat([MAGIC, len, dk.ciphertextBlob, sealed.nonce, sealed.tag, sealed.ciphertext]);
    } else {
      kmsBytes = (await ctx.services.kms.encrypt(ctx, { keyId: key.keyArn, plaintext, encryptionContext, viaService: viaService(ctx) })).ciphertextBlob;
    }
    return barrier.encrypt(valueAad(ref), kmsBytes);
  } catch (e) {
    throw kmsFailure(e, ctx);
  } finally {
    plaintext.fill(0);
  }
}

/** The value a read returns: text, or for SecureString the base64 ciphertext unless `decrypt`. */
export async function openValue(ctx: OperationContext, barrier: Barrier, ref: ValueRef, row: { value: Buffer; type: string; tier: string }, arn: string, decrypt: boolean): Promise<string> {
  const bytes = barrier.decrypt(valueAad(ref), row.value);
  if (row.type !== "SecureString") return bytes.toString("utf8");
  if (!decrypt) return bytes.toString("base64");
  const encryptionContext = { PARAMETER_ARN: arn };
  try {
    if (row.tier !== "Advanced") {
      const out = await ctx.services.kms.decrypt(ctx, { ciphertextBlob: bytes, encryptionContext, viaService: viaService(ctx) });
      return takeText(out.plaintext);
    }
    return await openEnvelope(ctx, bytes, arn);
  } catch (e) {
    throw kmsFailure(e, ctx);
  }
}

async function openEnvelope(ctx: OperationContext, bytes: Buffer, arn: string): Promise<string> {
  const wrappedLength = bytes.length >= 6 && bytes.subarray(0, 4).equals(MAGIC) ? bytes.readUInt16BE(4) : -1;
  const start = 6 + wrappedLength;
  if (wrappedLength < 0 || bytes.length < start + NONCE_BYTES + TAG_BYTES) throw new Error("malformed SecureString envelope");
  const wrapped = bytes.subarray(6, start);
  const dk = await ctx.services.kms.decrypt(ctx, { ciphertextBlob: wrapped, encryptionContext: { PARAMETER_ARN: arn }, viaService: viaService(ctx) });
  const nonce = bytes.subarray(start, start + NONCE_BYTES);
  const tag = bytes.subarray(start + NONCE_BYTES, start + NONCE_BYTES + TAG_BYTES);
  const plain = aesGcmDecrypt(dk.plaintext, { nonce, tag, ciphertext: bytes.subarray(start + NONCE_BYTES + TAG_BYTES) }, Buffer.from(arn, "utf8"));
  dk.plaintext.fill(0);
  if (plain === null) throw new Error("SecureString envelope failed authentication");
  return takeText(plain);
}

function takeText(buf: Buffer): string {
  const text = buf.toString("utf8");
  buf.fill(0);
  return text;
}

/**
 * KMS refusals as SSM reports them: the KMS text plus AWS's SDK-style suffix (ssm.md §6.2, §8). Anything else from
 * KMS is not the caller's fault: a plain Error, which the pipeline logs and answers with InternalServerError.
 */
export function kmsFailure(e: unknown, ctx: OperationContext): unknown {
  if (!isServiceError(e)) return e;
  const id = ctx.request.requestId;
  if (e.code === "AccessDeniedException") {
    return accessDenied(`${e.message} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${id})`);
  }
  if (KEY_ERRORS.has(e.code)) {
    return invalidKeyId(`${e.message} (Service: AWSKMS; Status Code: 400; Error Code: ${e.code}; Request ID: ${id}; Proxy: null)`);
  }
  if (e.code === "ThrottlingException") return e;
  return new Error(`KMS answered ${e.code} to a Parameter Store request`);
}
