// GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (kms.md §7). The only policy name is "default".
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizeKey } from "./authz.js";
import { noSuchPolicy } from "./errors.js";
import { optBool, optString, reqString } from "./input.js";
import { checkKeyPolicy } from "./key-policy.js";
import { lockoutCheck } from "./keys.js";
import { effectivePolicy } from "./managed.js";
import { decodeMarker } from "./markers.js";
import { resolveKey } from "./resolve.js";
import { noteKey, type KmsRuntime } from "./runtime.js";
import { updateKey } from "./store.js";

const POLICY_NAME = "default";

export function policyOperations(rt: KmsRuntime): { read: Record<string, ReadOperation>; write: Record<string, WriteOperation> } {
  return {
    read: {
      GetKeyPolicy: async (ctx, input) => getKeyPolicy(rt, ctx, input),
      ListKeyPolicies: async (ctx, input) => {
        const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
        await authorizeKey(rt, ctx, { action: "kms:ListKeyPolicies", key });
        noteKey(ctx, key);
        // One policy per key: any marker is past the end.
        const done = decodeMarker("policies", input["Marker"]) !== "";
        return { PolicyNames: done ? [] : [POLICY_NAME], Truncated: false };
      },
    },
    write: { PutKeyPolicy: async (ctx, input) => putKeyPolicy(rt, ctx, input) },
  };
}

async function getKeyPolicy(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:GetKeyPolicy", key });
  noteKey(ctx, key);
  if ((optString(input, "PolicyName") ?? POLICY_NAME) !== POLICY_NAME) throw noSuchPolicy();
  return { Policy: effectivePolicy(rt, key), PolicyName: POLICY_NAME };
}

async function putKeyPolicy(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  const bypass = optBool(input, "BypassPolicyLockoutSafetyCheck") === true;
  await authorizeKey(rt, ctx, { action: "kms:PutKeyPolicy", key, conditions: { "kms:BypassPolicyLockoutSafetyCheck": bypass } });
  noteKey(ctx, key);
  if ((optString(input, "PolicyName") ?? POLICY_NAME) !== POLICY_NAME) throw noSuchPolicy();
  const policy = reqString(input, "Policy");
  checkKeyPolicy(policy);
  if (!bypass) await lockoutCheck(ctx, key.arn, policy);
  // Works in every key state, PendingDeletion included (kms.md §7).
  await updateKey(ctx.tx, key, { policy });
  return {};
}
