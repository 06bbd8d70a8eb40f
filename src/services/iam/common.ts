// Shared pieces of the IAM operations: output shapes, Marker/MaxItems paging, authorised entity lookups.
import type { OperationContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { invalidMarker, noSuchGroup, noSuchRole, noSuchUser } from "./errors.js";
import { entityArn, type EntityKind } from "./names.js";
import { findEntity, type EntityRow, type TagRow } from "./store.js";

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

export function userOut(row: EntityRow, tags?: readonly TagRow[]): Output {
  return {
    Path: row.path,
    UserName: row.name,
    UserId: row.entity_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    ...(tags && tags.length > 0 ? { Tags: tagList(tags) } : {}),
  };
}

export function groupOut(row: EntityRow): Output {
  return { Path: row.path, GroupName: row.name, GroupId: row.entity_id, Arn: row.arn, CreateDate: new Date(row.created_at) };
}

export function roleOut(row: EntityRow, opts: { tags?: readonly TagRow[]; lastUsed?: boolean } = {}): Output {
  return {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.entity_id,
    Arn: row.arn,
    CreateDate: new Date(row.created_at),
    AssumeRolePolicyDocument: row.trust_policy ?? undefined,
    ...(row.description !== null ? { Description: row.description } : {}),
    MaxSessionDuration: row.max_session_duration ?? 3600,
    ...(opts.tags && opts.tags.length > 0 ? { Tags: tagList(opts.tags) } : {}),
    ...(opts.lastUsed ? { RoleLastUsed: {} } : {}),
  };
}

export function policyOut(row: EntityRow, attachmentCount: number, opts: { tags?: readonly TagRow[]; full?: boolean } = {}): Output {
  return {
    PolicyName: row.name,
    PolicyId: row.entity_id,
    Arn: row.arn,
    Path: row.path,
    DefaultVersionId: row.default_version ?? "v1",
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(opts.full && row.description !== null ? { Description: row.description } : {}),
    CreateDate: new Date(row.created_at),
    UpdateDate: new Date(row.updated_at ?? row.created_at),
    ...(opts.tags && opts.tags.length > 0 ? { Tags: tagList(opts.tags) } : {}),
  };
}

const DEFAULT_MAX_ITEMS = 100;

/** Opaque marker: the sort key of the last item returned, so pages advance even when items are removed. */
const encodeMarker = (key: string): string => Buffer.from(key, "utf8").toString("base64url");
function decodeMarker(marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw invalidMarker();
  return Buffer.from(marker, "base64url").toString("utf8");
}

/** Marker/MaxItems over items already sorted by `key`; IsTruncated exactly when a Marker is returned. */
export function paginate<T>(items: readonly T[], key: (item: T) => string, input: Input): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const marker = str(input, "Marker");
  const max = num(input, "MaxItems") ?? DEFAULT_MAX_ITEMS;
  const after = marker === undefined ? undefined : decodeMarker(marker);
  const rest = after === undefined ? [...items] : items.filter((i) => key(i) > after);
  const page = rest.slice(0, max);
  const last = page[page.length - 1];
  if (rest.length > max && last !== undefined) return { page, IsTruncated: true, Marker: encodeMarker(key(last)) };
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
): Promise<EntityRow> {
  const row = await findEntity(ctx.tx, ctx.accountId, kind, name);
  await ctx.authorize(action, row?.arn ?? entityArn(ctx.accountId, kind, "/", name));
  if (row === undefined) throw NOT_FOUND[kind](name);
  return row;
}

/** Like authorizedEntity, for operations that may name an entity that does not exist yet (no error here). */
export async function authorizeOn(ctx: OperationContext, action: string, kind: EntityKind, name: string, path = "/"): Promise<EntityRow | undefined> {
  const row = await findEntity(ctx.tx, ctx.accountId, kind, name);
  await ctx.authorize(action, row?.arn ?? entityArn(ctx.accountId, kind, path, name));
  return row;
}
