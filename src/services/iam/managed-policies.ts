// CreatePolicy, GetPolicy, DeletePolicy, ListPolicies (iam.md §9): customer managed policies.
import { randomBytes } from "node:crypto";
import type { AuthzOptions, OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { changed, checkPolicyTags, paginate, policyOut, type PolicyUses, requestTagContext, str, tagsOf, stamp, checkEntityQuota } from "./common.js";
import { awsManagedDenied, noSuchPolicy, policyAttached, policyExists, policyHasVersions } from "./errors.js";
import { entityArn, entityId } from "./names.js";
import { checkIdentityPolicy } from "./policy-docs.js";
import { deleteEntity, findEntity, findEntityById, insertEntity, listEntities, listTags, putTags, type EntityRow } from "./store.js";
import { awsManagedRows, isAwsManaged } from "./aws-managed.js";
import { attachmentCount, boundaryUsageCount, deleteVersions, findPolicy, insertVersion, listVersions } from "./store-policies.js";

export async function createPolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const name = str(input, "PolicyName") ?? "";
  const path = str(input, "Path") ?? "/";
  const document = str(input, "PolicyDocument") ?? "";
  const tags = tagsOf(input);
  const arn = entityArn(ctx.accountId, "policy", path, name);
  await ctx.authorize("iam:CreatePolicy", arn, { context: requestTagContext(tags) });
  checkIdentityPolicy(document, { managed: true });
  checkPolicyTags(tags);
  if (await findEntity(ctx.tx, ctx.accountId, "policy", name)) throw policyExists(name);
  await checkEntityQuota(ctx, "policy");
  const id = entityId("policy", randomBytes(17));
  const createdAt = stamp(ctx);
  const description = str(input, "Description");
  await insertEntity(ctx.tx, ctx.accountId, {
    kind: "policy", entityId: id, name, path, arn, createdAt, ...(description === undefined ? {} : { description }),
  });
  await insertVersion(ctx.tx, ctx.accountId, id, { versionNum: 1, document, createdAt });
  await putTags(ctx.tx, ctx.accountId, id, tags, { caseSensitive: true });
  await changed(ctx);
  const row = await findEntityById(ctx.tx, ctx.accountId, id);
  if (!row) throw new Error("policy vanished inside its own transaction");
  return { Policy: policyOut(row, { attachments: 0, boundaries: 0 }, { kind: "create", tags }) };
}

/** Authorises `action` on the ARN as given, then requires the policy to exist here. */
export async function authorizedPolicy(ctx: OperationContext, action: string, arn: string, options?: AuthzOptions): Promise<EntityRow> {
  await ctx.authorize(action, arn, options);
  const row = await findPolicy(ctx.tx, ctx.accountId, arn);
  if (!row) throw noSuchPolicy(arn);
  return row;
}

/** authorizedPolicy for a change: AWS managed policies are readable and attachable, never changeable. */
export async function writablePolicy(ctx: OperationContext, action: string, arn: string, options?: AuthzOptions): Promise<EntityRow> {
  const row = await authorizedPolicy(ctx, action, arn, options);
  if (isAwsManaged(row)) throw awsManagedDenied(ctx.principal.arn, action, arn);
  return row;
}

/**
 * PermissionsBoundaryUsageCount counts the users and roles using the policy as boundary (botocore iam model, Policy
 * shape; the AWS CLI create-user.rst example sets one), in GetPolicy as in ListPolicies.
 */
async function policyUses(ctx: OperationContext, row: EntityRow): Promise<PolicyUses> {
  return {
    attachments: await attachmentCount(ctx.tx, ctx.accountId, row.entity_id),
    boundaries: await boundaryUsageCount(ctx.tx, ctx.accountId, row.arn),
  };
}

export async function getPolicy(ctx: OperationContext, input: Input): Promise<Output> {
  const row = await authorizedPolicy(ctx, "iam:GetPolicy", str(input, "PolicyArn") ?? "");
  return { Policy: policyOut(row, await policyUses(ctx, row), { kind: "get", tags: await listTags(ctx.tx, ctx.accountId, row.entity_id) }) };
}

export async function deletePolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await writablePolicy(ctx, "iam:DeletePolicy", str(input, "PolicyArn") ?? "");
  const uses = await policyUses(ctx, row);
  if (uses.attachments + uses.boundaries > 0) throw policyAttached();
  if ((await listVersions(ctx.tx, ctx.accountId, row.entity_id)).length > 1) throw policyHasVersions();
  await deleteVersions(ctx.tx, ctx.accountId, row.entity_id);
  await deleteEntity(ctx.tx, ctx.accountId, row.entity_id);
  await changed(ctx);
  return {};
}

/** Scope AWS lists the AWS managed policies, Local the account's own, All (the default) both, by name. */
async function scoped(ctx: OperationContext, input: Input): Promise<EntityRow[]> {
  const scope = str(input, "Scope") ?? "All";
  const prefix = str(input, "PathPrefix");
  const own = scope === "AWS" ? [] : await listEntities(ctx.tx, ctx.accountId, "policy", prefix);
  const aws = scope === "Local" ? [] : awsManagedRows(ctx.accountId, prefix);
  return [...own, ...aws].sort((a, b) => (listKey(a) < listKey(b) ? -1 : 1));
}

/** A customer managed policy may share its name with an AWS managed one: the ARN keeps the list key unique. */
const listKey = (row: EntityRow): string => `${row.name_lower}\n${row.arn}`;

export async function listPolicies(ctx: OperationContext, input: Input): Promise<Output> {
  await ctx.authorize("iam:ListPolicies", "*");
  const rows = await scoped(ctx, input);
  const usage = str(input, "PolicyUsageFilter");
  const kept: { row: EntityRow; uses: PolicyUses }[] = [];
  for (const row of rows) {
    const uses = await policyUses(ctx, row);
    // OnlyAttached keeps policies in use, the way PolicyUsageFilter says (both kinds of use by default).
    const used = usage === "PermissionsBoundary" ? uses.boundaries : usage === "PermissionsPolicy" ? uses.attachments : uses.attachments + uses.boundaries;
    if (input["OnlyAttached"] === true && used === 0) continue;
    kept.push({ row, uses });
  }
  const { page, ...more } = paginate("ListPolicies", kept, (c) => listKey(c.row), input);
  return { Policies: page.map((c) => policyOut(c.row, c.uses, { kind: "list" })), ...more };
}
