// Encrypt under a key / open a ciphertext blob, with authorization and key-state rules (kms.md §4, §5).
// Shared by the API operations and by KmsInternal (SSM, Secrets Manager).
import type { EncryptionContextMap } from "../../crypto/context-aad.js";
import type { OperationContext } from "../../server/context.js";
import { authorizeKey, contextConditions, type ConditionValues } from "./authz.js";
import { decodeBlob } from "./ciphertext.js";
import { openBlob, sealBlob } from "./envelope.js";
import { ciphertextKeyUnknown, dryRun as dryRunError, incorrectKey, invalidCiphertext, invalidKeyUsage } from "./errors.js";
import { lookupKey } from "./key-lookup.js";
import { requireUsable, type Resolved } from "./resolve.js";
import { noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import type { KmsKey } from "./store.js";

export const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

export interface CryptoOptions {
  readonly action: string;
  readonly viaService?: string;
  readonly dryRun?: boolean;
  /** EncryptionAlgorithm as requested (only SYMMETRIC_DEFAULT is valid for symmetric keys). */
  readonly algorithm?: string;
  readonly conditions?: ConditionValues;
}

export interface Sealed {
  readonly ciphertextBlob: Buffer;
  readonly materialId: string;
}

export interface Opened {
  readonly key: KmsKey;
  readonly plaintext: Buffer;
  readonly materialId: string;
}

/** Authorises `action` on the key, checks its state, then encrypts under its current material. */
export async function encryptUnder(
  rt: KmsRuntime,
  ctx: OperationContext,
  target: Resolved,
  plaintext: Buffer,
  context: EncryptionContextMap | undefined,
  o: CryptoOptions,
): Promise<Sealed> {
  const { key } = target;
  await authorizeKey(rt, ctx, { action: o.action, key, requestAlias: target.requestAlias, viaService: o.viaService, conditions: cryptoConditions(context, o) });
  noteKey(ctx, key);
  requireUsable(key);
  checkAlgorithm(key, o.algorithm);
  if (o.dryRun === true) throw dryRunError();
  const sealed = await rt.materials.withMaterial(ctx.tx, scopeOf(ctx), key.keyId, key.currentVersion, (m) => ({
    ciphertextBlob: sealBlob(key.keyId, m, plaintext, context),
    materialId: m.materialId,
  }));
  if (!sealed) throw new Error(`current key material of ${key.arn} is missing`);
  return sealed;
}

/**
 * Finds the key named inside the blob, authorises `action` on it, checks its state, and opens the
 * blob with the given context. Bad blob, wrong context, tampering → InvalidCiphertextException with
 * no hint which; a blob naming a key that is not here → the AccessDenied text of kms.md §5.2.
 */
export async function openCiphertext(
  rt: KmsRuntime,
  ctx: OperationContext,
  blob: Buffer,
  context: EncryptionContextMap | undefined,
  o: CryptoOptions & { readonly expectedKey?: KmsKey },
): Promise<Opened> {
  const decoded = decodeBlob(blob);
  if (!decoded) throw invalidCiphertext();
  if (o.expectedKey && o.expectedKey.keyId !== decoded.keyId) throw incorrectKey();
  const key = await lookupKey(rt, ctx.tx, scopeOf(ctx), decoded.keyId);
  if (!key) {
    // Deleted (perhaps by another server): no cached copy of its material may linger here either.
    rt.materials.forgetKey(scopeOf(ctx), decoded.keyId);
    throw ciphertextKeyUnknown();
  }
  await authorizeKey(rt, ctx, { action: o.action, key, viaService: o.viaService, conditions: cryptoConditions(context, o) });
  noteKey(ctx, key);
  requireUsable(key);
  checkAlgorithm(key, o.algorithm);
  if (o.dryRun === true) throw dryRunError();
  const opened = await rt.materials.withMaterial(ctx.tx, scopeOf(ctx), key.keyId, decoded.materialVersion, (m) => {
    const plaintext = openBlob(decoded, m, context);
    return plaintext && { plaintext, materialId: m.materialId };
  });
  if (!opened) throw invalidCiphertext();
  return { key, plaintext: opened.plaintext, materialId: opened.materialId };
}

function cryptoConditions(context: EncryptionContextMap | undefined, o: CryptoOptions): ConditionValues {
  const out = contextConditions(context);
  out["kms:EncryptionAlgorithm"] = o.algorithm ?? SYMMETRIC_DEFAULT;
  return o.conditions === undefined ? out : Object.assign(out, o.conditions);
}

function checkAlgorithm(key: KmsKey, algorithm: string | undefined): void {
  if (algorithm === undefined || algorithm === SYMMETRIC_DEFAULT) return;
  throw invalidKeyUsage(`The encryption algorithm ${algorithm} is not valid for ${key.arn}. Valid algorithms: ${SYMMETRIC_DEFAULT}.`);
}
