// IAM tables (SQLite DDL; IAM is global per account, so no region column). Secrets only as barrier ciphertext.

export const IAM_MIGRATION = "iam-0001";

export const IAM_DDL = `
CREATE TABLE IF NOT EXISTS iam_meta (
  account_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS iam_entities (
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at TEXT NOT NULL,
  description TEXT,
  trust_policy TEXT,
  max_session_duration INTEGER,
  default_version TEXT,
  next_version INTEGER,
  updated_at TEXT,
  permissions_boundary TEXT,
  PRIMARY KEY (account_id, kind, name_lower),
  UNIQUE (entity_id)
);
CREATE INDEX IF NOT EXISTS iam_entities_arn ON iam_entities (account_id, arn);
CREATE TABLE IF NOT EXISTS iam_tags (
  account_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  key_lower TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (account_id, entity_id, key_lower)
);
CREATE TABLE IF NOT EXISTS iam_group_members (
  account_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (account_id, group_id, user_id)
);
CREATE INDEX IF NOT EXISTS iam_group_members_user ON iam_group_members (account_id, user_id);
CREATE TABLE IF NOT EXISTS iam_inline_policies (
  account_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  policy_name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (account_id, entity_id, policy_name)
);
CREATE TABLE IF NOT EXISTS iam_policy_versions (
  account_id TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  version_num INTEGER NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, policy_id, version_id)
);
CREATE TABLE IF NOT EXISTS iam_attachments (
  account_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  attached_at TEXT NOT NULL,
  PRIMARY KEY (account_id, entity_id, policy_id)
);
CREATE INDEX IF NOT EXISTS iam_attachments_policy ON iam_attachments (account_id, policy_id);
CREATE TABLE IF NOT EXISTS iam_access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  secret BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS iam_access_keys_user ON iam_access_keys (account_id, user_id);
`;

/** Last-use columns of access keys, added after iam-0001 shipped (so existing data directories get them too). */
export const IAM_KEY_USE_MIGRATION = "iam-0002-key-last-used";
export const IAM_KEY_USE_DDL = `
ALTER TABLE iam_access_keys ADD COLUMN last_used_at TEXT;
ALTER TABLE iam_access_keys ADD COLUMN last_used_service TEXT;
ALTER TABLE iam_access_keys ADD COLUMN last_used_region TEXT;
`;

/** Last use of roles (GetRole RoleLastUsed), added after iam-0002. */
export const IAM_ROLE_USE_MIGRATION = "iam-0003-role-last-used";
export const IAM_ROLE_USE_DDL = `
ALTER TABLE iam_entities ADD COLUMN last_used_at TEXT;
ALTER TABLE iam_entities ADD COLUMN last_used_region TEXT;
`;
