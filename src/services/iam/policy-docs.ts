// Policy documents on write: grammar via the policy engine (MalformedPolicyDocument), then IAM's size quotas.
import { parsePolicyDocument, POLICY_SIZE_LIMITS, policySizeChars } from "../../policy/index.js";
import type { PolicyDocument } from "../../policy/index.js";
import { inlineSizeQuota, malformedPolicyDocument, managedSizeQuota, trustSizeQuota } from "./errors.js";

export type InlineOwner = "user" | "group" | "role";

const INLINE_LIMIT: Readonly<Record<InlineOwner, number>> = {
  user: POLICY_SIZE_LIMITS.userInlineChars,
  group: POLICY_SIZE_LIMITS.groupInlineChars,
  role: POLICY_SIZE_LIMITS.roleInlineChars,
};

/** An identity policy (inline, managed or session): throws MalformedPolicyDocument with AWS's text. */
export function checkIdentityPolicy(text: string, opts: { managed?: boolean } = {}): PolicyDocument {
  const r = parsePolicyDocument(text, "identity", { requireCurrentVersion: opts.managed === true });
  if ("error" in r) throw malformedPolicyDocument(r.error);
  if (opts.managed === true && policySizeChars(text) > POLICY_SIZE_LIMITS.managedPolicyChars) throw managedSizeQuota();
  return r.document;
}

/** IAM's default "Role trust policy length" quota (IAM user guide, IAM and STS quotas); whitespace not counted. */
export const TRUST_POLICY_CHARS = 2048;

/** A role trust policy (AssumeRolePolicyDocument). */
export function checkTrustPolicy(text: string): PolicyDocument {
  // IAM's trust-policy validator words unparsable JSON its own way (UpdateAssumeRolePolicy, AWS recording 2026-02).
  try {
    JSON.parse(text);
  } catch {
    throw malformedPolicyDocument("This policy contains invalid Json");
  }
  const r = parsePolicyDocument(text, "trust");
  if ("error" in r) throw malformedPolicyDocument(r.error);
  if (policySizeChars(text) > TRUST_POLICY_CHARS) throw trustSizeQuota(TRUST_POLICY_CHARS);
  return r.document;
}

/** All inline policies of one entity together stay within its quota (whitespace not counted, iam.md §2). */
export function checkInlineTotal(owner: InlineOwner, ownerName: string, documents: readonly string[]): void {
  const total = documents.reduce((n, d) => n + policySizeChars(d), 0);
  const limit = INLINE_LIMIT[owner];
  if (total > limit) throw inlineSizeQuota(owner, limit, ownerName);
}
