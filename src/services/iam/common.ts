// Shared pieces of the IAM operations: output shapes, Marker/MaxItems paging, authorised entity lookups.
import type { AuthzOptions, OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { duplicatePolicyTagKeys, duplicateTagKeys, invalidMarker, limitExceeded, noSuchGroup, noSuchRole, noSuchUser, tagQuota } from "./errors.js";
import { entityArn, type EntityKind } from "./names.js";
import { bumpVersion, countEntities, findEntity, type EntityRow, type TagRow } from "./store.js";

export type Tag = { readonly Key: string; readonly Value: string };

export const str = (input: Input, member: string): string | undefined => {
  const v = input[member];
  return typeof v === "string" ? v : undefined;
};
export const num = (input: Input, member: string): number | undefined => {
  const v = input[member];
  return typeof v === "number" ? v : undefined;
};
export const tagsOf = (input: Input, member = "Tags"): Tag[] => {
  const v = input[member];
  return Array.isArray(v) ? (v as Tag[]) : []; // validated against tagListType by the codec
};
export const stringsOf = (input: Input, member: string): string[] => {
  const v = input[member];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

export const tagList = (rows: readonly TagRow[]): Tag[] => rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));

/**
 * Which answer an entity appears in: AWS returns a different subset of members for each (LocalStack's snapshots
 * recorded against AWS in 2026, tests/aws/services/iam/test_iam_{roles,policies}.snapshot.json; moto's aws_verified
 * test_iam_response_attributes.py). Create and Get carry tags and the permissions boundary, lists do not.
 */
export type View =
  | { readonly kind: "create"; readonly tags: readonly Tag[] }
  | { readonly kind: "get"; readonly tags: readonly TagRow[]; readonly lastUsed?: { readonly at: Date; readonly region: string } }
  | { readonly kind: "described"; readonly tags: readonly TagRow[] }
  | { readonly kind: "list" };

/** AWS answers PermissionsBoundaryType "Policy", not the model's enum value (AWS CLI get-user example, snapshots). */
const boundaryOut = (row: EntityRow, view: View): Output =>
  view.kind === "list" || row.permissions_boundary === null
    ? {}
    : { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: row.permissions_boundary } };

/** Tags only when the entity has some; a create answer echoes them in request order. */
const tagsOut = (view: View): Output => {
  if (view.kind === "list") return {};
  const tags = view.kind === "create" ? [...view.tags] : tagList(view.tags);
  return tags.length > 0 ? { Tags: tags } : {};
};

export function userOut(row: EntityRow, view: View = { kind: "list" }): Output {
  return {
    Path: row.path,
    UserName: row.name,
    UserId: row.entity_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    ...boundaryOut(row, view),
    ...tagsOut(view),
  };
}

export function groupOut(row: EntityRow): Output {
  return { Path: row.path, GroupName: row.name, GroupId: row.entity_id, Arn: row.arn, CreateDate: new Date(row.created_at) };
}

/**
 * CreateRole answers without Description, MaxSessionDuration and RoleLastUsed; GetRole has all three (RoleLastUsed
 * empty until a session of the role signs a request); ListRoles has Description and MaxSessionDuration but no
 * boundary, tags or last use; UpdateRoleDescription has Description only (AWS CLI update-role-description.rst,
 * LocalStack test_iam_roles snapshot "update-role-description-response").
 */
export function roleOut(row: EntityRow, view: View): Output {
  const described = view.kind === "create" ? {} : {
    ...(row.description !== null ? { Description: row.description } : {}),
    ...(view.kind === "described" ? {} : { MaxSessionDuration: row.max_session_duration ?? 3600 }),
  };
  return {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.entity_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    AssumeRolePolicyDocument: row.trust_policy ?? undefined,
    ...described,
    ...boundaryOut(row, view),
    ...tagsOut(view),
    ...(view.kind === "get" ? { RoleLastUsed: view.lastUsed ? { LastUsedDate: view.lastUsed.at, Region: view.lastUsed.region } : {} } : {}),
  };
}

/** How many entities attach a managed policy and how many users/roles have it as permissions boundary. */
export type PolicyUses = { readonly attachments: number; readonly boundaries: number };

/** CreatePolicy omits Description; GetPolicy has it when set and always has Tags, even empty; lists have neither. */
export function policyOut(row: EntityRow, uses: PolicyUses, view: View): Output {
  return {
    PolicyName: row.name,
    PolicyId: row.entity_id,
    Arn: row.arn,
    Path: row.path,
    DefaultVersionId: row.default_version ?? "v1",
    AttachmentCount: uses.attachments,
    PermissionsBoundaryUsageCount: uses.boundaries,
    IsAttachable: true,
    ...(view.kind === "get" && row.description !== null ? { Description: row.description } : {}),
    CreateDate: new Date(row.created_at),
    UpdateDate: new Date(row.updated_at ?? row.created_at),
    ...(view.kind === "get" ? { Tags: tagList(view.tags) } : tagsOut(view)),
  };
}

