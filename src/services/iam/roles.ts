// CreateRole, GetRole, ListRoles, DeleteRole, UpdateRole(Description), UpdateAssumeRolePolicy and role tags (iam.md §9).
import { randomBytes } from "node:crypto";
import { documentPrincipals } from "../../policy/index.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { boundaryContext, resolveBoundary } from "./boundary.js";
import { authorizedEntity, changed, checkTags, num, paginate, requestTagContext, roleOut, str, stringsOf, tagList, tagsOf, stamp, checkEntityQuota } from "./common.js";
import { malformedPolicyDocument, mustDeletePolicies, mustDetachPolicies, roleExists } from "./errors.js";
import { entityArn, entityId } from "./names.js";
import type { KeyUsageTracker, RoleUse } from "./key-usage.js";
import { checkTrustPolicy } from "./policy-docs.js";
import { deleteEntity, findEntity, findEntityByArn, findEntityById, insertEntity, listEntities, listTags, putTags, removeTags, updateRole as updateRoleRow } from "./store.js";
import { getRoleLastUse, type RoleLastUseRow } from "./store-keys.js";
import { countDependents } from "./store-policies.js";

const OWN_ENTITY = /^arn:aws:iam::(\d{12}):(user|role)\//;

/** A trust policy is checked like AWS does: grammar, then every user/role principal of this account must exist. */
async function checkTrust(ctx: OperationContext, text: string): Promise<void> {
  const doc = checkTrustPolicy(text);
  for (const arn of documentPrincipals(doc)) {
    const m = OWN_ENTITY.exec(arn);
    if (!m || m[1] !== ctx.accountId) continue;
    const kind = m[2] === "user" ? "user" : "role";
    if (!(await findEntityByArn(ctx.tx, ctx.accountId, kind, arn))) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${arn}"`);
  }
}

export async function createRole(ctx: WriteContext, input: Input): Promise<Output> {
  const name = str(input, "RoleName") ?? "";
  const path = str(input, "Path") ?? "/";
  const tags = tagsOf(input);
  const arn = entityArn(ctx.accountId, "role", path, name);
  const context = { ...requestTagContext(tags), ...boundaryContext(str(input, "PermissionsBoundary")).context };
  await ctx.authorize("iam:CreateRole", arn, { context });
  const trustPolicy = str(input, "AssumeRolePolicyDocument") ?? "";
  await checkTrust(ctx, trustPolicy);
  checkTags(tags);
  if (await findEntity(ctx.tx, ctx.accountId, "role", name)) throw roleExists(name);
  await checkEntityQuota(ctx, "role");
  const boundary = await resolveBoundary(ctx, str(input, "PermissionsBoundary"));
  const id = entityId("role", randomBytes(17));
  const description = str(input, "Description");
  await insertEntity(ctx.tx, ctx.accountId, {
    kind: "role", entityId: id, name, path, arn, createdAt: stamp(ctx), trustPolicy,
    maxSessionDuration: num(input, "MaxSessionDuration") ?? 3600,
    ...(description === undefined ? {} : { description }),
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
  });
  await putTags(ctx.tx, ctx.accountId, id, tags);
  await changed(ctx);
  const row = await findEntityById(ctx.tx, ctx.accountId, id);
  if (!row) throw new Error("role vanished inside its own transaction");
  return { Role: roleOut(row, { kind: "create", tags }) };
}

/**
 * GetRole, with RoleLastUsed: when and in which region a session of the role last signed a request (GetRole API
 * reference, RoleLastUsed). Uses not yet flushed come from the tracker; the date keeps whole seconds like IAM's others.
 */
export function getRoleOperation(usage: Pick<KeyUsageTracker, "pendingRole">) {
  return async function getRole(ctx: OperationContext, input: Input): Promise<Output> {
    const row = await authorizedEntity(ctx, "iam:GetRole", "role", str(input, "RoleName") ?? "");
    const tags = await listTags(ctx.tx, ctx.accountId, row.entity_id);
    const lastUsed = latestRoleUse(await getRoleLastUse(ctx.tx, row.entity_id), usage.pendingRole(row.entity_id));
    return { Role: roleOut(row, { kind: "get", tags, ...(lastUsed ? { lastUsed } : {}) }) };
  };
}

