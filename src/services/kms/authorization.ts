// Stage 5 for KMS: only the checks that need no key (iam.md §6.2). Every key-scoped check runs
// inside the operation once the key is resolved, because it must carry that key's policy and
// condition keys (authz.ts) — the same order AWS follows (unknown key → NotFoundException).
import type { AuthzCheck, Input, Scope } from "../types.js";
import type { ConditionValues } from "./authz.js";
import { tagConditions } from "./authz.js";
import { optBool, optString, tagsOf } from "./input.js";

export function kmsAuthorization(operation: string, input: Input, scope: Scope): AuthzCheck[] {
  const base: ConditionValues = { "kms:CallerAccount": scope.accountId };
  switch (operation) {
    case "ListKeys":
    case "ListAliases":
    case "GenerateRandom":
      return [{ action: `kms:${operation}`, resource: "*", options: { context: base } }];
    case "CreateKey":
      return createKeyChecks(input, base);
    default:
      return [];
  }
}

function createKeyChecks(input: Input, base: ConditionValues): AuthzCheck[] {
  const tags = tagsOf(input, "Tags");
  const context: ConditionValues = {
    ...base,
    ...tagConditions(tags),
    "kms:KeySpec": optString(input, "KeySpec") ?? optString(input, "CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT",
    "kms:KeyUsage": optString(input, "KeyUsage") ?? "ENCRYPT_DECRYPT",
    "kms:KeyOrigin": optString(input, "Origin") ?? "AWS_KMS",
    "kms:MultiRegion": optBool(input, "MultiRegion") === true,
    "kms:BypassPolicyLockoutSafetyCheck": optBool(input, "BypassPolicyLockoutSafetyCheck") === true,
  };
  const checks: AuthzCheck[] = [{ action: "kms:CreateKey", resource: "*", options: { context } }];
  // Tags on CreateKey also need kms:TagResource (iam.md §6.2).
  if (tags.length > 0) checks.push({ action: "kms:TagResource", resource: "*", options: { context } });
  return checks;
}
