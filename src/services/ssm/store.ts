// All of Parameter Store's SQL (tables in schema.ts). Portable SQL with `?` placeholders; every statement is scoped by
// account and region; statement texts are constants or built from code-side column names only, so they are prepared once.
import { Epoch } from "../../storage/read-cache.js";
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import type { Column, Cond } from "./filters.js";
import type { Scope } from "./names.js";

/** Current metadata of a parameter (a copy of its latest version's). */
export type ParamRow = {
  name_key: string;
  name: string;
  parent: string;
  type: string;
  tier: string;
  data_type: string;
  description: string | null;
  allowed_pattern: string | null;
  key_id: string | null;
  key_arn: string | null;
  policies: string | null;
  version: number;
  modified_ms: number;
  modified_user: string;
  expires_ms: number | null;
  notify_ms: number | null;
};

/** One stored version; `value` is barrier ciphertext. */
export type VersionRow = {
  name_key: string;
  version: number;
  value: Buffer;
  type: string;
  tier: string;
  data_type: string;
  description: string | null;
  allowed_pattern: string | null;
  key_id: string | null;
  key_arn: string | null;
  policies: string | null;
  modified_ms: number;
  modified_user: string;
};

/** The latest version joined with its parameter: what GetParameter / GetParametersByPath return. */
export type CurrentRow = ParamRow & { value: Buffer };

const P_COLS = "p.name_key, p.name, p.parent, p.type, p.tier, p.data_type, p.description, p.allowed_pattern, p.key_id, p.key_arn, p.policies, p.version, p.modified_ms, p.modified_user, p.expires_ms, p.notify_ms";
const V_COLS = "name_key, version, value, type, tier, data_type, description, allowed_pattern, key_id, key_arn, policies, modified_ms, modified_user";
const JOIN_LATEST = "FROM ssm_parameters p JOIN ssm_versions v ON v.account_id = p.account_id AND v.region = p.region AND v.name_key = p.name_key AND v.version = p.version";
const SCOPE = "p.account_id = ? AND p.region = ?";

// PostgreSQL hands BIGINT back as text; SQLite as number. Normalise once at the edge.
const num = (v: SqlValue | undefined): number => Number(v);
const numOrNull = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const asParam = (r: Row): ParamRow => ({ ...(r as unknown as ParamRow), version: num(r["version"]), modified_ms: num(r["modified_ms"]), expires_ms: numOrNull(r["expires_ms"]), notify_ms: numOrNull(r["notify_ms"]) }); // row shape fixed by P_COLS
const asVersion = (r: Row): VersionRow => ({ ...(r as unknown as VersionRow), version: num(r["version"]), modified_ms: num(r["modified_ms"]) }); // row shape fixed by V_COLS
const asCurrent = (r: Row): CurrentRow => ({ ...asParam(r), value: r["value"] as Buffer }); // value column is a BLOB

/** Bumped by every write of what getCurrent() reads (parameters and versions): the read cache's freshness (storage/read-cache.ts). */
export const currentEpoch = new Epoch("ssm-current");

// ---------- single parameters ----------

export async function getParameter(tx: ReadTx, s: Scope, key: string): Promise<ParamRow | undefined> {
  const r = await tx.get(`SELECT ${P_COLS} FROM ssm_parameters p WHERE ${SCOPE} AND p.name_key = ?`, [s.accountId, s.region, key]);
  return r && asParam(r);
}

/** GetParameter's hot path: one primary-key lookup joined to the latest version. */
export async function getCurrent(tx: ReadTx, s: Scope, key: string): Promise<CurrentRow | undefined> {
  const r = await tx.get(`SELECT ${P_COLS}, v.value ${JOIN_LATEST} WHERE ${SCOPE} AND p.name_key = ?`, [s.accountId, s.region, key]);
  return r && asCurrent(r);
}

export async function getVersion(tx: ReadTx, s: Scope, key: string, version: number): Promise<VersionRow | undefined> {
  const r = await tx.get(`SELECT ${V_COLS} FROM ssm_versions WHERE account_id = ? AND region = ? AND name_key = ? AND version = ?`, [s.accountId, s.region, key, version]);
  return r && asVersion(r);
}

export async function listVersions(tx: ReadTx, s: Scope, key: string, offset: number, limit: number): Promise<VersionRow[]> {
  const rows = await tx.all(
    `SELECT ${V_COLS} FROM ssm_versions WHERE account_id = ? AND region = ? AND name_key = ? ORDER BY version LIMIT ? OFFSET ?`,
    [s.accountId, s.region, key, limit, offset],
  );
  return rows.map(asVersion);
}

