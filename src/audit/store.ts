// The audit trail's SQL, given a transaction; nothing else touches these tables. Portable SQL only
// (ON CONFLICT, no engine functions); DDL per engine. Events are keyed by (node_id, seq): one chain
// per server node, so HA writers never serialise on a global head.
import type { ReadTx, Row, SqlValue, Storage, WriteTx } from "../storage/types.js";
import type { CloudTrailRecord } from "./event.js";
import { encodeResourceKeys, lookupFields } from "./lookup-fields.js";

// One narrow index serves every LookupEvents query (newest first; an attribute filter is checked on the row):
// every request inserts into it, lookups are rare (AWS: 2 TPS). A covering index with the attribute columns
// made each event's insert write about four times as many index bytes.
const TIME_INDEX = "CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (account_id, region, event_time, node_id, seq);";

const DDL = (blob: string, int: string): string => `
CREATE TABLE IF NOT EXISTS audit_events (
  node_id TEXT NOT NULL, seq ${int} NOT NULL,
  account_id TEXT NOT NULL, region TEXT NOT NULL, event_time ${int} NOT NULL,
  event_id TEXT NOT NULL, event_name TEXT NOT NULL, event_source TEXT NOT NULL, read_only ${int} NOT NULL,
  username TEXT, access_key_id TEXT, resource_keys TEXT NOT NULL,
  record TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, mac TEXT NOT NULL,
  PRIMARY KEY (node_id, seq)
);
${TIME_INDEX}
CREATE TABLE IF NOT EXISTS audit_heads (node_id TEXT PRIMARY KEY, seq ${int} NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_digests (
  node_id TEXT NOT NULL, digest_seq ${int} NOT NULL, created_at ${int} NOT NULL, last_event_seq ${int} NOT NULL,
  body TEXT NOT NULL, signature TEXT NOT NULL, key_fingerprint TEXT NOT NULL,
  PRIMARY KEY (node_id, digest_seq)
);
CREATE TABLE IF NOT EXISTS audit_keys (name TEXT PRIMARY KEY, wrapped ${blob} NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_signing_keys (
  fingerprint TEXT PRIMARY KEY, public_key TEXT NOT NULL, private_key ${blob} NOT NULL,
  created_at TEXT NOT NULL, retired_at TEXT
);`;

export async function migrateAudit(storage: Storage): Promise<void> {
  const ddl = storage.engine === "postgres" ? DDL("BYTEA", "BIGINT") : DDL("BLOB", "INTEGER");
  await storage.migrate("0100-audit", ddl);
  // Stores made before the narrow index had the covering one: replace it.
  await storage.migrate("0101-audit-time-index", `DROP INDEX IF EXISTS audit_events_lookup; ${TIME_INDEX}`);
  // IAM/STS events written before their lookup resources were derived from the request (lookup-fields.ts) had
  // none indexed: index them as `audit verify` now expects. Only the index column changes, never a chained record.
  await storage.migrate("0102-audit-request-resources", async (tx) => {
    const rows = await tx.all<{ node_id: string; seq: number; record: string }>(
      "SELECT node_id, seq, record FROM audit_events WHERE event_source IN ('iam.amazonaws.com', 'sts.amazonaws.com') AND resource_keys = ''");
    for (const r of rows) {
      let keys: string;
      try {
        keys = encodeResourceKeys(lookupFields(JSON.parse(r.record) as CloudTrailRecord).resources);
      } catch {
        continue; // an unreadable record is left for `audit verify` to report
      }
      if (keys !== "") await tx.run("UPDATE audit_events SET resource_keys = ? WHERE node_id = ? AND seq = ?", [keys, r.node_id, r.seq]);
    }
  });
}

export interface EventRow {
  readonly nodeId: string;
  readonly seq: number;
  readonly accountId: string;
  readonly region: string;
  readonly eventTime: number;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly username: string | null;
  readonly accessKeyId: string | null;
  /** Encoded resources (lookup-fields.ts encodeResourceKeys). */
  readonly resourceKeys: string;
  readonly record: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly mac: string;
}

export interface StoredEvent extends Row {
  node_id: string;
  seq: number;
  account_id: string;
  region: string;
  event_time: number;
  event_id: string;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  resource_keys: string;
  record: string;
  prev_hash: string;
  hash: string;
  mac: string;
}

export interface Head {
  readonly seq: number;
  readonly hash: string;
}

// ---- chain head ----

export async function readHead(tx: ReadTx, nodeId: string): Promise<Head | undefined> {
  const r = await tx.get<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_heads WHERE node_id = ?", [nodeId]);
  return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
}

