// CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey (kms.md §2, §4).
import { randomBytes, randomUUID } from "node:crypto";
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizeKey } from "./authz.js";
import { limitExceeded, malformedPolicy, unsupported } from "./errors.js";
import { keyArn } from "./ids.js";
import { specUsageError } from "./key-specs.js";
import { optBool, optNumber, optString, reqString, tagsOf } from "./input.js";
import { checkKeyPolicy, defaultKeyPolicy, LOCKOUT } from "./key-policy.js";
import { decodeMarker, LIMITS, page, pageLimit } from "./markers.js";
import { keyMetadata } from "./metadata.js";
import { requireNotPending, resolveKey } from "./resolve.js";
import { noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import { putTag } from "./store-aliases.js";
import { countCustomerKeys, getKey, insertKey, listKeyIds, updateKey, type KeyState } from "./store.js";
import { checkNewTags } from "./tags.js";

/** Customer managed keys per account and Region (kms.md §12). */
const KEY_QUOTA = 100_000;

export function keyOperations(rt: KmsRuntime): { read: Record<string, ReadOperation>; write: Record<string, WriteOperation> } {
  return {
    read: {
      DescribeKey: async (ctx, input) => describeKey(rt, ctx, input),
      ListKeys: async (ctx, input) => listKeys(ctx, input),
    },
    write: {
      CreateKey: async (ctx, input) => createKey(rt, ctx, input),
      UpdateKeyDescription: async (ctx, input) => {
        const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
        await authorizeKey(rt, ctx, { action: "kms:UpdateKeyDescription", key });
        noteKey(ctx, key);
        requireNotPending(key);
        await updateKey(ctx.tx, key, { description: reqString(input, "Description") });
        return {};
      },
      EnableKey: async (ctx, input) => setState(rt, ctx, input, "kms:EnableKey", "Enabled"),
      DisableKey: async (ctx, input) => setState(rt, ctx, input, "kms:DisableKey", "Disabled"),
    },
  };
}

/** Only symmetric AES-256-GCM keys with KMS-generated material (kms.md §2 "required support"). */
function checkSupported(input: Input): { keySpec: string; keyUsage: string; origin: string } {
  const keySpec = optString(input, "KeySpec") ?? optString(input, "CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
  const givenUsage = optString(input, "KeyUsage");
  // AWS validates the spec/usage pair before it says anything about the spec itself.
  const pairError = specUsageError(keySpec, givenUsage);
  if (pairError) throw pairError;
  const keyUsage = givenUsage ?? "ENCRYPT_DECRYPT";
  const origin = optString(input, "Origin") ?? "AWS_KMS";
  if (keySpec !== "SYMMETRIC_DEFAULT") throw unsupported(`KeySpec ${keySpec} is not supported by this server; only SYMMETRIC_DEFAULT keys are.`);
  if (origin !== "AWS_KMS") throw unsupported(`Origin ${origin} is not supported by this server; only AWS_KMS is.`);
  if (optString(input, "CustomKeyStoreId") !== undefined || optString(input, "XksKeyId") !== undefined) {
    throw unsupported("Custom key stores are not supported by this server.");
  }
  return { keySpec, keyUsage, origin };
}

async function createKey(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const scope = scopeOf(ctx);
  const spec = checkSupported(input);
  const tags = checkNewTags([], tagsOf(input, "Tags"));
  const multiRegion = optBool(input, "MultiRegion") === true;
  const keyId = multiRegion ? `mrk-${randomBytes(16).toString("hex")}` : randomUUID();
  const given = optString(input, "Policy");
  if (given !== undefined) {
    checkKeyPolicy(given);
    if (optBool(input, "BypassPolicyLockoutSafetyCheck") !== true) await lockoutCheck(ctx, keyArn(scope, keyId), given);
  }
  if ((await countCustomerKeys(ctx.tx, scope)) >= KEY_QUOTA) {
    throw limitExceeded(`You have reached the maximum number of customer managed keys (${KEY_QUOTA}) in this account and Region.`);
  }
  const nowMs = ctx.now.getTime();
  await insertKey(ctx.tx, {
    ...scope, keyId, ...spec, description: optString(input, "Description") ?? "", keyManager: "CUSTOMER", keyState: "Enabled",
    multiRegion, policy: given ?? defaultKeyPolicy(scope.accountId), createdAt: nowMs, rotationEnabled: false, currentVersion: 1, onDemandRotations: 0,
  });
  await rt.materials.create(ctx.tx, scope, keyId, 1, "INITIAL", nowMs);
  for (const t of tags) await putTag(ctx.tx, scope, keyId, t.TagKey, t.TagValue);
  const key = await getKey(ctx.tx, scope, keyId);
  if (!key) throw new Error("created key not found in its own transaction");
  noteKey(ctx, key);
  return { KeyMetadata: keyMetadata(key) };
}

/**
 * Lockout safety check (kms.md §2): the caller must still be allowed kms:PutKeyPolicy under the new
 * policy, judged by the same authorizer (key policy + the caller's IAM policies).
 */
export async function lockoutCheck(ctx: OperationContext, arn: string, policy: string): Promise<void> {
  try {
    await ctx.authorize("kms:PutKeyPolicy", arn, {
      context: { "kms:CallerAccount": ctx.principal.accountId },
      resourcePolicy: { kind: "kms-key", document: policy },
    });
  } catch (e) {
    if (isServiceError(e) && e.code === "AccessDeniedException") throw malformedPolicy(LOCKOUT);
    throw e;
  }
}

async function describeKey(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const { key, requestAlias } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "any");
  await authorizeKey(rt, ctx, { action: "kms:DescribeKey", key, requestAlias });
  noteKey(ctx, key);
  return { KeyMetadata: keyMetadata(key) };
}

async function listKeys(ctx: OperationContext, input: Input): Promise<Output> {
  const limit = pageLimit(optNumber(input, "Limit"), LIMITS.keys);
  const after = decodeMarker("keys", input["Marker"]);
  const ids = await listKeyIds(ctx.tx, scopeOf(ctx), after, limit + 1);
  const { items, ...more } = page(ids, limit, "keys", (id) => id);
  return { Keys: items.map((id) => ({ KeyId: id, KeyArn: keyArn(scopeOf(ctx), id) })), ...more };
}

async function setState(rt: KmsRuntime, ctx: WriteContext, input: Input, action: string, to: KeyState): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action, key });
  noteKey(ctx, key);
  requireNotPending(key);
  if (key.keyState !== to) await updateKey(ctx.tx, key, { keyState: to });
  return {};
}
