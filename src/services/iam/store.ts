// IAM SQL for entities (users, groups, roles, managed policies), tags, group membership and the change counter.
import { Epoch } from "../../storage/read-cache.js";
import type { ReadTx, WriteTx } from "../../storage/types.js";
import type { EntityKind } from "./names.js";

export interface EntityRow {
  readonly [column: string]: string | number | null;
  readonly account_id: string;
  readonly kind: EntityKind;
  readonly entity_id: string;
  readonly name: string;
  readonly name_lower: string;
  readonly path: string;
  readonly arn: string;
  readonly created_at: string;
  readonly description: string | null;
  readonly trust_policy: string | null;
  readonly max_session_duration: number | null;
  readonly default_version: string | null;
  readonly next_version: number | null;
  readonly updated_at: string | null;
  readonly permissions_boundary: string | null;
}

export interface TagRow {
  readonly [column: string]: string;
  readonly tag_key: string;
  readonly tag_value: string;
}

export interface NewEntity {
  readonly kind: EntityKind;
  readonly entityId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly description?: string;
  readonly trustPolicy?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
}

const COLUMNS =
  "account_id, kind, entity_id, name, name_lower, path, arn, created_at, description, trust_policy, max_session_duration, default_version, next_version, updated_at, permissions_boundary";

/** IAM's epoch (storage/read-cache.ts): the credential and policy caches key on it. */
export const iamEpoch = new Epoch("iam");

/**
 * Every IAM change bumps the account's counter and IAM's epoch in the same transaction; caches key on the
 * epoch (ARCHITECTURE §6, §8), which a request reads once together with every other cache's.
 */
export async function bumpVersion(tx: WriteTx, accountId: string, now: string): Promise<void> {
  await tx.run(
    "INSERT INTO iam_meta (account_id, version, created_at) VALUES (?, 1, ?) ON CONFLICT (account_id) DO UPDATE SET version = iam_meta.version + 1",
    [accountId, now],
  );
  await iamEpoch.bump(tx);
}

export async function accountCreatedAt(tx: ReadTx, accountId: string): Promise<string | undefined> {
  const row = await tx.get<{ created_at: string }>("SELECT created_at FROM iam_meta WHERE account_id = ?", [accountId]);
  return row?.created_at;
}

export const findEntity = (tx: ReadTx, accountId: string, kind: EntityKind, name: string): Promise<EntityRow | undefined> =>
  tx.get<EntityRow>(`SELECT ${COLUMNS} FROM iam_entities WHERE account_id = ? AND kind = ? AND name_lower = ?`, [
    accountId,
    kind,
    name.toLowerCase(),
  ]);

export const findEntityByArn = (tx: ReadTx, accountId: string, kind: EntityKind, arn: string): Promise<EntityRow | undefined> =>
  tx.get<EntityRow>(`SELECT ${COLUMNS} FROM iam_entities WHERE account_id = ? AND kind = ? AND arn = ?`, [accountId, kind, arn]);

export const ENTITY_COLUMNS = COLUMNS;

export const findEntityById = (tx: ReadTx, accountId: string, entityId: string): Promise<EntityRow | undefined> =>
  tx.get<EntityRow>(`SELECT ${COLUMNS} FROM iam_entities WHERE account_id = ? AND entity_id = ?`, [accountId, entityId]);

/** All entities of a kind whose path starts with the prefix, by lower-cased name. */
export const listEntities = (tx: ReadTx, accountId: string, kind: EntityKind, pathPrefix = "/"): Promise<EntityRow[]> =>
  tx.all<EntityRow>(
    `SELECT ${COLUMNS} FROM iam_entities WHERE account_id = ? AND kind = ? AND substr(path, 1, ?) = ? ORDER BY name_lower, name`,
    [accountId, kind, pathPrefix.length, pathPrefix],
  );

export async function countEntities(tx: ReadTx, accountId: string, kind: EntityKind): Promise<number> {
  const row = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_entities WHERE account_id = ? AND kind = ?", [accountId, kind]);
  return Number(row?.n ?? 0);
}