export async function ensureHead(tx: WriteTx, nodeId: string, genesis: string): Promise<void> {
  await tx.run("INSERT INTO audit_heads (node_id, seq, hash) VALUES (?, 0, ?) ON CONFLICT (node_id) DO NOTHING", [nodeId, genesis]);
}

/** PostgreSQL: take the node's head row lock first so two transactions cannot fork the chain. */
export async function lockHead(tx: WriteTx, nodeId: string): Promise<void> {
  await tx.run("UPDATE audit_heads SET seq = seq WHERE node_id = ?", [nodeId]);
}

export async function setHead(tx: WriteTx, nodeId: string, head: Head): Promise<void> {
  await tx.run("UPDATE audit_heads SET seq = ?, hash = ? WHERE node_id = ?", [head.seq, head.hash, nodeId]);
}

// ---- events ----

const INSERT_EVENT = `INSERT INTO audit_events (node_id, seq, account_id, region, event_time, event_id, event_name, event_source,
  read_only, username, access_key_id, resource_keys, record, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export async function insertEvent(tx: WriteTx, e: EventRow): Promise<void> {
  await tx.run(INSERT_EVENT, [e.nodeId, e.seq, e.accountId, e.region, e.eventTime, e.eventId, e.eventName, e.eventSource,
    e.readOnly ? 1 : 0, e.username, e.accessKeyId, e.resourceKeys, e.record, e.prevHash, e.hash, e.mac]);
}

export async function eventsAfter(tx: ReadTx, nodeId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  return tx.all<StoredEvent>("SELECT * FROM audit_events WHERE node_id = ? AND seq > ? ORDER BY seq LIMIT ?", [nodeId, afterSeq, limit]);
}

export async function lastEvents(tx: ReadTx, limit: number): Promise<StoredEvent[]> {
  return tx.all<StoredEvent>("SELECT * FROM audit_events ORDER BY event_time DESC, node_id DESC, seq DESC LIMIT ?", [limit]);
}

/** The seq of each of a node's newest `limit` events, by eventID (primary-key order, no scan). */
export async function recentEventSeqs(tx: ReadTx, nodeId: string, limit: number): Promise<Map<string, number>> {
  const rows = await tx.all<{ event_id: string; seq: number }>("SELECT event_id, seq FROM audit_events WHERE node_id = ? ORDER BY seq DESC LIMIT ?", [nodeId, limit]);
  return new Map(rows.map((r) => [r.event_id, Number(r.seq)]));
}

export async function eventSeqById(tx: ReadTx, eventId: string): Promise<{ nodeId: string; seq: number } | undefined> {
  const r = await tx.get<{ node_id: string; seq: number }>("SELECT node_id, seq FROM audit_events WHERE event_id = ?", [eventId]);
  return r ? { nodeId: r.node_id, seq: Number(r.seq) } : undefined;
}

export async function nodeIds(tx: ReadTx): Promise<string[]> {
  const rows = await tx.all<{ node_id: string }>(
    "SELECT node_id FROM audit_heads UNION SELECT node_id FROM audit_digests UNION SELECT DISTINCT node_id FROM audit_events",
  );
  return rows.map((r) => r.node_id).sort();
}

export async function rangeStats(tx: ReadTx, nodeId: string, afterSeq: number, throughSeq: number): Promise<{ count: number; oldest: number | null; newest: number | null }> {
  const r = await tx.get<{ n: number; lo: number | null; hi: number | null }>(
    "SELECT COUNT(*) AS n, MIN(event_time) AS lo, MAX(event_time) AS hi FROM audit_events WHERE node_id = ? AND seq > ? AND seq <= ?",
    [nodeId, afterSeq, throughSeq],
  );
  return { count: Number(r?.n ?? 0), oldest: r?.lo ?? null, newest: r?.hi ?? null };
}

export async function hashAt(tx: ReadTx, nodeId: string, seq: number): Promise<string | undefined> {
  return (await tx.get<{ hash: string }>("SELECT hash FROM audit_events WHERE node_id = ? AND seq = ?", [nodeId, seq]))?.hash;
}

// ---- retention ----

export async function lastSeqBefore(tx: ReadTx, nodeId: string, eventTime: number): Promise<number | null> {
  const r = await tx.get<{ s: number | null }>("SELECT MAX(seq) AS s FROM audit_events WHERE node_id = ? AND event_time < ?", [nodeId, eventTime]);
  return r?.s === null || r?.s === undefined ? null : Number(r.s);
}

export async function deleteThrough(tx: WriteTx, nodeId: string, seq: number): Promise<number> {
  return (await tx.run("DELETE FROM audit_events WHERE node_id = ? AND seq <= ?", [nodeId, seq])).changes;
}

// ---- digests ----

export interface StoredDigest extends Row {
  node_id: string;
  digest_seq: number;
  created_at: number;
  last_event_seq: number;
  body: string;
  signature: string;
  key_fingerprint: string;
}

export async function lastDigest(tx: ReadTx, nodeId: string): Promise<StoredDigest | undefined> {
  return tx.get<StoredDigest>("SELECT * FROM audit_digests WHERE node_id = ? ORDER BY digest_seq DESC LIMIT 1", [nodeId]);
}

export async function digestsOf(tx: ReadTx, nodeId: string): Promise<StoredDigest[]> {
  return tx.all<StoredDigest>("SELECT * FROM audit_digests WHERE node_id = ? ORDER BY digest_seq", [nodeId]);
}

export async function insertDigest(tx: WriteTx, d: StoredDigest): Promise<void> {
  await tx.run(
    "INSERT INTO audit_digests (node_id, digest_seq, created_at, last_event_seq, body, signature, key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [d.node_id, d.digest_seq, d.created_at, d.last_event_seq, d.body, d.signature, d.key_fingerprint],
  );
}

// ---- keys ----

export async function readKey(tx: ReadTx, name: string): Promise<Buffer | undefined> {
  return (await tx.get<{ wrapped: Buffer }>("SELECT wrapped FROM audit_keys WHERE name = ?", [name]))?.wrapped;
}

export async function insertKey(tx: WriteTx, name: string, wrapped: Buffer, createdAt: string): Promise<void> {
  await tx.run("INSERT INTO audit_keys (name, wrapped, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING", [name, wrapped, createdAt]);
}

export interface StoredSigningKey extends Row {
  fingerprint: string;
  public_key: string;
  private_key: Buffer;
  created_at: string;
  retired_at: string | null;
}

export async function signingKeys(tx: ReadTx): Promise<StoredSigningKey[]> {
  return tx.all<StoredSigningKey>("SELECT * FROM audit_signing_keys ORDER BY created_at, fingerprint");
}

export async function insertSigningKey(tx: WriteTx, k: { fingerprint: string; publicKey: string; privateKey: Buffer; createdAt: string }): Promise<void> {
  await tx.run(
    "INSERT INTO audit_signing_keys (fingerprint, public_key, private_key, created_at, retired_at) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (fingerprint) DO NOTHING",
    [k.fingerprint, k.publicKey, k.privateKey, k.createdAt],
  );
}

export async function retireSigningKeys(tx: WriteTx, except: string, at: string): Promise<void> {
  await tx.run("UPDATE audit_signing_keys SET retired_at = ? WHERE retired_at IS NULL AND fingerprint <> ?", [at, except]);
}

// ---- LookupEvents ----

export type LookupFilter =
  | { readonly column: "event_id" | "event_name" | "username" | "event_source" | "access_key_id"; readonly value: string }
  | { readonly column: "read_only"; readonly value: number }
  /** A LIKE pattern over resource_keys (a superset on engines whose LIKE ignores case: the caller re-checks). */
  | { readonly column: "resource_keys"; readonly value: string };

export interface LookupQuery {
  readonly accountId: string;
  readonly region: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly filter?: LookupFilter;
  /** Keyset cursor: the last event already returned (newest first). */
  readonly after?: { readonly time: number; readonly nodeId: string; readonly seq: number };
  readonly limit: number;
}

/** Newest first: (event_time, node_id, seq) descending; time bounds inclusive (cloudtrail.md §5). */
export async function lookup(tx: ReadTx, q: LookupQuery): Promise<StoredEvent[]> {
  const where: string[] = ["account_id = ?", "region = ?"];
  const params: SqlValue[] = [q.accountId, q.region];
  if (q.startTime !== undefined) { where.push("event_time >= ?"); params.push(q.startTime); }
  if (q.endTime !== undefined) { where.push("event_time <= ?"); params.push(q.endTime); }
  const f = q.filter;
  // Column names come from the closed LookupFilter union above, never from input.
  if (f?.column === "resource_keys") { where.push("resource_keys LIKE ? ESCAPE '\\'"); params.push(f.value); }
  else if (f) { where.push(`${f.column} = ?`); params.push(f.value); }
  if (q.after) {
    const a = q.after;
    where.push("(event_time < ? OR (event_time = ? AND (node_id < ? OR (node_id = ? AND seq < ?))))");
    params.push(a.time, a.time, a.nodeId, a.nodeId, a.seq);
  }
  params.push(q.limit);
  const sql = `SELECT * FROM audit_events WHERE ${where.join(" AND ")} ORDER BY event_time DESC, node_id DESC, seq DESC LIMIT ?`;
  return tx.all<StoredEvent>(sql, params);
}
