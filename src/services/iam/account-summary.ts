// GetAccountSummary: the account's IAM entity counts and quotas. Quotas are the limits paramstore enforces where it
// enforces one, AWS's defaults (IAM user guide, "IAM and STS quotas") for what paramstore does not serve.
import { POLICY_SIZE_LIMITS } from "../../policy/index.js";
import type { OperationContext } from "../../server/context.js";
import type { Output } from "../types.js";
import { MAX_KEYS_PER_USER } from "./access-keys.js";
import { MAX_ATTACHED } from "./attachments.js";
import { ENTITY_QUOTA } from "./common.js";
import { MAX_GROUPS_PER_USER } from "./groups.js";
import { TRUST_POLICY_CHARS } from "./policy-docs.js";
import { MAX_VERSIONS } from "./policy-versions.js";
import { countEntities } from "./store.js";

/** Managed policy attachments: each keeps the policy's default version in use (moto's AccountSummary counts the same). */
async function attachments(ctx: OperationContext): Promise<number> {
  const row = await ctx.tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_attachments WHERE account_id = ?", [ctx.accountId]);
  return Number(row?.n ?? 0);
}

/**
 * Every key AWS answers: the union of the AWS CLI example get-account-summary.rst and boto3's GetAccountSummary
 * example (Attached*, Policies*, PolicyVersionsInUse*, VersionsPerPolicyQuota, GlobalEndpointTokenVersion); neither
 * shows AccountPasswordPresent, so it stays out. Entities paramstore does not serve (server certificates, MFA devices,
 * instance profiles, identity providers, signing certificates) count 0. The root user always has the access key the
 * server is configured with, so AccountAccessKeysPresent is 1; STS tokens are v1 (GlobalEndpointTokenVersion 1).
 */
export async function getAccountSummary(ctx: OperationContext): Promise<Output> {
  await ctx.authorize("iam:GetAccountSummary", "*");
  const count = (kind: "user" | "group" | "role" | "policy") => countEntities(ctx.tx, ctx.accountId, kind);
  const SummaryMap: Record<string, number> = {
    Users: await count("user"),
    UsersQuota: ENTITY_QUOTA.user.max,
    Groups: await count("group"),
    GroupsQuota: ENTITY_QUOTA.group.max,
    Roles: await count("role"),
    RolesQuota: ENTITY_QUOTA.role.max,
    Policies: await count("policy"),
    PoliciesQuota: ENTITY_QUOTA.policy.max,
    PolicyVersionsInUse: await attachments(ctx),
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: MAX_VERSIONS,
    PolicySizeQuota: POLICY_SIZE_LIMITS.managedPolicyChars,
    UserPolicySizeQuota: POLICY_SIZE_LIMITS.userInlineChars,
    GroupPolicySizeQuota: POLICY_SIZE_LIMITS.groupInlineChars,
    RolePolicySizeQuota: POLICY_SIZE_LIMITS.roleInlineChars,
    AssumeRolePolicySizeQuota: TRUST_POLICY_CHARS,
    AttachedPoliciesPerUserQuota: MAX_ATTACHED,
    AttachedPoliciesPerGroupQuota: MAX_ATTACHED,
    AttachedPoliciesPerRoleQuota: MAX_ATTACHED,
    GroupsPerUserQuota: MAX_GROUPS_PER_USER,
    AccessKeysPerUserQuota: MAX_KEYS_PER_USER,
    SigningCertificatesPerUserQuota: 2,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    MFADevices: 0,
    MFADevicesInUse: 0,
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: 1,
    AccountSigningCertificatesPresent: 0,
    InstanceProfiles: 0,
    InstanceProfilesQuota: 1000,
    Providers: 0,
    GlobalEndpointTokenVersion: 1,
  };
  return { SummaryMap };
}
