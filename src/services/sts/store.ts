// STS SQL: the token key and the issued sessions.
import type { ReadTx, WriteTx } from "../../storage/types.js";

export type SessionKind = "role" | "user" | "root";

export interface SessionRow {
  readonly [column: string]: string | Buffer | null;
  readonly access_key_id: string;
  readonly account_id: string;
  readonly kind: SessionKind;
  readonly owner_id: string;
  readonly session_name: string;
  readonly secret: Buffer;
  readonly issued_at: string;
  readonly expires_at: string;
  readonly session_policy: string | null;
  readonly policy_arns: string | null;
  readonly tags: string | null;
  readonly source_identity: string | null;
  readonly transitive_tag_keys: string | null;
}

export interface NewSession {
  readonly accessKeyId: string;
  readonly kind: SessionKind;
  readonly ownerId: string;
  readonly sessionName: string;
  readonly secret: Buffer;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly sessionPolicy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
  /** Keys of `tags` that pass on to sessions this one assumes (role chaining). */
  readonly transitiveTagKeys?: readonly string[];
}

const COLUMNS =
  "access_key_id, account_id, kind, owner_id, session_name, secret, issued_at, expires_at, session_policy, policy_arns, tags, source_identity, " +
  "transitive_tag_keys";

export async function tokenKeyRow(tx: ReadTx, accountId: string): Promise<Buffer | undefined> {
  const row = await tx.get<{ token_key: Buffer }>("SELECT token_key FROM sts_meta WHERE account_id = ?", [accountId]);
  return row?.token_key;
}

export async function insertTokenKey(tx: WriteTx, accountId: string, sealed: Buffer): Promise<void> {
  await tx.run("INSERT INTO sts_meta (account_id, token_key) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING", [accountId, sealed]);
}

export const getSession = (tx: ReadTx, accessKeyId: string): Promise<SessionRow | undefined> =>
  tx.get<SessionRow>(`SELECT ${COLUMNS} FROM sts_sessions WHERE access_key_id = ?`, [accessKeyId]);

export async function insertSession(tx: WriteTx, accountId: string, s: NewSession): Promise<void> {
  await tx.run(`INSERT INTO sts_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    s.accessKeyId, accountId, s.kind, s.ownerId, s.sessionName, s.secret, s.issuedAt, s.expiresAt,
    s.sessionPolicy ?? null,
    s.policyArns === undefined || s.policyArns.length === 0 ? null : JSON.stringify(s.policyArns),
    s.tags === undefined || Object.keys(s.tags).length === 0 ? null : JSON.stringify(s.tags),
    s.sourceIdentity ?? null,
    s.transitiveTagKeys === undefined || s.transitiveTagKeys.length === 0 ? null : JSON.stringify(s.transitiveTagKeys),
  ]);
}

/** Forgets sessions that expired before `before` (ISO-8601 UTC strings compare in time order). */
export async function deleteExpiredSessions(tx: WriteTx, accountId: string, before: string): Promise<number> {
  const r = await tx.run("DELETE FROM sts_sessions WHERE account_id = ? AND expires_at < ?", [accountId, before]);
  return r.changes;
}
