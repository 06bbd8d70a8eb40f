// The key service's SQL (portable: `?` placeholders, ON CONFLICT), given a transaction.
// Nothing else reads or writes the kms_* tables.
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import { keyArn, type KmsScope } from "./ids.js";
import { kmsEpoch } from "./key-cache.js";

export type KeyState = "Enabled" | "Disabled" | "PendingDeletion";
export type ManagedService = "ssm" | "secretsmanager";
export type RotationType = "INITIAL" | "AUTOMATIC" | "ON_DEMAND";

export interface KmsKey {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly arn: string;
  readonly description: string;
  readonly keyUsage: string;
  readonly keySpec: string;
  readonly origin: string;
  readonly keyManager: "CUSTOMER" | "AWS";
  readonly managedService?: ManagedService;
  readonly keyState: KeyState;
  readonly multiRegion: boolean;
  readonly policy: string;
  readonly createdAt: number;
  readonly deletionDate?: number;
  readonly pendingWindowDays?: number;
  readonly rotationEnabled: boolean;
  readonly rotationPeriodDays?: number;
  readonly nextRotationAt?: number;
  readonly currentVersion: number;
  readonly onDemandRotations: number;
  readonly currentMaterialId?: string;
}

export type NewKey = Omit<KmsKey, "arn" | "currentMaterialId">;

export interface MaterialRow {
  readonly version: number;
  readonly materialId: string;
  readonly wrapped: Buffer;
  readonly rotationType: RotationType;
  readonly createdAt: number;
}

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? "" : String(v));
const num = (v: SqlValue | undefined): number => Number(v ?? 0);
const opt = (v: SqlValue | undefined): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const state = (v: SqlValue | undefined): KeyState => (v === "Enabled" || v === "PendingDeletion" ? v : v === "Disabled" ? v : "Disabled");

const KEY_SELECT = `SELECT k.*, m.material_id AS current_material_id FROM kms_keys k
  LEFT JOIN kms_key_materials m ON m.account_id = k.account_id AND m.region = k.region
   AND m.key_id = k.key_id AND m.version = k.current_version`;

/** Built as one literal: `{ ...spread, many more }` costs tens of µs per call on Node 20's V8. */
function toKey(r: Row): KmsKey {
  const accountId = str(r.account_id);
  const region = str(r.region);
  const keyId = str(r.key_id);
  const managed = r.managed_service === "ssm" || r.managed_service === "secretsmanager" ? r.managed_service : undefined;
  return {
    accountId,
    region,
    keyId,
    arn: keyArn({ accountId, region }, keyId),
    description: str(r.description),
    keyUsage: str(r.key_usage),
    keySpec: str(r.key_spec),
    origin: str(r.origin),
    keyManager: r.key_manager === "AWS" ? "AWS" : "CUSTOMER",
    managedService: managed,
    keyState: state(r.key_state),
    multiRegion: num(r.multi_region) === 1,
    policy: str(r.policy),
    createdAt: num(r.created_at),
    deletionDate: opt(r.deletion_date),
    pendingWindowDays: opt(r.pending_window_days),
    rotationEnabled: num(r.rotation_enabled) === 1,
    rotationPeriodDays: opt(r.rotation_period_days),
    nextRotationAt: opt(r.next_rotation_at),
    currentVersion: num(r.current_version),
    onDemandRotations: num(r.on_demand_rotations),
    currentMaterialId: r.current_material_id === null || r.current_material_id === undefined ? undefined : str(r.current_material_id),
  };
}

const GET_KEY = `${KEY_SELECT} WHERE k.account_id = ? AND k.region = ? AND k.key_id = ?`;
const GET_MANAGED = `${KEY_SELECT} WHERE k.account_id = ? AND k.region = ? AND k.managed_service = ?`;

export async function getKey(tx: ReadTx, s: KmsScope, keyId: string): Promise<KmsKey | undefined> {
  const r = await tx.get(GET_KEY, [s.accountId, s.region, keyId]);
  return r && toKey(r);
}

export async function getManagedKey(tx: ReadTx, s: KmsScope, service: ManagedService): Promise<KmsKey | undefined> {
  const r = await tx.get(GET_MANAGED, [s.accountId, s.region, service]);
  return r && toKey(r);
}

export async function listKeyIds(tx: ReadTx, s: KmsScope, after: string, limit: number): Promise<string[]> {
  const rows = await tx.all("SELECT key_id FROM kms_keys WHERE account_id = ? AND region = ? AND key_id > ? ORDER BY key_id LIMIT ?", [
    s.accountId, s.region, after, limit,
  ]);
  return rows.map((r) => str(r.key_id));
}

export async function countCustomerKeys(tx: ReadTx, s: KmsScope): Promise<number> {
  const r = await tx.get("SELECT COUNT(*) AS n FROM kms_keys WHERE account_id = ? AND region = ? AND key_manager = 'CUSTOMER'", [s.accountId, s.region]);
  return num(r?.n);
}

