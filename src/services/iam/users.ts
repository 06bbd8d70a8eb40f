// CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser and user tags (iam.md §9).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { randomBytes } from "node:crypto";
import {
  authorizedEntity, changed, checkTags, paginate, requestTagContext, str, stringsOf, tagList, tagsOf, userOut,
  stamp, checkEntityQuota,
} from "./common.js";
import {
  mustDeleteAccessKeys, mustDeletePolicies, mustDetachPolicies, mustRemoveFromGroups, mustSpecifyUserName, noSuchUser, userExists,
} from "./errors.js";
import { entityArn, entityId, rootArn } from "./names.js";
import { boundaryContext, resolveBoundary } from "./boundary.js";
import { renameOperation } from "./rename.js";
import { accountCreatedAt, deleteEntity, findEntity, findEntityById, groupsOfUser, insertEntity, listEntities, listTags, putTags, removeTags, type EntityRow } from "./store.js";
import { listAccessKeys } from "./store-keys.js";
import { countDependents } from "./store-policies.js";

export async function createUser(ctx: WriteContext, input: Input): Promise<Output> {
  const name = str(input, "UserName") ?? "";
  const path = str(input, "Path") ?? "/";
  const tags = tagsOf(input);
  const arn = entityArn(ctx.accountId, "user", path, name);
  const context = { ...requestTagContext(tags), ...boundaryContext(str(input, "PermissionsBoundary")).context };
  await ctx.authorize("iam:CreateUser", arn, { context });
  checkTags(tags);
  if (await findEntity(ctx.tx, ctx.accountId, "user", name)) throw userExists(name);
  await checkEntityQuota(ctx, "user");
  const boundary = await resolveBoundary(ctx, str(input, "PermissionsBoundary"));
  const id = entityId("user", randomBytes(17));
  await insertEntity(ctx.tx, ctx.accountId, {
    kind: "user", entityId: id, name, path, arn, createdAt: stamp(ctx),
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
  });
  await putTags(ctx.tx, ctx.accountId, id, tags);
  await changed(ctx);
  const row = await findEntityById(ctx.tx, ctx.accountId, id);
  if (!row) throw new Error("user vanished inside its own transaction");
  return { User: userOut(row, { kind: "create", tags }) };
}

/** The caller's own user for operations whose UserName defaults to the caller (iam.md §6.5). */
export async function callerUser(ctx: OperationContext): Promise<EntityRow | "root"> {
  const p = ctx.principal;
  if (p.type === "Root") return "root";
  if (p.type !== "IAMUser") throw mustSpecifyUserName();
  const row = await findEntityById(ctx.tx, ctx.accountId, p.principalId);
  if (!row) throw noSuchUser(p.userName ?? p.principalId);
  return row;
}

export async function getUser(ctx: OperationContext, input: Input): Promise<Output> {
  const name = str(input, "UserName");
  let row: EntityRow;
  if (name === undefined) {
    const own = await callerUser(ctx);
    if (own === "root") return rootUser(ctx);
    await ctx.authorize("iam:GetUser", own.arn);
    row = own;
  } else {
    row = await authorizedEntity(ctx, "iam:GetUser", "user", name);
  }
  return { User: userOut(row, { kind: "get", tags: await listTags(ctx.tx, ctx.accountId, row.entity_id) }) };
}

/** AWS answers GetUser for root credentials with the account itself (no UserName, no Path). */
async function rootUser(ctx: OperationContext): Promise<Output> {
  const arn = rootArn(ctx.accountId);
  await ctx.authorize("iam:GetUser", arn);
  const created = (await accountCreatedAt(ctx.tx, ctx.accountId)) ?? stamp(ctx);
  return { User: { UserId: ctx.accountId, Arn: arn, CreateDate: new Date(created) } };
}

export async function listUsers(ctx: OperationContext, input: Input): Promise<Output> {
  await ctx.authorize("iam:ListUsers", "*");
  const rows = await listEntities(ctx.tx, ctx.accountId, "user", str(input, "PathPrefix"));
  const { page, ...more } = paginate("ListUsers", rows, (r) => r.name_lower, input);
  return { Users: page.map((r) => userOut(r)), ...more };
}

export async function updateUser(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:UpdateUser", "user", str(input, "UserName") ?? "");
  await renameOperation(ctx, "iam:UpdateUser", row, input, { name: "NewUserName", exists: userExists });
  return {};
}

export async function deleteUser(ctx: WriteContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:DeleteUser", "user", str(input, "UserName") ?? "");
  const deps = await countDependents(ctx.tx, ctx.accountId, row.entity_id);
  if (deps.inline > 0) throw mustDeletePolicies();
  if (deps.attached > 0) throw mustDetachPolicies();
  if ((await listAccessKeys(ctx.tx, ctx.accountId, row.entity_id)).length > 0) throw mustDeleteAccessKeys();
  if ((await groupsOfUser(ctx.tx, ctx.accountId, row.entity_id)).length > 0) throw mustRemoveFromGroups();
  await deleteEntity(ctx.tx, ctx.accountId, row.entity_id);
  await changed(ctx);
  return {};
}

export async function tagUser(ctx: WriteContext, input: Input): Promise<Output> {
  const tags = tagsOf(input);
  const row = await authorizedEntity(ctx, "iam:TagUser", "user", str(input, "UserName") ?? "", { context: requestTagContext(tags) });
  checkTags(tags, await listTags(ctx.tx, ctx.accountId, row.entity_id));
  await putTags(ctx.tx, ctx.accountId, row.entity_id, tags);
  await changed(ctx);
  return {};
}

export async function untagUser(ctx: WriteContext, input: Input): Promise<Output> {
  const keys = stringsOf(input, "TagKeys");
  const row = await authorizedEntity(ctx, "iam:UntagUser", "user", str(input, "UserName") ?? "", { context: { "aws:TagKeys": keys } });
  await removeTags(ctx.tx, ctx.accountId, row.entity_id, keys);
  await changed(ctx);
  return {};
}

export async function listUserTags(ctx: OperationContext, input: Input): Promise<Output> {
  const row = await authorizedEntity(ctx, "iam:ListUserTags", "user", str(input, "UserName") ?? "");
  const tags = await listTags(ctx.tx, ctx.accountId, row.entity_id);
  const { page, ...more } = paginate("ListUserTags", tags, (t) => t.tag_key.toLowerCase(), input);
  return { Tags: tagList(page), ...more };
}
