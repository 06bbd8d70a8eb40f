// CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion (≤ 5 versions).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { changed, paginate, str, stamp } from "./common.js";
import { awsManagedDenied, deleteDefaultVersion, noSuchPolicyVersion, versionQuota } from "./errors.js";
import { authorizedPolicy, writablePolicy } from "./managed-policies.js";
import { isAwsManaged } from "./aws-managed.js";
import { checkIdentityPolicy } from "./policy-docs.js";
import { setPolicyDefault, takeNextVersion, type EntityRow } from "./store.js";
import { deleteVersions, findPolicy, getVersion, insertVersion, listVersions, type VersionRow } from "./store-policies.js";

export const MAX_VERSIONS = 5;

const versionOut = (v: VersionRow, policy: EntityRow, withDocument: boolean): Output => ({
  ...(withDocument ? { Document: v.document } : {}),
  VersionId: v.version_id,
  IsDefaultVersion: v.version_id === policy.default_version,
  CreateDate: new Date(v.created_at),
});

export async function createPolicyVersion(ctx: WriteContext, input: Input): Promise<Output> {
  const policy = await writablePolicy(ctx, "iam:CreatePolicyVersion", str(input, "PolicyArn") ?? "");
  const document = str(input, "PolicyDocument") ?? "";
  checkIdentityPolicy(document, { managed: true });
  if ((await listVersions(ctx.tx, ctx.accountId, policy.entity_id)).length >= MAX_VERSIONS) throw versionQuota();
  const createdAt = stamp(ctx);
  const versionNum = await takeNextVersion(ctx.tx, ctx.accountId, policy.entity_id);
  const versionId = await insertVersion(ctx.tx, ctx.accountId, policy.entity_id, { versionNum, document, createdAt });
  const isDefault = input["SetAsDefault"] === true;
  if (isDefault) await setPolicyDefault(ctx.tx, ctx.accountId, policy.entity_id, versionId, createdAt);
  await changed(ctx);
  return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: isDefault, CreateDate: new Date(createdAt) } };
}

/** A missing policy is reported like a missing version of it, as AWS does (LocalStack snapshot, 2026-02). */
async function authorizedVersion(ctx: OperationContext, action: string, input: Input, change = false): Promise<{ policy: EntityRow; version: VersionRow }> {
  const arn = str(input, "PolicyArn") ?? "";
  const versionId = str(input, "VersionId") ?? "";
  await ctx.authorize(action, arn);
  const policy = await findPolicy(ctx.tx, ctx.accountId, arn);
  const version = policy && (await getVersion(ctx.tx, ctx.accountId, policy.entity_id, versionId));
  if (!policy || !version) throw noSuchPolicyVersion(arn, versionId);
  if (change && isAwsManaged(policy)) throw awsManagedDenied(ctx.principal.arn, action, arn);
  return { policy, version };
}

export async function getPolicyVersion(ctx: OperationContext, input: Input): Promise<Output> {
  const { policy, version } = await authorizedVersion(ctx, "iam:GetPolicyVersion", input);
  return { PolicyVersion: versionOut(version, policy, true) };
}

/** Newest first, as AWS lists them. */
export async function listPolicyVersions(ctx: OperationContext, input: Input): Promise<Output> {
  const policy = await authorizedPolicy(ctx, "iam:ListPolicyVersions", str(input, "PolicyArn") ?? "");
  const versions = await listVersions(ctx.tx, ctx.accountId, policy.entity_id);
  const { page, ...more } = paginate("ListPolicyVersions", versions, (v) => String(1e9 - v.version_num).padStart(10, "0"), input);
  return { Versions: page.map((v) => versionOut(v, policy, false)), ...more };
}

export async function deletePolicyVersion(ctx: WriteContext, input: Input): Promise<Output> {
  const { policy, version } = await authorizedVersion(ctx, "iam:DeletePolicyVersion", input, true);
  if (version.version_id === policy.default_version) throw deleteDefaultVersion();
  await deleteVersions(ctx.tx, ctx.accountId, policy.entity_id, version.version_id);
  await changed(ctx);
  return {};
}

export async function setDefaultPolicyVersion(ctx: WriteContext, input: Input): Promise<Output> {
  const { policy, version } = await authorizedVersion(ctx, "iam:SetDefaultPolicyVersion", input, true);
  await setPolicyDefault(ctx.tx, ctx.accountId, policy.entity_id, version.version_id, stamp(ctx));
  await changed(ctx);
  return {};
}
