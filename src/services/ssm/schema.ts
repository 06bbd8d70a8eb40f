// Parameter Store tables (DDL per engine; the queries themselves live in store.ts).
// Every row is scoped by (account_id, region). `name_key` is the canonical name (always "/"-prefixed, so `/x` ≡ `x`);
// values are barrier ciphertext, everything else is indexable metadata (ARCHITECTURE.md §5).

const tables = (blob: string, text: string): string => `
CREATE TABLE IF NOT EXISTS ssm_parameters (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name_key ${text} NOT NULL,
  name TEXT NOT NULL,
  parent ${text} NOT NULL,
  type TEXT NOT NULL,
  tier TEXT NOT NULL,
  data_type TEXT NOT NULL,
  description TEXT,
  allowed_pattern TEXT,
  key_id TEXT,
  key_arn TEXT,
  policies TEXT,
  version BIGINT NOT NULL,
  modified_ms BIGINT NOT NULL,
  modified_user TEXT NOT NULL,
  expires_ms BIGINT,
  notify_ms BIGINT,
  PRIMARY KEY (account_id, region, name_key)
);
CREATE INDEX IF NOT EXISTS ssm_parameters_parent ON ssm_parameters (account_id, region, parent, name_key);
CREATE INDEX IF NOT EXISTS ssm_parameters_tier ON ssm_parameters (account_id, region, tier);
CREATE INDEX IF NOT EXISTS ssm_parameters_expires ON ssm_parameters (expires_ms) WHERE expires_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS ssm_parameters_notify ON ssm_parameters (notify_ms) WHERE notify_ms IS NOT NULL;

CREATE TABLE IF NOT EXISTS ssm_versions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name_key ${text} NOT NULL,
  version BIGINT NOT NULL,
  value ${blob} NOT NULL,
  type TEXT NOT NULL,
  tier TEXT NOT NULL,
  data_type TEXT NOT NULL,
  description TEXT,
  allowed_pattern TEXT,
  key_id TEXT,
  key_arn TEXT,
  policies TEXT,
  modified_ms BIGINT NOT NULL,
  modified_user TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name_key, version)
);

CREATE TABLE IF NOT EXISTS ssm_labels (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name_key ${text} NOT NULL,
  label TEXT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, name_key, label)
);
CREATE INDEX IF NOT EXISTS ssm_labels_version ON ssm_labels (account_id, region, name_key, version);

CREATE TABLE IF NOT EXISTS ssm_tags (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name_key ${text} NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name_key, tag_key)
);

CREATE TABLE IF NOT EXISTS ssm_settings (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  setting_id TEXT NOT NULL,
  value TEXT NOT NULL,
  modified_ms BIGINT NOT NULL,
  modified_user TEXT NOT NULL,
  PRIMARY KEY (account_id, region, setting_id)
);
`;

/**
 * Name order must be byte order on every engine (pagination offsets and the `/`..`0` range trick of recursive paths
 * rely on it): SQLite's default BINARY collation is; PostgreSQL needs `COLLATE "C"` on the name columns.
 */
export function ssmSchema(engine: "sqlite" | "postgres"): string {
  return engine === "sqlite" ? tables("BLOB", "TEXT") : tables("BYTEA", `TEXT COLLATE "C"`);
}

export const SSM_MIGRATION = "ssm-0001-parameters";
