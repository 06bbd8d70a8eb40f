// Secrets Manager's SQL for versions and staging labels, given a transaction. Values arrive sealed (envelope.ts).
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import type { Scope } from "./names.js";
import { displayOrder } from "./stages.js";

export interface VersionRow {
  readonly versionId: string;
  readonly createdAt: number;
  readonly lastAccessedAt?: number;
  /** ARN of the KMS key whose data key encrypts this version. */
  readonly kmsKeyArn: string;
  /** Encrypted under aws/secretsmanager (ListSecretVersionIds then says DefaultEncryptionKey). */
  readonly isDefaultKey: boolean;
  /** Empty for the version a rotation stages before its function stores a value (versions.ts stagePendingVersion). */
  readonly sealed: Buffer;
}

/** Whether the version holds a value (GetSecretValue on an empty one is ResourceNotFoundException). */
export const hasValue = (v: VersionRow): boolean => v.sealed.length > 0;

/** version id -> its labels, in the order they were attached. */
export type StageMap = Map<string, string[]>;

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? "" : String(v));
const optNum = (v: SqlValue | undefined): number | undefined => (v === null || v === undefined ? undefined : Number(v));

function toVersion(r: Row): VersionRow {
  return {
    versionId: str(r.version_id),
    createdAt: Number(r.created_at),
    lastAccessedAt: optNum(r.last_accessed_at),
    kmsKeyArn: str(r.kms_key_arn),
    isDefaultKey: Number(r.is_default_key) === 1,
    sealed: Buffer.isBuffer(r.sealed) ? r.sealed : Buffer.from(str(r.sealed)),
  };
}

const keyOf = (scope: Scope, arn: string): SqlValue[] => [scope.accountId, scope.region, arn];

export async function getVersion(tx: ReadTx, scope: Scope, arn: string, versionId: string): Promise<VersionRow | undefined> {
  const r = await tx.get("SELECT * FROM sm_versions WHERE account_id = ? AND region = ? AND arn = ? AND version_id = ?", [...keyOf(scope, arn), versionId]);
  return r && toVersion(r);
}

/** All versions, oldest first (creation time, then id for a stable order). */
export async function listVersions(tx: ReadTx, scope: Scope, arn: string): Promise<VersionRow[]> {
  const rows = await tx.all("SELECT * FROM sm_versions WHERE account_id = ? AND region = ? AND arn = ? ORDER BY created_at, version_id", keyOf(scope, arn));
  return rows.map(toVersion);
}

export async function countVersions(tx: ReadTx, scope: Scope, arn: string): Promise<number> {
  const r = await tx.get("SELECT COUNT(*) AS n FROM sm_versions WHERE account_id = ? AND region = ? AND arn = ?", keyOf(scope, arn));
  return Number(r?.n ?? 0);
}

