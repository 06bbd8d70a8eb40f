// Secrets Manager's SQL for secrets and tags (portable: `?` placeholders, ON CONFLICT), given a transaction.
// Nothing else reads or writes the sm_* tables; versions/stages live in store-versions.ts, rotations in store-rotations.ts.
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import type { Scope } from "./names.js";

/** One entry of a primary's replica list (stored as JSON on the primary): the requested key and the last outcome. */
export interface ReplicaConfig {
  readonly Region: string;
  readonly KmsKeyId?: string;
  readonly Status?: "InSync" | "Failed";
  readonly StatusMessage?: string;
}

export interface SecretRow {
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  /** As the caller gave it; absent = the AWS managed key aws/secretsmanager. */
  readonly kmsKeyId?: string;
  readonly type?: string;
  readonly owningService?: string;
  readonly createdAt: number;
  readonly lastChangedAt: number;
  readonly lastAccessedAt?: number;
  /** Scheduled purge time (DescribeSecret's DeletedDate); set = "marked for deletion". */
  readonly deletedAt?: number;
  /** Absent when rotation was never configured (DescribeSecret then omits RotationEnabled). */
  readonly rotationEnabled?: boolean;
  readonly rotationLambdaArn?: string;
  readonly rotationDays?: number;
  readonly rotationSchedule?: string;
  readonly rotationDuration?: string;
  readonly lastRotatedAt?: number;
  readonly nextRotationAt?: number;
  readonly rotationFailure?: string;
  /** ARN of the master secret the configuring caller was allowed to read (multi-user rotators only). */
  readonly rotationMasterArn?: string;
  readonly resourcePolicy?: string;
  readonly replicas?: readonly ReplicaConfig[];
  /** Set on a replica: the Region of its primary (replicas refuse writes; replication.ts keeps them in step). */
  readonly primaryRegion?: string;
  readonly createToken?: string;
  /** Tags were ever set (CreateSecret Tags, Tag/UntagResource): DescribeSecret then shows Tags, `[]` once emptied. */
  readonly tagsSet?: boolean;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? "" : String(v));
const optStr = (v: SqlValue | undefined): string | undefined => (v === null || v === undefined ? undefined : String(v));
const optNum = (v: SqlValue | undefined): number | undefined => (v === null || v === undefined ? undefined : Number(v));

function parseReplicas(v: SqlValue | undefined): ReplicaConfig[] | undefined {
  if (typeof v !== "string" || v === "") return undefined;
  const parsed: unknown = JSON.parse(v);
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter((r): r is ReplicaConfig => typeof r === "object" && r !== null && "Region" in r && typeof r.Region === "string");
}

function toSecret(r: Row): SecretRow {
  const enabled = optNum(r.rotation_enabled);
  return {
    accountId: str(r.account_id),
    region: str(r.region),
    arn: str(r.arn),
    name: str(r.name),
    description: optStr(r.description),
    kmsKeyId: optStr(r.kms_key_id),
    type: optStr(r.secret_type),
    owningService: optStr(r.owning_service),
    createdAt: Number(r.created_at),
    lastChangedAt: Number(r.last_changed_at),
    lastAccessedAt: optNum(r.last_accessed_at),
    deletedAt: optNum(r.deleted_at),
    rotationEnabled: enabled === undefined ? undefined : enabled === 1,
    rotationLambdaArn: optStr(r.rotation_lambda_arn),
    rotationDays: optNum(r.rotation_days),
    rotationSchedule: optStr(r.rotation_schedule),
    rotationDuration: optStr(r.rotation_duration),
    lastRotatedAt: optNum(r.last_rotated_at),
    nextRotationAt: optNum(r.next_rotation_at),
    rotationFailure: optStr(r.rotation_failure),
    rotationMasterArn: optStr(r.rotation_master_arn),
    resourcePolicy: optStr(r.resource_policy),
    replicas: parseReplicas(r.replicas),
    primaryRegion: optStr(r.primary_region),
    createToken: optStr(r.create_token),
    tagsSet: optNum(r.tags_set) === 1,
  };
}

