// The key service's SQL for aliases and tags (portable, given a transaction); keys are in store.ts.
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import type { KmsScope } from "./ids.js";
import { kmsEpoch } from "./key-cache.js";

export interface AliasRow {
  readonly aliasName: string;
  readonly keyId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? "" : String(v));
const num = (v: SqlValue | undefined): number => Number(v ?? 0);

const toAlias = (r: Row): AliasRow => ({
  aliasName: str(r.alias_name),
  keyId: str(r.key_id),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export async function getAlias(tx: ReadTx, s: KmsScope, aliasName: string): Promise<AliasRow | undefined> {
  const r = await tx.get("SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?", [s.accountId, s.region, aliasName]);
  return r && toAlias(r);
}

export async function listAliases(tx: ReadTx, s: KmsScope, opts: { keyId?: string; after: string; limit: number }): Promise<AliasRow[]> {
  const byKey = opts.keyId === undefined ? "" : " AND key_id = ?";
  const params: SqlValue[] = [s.accountId, s.region, opts.after, ...(opts.keyId === undefined ? [] : [opts.keyId]), opts.limit];
  const rows = await tx.all(`SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name > ?${byKey} ORDER BY alias_name LIMIT ?`, params);
  return rows.map(toAlias);
}

export async function aliasNamesOfKey(tx: ReadTx, s: KmsScope, keyId: string): Promise<string[]> {
  const rows = await tx.all("SELECT alias_name FROM kms_aliases WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY alias_name", [
    s.accountId, s.region, keyId,
  ]);
  return rows.map((r) => str(r.alias_name));
}

export async function insertAlias(tx: WriteTx, s: KmsScope, a: AliasRow): Promise<boolean> {
  await kmsEpoch.bump(tx);
  const r = await tx.run(
    "INSERT INTO kms_aliases (account_id, region, alias_name, key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [s.accountId, s.region, a.aliasName, a.keyId, a.createdAt, a.updatedAt],
  );
  return r.changes === 1;
}

export async function retargetAlias(tx: WriteTx, s: KmsScope, aliasName: string, keyId: string, nowMs: number): Promise<void> {
  await kmsEpoch.bump(tx);
  await tx.run("UPDATE kms_aliases SET key_id = ?, updated_at = ? WHERE account_id = ? AND region = ? AND alias_name = ?", [
    keyId, nowMs, s.accountId, s.region, aliasName,
  ]);
}

export async function deleteAlias(tx: WriteTx, s: KmsScope, aliasName: string): Promise<void> {
  await kmsEpoch.bump(tx);
  await tx.run("DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?", [s.accountId, s.region, aliasName]);
}

export interface KeyFacts {
  readonly aliases: string[];
  readonly tags: Array<{ TagKey: string; TagValue: string }>;
}

/** A key's aliases and tags in one statement (the condition keys every key-scoped check carries). */
export async function keyFacts(tx: ReadTx, s: KmsScope, keyId: string): Promise<KeyFacts> {
  const rows = await tx.all(
    `SELECT 'a' AS kind, alias_name AS name, '' AS value FROM kms_aliases WHERE account_id = ? AND region = ? AND key_id = ?
     UNION ALL SELECT 't' AS kind, tag_key AS name, tag_value AS value FROM kms_key_tags WHERE account_id = ? AND region = ? AND key_id = ?`,
    [s.accountId, s.region, keyId, s.accountId, s.region, keyId],
  );
  const aliases: string[] = [];
  const tags: Array<{ TagKey: string; TagValue: string }> = [];
  for (const r of rows) {
    if (r.kind === "a") aliases.push(str(r.name));
    else tags.push({ TagKey: str(r.name), TagValue: str(r.value) });
  }
  return { aliases, tags };
}

// --- tags -----------------------------------------------------------------------------------------

export async function listTags(tx: ReadTx, s: KmsScope, keyId: string): Promise<Array<{ TagKey: string; TagValue: string }>> {
  const rows = await tx.all("SELECT tag_key, tag_value FROM kms_key_tags WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY tag_key", [
    s.accountId, s.region, keyId,
  ]);
  return rows.map((r) => ({ TagKey: str(r.tag_key), TagValue: str(r.tag_value) }));
}

export async function putTag(tx: WriteTx, s: KmsScope, keyId: string, tagKey: string, tagValue: string): Promise<void> {
  await kmsEpoch.bump(tx);
  await tx.run(
    `INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id, region, key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    [s.accountId, s.region, keyId, tagKey, tagValue],
  );
}

export async function deleteTag(tx: WriteTx, s: KmsScope, keyId: string, tagKey: string): Promise<void> {
  await kmsEpoch.bump(tx);
  await tx.run("DELETE FROM kms_key_tags WHERE account_id = ? AND region = ? AND key_id = ? AND tag_key = ?", [s.accountId, s.region, keyId, tagKey]);
}
