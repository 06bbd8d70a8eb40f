// Secrets Manager tables, per storage engine. Times are epoch milliseconds; values only as barrier ciphertext.

const tables = (blob: string, bigint: string): string => `
CREATE TABLE IF NOT EXISTS sm_secrets (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  kms_key_id TEXT,
  secret_type TEXT,
  owning_service TEXT,
  created_at ${bigint} NOT NULL,
  last_changed_at ${bigint} NOT NULL,
  last_accessed_at ${bigint},
  deleted_at ${bigint},
  rotation_enabled INTEGER,
  rotation_lambda_arn TEXT,
  rotation_days INTEGER,
  rotation_schedule TEXT,
  rotation_duration TEXT,
  last_rotated_at ${bigint},
  next_rotation_at ${bigint},
  rotation_failure TEXT,
  resource_policy TEXT,
  replicas TEXT,
  create_token TEXT,
  PRIMARY KEY (account_id, region, arn),
  UNIQUE (account_id, region, name)
);
CREATE INDEX IF NOT EXISTS sm_secrets_deleted ON sm_secrets (deleted_at);
CREATE INDEX IF NOT EXISTS sm_secrets_rotation ON sm_secrets (rotation_enabled, next_rotation_at);
CREATE TABLE IF NOT EXISTS sm_versions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  version_id TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  last_accessed_at ${bigint},
  kms_key_arn TEXT NOT NULL,
  is_default_key INTEGER NOT NULL,
  sealed ${blob} NOT NULL,
  PRIMARY KEY (account_id, region, arn, version_id)
);
CREATE TABLE IF NOT EXISTS sm_stages (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  stage TEXT NOT NULL,
  version_id TEXT NOT NULL,
  ordinal ${bigint} NOT NULL,
  PRIMARY KEY (account_id, region, arn, stage)
);
CREATE INDEX IF NOT EXISTS sm_stages_version ON sm_stages (account_id, region, arn, version_id);
CREATE TABLE IF NOT EXISTS sm_tags (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  ordinal ${bigint} NOT NULL,
  PRIMARY KEY (account_id, region, arn, tag_key)
);
CREATE TABLE IF NOT EXISTS sm_rotations (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  token TEXT NOT NULL,
  lambda_arn TEXT NOT NULL,
  mode TEXT NOT NULL,
  state TEXT NOT NULL,
  step TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at ${bigint} NOT NULL,
  lease_until ${bigint},
  created_at ${bigint} NOT NULL,
  updated_at ${bigint} NOT NULL,
  error TEXT,
  PRIMARY KEY (account_id, region, arn, token)
);
CREATE INDEX IF NOT EXISTS sm_rotations_due ON sm_rotations (state, next_attempt_at);`;

export const SM_MIGRATION = "secretsmanager-0001-secrets";

/** The master secret a multi-user rotation may use, approved by whoever configured the rotation. */
export const SM_MIGRATION_MASTER = "secretsmanager-0002-rotation-master";
export const SM_DDL_MASTER = "ALTER TABLE sm_secrets ADD COLUMN rotation_master_arn TEXT;";

/**
 * Whether Tags were ever set: AWS omits Tags for a never-tagged secret but shows `[]` after the last tag is removed.
 * Invariant: a secret with tags has tags_set = 1 (set here for older rows), so reads skip the tag query otherwise.
 */
export const SM_MIGRATION_TAGS = "secretsmanager-0003-tags-set";
export const SM_DDL_TAGS = `ALTER TABLE sm_secrets ADD COLUMN tags_set INTEGER;
UPDATE sm_secrets SET tags_set = 1 WHERE EXISTS (SELECT 1 FROM sm_tags t
  WHERE t.account_id = sm_secrets.account_id AND t.region = sm_secrets.region AND t.arn = sm_secrets.arn);`;

/** A replica secret names the Region of its primary (DescribeSecret PrimaryRegion); absent on primaries and standalone secrets. */
export const SM_MIGRATION_REPLICAS = "secretsmanager-0004-replica-primary-region";
export const SM_DDL_REPLICAS = "ALTER TABLE sm_secrets ADD COLUMN primary_region TEXT;";

export function secretsManagerDdl(engine: "sqlite" | "postgres"): string {
  return engine === "postgres" ? tables("BYTEA", "BIGINT") : tables("BLOB", "INTEGER");
}
