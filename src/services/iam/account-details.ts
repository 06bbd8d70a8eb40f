// GetAccountAuthorizationDetails: a snapshot of the account's users, groups, roles and managed policies with their
// relationships (AWS CLI example get-account-authorization-details.rst, member by member). Documents go out as stored;
// the Query serializer URL-encodes every policyDocumentType like the other IAM answers.
import type { OperationContext } from "../../server/context.js";
import type { Input, Output, ReadOperation } from "../types.js";
import { awsManagedRows, isAwsManaged } from "./aws-managed.js";
import { paginate, policyOut, stringsOf, tagList } from "./common.js";
import type { KeyUsageTracker } from "./key-usage.js";
import { latestRoleUse } from "./roles.js";
import { getRoleLastUse } from "./store-keys.js";
import { attachedPolicies, attachmentCount, boundaryUsageCount, listInline, listVersions } from "./store-policies.js";
import { groupsOfUser, listEntities, listTags, type EntityRow } from "./store.js";

type Usage = Pick<KeyUsageTracker, "pendingRole">;
type Section = "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies";

/** One entry of the answer: its list, its sort key (sections in answer order, then by name) and its row. */
interface Item {
  readonly section: Section;
  readonly key: string;
  readonly row: EntityRow;
}

const FILTERS = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"] as const;
type Filter = (typeof FILTERS)[number];

const inline = async (ctx: OperationContext, row: EntityRow): Promise<Output[]> =>
  (await listInline(ctx.tx, ctx.accountId, row.entity_id)).map((p) => ({ PolicyName: p.policy_name, PolicyDocument: p.document }));

const attached = async (ctx: OperationContext, row: EntityRow): Promise<Output[]> =>
  (await attachedPolicies(ctx.tx, ctx.accountId, row.entity_id)).map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));

/** Tags only when the entity has some, as GetUser / GetRole answer them. */
async function tagsOf(ctx: OperationContext, row: EntityRow): Promise<Output> {
  const tags = tagList(await listTags(ctx.tx, ctx.accountId, row.entity_id));
  return tags.length > 0 ? { Tags: tags } : {};
}

const boundary = (row: EntityRow): Output =>
  row.permissions_boundary === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: row.permissions_boundary } };

const base = (row: EntityRow, kind: "User" | "Group" | "Role"): Output => ({
  Path: row.path, [`${kind}Name`]: row.name, [`${kind}Id`]: row.entity_id, Arn: row.arn, CreateDate: new Date(row.created_at),
});

async function userDetail(ctx: OperationContext, row: EntityRow): Promise<Output> {
  return {
    ...base(row, "User"),
    UserPolicyList: await inline(ctx, row),
    GroupList: (await groupsOfUser(ctx.tx, ctx.accountId, row.entity_id)).map((g) => g.name),
    AttachedManagedPolicies: await attached(ctx, row),
    ...boundary(row),
    ...(await tagsOf(ctx, row)),
  };
}

async function groupDetail(ctx: OperationContext, row: EntityRow): Promise<Output> {
  return { ...base(row, "Group"), GroupPolicyList: await inline(ctx, row), AttachedManagedPolicies: await attached(ctx, row) };
}

/** Instance profiles are not served: InstanceProfileList is always empty. RoleLastUsed is {} until first use, as in GetRole. */
async function roleDetail(ctx: OperationContext, usage: Usage, row: EntityRow): Promise<Output> {
  const last = latestRoleUse(await getRoleLastUse(ctx.tx, row.entity_id), usage.pendingRole(row.entity_id));
  return {
    ...base(row, "Role"),
    AssumeRolePolicyDocument: row.trust_policy ?? undefined,
    InstanceProfileList: [],
    RolePolicyList: await inline(ctx, row),
    AttachedManagedPolicies: await attached(ctx, row),
    ...boundary(row),
    ...(await tagsOf(ctx, row)),
    RoleLastUsed: last ? { LastUsedDate: last.at, Region: last.region } : {},
  };
}

/** ManagedPolicyDetail: the list view of the policy, its Description when set, and every version with its document. */
async function policyDetail(ctx: OperationContext, row: EntityRow): Promise<Output> {
  const uses = { attachments: await attachmentCount(ctx.tx, ctx.accountId, row.entity_id), boundaries: await boundaryUsageCount(ctx.tx, ctx.accountId, row.arn) };
  const versions = await listVersions(ctx.tx, ctx.accountId, row.entity_id);
  const fallback = row.default_version ?? "v1";
  return {
    ...policyOut(row, uses, { kind: "list" }),
    ...(row.description !== null ? { Description: row.description } : {}),
    PolicyVersionList: versions.map((v) => ({
      Document: v.document, VersionId: v.version_id, IsDefaultVersion: v.version_id === fallback, CreateDate: new Date(v.created_at),
    })),
  };
}

/**
 * The account's customer managed policies, and the AWS managed ones only while something uses them (attached, or as
 * a permissions boundary): AWS's answer covers the policies of the account's configuration, not its whole catalogue.
 */
async function policies(ctx: OperationContext, wanted: ReadonlySet<Filter>): Promise<EntityRow[]> {
  const local = wanted.has("LocalManagedPolicy") ? await listEntities(ctx.tx, ctx.accountId, "policy") : [];
  const aws: EntityRow[] = [];
  if (wanted.has("AWSManagedPolicy")) {
    for (const row of awsManagedRows(ctx.accountId)) {
      const used = (await attachmentCount(ctx.tx, ctx.accountId, row.entity_id)) + (await boundaryUsageCount(ctx.tx, ctx.accountId, row.arn));
      if (used > 0 && isAwsManaged(row)) aws.push(row);
    }
  }
  return [...local, ...aws];
}

const itemKey = (order: number, row: EntityRow): string => `${order}:${row.name_lower}\n${row.arn}`;

/** All items the filter selects, in one order: MaxItems and Marker count across the four lists together. */
async function items(ctx: OperationContext, wanted: ReadonlySet<Filter>): Promise<Item[]> {
  const of = async (section: Section, order: number, rows: EntityRow[]): Promise<Item[]> =>
    rows.map((row) => ({ section, key: itemKey(order, row), row }));
  const kinds = [["User", "user"], ["Group", "group"], ["Role", "role"]] as const;
  const out: Item[] = [];
  for (const [i, [filter, kind]] of kinds.entries()) {
    if (wanted.has(filter)) out.push(...(await of(`${filter}DetailList`, i, await listEntities(ctx.tx, ctx.accountId, kind))));
  }
  out.push(...(await of("Policies", 3, await policies(ctx, wanted))));
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function accountDetailsOperation(usage: Usage): ReadOperation {
  return async function getAccountAuthorizationDetails(ctx: OperationContext, input: Input): Promise<Output> {
    await ctx.authorize("iam:GetAccountAuthorizationDetails", "*");
    const filter = stringsOf(input, "Filter") as Filter[];
    const wanted = new Set<Filter>(filter.length > 0 ? filter : FILTERS);
    const { page, ...more } = paginate("GetAccountAuthorizationDetails", await items(ctx, wanted), (i) => i.key, input);
    const out: Record<Section, Output[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    const detail: Record<Section, (row: EntityRow) => Promise<Output>> = {
      UserDetailList: (row) => userDetail(ctx, row),
      GroupDetailList: (row) => groupDetail(ctx, row),
      RoleDetailList: (row) => roleDetail(ctx, usage, row),
      Policies: (row) => policyDetail(ctx, row),
    };
    for (const item of page) out[item.section].push(await detail[item.section](item.row));
    return { ...out, ...more };
  };
}