export async function insertVersion(tx: WriteTx, scope: Scope, arn: string, v: VersionRow): Promise<void> {
  await tx.run(
    `INSERT INTO sm_versions (account_id, region, arn, version_id, created_at, last_accessed_at, kms_key_arn, is_default_key, sealed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [...keyOf(scope, arn), v.versionId, v.createdAt, v.lastAccessedAt ?? null, v.kmsKeyArn, v.isDefaultKey ? 1 : 0, v.sealed],
  );
}

/** Replaces a version's ciphertext (re-encryption under a new KMS key). */
export async function resealVersion(tx: WriteTx, scope: Scope, arn: string, versionId: string, kmsKeyArn: string, isDefaultKey: boolean, sealed: Buffer): Promise<void> {
  await tx.run(
    "UPDATE sm_versions SET kms_key_arn = ?, is_default_key = ?, sealed = ? WHERE account_id = ? AND region = ? AND arn = ? AND version_id = ?",
    [kmsKeyArn, isDefaultKey ? 1 : 0, sealed, ...keyOf(scope, arn), versionId],
  );
}

export async function deleteVersion(tx: WriteTx, scope: Scope, arn: string, versionId: string): Promise<void> {
  await tx.run("DELETE FROM sm_stages WHERE account_id = ? AND region = ? AND arn = ? AND version_id = ?", [...keyOf(scope, arn), versionId]);
  await tx.run("DELETE FROM sm_versions WHERE account_id = ? AND region = ? AND arn = ? AND version_id = ?", [...keyOf(scope, arn), versionId]);
}

/** Records a read on the secret and the version (day resolution, so at most one write per day). */
export async function touchAccess(tx: WriteTx, scope: Scope, arn: string, versionId: string, day: number): Promise<void> {
  await tx.run("UPDATE sm_secrets SET last_accessed_at = ? WHERE account_id = ? AND region = ? AND arn = ?", [day, ...keyOf(scope, arn)]);
  await tx.run("UPDATE sm_versions SET last_accessed_at = ? WHERE account_id = ? AND region = ? AND arn = ? AND version_id = ?", [day, ...keyOf(scope, arn), versionId]);
}

/** Rows in a stable order; each version's labels are then sorted as AWS lists them (stages.ts displayOrder). */
const LABEL_ORDER = "ORDER BY ordinal";

const sortedLabels = (m: StageMap): StageMap => new Map([...m].map(([v, labels]) => [v, displayOrder(labels)]));

export async function stagesOf(tx: ReadTx, scope: Scope, arn: string): Promise<StageMap> {
  const rows = await tx.all(`SELECT stage, version_id FROM sm_stages WHERE account_id = ? AND region = ? AND arn = ? ${LABEL_ORDER}`, keyOf(scope, arn));
  const out: StageMap = new Map();
  for (const r of rows) {
    const list = out.get(str(r.version_id)) ?? [];
    list.push(str(r.stage));
    out.set(str(r.version_id), list);
  }
  return sortedLabels(out);
}

/** Labels of every secret of the scope: ARN -> StageMap (ListSecrets). */
export async function stagesByArn(tx: ReadTx, scope: Scope): Promise<Map<string, StageMap>> {
  const rows = await tx.all(`SELECT arn, stage, version_id FROM sm_stages WHERE account_id = ? AND region = ? ${LABEL_ORDER}`, [scope.accountId, scope.region]);
  const out = new Map<string, StageMap>();
  for (const r of rows) {
    const map = out.get(str(r.arn)) ?? new Map<string, string[]>();
    const list = map.get(str(r.version_id)) ?? [];
    list.push(str(r.stage));
    map.set(str(r.version_id), list);
    out.set(str(r.arn), map);
  }
  for (const [arn, map] of out) out.set(arn, sortedLabels(map));
  return out;
}

/**
 * Makes the labels of a secret equal `next` (what stages.ts computed): removes labels that left, moves or adds the
 * rest. A label keeps its ordinal while it stays on the same version; a moved or new label goes last.
 */
export async function writeStages(tx: WriteTx, scope: Scope, arn: string, before: StageMap, next: StageMap): Promise<void> {
  const holder = (m: StageMap): Map<string, string> => new Map([...m].flatMap(([v, labels]) => labels.map((l) => [l, v] as [string, string])));
  const was = holder(before);
  const now = holder(next);
  for (const [label] of was) {
    if (!now.has(label)) await tx.run("DELETE FROM sm_stages WHERE account_id = ? AND region = ? AND arn = ? AND stage = ?", [...keyOf(scope, arn), label]);
  }
  const r = await tx.get("SELECT COALESCE(MAX(ordinal), 0) AS m FROM sm_stages WHERE account_id = ? AND region = ? AND arn = ?", keyOf(scope, arn));
  let ordinal = Number(r?.m ?? 0);
  for (const [versionId, labels] of next) {
    for (const label of labels) {
      if (was.get(label) === versionId) continue;
      ordinal += 1;
      await tx.run(
        `INSERT INTO sm_stages (account_id, region, arn, stage, version_id, ordinal) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, region, arn, stage) DO UPDATE SET version_id = excluded.version_id, ordinal = excluded.ordinal`,
        [...keyOf(scope, arn), label, versionId, ordinal],
      );
    }
  }
}
