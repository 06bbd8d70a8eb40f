// PostgreSQL engine (several servers on one database, for HA). The services' SQL keeps SQLite's meaning:
// writes are serialised, across every server on the schema, by one transaction-scoped advisory lock (what
// SQLite's single writer gives), and group-committed as on SQLite (one transaction per batch, a SAVEPOINT
// per operation so a throwing one rolls back alone). Reads run on pooled connections and see committed
// data only. Shared background jobs run on the server holding a session advisory lock (holdsLead).
import pg from "pg";
import type { PoolClient, QueryResultRow } from "pg";
import type { ReadTx, Row, SqlValue, Storage, WriteOptions, WriteTx } from "../types.js";
import { runInSavepoints, settle, WriteQueue, type QueuedWrite } from "../batch.js";
import { advisoryKey, positional, postgresDdl, quoteIdent } from "./sql.js";

export interface PostgresLocation {
  /** libpq-style URL; a password may also come from PGPASSWORD or ~/.pgpass. */
  readonly url: string;
  /** The schema holding this store's tables (created on first start). */
  readonly schema: string;
}

const INT8 = 20;
const NUMERIC = 1700;
/** BIGINT and NUMERIC (COUNT, SUM) as JS numbers, as SQLite returns them: values here are far below 2^53. */
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
};


/** Rewritten statement texts: services reuse a small set of statements (filters build a bounded few more). */
const texts = new Map<string, string>();
const MAX_TEXTS = 5_000;
const textOf = (sql: string): string => {
  let t = texts.get(sql);
  if (t === undefined) {
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(sql, (t = positional(sql)));
  }
  return t;
};

type Queryable = Pick<PoolClient, "query">;

function txOn(q: () => Queryable): ReadTx {
  const rows = async <T extends Row>(sql: string, params: readonly SqlValue[]): Promise<T[]> =>
    (await q().query<QueryResultRow>(textOf(sql), params as unknown[])).rows as T[];
  return {
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> => (await rows<T>(sql, params))[0],
    all: <T extends Row>(sql: string, params: readonly SqlValue[] = []) => rows<T>(sql, params),
  };
}

function writeTxOn(client: Queryable): WriteTx {
  return {
    ...txOn(() => client),
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await client.query(textOf(sql), params as unknown[])).rowCount ?? 0 }),
  };
}

/** How often a server that is not the leader tries to become it. */
const LEAD_RETRY_MS = 5_000;

export class PostgresStorage implements Storage {
  readonly engine = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly readTx: ReadTx;
  private readonly writeKey: string;
  private readonly leadKey: string;
  private readonly schemaIdent: string;
  private readonly writes = new WriteQueue((batch) => this.runBatch(batch));
  private lead: { client: pg.Client; alive: boolean } | undefined;
  private leadTriedAt = 0;
  private closed = false;

  constructor(private readonly location: PostgresLocation) {
    this.schemaIdent = quoteIdent(location.schema);
    this.pool = new pg.Pool({ ...this.clientConfig(), max: 10, idleTimeoutMillis: 30_000 });
    // An idle client's connection may drop (server restart): the pool replaces it; nothing to do but not crash.
    this.pool.on("error", () => undefined);
    this.readTx = txOn(() => this.pool);
    this.writeKey = advisoryKey(location.schema, "write");
    this.leadKey = advisoryKey(location.schema, "lead");
  }

  private clientConfig(): pg.ClientConfig {
    // A server that stalls inside a transaction (a partition, a stopped process) must not hold the write lock for
    // ever: PostgreSQL ends such a session, and a writer waiting for the lock gives up after lock_timeout.
    const options = `-c search_path=${this.schemaIdent} -c lock_timeout=10s -c idle_in_transaction_session_timeout=60s`;
    return { connectionString: this.location.url, options, types, application_name: "paramstore", connectionTimeoutMillis: 10_000 };
  }

  async read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return fn(Object.create(this.readTx) as ReadTx); // its own object per call: per-transaction memos key on it
  }

  write<T>(fn: (tx: WriteTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage is closed"));
    return this.writes.push(fn, options?.sync ?? true);
  }

  /** A batch on one pooled connection; a connection whose state is unknown after a failure is discarded. */
  private async runBatch(batch: QueuedWrite[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      batch.forEach((item) => item.reject(e));
      return;
    }
    try {
      await this.runBatchOn(client, batch);
      client.release();
    } catch (e) {
      client.release(e as Error);
      batch.forEach((item) => item.reject(e));
    }
  }

  /** One transaction; synchronous_commit off when none of its writes needs the disk. */
  private async runBatchOn(client: PoolClient, batch: QueuedWrite[]): Promise<void> {
    const tx = writeTxOn(client);
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [this.writeKey]);
      if (!batch.some((item) => item.sync)) await client.query("SET LOCAL synchronous_commit = off");
      const outcomes = await runInSavepoints(batch, tx, (sql) => client.query(sql));
      await client.query("COMMIT");
      batch.forEach((item, i) => settle(item, outcomes[i]));
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
  }

  // Under the write lock, so servers starting together apply each migration exactly once, and never
  // beside another server's write.
  async migrate(name: string, change: string | ((tx: WriteTx) => Promise<void>)): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [this.writeKey]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schemaIdent}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT COLLATE "C" PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = await client.query("SELECT 1 FROM schema_migrations WHERE name = $1", [name]);
      if (done.rowCount === 0) {
        if (typeof change === "function") {
          await change(writeTxOn(client));
        } else {
          await client.query(postgresDdl(change));
        }
        await client.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", [name, new Date().toISOString()]);
      }
      await client.query("COMMIT");
      client.release();
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(e as Error);
      throw e;
    }
  }

  /**
   * Whether this server runs the shared background jobs: the one holding a session-level advisory lock on
   * its own connection. When that connection drops, the lock is released and another server takes over.
   */
  async holdsLead(): Promise<boolean> {
    if (this.lead?.alive) return true;
    const now = Date.now();
    if (this.closed || now - this.leadTriedAt < LEAD_RETRY_MS) return false;
    this.leadTriedAt = now;
    const client = new pg.Client(this.clientConfig());
    const lead = { client, alive: false };
    client.on("error", () => { lead.alive = false; });
    try {
      await client.connect();
      const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [this.leadKey]);
      if (r.rows[0]?.ok !== true) {
        await client.end();
        return false;
      }
      lead.alive = true;
      this.lead = lead;
      return true;
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writes.busy) await new Promise((r) => setTimeout(r, 5));
    if (this.lead) await this.lead.client.end().catch(() => undefined);
    this.lead = undefined;
    await this.pool.end();
  }
}
