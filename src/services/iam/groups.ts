// CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser (iam.md §9).
import { randomBytes } from "node:crypto";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { authorizedEntity, changed, groupOut, paginate, str, userOut, stamp, checkEntityQuota } from "./common.js";
import { groupExists, limitExceeded, mustDeletePolicies, mustDetachPolicies, mustRemoveFromGroups, noSuchGroup, noSuchUser } from "./errors.js";
import { entityArn, entityId } from "./names.js";
import { addMember, deleteEntity, findEntity, findEntityById, groupsOfUser, insertEntity, listEntities, removeMember, usersOfGroup } from "./store.js";
import { countDependents } from "./store-policies.js";
import { renameOperation } from "./rename.js";

export const MAX_GROUPS_PER_USER = 10;

export async function createGroup(ctx: WriteContext, input: Input): Promise<Output> {
  const name = str(input, "GroupName") ?? "";
  const path = str(input, "Path") ?? "/";
  const arn = entityArn(ctx.accountId, "group", path, name);
  await ctx.authorize("iam:CreateGroup", arn);
  if (await findEntity(ctx.tx, ctx.accountId, "group", name)) throw groupExists(name);
  await checkEntityQuota(ctx, "group");
  const id = entityId("group", randomBytes(17));
  await insertEntity(ctx.tx, ctx.accountId, { kind: "group", entityId: id, name, path, arn, createdAt: stamp(ctx) });
  await changed(ctx);
  const row = await findEntityById(ctx.tx, ctx.accountId, id);
  if (!row) throw new Error("group vanished inside its own transaction");
  return { Group: groupOut(row) };
}

export async function getGroup(ctx: OperationContext, input: Input): Promise<Output> {
  const group = await authorizedEntity(ctx, "iam:GetGroup", "group", str(input, "GroupName") ?? "");
  const users = await usersOfGroup(ctx.tx, ctx.accountId, group.entity_id);
  const { page, ...more } = paginate("GetGroup", users, (u) => u.name_lower, input);
  return { Group: groupOut(group), Users: page.map((u) => userOut(u)), ...more };
}

export async function listGroups(ctx: OperationContext, input: Input): Promise<Output> {
  await ctx.authorize("iam:ListGroups", "*");
  const rows = await listEntities(ctx.tx, ctx.accountId, "group", str(input, "PathPrefix"));
  const { page, ...more } = paginate("ListGroups", rows, (r) => r.name_lower, input);
  return { Groups: page.map(groupOut), ...more };
}

export async function updateGroup(ctx: WriteContext, input: Input): Promise<Output> {
  const group = await authorizedEntity(ctx, "iam:UpdateGroup", "group", str(input, "GroupName") ?? "");
  await renameOperation(ctx, "iam:UpdateGroup", group, input, { name: "NewGroupName", exists: groupExists });
  return {};
}

export async function deleteGroup(ctx: WriteContext, input: Input): Promise<Output> {
  const group = await authorizedEntity(ctx, "iam:DeleteGroup", "group", str(input, "GroupName") ?? "");
  if ((await usersOfGroup(ctx.tx, ctx.accountId, group.entity_id)).length > 0) throw mustRemoveFromGroups();
  const deps = await countDependents(ctx.tx, ctx.accountId, group.entity_id);
  if (deps.inline > 0) throw mustDeletePolicies();
  if (deps.attached > 0) throw mustDetachPolicies();
  await deleteEntity(ctx.tx, ctx.accountId, group.entity_id);
  await changed(ctx);
  return {};
}

export async function addUserToGroup(ctx: WriteContext, input: Input): Promise<Output> {
  const group = await authorizedEntity(ctx, "iam:AddUserToGroup", "group", str(input, "GroupName") ?? "");
  const userName = str(input, "UserName") ?? "";
  const user = await findEntity(ctx.tx, ctx.accountId, "user", userName);
  if (!user) throw noSuchUser(userName);
  const groups = await groupsOfUser(ctx.tx, ctx.accountId, user.entity_id);
  if (groups.some((g) => g.entity_id === group.entity_id)) return {};
  if (groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
  await addMember(ctx.tx, ctx.accountId, group.entity_id, user.entity_id);
  await changed(ctx);
  return {};
}

/**
 * AWS names a missing user before a missing group here, and removing a user who is not a member succeeds
 * (LocalStack snapshots recorded against AWS, test_iam_users / test_iam_groups).
 */
export async function removeUserFromGroup(ctx: WriteContext, input: Input): Promise<Output> {
  const groupName = str(input, "GroupName") ?? "";
  const group = await findEntity(ctx.tx, ctx.accountId, "group", groupName);
  await ctx.authorize("iam:RemoveUserFromGroup", group?.arn ?? entityArn(ctx.accountId, "group", "/", groupName));
  const userName = str(input, "UserName") ?? "";
  const user = await findEntity(ctx.tx, ctx.accountId, "user", userName);
  if (!user) throw noSuchUser(userName);
  if (!group) throw noSuchGroup(groupName);
  if (await removeMember(ctx.tx, ctx.accountId, group.entity_id, user.entity_id)) await changed(ctx);
  return {};
}

export async function listGroupsForUser(ctx: OperationContext, input: Input): Promise<Output> {
  const user = await authorizedEntity(ctx, "iam:ListGroupsForUser", "user", str(input, "UserName") ?? "");
  const groups = await groupsOfUser(ctx.tx, ctx.accountId, user.entity_id);
  const { page, ...more } = paginate("ListGroupsForUser", groups, (g) => g.name_lower, input);
  return { Groups: page.map(groupOut), ...more };
}