/** The newer of the stored use and the one noted since the last flush. */
export function latestRoleUse(stored: RoleLastUseRow | undefined, noted: Readonly<RoleUse> | undefined): { at: Date; region: string } | undefined {
  const storedAt = stored?.last_used_at ? Date.parse(stored.last_used_at) : undefined;
  const pick = noted && (storedAt === undefined || noted.at.getTime() >= storedAt)
    ? { at: noted.at.getTime(), region: noted.region }
    : storedAt === undefined ? undefined : { at: storedAt, region: stored?.last_used_region ?? "" };
  return pick && { at: new Date(Math.floor(pick.at / 1000) * 1000), region: pick.region };
}

export async function listRoles(ctx: OperationContext, input: Input): Promise<Output> {
  await ctx.authorize("iam:ListRoles", "*");
  const rows = await listEntities(ctx.tx, ctx.accountId, "role", str(input, "PathPrefix"));
  const { page, ...more } = paginate("ListRoles", rows, (r) => r.name_lower, input);
  return { Roles: page.map((r) => roleOut(r, { kind: "list" })), ...more };
}

/** Deleting a role also ends its sessions: the credential resolver requires the role to exist. */
export async function deleteRole(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:DeleteRole", "role", str(input, "RoleName") ?? "");
  const deps = await countDependents(ctx.tx, ctx.accountId, row.entity_id);
  if (deps.attached > 0) throw mustDetachPolicies();
  if (deps.inline > 0) throw mustDeletePolicies();
  await deleteEntity(ctx.tx, ctx.accountId, row.entity_id);
  await changed(ctx);
  return {};
}

export async function updateRole(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:UpdateRole", "role", str(input, "RoleName") ?? "");
  const description = str(input, "Description");
  const maxSessionDuration = num(input, "MaxSessionDuration");
  await updateRoleRow(ctx.tx, ctx.accountId, row.entity_id, {
    ...(description === undefined ? {} : { description }),
    ...(maxSessionDuration === undefined ? {} : { maxSessionDuration }),
  });
  await changed(ctx);
  return {};
}

/** UpdateRoleDescription answers with the role, without MaxSessionDuration and RoleLastUsed (roleOut "described"). */
export async function updateRoleDescription(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:UpdateRoleDescription", "role", str(input, "RoleName") ?? "");
  await updateRoleRow(ctx.tx, ctx.accountId, row.entity_id, { description: str(input, "Description") ?? "" });
  await changed(ctx);
  const updated = await findEntityById(ctx.tx, ctx.accountId, row.entity_id);
  if (!updated) throw new Error("role vanished inside its own transaction");
  return { Role: roleOut(updated, { kind: "described", tags: await listTags(ctx.tx, ctx.accountId, row.entity_id) }) };
}

export async function updateAssumeRolePolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:UpdateAssumeRolePolicy", "role", str(input, "RoleName") ?? "");
  const trustPolicy = str(input, "PolicyDocument") ?? "";
  await checkTrust(ctx, trustPolicy);
  await updateRoleRow(ctx.tx, ctx.accountId, row.entity_id, { trustPolicy });
  await changed(ctx);
  return {};
}

export async function tagRole(ctx: WriteContext, input: Input): Promise<Output> {
  const tags = tagsOf(input);
  const row = await authorizedEntity(ctx, "iam:TagRole", "role", str(input, "RoleName") ?? "", { context: requestTagContext(tags) });
  checkTags(tags, await listTags(ctx.tx, ctx.accountId, row.entity_id));
  await putTags(ctx.tx, ctx.accountId, row.entity_id, tags);
  await changed(ctx);
  return {};
}

export async function untagRole(ctx: WriteContext, input: Input): Promise<Output> {
  const keys = stringsOf(input, "TagKeys");
  const row = await authorizedEntity(ctx, "iam:UntagRole", "role", str(input, "RoleName") ?? "", { context: { "aws:TagKeys": keys } });
  await removeTags(ctx.tx, ctx.accountId, row.entity_id, keys);
  await changed(ctx);
  return {};
}

export async function listRoleTags(ctx: OperationContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:ListRoleTags", "role", str(input, "RoleName") ?? "");
  const tags = await listTags(ctx.tx, ctx.accountId, row.entity_id);
  const { page, ...more } = paginate("ListRoleTags", tags, (t) => t.tag_key.toLowerCase(), input);
  return { Tags: tagList(page), ...more };
}