export async function versionStats(tx: ReadTx, s: Scope, key: string): Promise<{ count: number; oldest: number }> {
  const r = await tx.get("SELECT COUNT(*) AS n, MIN(version) AS oldest FROM ssm_versions WHERE account_id = ? AND region = ? AND name_key = ?", [s.accountId, s.region, key]);
  return { count: num(r?.["n"] ?? 0), oldest: num(r?.["oldest"] ?? 0) };
}

export async function countTier(tx: ReadTx, s: Scope, tier: string): Promise<number> {
  const r = await tx.get("SELECT COUNT(*) AS n FROM ssm_parameters WHERE account_id = ? AND region = ? AND tier = ?", [s.accountId, s.region, tier]);
  return num(r?.["n"] ?? 0);
}

export async function insertVersion(tx: WriteTx, s: Scope, v: VersionRow): Promise<void> {
  await currentEpoch.bump(tx);
  await tx.run(
    `INSERT INTO ssm_versions (account_id, region, ${V_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.accountId, s.region, v.name_key, v.version, v.value, v.type, v.tier, v.data_type, v.description, v.allowed_pattern, v.key_id, v.key_arn, v.policies, v.modified_ms, v.modified_user],
  );
}

export async function deleteVersion(tx: WriteTx, s: Scope, key: string, version: number): Promise<void> {
  await currentEpoch.bump(tx);
  await tx.run("DELETE FROM ssm_versions WHERE account_id = ? AND region = ? AND name_key = ? AND version = ?", [s.accountId, s.region, key, version]);
}

const PARAM_UPDATE = "name = excluded.name, parent = excluded.parent, type = excluded.type, tier = excluded.tier, data_type = excluded.data_type, description = excluded.description, allowed_pattern = excluded.allowed_pattern, key_id = excluded.key_id, key_arn = excluded.key_arn, policies = excluded.policies, version = excluded.version, modified_ms = excluded.modified_ms, modified_user = excluded.modified_user, expires_ms = excluded.expires_ms, notify_ms = excluded.notify_ms";

export async function upsertParameter(tx: WriteTx, s: Scope, p: ParamRow): Promise<void> {
  await currentEpoch.bump(tx);
  await tx.run(
    `INSERT INTO ssm_parameters (account_id, region, name_key, name, parent, type, tier, data_type, description, allowed_pattern, key_id, key_arn, policies, version, modified_ms, modified_user, expires_ms, notify_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name_key) DO UPDATE SET ${PARAM_UPDATE}`,
    [s.accountId, s.region, p.name_key, p.name, p.parent, p.type, p.tier, p.data_type, p.description, p.allowed_pattern, p.key_id, p.key_arn, p.policies, p.version, p.modified_ms, p.modified_user, p.expires_ms, p.notify_ms],
  );
}

export async function updatePolicyState(tx: WriteTx, s: Scope, key: string, policies: string | null, notifyMs: number | null): Promise<void> {
  await currentEpoch.bump(tx);
  await tx.run("UPDATE ssm_parameters SET policies = ?, notify_ms = ? WHERE account_id = ? AND region = ? AND name_key = ?", [policies, notifyMs, s.accountId, s.region, key]);
}

/** Removes a parameter with all its versions, labels and tags; false when there was none. */
export async function deleteParameter(tx: WriteTx, s: Scope, key: string): Promise<boolean> {
  await currentEpoch.bump(tx);
  const args = [s.accountId, s.region, key];
  const { changes } = await tx.run("DELETE FROM ssm_parameters WHERE account_id = ? AND region = ? AND name_key = ?", args);
  if (changes === 0) return false;
  await tx.run("DELETE FROM ssm_versions WHERE account_id = ? AND region = ? AND name_key = ?", args);
  await tx.run("DELETE FROM ssm_labels WHERE account_id = ? AND region = ? AND name_key = ?", args);
  await tx.run("DELETE FROM ssm_tags WHERE account_id = ? AND region = ? AND name_key = ?", args);
  return true;
}

// ---------- labels ----------

export async function labelVersion(tx: ReadTx, s: Scope, key: string, label: string): Promise<number | undefined> {
  const r = await tx.get("SELECT version FROM ssm_labels WHERE account_id = ? AND region = ? AND name_key = ? AND label = ?", [s.accountId, s.region, key, label]);
  return r ? num(r["version"]) : undefined;
}

/** Labels of versions `from..to` of one parameter, as version → labels. */
export async function labelsByVersion(tx: ReadTx, s: Scope, key: string, from: number, to: number): Promise<Map<number, string[]>> {
  const rows = await tx.all(
    "SELECT version, label FROM ssm_labels WHERE account_id = ? AND region = ? AND name_key = ? AND version >= ? AND version <= ? ORDER BY version, label",
    [s.accountId, s.region, key, from, to],
  );
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const v = num(r["version"]);
    const list = out.get(v) ?? [];
    list.push(String(r["label"]));
    out.set(v, list);
  }
  return out;
}

export async function setLabel(tx: WriteTx, s: Scope, key: string, label: string, version: number): Promise<void> {
  await tx.run(
    "INSERT INTO ssm_labels (account_id, region, name_key, label, version) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name_key, label) DO UPDATE SET version = excluded.version",
    [s.accountId, s.region, key, label, version],
  );
}

export async function deleteLabel(tx: WriteTx, s: Scope, key: string, label: string): Promise<void> {
  await tx.run("DELETE FROM ssm_labels WHERE account_id = ? AND region = ? AND name_key = ? AND label = ?", [s.accountId, s.region, key, label]);
}

// ---------- tags ----------

export async function listTags(tx: ReadTx, s: Scope, key: string): Promise<Array<{ Key: string; Value: string }>> {
  const rows = await tx.all("SELECT tag_key, tag_value FROM ssm_tags WHERE account_id = ? AND region = ? AND name_key = ? ORDER BY tag_key", [s.accountId, s.region, key]);
  return rows.map((r) => ({ Key: String(r["tag_key"]), Value: String(r["tag_value"]) }));
}

export async function putTag(tx: WriteTx, s: Scope, key: string, tagKey: string, tagValue: string): Promise<void> {
  await tx.run(
    "INSERT INTO ssm_tags (account_id, region, name_key, tag_key, tag_value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name_key, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
    [s.accountId, s.region, key, tagKey, tagValue],
  );
}

export async function deleteTag(tx: WriteTx, s: Scope, key: string, tagKey: string): Promise<void> {
  await tx.run("DELETE FROM ssm_tags WHERE account_id = ? AND region = ? AND name_key = ? AND tag_key = ?", [s.accountId, s.region, key, tagKey]);
}

// ---------- service settings ----------

export type SettingRow = { value: string; modified_ms: number; modified_user: string };

export async function getSetting(tx: ReadTx, s: Scope, id: string): Promise<SettingRow | undefined> {
  const r = await tx.get("SELECT value, modified_ms, modified_user FROM ssm_settings WHERE account_id = ? AND region = ? AND setting_id = ?", [s.accountId, s.region, id]);
  return r && { value: String(r["value"]), modified_ms: num(r["modified_ms"]), modified_user: String(r["modified_user"]) };
}

export async function putSetting(tx: WriteTx, s: Scope, id: string, row: SettingRow): Promise<void> {
  await tx.run(
    "INSERT INTO ssm_settings (account_id, region, setting_id, value, modified_ms, modified_user) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, setting_id) DO UPDATE SET value = excluded.value, modified_ms = excluded.modified_ms, modified_user = excluded.modified_user",
    [s.accountId, s.region, id, row.value, row.modified_ms, row.modified_user],
  );
}

export async function deleteSetting(tx: WriteTx, s: Scope, id: string): Promise<void> {
  await tx.run("DELETE FROM ssm_settings WHERE account_id = ? AND region = ? AND setting_id = ?", [s.accountId, s.region, id]);
}

// ---------- listings (GetParametersByPath, DescribeParameters) ----------

const COLUMNS: ReadonlySet<Column> = new Set(["name_key", "name", "type", "tier", "key_id", "data_type"]);
const marks = (n: number): string => Array.from({ length: n }, () => "?").join(", ");
const codePoints = (v: string): number => [...v].length;

/** One condition as SQL over alias `p`; null when it restricts nothing SQL can test (checked in code instead). */
function condSql(c: Cond, params: SqlValue[]): string | null {
  switch (c.kind) {
    case "parent":
      params.push(...c.values);
      return `p.parent IN (${marks(c.values.length)})`;
    case "under": {
      if (c.values.includes("/")) return null;
      // Every name below `/a` sorts in [`/a/`, `/a0`): `0` follows `/` in byte order.
      for (const v of c.values) params.push(`${v}/`, `${v}0`);
      return `(${c.values.map(() => "(p.name_key >= ? AND p.name_key < ?)").join(" OR ")})`;
    }
    case "equals":
      params.push(...c.values);
      return `p.${column(c.column)} IN (${marks(c.values.length)})`;
    case "beginsWith":
      return beginsWithSql(`p.${column(c.column)}`, c.column === "name_key", c.values, params);
    case "tag":
      return tagSql(c.key, c.option, c.values, params);
    case "contains":
    case "label":
      return null;
  }
}

const column = (c: Column): Column => {
  if (!COLUMNS.has(c)) throw new Error(`not a parameter column: ${c}`);
  return c;
};

/** Names are ASCII, so `[v, v + DEL)` is exactly "starts with v" and stays an index range; other columns use substr. */
function beginsWithSql(col: string, isName: boolean, values: readonly string[], params: SqlValue[]): string {
  if (isName) {
    for (const v of values) params.push(v, `${v}\u007f`);
    return `(${values.map(() => `(${col} >= ? AND ${col} < ?)`).join(" OR ")})`;
  }
  for (const v of values) params.push(codePoints(v), v);
  return `(${values.map(() => `substr(${col}, 1, ?) = ?`).join(" OR ")})`;
}

function tagSql(key: string, option: "Equals" | "BeginsWith" | "Exists", values: readonly string[], params: SqlValue[]): string {
  params.push(key);
  let valueSql = "";
  if (option === "Equals") {
    params.push(...values);
    valueSql = ` AND t.tag_value IN (${marks(values.length)})`;
  } else if (option === "BeginsWith") {
    for (const v of values) params.push(codePoints(v), v);
    valueSql = ` AND (${values.map(() => "substr(t.tag_value, 1, ?) = ?").join(" OR ")})`;
  }
  return `EXISTS (SELECT 1 FROM ssm_tags t WHERE t.account_id = p.account_id AND t.region = p.region AND t.name_key = p.name_key AND t.tag_key = ?${valueSql})`;
}

function whereOf(s: Scope, conds: readonly Cond[]): { where: string; params: SqlValue[] } {
  const params: SqlValue[] = [s.accountId, s.region];
  const parts = [SCOPE];
  for (const c of conds) {
    const sql = condSql(c, params);
    if (sql !== null) parts.push(sql);
  }
  return { where: parts.join(" AND "), params };
}

/**
 * Parameters matching `conds` in name order, from `offset`, at most `limit` (null: all). `withValue` joins the latest
 * version's ciphertext. Label conditions are handled by `labelledVersions`.
 */
export async function queryParameters(tx: ReadTx, s: Scope, conds: readonly Cond[], page: { offset: number; limit: number | null; withValue: boolean }): Promise<CurrentRow[]> {
  const { where, params } = whereOf(s, conds);
  const from = page.withValue ? `SELECT ${P_COLS}, v.value ${JOIN_LATEST}` : `SELECT ${P_COLS} FROM ssm_parameters p`;
  const limit = page.limit === null ? "" : " LIMIT ? OFFSET ?";
  if (page.limit !== null) params.push(page.limit, page.offset);
  const rows = await tx.all(`${from} WHERE ${where} ORDER BY p.name_key${limit}`, params);
  return rows.map((r) => (page.withValue ? asCurrent(r) : { ...asParam(r), value: Buffer.alloc(0) }));
}

/** For a Label filter: every (parameter, version) carrying one of `labels`, newest version first per parameter. */
export async function labelledVersions(tx: ReadTx, s: Scope, conds: readonly Cond[], labels: readonly string[]): Promise<Array<{ name_key: string; name: string; version: number }>> {
  const { where, params } = whereOf(s, conds);
  params.push(...labels);
  const rows = await tx.all(
    `SELECT p.name_key, p.name, l.version FROM ssm_parameters p JOIN ssm_labels l ON l.account_id = p.account_id AND l.region = p.region AND l.name_key = p.name_key
     WHERE ${where} AND l.label IN (${marks(labels.length)}) ORDER BY p.name_key, l.version DESC`,
    params,
  );
  return rows.map((r) => ({ name_key: String(r["name_key"]), name: String(r["name"]), version: num(r["version"]) }));
}

// ---------- policy job (all accounts and regions) ----------

export type DueRow = ParamRow & { account_id: string; region: string };

export async function dueParameters(tx: ReadTx, nowMs: number, limit: number): Promise<DueRow[]> {
  const cols = `p.account_id, p.region, ${P_COLS}`;
  const rows = await tx.all(
    `SELECT ${cols} FROM ssm_parameters p WHERE p.expires_ms IS NOT NULL AND p.expires_ms <= ?
     UNION SELECT ${cols} FROM ssm_parameters p WHERE p.notify_ms IS NOT NULL AND p.notify_ms <= ? LIMIT ?`,
    [nowMs, nowMs, limit],
  );
  return rows.map((r) => ({ ...asParam(r), account_id: String(r["account_id"]), region: String(r["region"]) }));
}
