// Key-scoped authorization: kms:<Action> on the key ARN, judged with the key policy and the
// condition keys of iam.md §4.1 (kms:CallerAccount, kms:EncryptionContext:*, kms:ViaService …).
import type { AuthzOptions, OperationContext } from "../../server/context.js";
import type { EncryptionContextMap } from "../../crypto/context-aad.js";
import { managedKeyDenied } from "./errors.js";
import { lookupFacts } from "./key-lookup.js";
import { managedKeyAllows } from "./key-policy.js";
import { effectivePolicy } from "./managed.js";
import { noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import type { KmsKey } from "./store.js";

export type ConditionValues = NonNullable<AuthzOptions["context"]>;
export type Mutable = Record<string, ConditionValues[string]>;

export interface KeyCheck {
  readonly action: string;
  readonly key: KmsKey;
  /** Alias name the request named the key by (kms:RequestAlias). */
  readonly requestAlias?: string;
  /** Operation-specific condition keys. */
  readonly conditions?: ConditionValues;
  /** For calls another service makes for the caller: its endpoint, e.g. ssm.us-east-1.amazonaws.com. */
  readonly viaService?: string;
}

export async function authorizeKey(rt: KmsRuntime, ctx: OperationContext, check: KeyCheck): Promise<void> {
  const { key, action } = check;
  // Named in the audit record whether or not the call is allowed (a denial is about this key too).
  noteKey(ctx, key);
  // AWS managed keys' own policy grants no management actions to anyone, root included (kms.md §6).
  if (key.keyManager === "AWS" && !managedKeyAllows(action)) throw managedKeyDenied(ctx.principal.arn, action, key.arn);
  // Filled in place: object spreads cost µs each on this hot path (every Encrypt/Decrypt).
  const conditions: Mutable = {};
  await addKeyConditions(rt, ctx, key, conditions);
  if (check.conditions !== undefined) Object.assign(conditions, check.conditions);
  conditions["kms:CallerAccount"] = ctx.principal.accountId;
  if (check.requestAlias !== undefined) conditions["kms:RequestAlias"] = check.requestAlias;
  if (check.viaService !== undefined) {
    conditions["kms:ViaService"] = check.viaService;
    conditions["aws:ViaAWSService"] = true;
    conditions["aws:CalledVia"] = [servicePrincipal(check.viaService)];
  }
  await ctx.authorize(action, key.arn, { context: conditions, resourcePolicy: { kind: "kms-key", document: effectivePolicy(rt, key) } });
}

/** Facts of the key itself: spec, usage, origin, its aliases and tags. */
async function addKeyConditions(rt: KmsRuntime, ctx: OperationContext, key: KmsKey, out: Mutable): Promise<void> {
  const scope = scopeOf(ctx);
  out["kms:KeySpec"] = key.keySpec;
  out["kms:KeyUsage"] = key.keyUsage;
  out["kms:KeyOrigin"] = key.origin;
  out["kms:MultiRegion"] = key.multiRegion;
  const facts = await lookupFacts(rt, ctx.tx, scope, key.keyId);
  out["kms:ResourceAliases"] = facts.aliases;
  for (const t of facts.tags) out[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
}

/** kms:EncryptionContext:<k> per pair and kms:EncryptionContextKeys (absent when the context is empty). */
export function contextConditions(context: EncryptionContextMap | undefined, out: Mutable = {}): Mutable {
  const keys = Object.keys(context ?? {});
  if (keys.length === 0) return out;
  for (const k of keys) out[`kms:EncryptionContext:${k}`] = context?.[k];
  out["kms:EncryptionContextKeys"] = keys;
  return out;
}

/** Request tags of a tagging or create call (aws:RequestTag/<k>, aws:TagKeys). */
export function tagConditions(tags: ReadonlyArray<{ TagKey: string; TagValue: string }>): ConditionValues {
  const out: Mutable = {};
  if (tags.length === 0) return out;
  for (const t of tags) out[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
  out["aws:TagKeys"] = tags.map((t) => t.TagKey);
  return out;
}

/** ssm.us-east-1.amazonaws.com -> ssm.amazonaws.com (aws:CalledVia, CloudTrail invokedBy). */
export const servicePrincipal = (endpoint: string): string => `${endpoint.split(".")[0] ?? endpoint}.amazonaws.com`;