/** Column of every updatable field: updates are built only from this table, never from input. */
const COLUMNS = {
  description: "description",
  kmsKeyId: "kms_key_id",
  type: "secret_type",
  lastChangedAt: "last_changed_at",
  lastAccessedAt: "last_accessed_at",
  deletedAt: "deleted_at",
  rotationEnabled: "rotation_enabled",
  rotationLambdaArn: "rotation_lambda_arn",
  rotationDays: "rotation_days",
  rotationSchedule: "rotation_schedule",
  rotationDuration: "rotation_duration",
  lastRotatedAt: "last_rotated_at",
  nextRotationAt: "next_rotation_at",
  rotationFailure: "rotation_failure",
  rotationMasterArn: "rotation_master_arn",
  resourcePolicy: "resource_policy",
  tagsSet: "tags_set",
  primaryRegion: "primary_region",
} as const;

export type SecretPatch = { -readonly [K in keyof typeof COLUMNS]?: SecretRow[K] | null };

const sqlValue = (v: string | number | boolean | null | undefined): SqlValue => (v === undefined || v === null ? null : typeof v === "boolean" ? (v ? 1 : 0) : v);

export async function findSecretByArn(tx: ReadTx, scope: Scope, arn: string): Promise<SecretRow | undefined> {
  const r = await tx.get("SELECT * FROM sm_secrets WHERE account_id = ? AND region = ? AND arn = ?", [scope.accountId, scope.region, arn]);
  return r && toSecret(r);
}

export async function findSecretByName(tx: ReadTx, scope: Scope, name: string): Promise<SecretRow | undefined> {
  const r = await tx.get("SELECT * FROM sm_secrets WHERE account_id = ? AND region = ? AND name = ?", [scope.accountId, scope.region, name]);
  return r && toSecret(r);
}

export async function listSecretRows(tx: ReadTx, scope: Scope): Promise<SecretRow[]> {
  const rows = await tx.all("SELECT * FROM sm_secrets WHERE account_id = ? AND region = ?", [scope.accountId, scope.region]);
  return rows.map(toSecret);
}

