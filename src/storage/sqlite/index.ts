// SQLite engine: WAL, synchronous=FULL, one writer connection with group commit, one reader.
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { join } from "node:path";
import type { ReadTx, Row, SqlValue, Storage, WriteTx } from "../types.js";

interface QueuedWrite {
  fn: (tx: WriteTx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

class StatementCache {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Db) {}
  get(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }
}

function readerOf(stmts: StatementCache): ReadTx {
  return {
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      stmts.get(sql).get(...params) as T | undefined,
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      stmts.get(sql).all(...params) as T[],
  };
}

export class SqliteStorage implements Storage {
  readonly engine = "sqlite" as const;
  private readonly writer: Db;
  private readonly reader: Db;
  private readonly writeStmts: StatementCache;
  private readonly readTx: ReadTx;
  private readonly writeTx: WriteTx;
  private queue: QueuedWrite[] = [];
  private draining = false;

  constructor(dataDir: string) {
    const file = join(dataDir, "paramstore.db");
    this.writer = new Database(file);
    this.writer.pragma("journal_mode = WAL");
    // FULL: every commit is fsynced before we acknowledge (survives kill -9 and power loss).
    this.writer.pragma("synchronous = FULL");
    this.writer.pragma("foreign_keys = ON");
    // Overwrite freed pages with zeros: superseded ciphertext (e.g. a keyring wrapped by a retired root key) does not linger.
    this.writer.pragma("secure_delete = ON");
    this.writer.pragma("busy_timeout = 5000");
    this.reader = new Database(file, { readonly: false });
    this.reader.pragma("busy_timeout = 5000");
    this.reader.pragma("query_only = ON");
    this.writeStmts = new StatementCache(this.writer);
    this.readTx = readerOf(new StatementCache(this.reader));
    const w = readerOf(this.writeStmts);
    this.writeTx = {
      ...w,
      run: async (sql: string, params: readonly SqlValue[] = []) => {
        const r = this.writeStmts.get(sql).run(...params);
        return { changes: r.changes };
      },
    };
  }

  async read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return fn(this.readTx);
  }

  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Group commit: every write queued while the previous batch ran shares one transaction
   * (one fsync); each keeps its own SAVEPOINT so a throwing operation rolls back alone.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const outcomes: Array<{ ok: boolean; value: unknown }> = [];
        this.writer.exec("BEGIN IMMEDIATE");
        for (const item of batch) {
          this.writer.exec("SAVEPOINT op");
          try {
            const value = await item.fn(this.writeTx);
            this.writer.exec("RELEASE op");
            outcomes.push({ ok: true, value });
          } catch (e) {
            this.writer.exec("ROLLBACK TO op");
            this.writer.exec("RELEASE op");
            outcomes.push({ ok: false, value: e });
          }
        }
        try {
          this.writer.exec("COMMIT");
        } catch (e) {
          if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
          batch.forEach((item) => item.reject(e));
          continue;
        }
        batch.forEach((item, i) => {
          const o = outcomes[i];
          if (o?.ok) item.resolve(o.value);
          else item.reject(o?.value);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  async migrate(name: string, ddl: string): Promise<void> {
    this.writer.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const done = this.writer.prepare("SELECT 1 FROM schema_migrations WHERE name = ?").get(name);
    if (done) return;
    const apply = this.writer.transaction(() => {
      this.writer.exec(ddl);
      this.writer.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(name, new Date().toISOString());
    });
    apply();
  }

  async scrub(): Promise<boolean> {
    // A checkpoint cannot run inside the writer's open batch; between batches nothing else can start
    // before this synchronous pragma returns (single thread). Under endless load, give up after 5 s.
    const deadline = Date.now() + 5_000;
    while (this.draining || this.queue.length > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    const [result] = this.writer.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>; // documented result row
    return result?.busy === 0;
  }

  async close(): Promise<void> {
    while (this.draining || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    this.reader.close();
    this.writer.close();
  }
}