/** Inserts a key; false when a managed key for that service already exists (lost a creation race). */
export async function insertKey(tx: WriteTx, k: NewKey): Promise<boolean> {
  await kmsEpoch.bump(tx);
  const r = await tx.run(
    `INSERT INTO kms_keys (account_id, region, key_id, description, key_usage, key_spec, origin, key_manager, managed_service,
      key_state, multi_region, policy, created_at, deletion_date, pending_window_days, rotation_enabled, rotation_period_days,
      next_rotation_at, current_version, on_demand_rotations)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [k.accountId, k.region, k.keyId, k.description, k.keyUsage, k.keySpec, k.origin, k.keyManager, k.managedService ?? null,
      k.keyState, k.multiRegion ? 1 : 0, k.policy, k.createdAt, k.deletionDate ?? null, k.pendingWindowDays ?? null,
      k.rotationEnabled ? 1 : 0, k.rotationPeriodDays ?? null, k.nextRotationAt ?? null, k.currentVersion, k.onDemandRotations],
  );
  return r.changes === 1;
}

/** The mutable columns of a key; only the ones given are written. */
export interface KeyChanges {
  readonly description?: string;
  readonly keyState?: KeyState;
  readonly policy?: string;
  readonly deletionDate?: number | null;
  readonly pendingWindowDays?: number | null;
  readonly rotationEnabled?: boolean;
  readonly rotationPeriodDays?: number | null;
  readonly nextRotationAt?: number | null;
  readonly currentVersion?: number;
  readonly onDemandRotations?: number;
}

const COLUMNS: Record<keyof KeyChanges, string> = {
  description: "description",
  keyState: "key_state",
  policy: "policy",
  deletionDate: "deletion_date",
  pendingWindowDays: "pending_window_days",
  rotationEnabled: "rotation_enabled",
  rotationPeriodDays: "rotation_period_days",
  nextRotationAt: "next_rotation_at",
  currentVersion: "current_version",
  onDemandRotations: "on_demand_rotations",
};

export async function updateKey(tx: WriteTx, k: KmsKey, changes: KeyChanges): Promise<void> {
  await kmsEpoch.bump(tx);
  const sets: string[] = [];
  const params: SqlValue[] = [];
  // COLUMNS is keyed exactly by KeyChanges' members, so its entries' keys are those members.
  for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof KeyChanges, string]>) {
    const v = changes[field];
    if (v === undefined) continue;
    sets.push(`${column} = ?`);
    params.push(typeof v === "boolean" ? (v ? 1 : 0) : v);
  }
  if (sets.length === 0) return;
  await tx.run(`UPDATE kms_keys SET ${sets.join(", ")} WHERE account_id = ? AND region = ? AND key_id = ?`, [
    ...params, k.accountId, k.region, k.keyId,
  ]);
}

/** Removes a key with all its material, aliases and tags (end of the deletion window). */
export async function deleteKeyEverywhere(tx: WriteTx, s: KmsScope, keyId: string): Promise<void> {
  await kmsEpoch.bump(tx);
  for (const table of ["kms_key_materials", "kms_aliases", "kms_key_tags", "kms_keys"]) {
    await tx.run(`DELETE FROM ${table} WHERE account_id = ? AND region = ? AND key_id = ?`, [s.accountId, s.region, keyId]);
  }
}

export interface ScopedKeyId extends KmsScope {
  readonly keyId: string;
}

const scoped = (r: Row): ScopedKeyId => ({ accountId: str(r.account_id), region: str(r.region), keyId: str(r.key_id) });

export async function keysDueForDeletion(tx: ReadTx, nowMs: number): Promise<ScopedKeyId[]> {
  const rows = await tx.all("SELECT account_id, region, key_id FROM kms_keys WHERE key_state = 'PendingDeletion' AND deletion_date <= ?", [nowMs]);
  return rows.map(scoped);
}

export async function keysDueForRotation(tx: ReadTx, nowMs: number): Promise<ScopedKeyId[]> {
  const rows = await tx.all(
    "SELECT account_id, region, key_id FROM kms_keys WHERE rotation_enabled = 1 AND key_state = 'Enabled' AND next_rotation_at <= ?",
    [nowMs],
  );
  return rows.map(scoped);
}

// --- key material -------------------------------------------------------------------------------

const toMaterial = (r: Row): MaterialRow => ({
  version: num(r.version),
  materialId: str(r.material_id),
  wrapped: r.wrapped instanceof Buffer ? r.wrapped : Buffer.alloc(0),
  rotationType: r.rotation_type === "AUTOMATIC" || r.rotation_type === "ON_DEMAND" ? r.rotation_type : "INITIAL",
  createdAt: num(r.created_at),
});

export async function getMaterial(tx: ReadTx, s: KmsScope, keyId: string, version: number): Promise<MaterialRow | undefined> {
  const r = await tx.get("SELECT * FROM kms_key_materials WHERE account_id = ? AND region = ? AND key_id = ? AND version = ?", [
    s.accountId, s.region, keyId, version,
  ]);
  return r && toMaterial(r);
}

/** Material metadata (no wrapped bytes) in version order, for ListKeyRotations. */
export async function listMaterials(tx: ReadTx, s: KmsScope, keyId: string, afterVersion: number, limit: number): Promise<MaterialRow[]> {
  const rows = await tx.all(
    `SELECT version, material_id, rotation_type, created_at FROM kms_key_materials
     WHERE account_id = ? AND region = ? AND key_id = ? AND version > ? ORDER BY version LIMIT ?`,
    [s.accountId, s.region, keyId, afterVersion, limit],
  );
  return rows.map(toMaterial);
}

/** False when that version already exists: a concurrent rotation got there first. */
export async function insertMaterial(tx: WriteTx, s: KmsScope, keyId: string, m: MaterialRow): Promise<boolean> {
  await kmsEpoch.bump(tx);
  const r = await tx.run(
    `INSERT INTO kms_key_materials (account_id, region, key_id, version, material_id, wrapped, rotation_type, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [s.accountId, s.region, keyId, m.version, m.materialId, m.wrapped, m.rotationType, m.createdAt],
  );
  return r.changes === 1;
}
