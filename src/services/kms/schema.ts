// KMS tables, per storage engine. Times are epoch milliseconds; key material only as barrier ciphertext.

const tables = (blob: string, bigint: string): string => `
CREATE TABLE IF NOT EXISTS kms_keys (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key_id TEXT NOT NULL,
  description TEXT NOT NULL,
  key_usage TEXT NOT NULL,
  key_spec TEXT NOT NULL,
  origin TEXT NOT NULL,
  key_manager TEXT NOT NULL,
  managed_service TEXT,
  key_state TEXT NOT NULL,
  multi_region INTEGER NOT NULL,
  policy TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  deletion_date ${bigint},
  pending_window_days INTEGER,
  rotation_enabled INTEGER NOT NULL,
  rotation_period_days INTEGER,
  next_rotation_at ${bigint},
  current_version INTEGER NOT NULL,
  on_demand_rotations INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, key_id),
  UNIQUE (account_id, region, managed_service)
);
CREATE INDEX IF NOT EXISTS kms_keys_deletion ON kms_keys (key_state, deletion_date);
CREATE INDEX IF NOT EXISTS kms_keys_rotation ON kms_keys (rotation_enabled, next_rotation_at);
CREATE TABLE IF NOT EXISTS kms_key_materials (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  material_id TEXT NOT NULL,
  wrapped ${blob} NOT NULL,
  rotation_type TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  PRIMARY KEY (account_id, region, key_id, version)
);
CREATE TABLE IF NOT EXISTS kms_aliases (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  alias_name TEXT NOT NULL,
  key_id TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  updated_at ${bigint} NOT NULL,
  PRIMARY KEY (account_id, region, alias_name)
);
CREATE INDEX IF NOT EXISTS kms_aliases_key ON kms_aliases (account_id, region, key_id);
CREATE TABLE IF NOT EXISTS kms_key_tags (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key_id TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (account_id, region, key_id, tag_key)
);`;

export const KMS_MIGRATION = "kms-0001-keys";

export function kmsDdl(engine: "sqlite" | "postgres"): string {
  return engine === "postgres" ? tables("BYTEA", "BIGINT") : tables("BLOB", "INTEGER");
}