export async function insertSecret(tx: WriteTx, s: SecretRow): Promise<void> {
  await tx.run(
    `INSERT INTO sm_secrets (account_id, region, arn, name, description, kms_key_id, secret_type, owning_service, created_at,
       last_changed_at, replicas, create_token, tags_set, primary_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.accountId, s.region, s.arn, s.name, s.description ?? null, s.kmsKeyId ?? null, s.type ?? null, s.owningService ?? null,
      s.createdAt, s.lastChangedAt, s.replicas && s.replicas.length > 0 ? JSON.stringify(s.replicas) : null, s.createToken ?? null,
      s.tagsSet === true ? 1 : null, s.primaryRegion ?? null],
  );
}

/** Replaces a primary's replica list (JSON; NULL when empty, as insertSecret stores it). */
export async function setReplicas(tx: WriteTx, scope: Scope, arn: string, replicas: readonly ReplicaConfig[]): Promise<void> {
  await tx.run("UPDATE sm_secrets SET replicas = ? WHERE account_id = ? AND region = ? AND arn = ?",
    [replicas.length > 0 ? JSON.stringify(replicas) : null, scope.accountId, scope.region, arn]);
}

export async function updateSecret(tx: WriteTx, scope: Scope, arn: string, patch: SecretPatch): Promise<void> {
  const entries = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter((k) => k in patch);
  if (entries.length === 0) return;
  const sets = entries.map((k) => `${COLUMNS[k]} = ?`).join(", ");
  const values = entries.map((k) => sqlValue(patch[k]));
  await tx.run(`UPDATE sm_secrets SET ${sets} WHERE account_id = ? AND region = ? AND arn = ?`, [...values, scope.accountId, scope.region, arn]);
}

/** Permanently removes a secret with its versions, labels, tags and rotation runs. */
export async function purgeSecret(tx: WriteTx, scope: Scope, arn: string): Promise<void> {
  for (const table of ["sm_stages", "sm_versions", "sm_tags", "sm_rotations", "sm_secrets"]) {
    await tx.run(`DELETE FROM ${table} WHERE account_id = ? AND region = ? AND arn = ?`, [scope.accountId, scope.region, arn]);
  }
}

/** Secrets whose recovery window ended (any account/region: the purge job serves them all). */
export async function secretsDueForPurge(tx: ReadTx, now: number, limit: number): Promise<Array<{ scope: Scope; arn: string }>> {
  const rows = await tx.all("SELECT account_id, region, arn FROM sm_secrets WHERE deleted_at IS NOT NULL AND deleted_at <= ? ORDER BY deleted_at LIMIT ?", [now, limit]);
  return rows.map((r) => ({ scope: { accountId: str(r.account_id), region: str(r.region) }, arn: str(r.arn) }));
}

/** Secrets whose scheduled rotation is due (rotation enabled, next date reached, not marked for deletion). */
export async function secretsDueForRotation(tx: ReadTx, now: number, limit: number): Promise<SecretRow[]> {
  const rows = await tx.all(
    "SELECT * FROM sm_secrets WHERE rotation_enabled = 1 AND next_rotation_at IS NOT NULL AND next_rotation_at <= ? AND deleted_at IS NULL ORDER BY next_rotation_at LIMIT ?",
    [now, limit],
  );
  return rows.map(toSecret);
}

export async function tagsOf(tx: ReadTx, scope: Scope, arn: string): Promise<Tag[]> {
  const rows = await tx.all("SELECT tag_key, tag_value FROM sm_tags WHERE account_id = ? AND region = ? AND arn = ? ORDER BY ordinal", [scope.accountId, scope.region, arn]);
  return rows.map((r) => ({ Key: str(r.tag_key), Value: str(r.tag_value) }));
}

/** Every tag of the scope, grouped by secret ARN (ListSecrets/filters read them all at once). */
export async function tagsByArn(tx: ReadTx, scope: Scope): Promise<Map<string, Tag[]>> {
  const rows = await tx.all("SELECT arn, tag_key, tag_value FROM sm_tags WHERE account_id = ? AND region = ? ORDER BY arn, ordinal", [scope.accountId, scope.region]);
  const out = new Map<string, Tag[]>();
  for (const r of rows) {
    const list = out.get(str(r.arn)) ?? [];
    list.push({ Key: str(r.tag_key), Value: str(r.tag_value) });
    out.set(str(r.arn), list);
  }
  return out;
}

/** Adds or overwrites tags; a new key goes after the existing ones, an overwritten key keeps its place. */
export async function putTags(tx: WriteTx, scope: Scope, arn: string, tags: readonly Tag[]): Promise<void> {
  const row = await tx.get("SELECT COALESCE(MAX(ordinal), 0) AS m FROM sm_tags WHERE account_id = ? AND region = ? AND arn = ?", [scope.accountId, scope.region, arn]);
  let ordinal = Number(row?.m ?? 0);
  for (const t of tags) {
    ordinal += 1;
    await tx.run(
      `INSERT INTO sm_tags (account_id, region, arn, tag_key, tag_value, ordinal) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
      [scope.accountId, scope.region, arn, t.Key, t.Value, ordinal],
    );
  }
}

/** Makes a secret's tags exactly `tags`, in that order (a replica mirrors its primary's tags). */
export async function replaceTags(tx: WriteTx, scope: Scope, arn: string, tags: readonly Tag[]): Promise<void> {
  await tx.run("DELETE FROM sm_tags WHERE account_id = ? AND region = ? AND arn = ?", [scope.accountId, scope.region, arn]);
  await putTags(tx, scope, arn, tags);
}

export async function deleteTags(tx: WriteTx, scope: Scope, arn: string, keys: readonly string[]): Promise<void> {
  for (const k of keys) {
    await tx.run("DELETE FROM sm_tags WHERE account_id = ? AND region = ? AND arn = ? AND tag_key = ?", [scope.accountId, scope.region, arn, k]);
  }
}
