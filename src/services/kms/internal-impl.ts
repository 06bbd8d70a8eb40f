// KmsInternal: the KMS calls SSM and Secrets Manager make for their caller, authorised as the caller
// with kms:ViaService, each recorded as a related KMS audit event (cloudtrail.md §1 example).
import { randomBytes } from "node:crypto";
import { isServiceError } from "../../protocol/errors.js";
import { newAuditNotes, type OperationContext, type RelatedEvent } from "../../server/context.js";
import { encryptUnder, openCiphertext, SYMMETRIC_DEFAULT } from "./crypto-core.js";
import type { EncryptionContext, KeyRef, KmsInternal } from "./internal.js";
import { ensureManagedKey } from "./managed.js";
import { requireUsable, resolveKey } from "./resolve.js";
import type { KmsRuntime } from "./runtime.js";
import type { KmsKey } from "./store.js";

const ref = (key: KmsKey): KeyRef => ({ keyArn: key.arn, keyId: key.keyId });

/** "ssm", "ssm.amazonaws.com" or "ssm.us-east-1.amazonaws.com" -> "ssm.<region>.amazonaws.com". */
export function viaEndpoint(viaService: string, region: string): string {
  const service = viaService.split(".")[0] || viaService;
  return `${service}.${region}.amazonaws.com`;
}

/**
 * Runs one KMS call with its own audit notes (so the key does not land in the calling service's
 * record), then appends the KMS event — with the error when it failed — to ctx.audit.related.
 */
async function asRelatedEvent<T>(
  ctx: OperationContext,
  eventName: string,
  requestParameters: Record<string, unknown>,
  call: (kmsCtx: OperationContext) => Promise<T>,
): Promise<T> {
  const kmsCtx: OperationContext = { ...ctx, audit: newAuditNotes() };
  const event = (extra: Partial<RelatedEvent>): RelatedEvent => ({
    eventSource: "kms.amazonaws.com",
    eventName,
    requestParameters,
    resources: kmsCtx.audit.resources,
    ...extra,
  });
  try {
    const out = await call(kmsCtx);
    ctx.audit.related.push(event({}));
    return out;
  } catch (e) {
    if (isServiceError(e)) {
      // CloudTrail records authorization failures as AccessDenied (cloudtrail.md §1).
      const errorCode = e.code === "AccessDeniedException" ? "AccessDenied" : e.code;
      ctx.audit.related.push(event({ errorCode, errorMessage: e.message }));
    }
    throw e;
  }
}

const contextParam = (c: EncryptionContext): Record<string, unknown> => (Object.keys(c).length > 0 ? { encryptionContext: c } : {});

export function createKmsInternal(rt: KmsRuntime): KmsInternal {
  return {
    async resolveKey(ctx, keyId) {
      const { key } = await resolveKey(rt, ctx, keyId, "any");
      requireUsable(key);
      return ref(key);
    },

    async managedKey(ctx, service) {
      return ref(await ensureManagedKey(rt, ctx, service));
    },

    async encrypt(ctx, req) {
      const params = { keyId: req.keyId, ...contextParam(req.encryptionContext), encryptionAlgorithm: SYMMETRIC_DEFAULT };
      return asRelatedEvent(ctx, "Encrypt", params, async (kctx) => {
        const target = await resolveKey(rt, kctx, req.keyId, "any");
        const sealed = await encryptUnder(rt, kctx, target, req.plaintext, req.encryptionContext, {
          action: "kms:Encrypt", viaService: viaEndpoint(req.viaService, ctx.region),
        });
        return { ciphertextBlob: sealed.ciphertextBlob, key: ref(target.key) };
      });
    },

    async decrypt(ctx, req) {
      const params = { ...contextParam(req.encryptionContext), encryptionAlgorithm: SYMMETRIC_DEFAULT };
      return asRelatedEvent(ctx, "Decrypt", params, async (kctx) => {
        const opened = await openCiphertext(rt, kctx, req.ciphertextBlob, req.encryptionContext, {
          action: "kms:Decrypt", viaService: viaEndpoint(req.viaService, ctx.region),
        });
        return { plaintext: opened.plaintext, key: ref(opened.key) };
      });
    },

    async generateDataKey(ctx, req) {
      const params = { keyId: req.keyId, ...contextParam(req.encryptionContext), keySpec: "AES_256" };
      return asRelatedEvent(ctx, "GenerateDataKey", params, async (kctx) => {
        const target = await resolveKey(rt, kctx, req.keyId, "any");
        const plaintext = randomBytes(32);
        const sealed = await encryptUnder(rt, kctx, target, plaintext, req.encryptionContext, {
          action: "kms:GenerateDataKey", viaService: viaEndpoint(req.viaService, ctx.region),
        });
        return { plaintext, ciphertextBlob: sealed.ciphertextBlob, key: ref(target.key) };
      });
    },
  };
}
