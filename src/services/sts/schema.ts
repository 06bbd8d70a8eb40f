// STS tables (SQLite DDL). Sessions are account-wide like IAM (STS credentials work in every region);
// secrets are barrier ciphertext, and session tokens are never stored (they are an HMAC, see tokens.ts).

export const STS_MIGRATION = "sts-0001";

export const STS_DDL = `
CREATE TABLE IF NOT EXISTS sts_meta (
  account_id TEXT PRIMARY KEY,
  token_key BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sts_sessions (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  session_name TEXT NOT NULL,
  secret BLOB NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  session_policy TEXT,
  policy_arns TEXT,
  tags TEXT,
  source_identity TEXT
);
CREATE INDEX IF NOT EXISTS sts_sessions_expiry ON sts_sessions (account_id, expires_at);
`;

/** Transitive session tag keys, added after sts-0001 shipped: role chaining passes those tags on (iam.md §10). */
export const STS_TRANSITIVE_MIGRATION = "sts-0002-transitive-tags";
export const STS_TRANSITIVE_DDL = "ALTER TABLE sts_sessions ADD COLUMN transitive_tag_keys TEXT;";