const DEFAULT_MAX_ITEMS = 100;

/**
 * Opaque marker: base64url of "<list>:<sort key of the last item returned>", so pages advance even when items are
 * removed. The list name is checked on the way back: AWS rejects another list's marker with "Invalid Marker" (a
 * ListUsers marker passed to ListAccessKeys failed so on AWS: trek10inc/awsets PR #21), and a marker we did not issue
 * must not silently restart or skip the listing.
 */
const encodeMarker = (list: string, key: string): string => Buffer.from(`${list}:${key}`, "utf8").toString("base64url");
function decodeMarker(list: string, marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw invalidMarker();
  const text = Buffer.from(marker, "base64url").toString("utf8");
  if (!text.startsWith(`${list}:`) || encodeMarker(list, text.slice(list.length + 1)) !== marker) throw invalidMarker();
  return text.slice(list.length + 1);
}

/** Marker/MaxItems over items already sorted by `key`; IsTruncated exactly when a Marker is returned. */
export function paginate<T>(list: string, items: readonly T[], key: (item: T) => string, input: Input): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const marker = str(input, "Marker");
  const max = num(input, "MaxItems") ?? DEFAULT_MAX_ITEMS;
  const after = marker === undefined ? undefined : decodeMarker(list, marker);
  const rest = after === undefined ? [...items] : items.filter((i) => key(i) > after);
  const page = rest.slice(0, max);
  const last = page[page.length - 1];
  if (rest.length > max && last !== undefined) return { page, IsTruncated: true, Marker: encodeMarker(list, key(last)) };
  return { page, IsTruncated: false };
}

const NOT_FOUND: Readonly<Record<"user" | "group" | "role", (name: string) => Error>> = {
  user: noSuchUser,
  group: noSuchGroup,
  role: noSuchRole,
};

/**
 * Authorises `action` on the entity's ARN, then requires it to exist: a caller without permission learns
 * nothing about existence. A missing entity is named with the default path.
 */
export async function authorizedEntity(
  ctx: OperationContext,
  action: string,
  kind: "user" | "group" | "role",
  name: string,
  options?: AuthzOptions | ((row: EntityRow | undefined) => AuthzOptions),
): Promise<EntityRow> {
  const row = await findEntity(ctx.tx, ctx.accountId, kind, name);
  const opts = typeof options === "function" ? options(row) : options;
  await ctx.authorize(action, row?.arn ?? entityArn(ctx.accountId, kind, "/", name), opts);
  if (row === undefined) throw NOT_FOUND[kind](name);
  return row;
}


/** IAM timestamps are whole seconds, as AWS prints them (`2026-11-22T12:00:00Z`). */
export const stamp = (ctx: OperationContext): string => new Date(Math.floor(ctx.now.getTime() / 1000) * 1000).toISOString();

/** Records an IAM change: caches of credentials and compiled policies key on this counter. */
export const changed = (ctx: WriteContext): Promise<void> => bumpVersion(ctx.tx, ctx.accountId, stamp(ctx));

/** IAM's default account quotas (IAM user guide, "IAM and STS quotas"). */
export const ENTITY_QUOTA: Readonly<Record<EntityKind, { readonly name: string; readonly max: number }>> = {
  user: { name: "UsersPerAccount", max: 5000 },
  group: { name: "GroupsPerAccount", max: 300 },
  role: { name: "RolesPerAccount", max: 1000 },
  policy: { name: "CustomerManagedPoliciesPerAccount", max: 1500 },
};

export async function checkEntityQuota(ctx: OperationContext, kind: EntityKind): Promise<void> {
  const q = ENTITY_QUOTA[kind];
  if ((await countEntities(ctx.tx, ctx.accountId, kind)) >= q.max) throw limitExceeded(`Cannot exceed quota for ${q.name}: ${q.max}`);
}

const MAX_TAGS = 50;

/** Request tags: unique keys case-insensitively, and at most 50 on the entity afterwards. */
/** Managed policy tags: keys unique as written ("a" and "A" may both be set), at most 50 by the model. */
export function checkPolicyTags(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw duplicatePolicyTagKeys();
}

export function checkTags(tags: readonly Tag[], existing: readonly TagRow[] = []): void {
  const keys = tags.map((t) => t.Key.toLowerCase());
  if (new Set(keys).size !== keys.length) throw duplicateTagKeys();
  const merged = new Set([...existing.map((t) => t.tag_key.toLowerCase()), ...keys]);
  if (merged.size > MAX_TAGS) throw tagQuota();
}

/** aws:RequestTag/<k> and aws:TagKeys for create and tag calls (iam.md §4.1). */
export function requestTagContext(tags: readonly Tag[]): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  const ctx: Record<string, string | string[]> = { "aws:TagKeys": tags.map((t) => t.Key) };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}