export async function insertEntity(tx: WriteTx, accountId: string, e: NewEntity): Promise<void> {
  const isPolicy = e.kind === "policy";
  await tx.run(
    `INSERT INTO iam_entities (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      accountId, e.kind, e.entityId, e.name, e.name.toLowerCase(), e.path, e.arn, e.createdAt,
      e.description ?? null, e.trustPolicy ?? null, e.maxSessionDuration ?? null,
      isPolicy ? "v1" : null, isPolicy ? 2 : null, isPolicy ? e.createdAt : null, e.permissionsBoundary ?? null,
    ],
  );
}

/** Removes the entity and everything hanging off it that has no conflict rule (tags). */
export async function deleteEntity(tx: WriteTx, accountId: string, entityId: string): Promise<void> {
  await tx.run("DELETE FROM iam_tags WHERE account_id = ? AND entity_id = ?", [accountId, entityId]);
  await tx.run("DELETE FROM iam_entities WHERE account_id = ? AND entity_id = ?", [accountId, entityId]);
}

export async function updateRole(
  tx: WriteTx,
  accountId: string,
  entityId: string,
  changes: { description?: string; maxSessionDuration?: number; trustPolicy?: string },
): Promise<void> {
  const columns: [string, string | number | undefined][] = [
    ["description", changes.description],
    ["max_session_duration", changes.maxSessionDuration],
    ["trust_policy", changes.trustPolicy],
  ];
  const set = columns.filter((c): c is [string, string | number] => c[1] !== undefined);
  if (set.length === 0) return;
  await tx.run(`UPDATE iam_entities SET ${set.map(([c]) => `${c} = ?`).join(", ")} WHERE account_id = ? AND entity_id = ?`, [
    ...set.map(([, v]) => v), accountId, entityId,
  ]);
}

/** UpdateUser / UpdateGroup: name, path and ARN change together; the id, and all that hangs off it, stays. */
export async function renameEntity(
  tx: WriteTx, accountId: string, entityId: string, to: { name: string; path: string; arn: string },
): Promise<void> {
  await tx.run("UPDATE iam_entities SET name = ?, name_lower = ?, path = ?, arn = ? WHERE account_id = ? AND entity_id = ?", [
    to.name, to.name.toLowerCase(), to.path, to.arn, accountId, entityId,
  ]);
}

/** Sets (an ARN) or removes (null) the permissions boundary of a user or role. */
export async function setBoundary(tx: WriteTx, accountId: string, entityId: string, arn: string | null): Promise<void> {
  await tx.run("UPDATE iam_entities SET permissions_boundary = ? WHERE account_id = ? AND entity_id = ?", [arn, accountId, entityId]);
}

export async function setPolicyDefault(tx: WriteTx, accountId: string, policyId: string, versionId: string, now: string): Promise<void> {
  await tx.run("UPDATE iam_entities SET default_version = ?, updated_at = ? WHERE account_id = ? AND entity_id = ?", [
    versionId, now, accountId, policyId,
  ]);
}

export async function takeNextVersion(tx: WriteTx, accountId: string, policyId: string): Promise<number> {
  const row = await tx.get<{ next_version: number }>("SELECT next_version FROM iam_entities WHERE account_id = ? AND entity_id = ?", [
    accountId, policyId,
  ]);
  const n = row?.next_version ?? 1;
  await tx.run("UPDATE iam_entities SET next_version = ? WHERE account_id = ? AND entity_id = ?", [n + 1, accountId, policyId]);
  return n;
}

// Tags: user and role keys are unique case-insensitively, the latest spelling wins (moto keeps the same rule);
// managed policy keys are case-sensitive, so their key_lower column holds the key as written.

export const listTags = (tx: ReadTx, accountId: string, entityId: string): Promise<TagRow[]> =>
  tx.all<TagRow>("SELECT tag_key, tag_value FROM iam_tags WHERE account_id = ? AND entity_id = ? ORDER BY key_lower", [
    accountId, entityId,
  ]);

export async function putTags(
  tx: WriteTx, accountId: string, entityId: string, tags: readonly { Key: string; Value: string }[], opts: { caseSensitive?: boolean } = {},
): Promise<void> {
  for (const t of tags) {
    await tx.run(
      "INSERT INTO iam_tags (account_id, entity_id, key_lower, tag_key, tag_value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, entity_id, key_lower) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value",
      [accountId, entityId, opts.caseSensitive === true ? t.Key : t.Key.toLowerCase(), t.Key, t.Value],
    );
  }
}

export async function removeTags(
  tx: WriteTx, accountId: string, entityId: string, keys: readonly string[], opts: { caseSensitive?: boolean } = {},
): Promise<void> {
  for (const k of keys) {
    const key = opts.caseSensitive === true ? k : k.toLowerCase();
    await tx.run("DELETE FROM iam_tags WHERE account_id = ? AND entity_id = ? AND key_lower = ?", [accountId, entityId, key]);
  }
}

// Group membership.

export async function addMember(tx: WriteTx, accountId: string, groupId: string, userId: string): Promise<void> {
  await tx.run("INSERT INTO iam_group_members (account_id, group_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [
    accountId, groupId, userId,
  ]);
}

export async function removeMember(tx: WriteTx, accountId: string, groupId: string, userId: string): Promise<boolean> {
  const r = await tx.run("DELETE FROM iam_group_members WHERE account_id = ? AND group_id = ? AND user_id = ?", [accountId, groupId, userId]);
  return r.changes > 0;
}

export const groupsOfUser = (tx: ReadTx, accountId: string, userId: string): Promise<EntityRow[]> =>
  tx.all<EntityRow>(
    `SELECT ${COLUMNS.split(", ").map((c) => `e.${c}`).join(", ")} FROM iam_group_members m JOIN iam_entities e ON e.entity_id = m.group_id AND e.account_id = m.account_id WHERE m.account_id = ? AND m.user_id = ? ORDER BY e.name_lower`,
    [accountId, userId],
  );

export const usersOfGroup = (tx: ReadTx, accountId: string, groupId: string): Promise<EntityRow[]> =>
  tx.all<EntityRow>(
    `SELECT ${COLUMNS.split(", ").map((c) => `e.${c}`).join(", ")} FROM iam_group_members m JOIN iam_entities e ON e.entity_id = m.user_id AND e.account_id = m.account_id WHERE m.account_id = ? AND m.group_id = ? ORDER BY e.name_lower`,
    [accountId, groupId],
  );
