// IAM SQL for access keys; the secret column only ever holds barrier ciphertext.
import type { ReadTx, WriteTx } from "../../storage/types.js";

export interface AccessKeyRow {
  readonly [column: string]: string | Buffer;
  readonly access_key_id: string;
  readonly account_id: string;
  readonly user_id: string;
  readonly status: string;
  readonly secret: Buffer;
  readonly created_at: string;
}

const COLUMNS = "access_key_id, account_id, user_id, status, secret, created_at";

export const getAccessKey = (tx: ReadTx, accessKeyId: string): Promise<AccessKeyRow | undefined> =>
  tx.get<AccessKeyRow>(`SELECT ${COLUMNS} FROM iam_access_keys WHERE access_key_id = ?`, [accessKeyId]);

export const listAccessKeys = (tx: ReadTx, accountId: string, userId: string): Promise<AccessKeyRow[]> =>
  tx.all<AccessKeyRow>(`SELECT ${COLUMNS} FROM iam_access_keys WHERE account_id = ? AND user_id = ? ORDER BY created_at, access_key_id`, [
    accountId, userId,
  ]);

export async function insertAccessKey(
  tx: WriteTx,
  key: { accessKeyId: string; accountId: string; userId: string; secret: Buffer; createdAt: string },
): Promise<void> {
  await tx.run(`INSERT INTO iam_access_keys (${COLUMNS}) VALUES (?, ?, ?, 'Active', ?, ?)`, [
    key.accessKeyId, key.accountId, key.userId, key.secret, key.createdAt,
  ]);
}

export async function setAccessKeyStatus(tx: WriteTx, accessKeyId: string, status: string): Promise<void> {
  await tx.run("UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?", [status, accessKeyId]);
}

export async function deleteAccessKey(tx: WriteTx, accessKeyId: string): Promise<void> {
  await tx.run("DELETE FROM iam_access_keys WHERE access_key_id = ?", [accessKeyId]);
}

/** Last use of a key (GetAccessKeyLastUsed); the columns come from IAM_KEY_USE_DDL. */
export interface KeyLastUseRow {
  readonly [column: string]: string | null;
  readonly last_used_at: string | null;
  readonly last_used_service: string | null;
  readonly last_used_region: string | null;
}

export const getKeyLastUse = (tx: ReadTx, accessKeyId: string): Promise<KeyLastUseRow | undefined> =>
  tx.get<KeyLastUseRow>("SELECT last_used_at, last_used_service, last_used_region FROM iam_access_keys WHERE access_key_id = ?", [accessKeyId]);

/** Stores noted uses; never moves a key's last use back in time, and a deleted key stays deleted. */
export async function recordKeyUses(tx: WriteTx, uses: ReadonlyMap<string, { at: Date; service: string; region: string }>): Promise<void> {
  for (const [id, use] of uses) {
    const at = use.at.toISOString();
    await tx.run(
      "UPDATE iam_access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
      [at, use.service, use.region, id, at],
    );
  }
}

/** Last use of a role (GetRole RoleLastUsed); the columns come from IAM_ROLE_USE_DDL. */
export interface RoleLastUseRow {
  readonly [column: string]: string | null;
  readonly last_used_at: string | null;
  readonly last_used_region: string | null;
}

export const getRoleLastUse = (tx: ReadTx, roleId: string): Promise<RoleLastUseRow | undefined> =>
  tx.get<RoleLastUseRow>("SELECT last_used_at, last_used_region FROM iam_entities WHERE entity_id = ? AND kind = 'role'", [roleId]);

/** Stores noted role uses; never moves a role's last use back in time, and a deleted role stays deleted. */
export async function recordRoleUses(tx: WriteTx, uses: ReadonlyMap<string, { at: Date; region: string }>): Promise<void> {
  for (const [id, use] of uses) {
    const at = use.at.toISOString();
    await tx.run(
      "UPDATE iam_entities SET last_used_at = ?, last_used_region = ? WHERE entity_id = ? AND kind = 'role' AND (last_used_at IS NULL OR last_used_at <= ?)",
      [at, use.region, id, at],
    );
  }
}
