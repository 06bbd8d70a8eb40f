// SQLite engine: WAL, one writer connection with group commit, one reader. Durability: a batch is
// acknowledged only after its WAL frames are fdatasync'ed — asynchronously, on libuv's thread pool,
// so the event loop keeps serving while the disk flushes (SQLite's own synchronous=FULL would block it).
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { closeSync, fdatasync, openSync } from "node:fs";
import { join } from "node:path";
import type { ReadTx, Row, SqlValue, Storage, WriteOptions, WriteTx } from "../types.js";
import { runInSavepoints, settle, WriteQueue, type QueuedWrite } from "../batch.js";
import { Checkpointer } from "./checkpointer.js";


/**
 * A prepared statement and, for statements that return rows, its column names. Rows are fetched as
 * arrays (`.raw()`) and turned into objects here: better-sqlite3 builds row objects through V8's C++
 * API, one interned-string lookup and generic property store per column and row, which cost several
 * µs per row on the hot path; a JS loop over cached names builds the same plain object (same keys,
 * order and values; a repeated name keeps its last value) much faster.
 */
interface Prepared {
  readonly statement: Statement;
  /** undefined for statements that return no data (get/all then fail as better-sqlite3 does). */
  columns: string[] | undefined;
}

const columnNames = (st: Statement): string[] => st.columns().map((c) => c.name);

function rowObject(p: Prepared, values: SqlValue[]): Row {
  let names = p.columns as string[];
  // Another process may have added a column (SELECT * then returns more): re-read the names.
  if (names.length !== values.length) names = p.columns = columnNames(p.statement);
  const row: Row = {};
  for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i] as SqlValue;
  return row;
}

class StatementCache {
  private readonly cache = new Map<string, Prepared>();
  constructor(private readonly db: Db) {}
  prepared(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (!p) {
      const statement = this.db.prepare(sql);
      const columns = statement.reader ? columnNames(statement) : undefined;
      if (statement.reader) statement.raw(true);
      p = { statement, columns };
      this.cache.set(sql, p);
    }
    return p;
  }
  get(sql: string): Statement {
    return this.prepared(sql).statement;
  }
  /** After a schema change: statements re-prepare themselves, but the cached column names would not. */
  clear(): void {
    this.cache.clear();
  }
}

function readerOf(statements: () => StatementCache): ReadTx {
  return {
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) => {
      const p = statements().prepared(sql);
      if (p.columns === undefined) return p.statement.get(...params) as T | undefined;
      const values = p.statement.get(...params) as SqlValue[] | undefined;
      return values === undefined ? undefined : (rowObject(p, values) as T);
    },
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) => {
      const p = statements().prepared(sql);
      if (p.columns === undefined) return p.statement.all(...params) as T[];
      return (p.statement.all(...params) as SqlValue[][]).map((values) => rowObject(p, values) as T);
    },
  };
}

/** How long a write waits for another process's write lock before it fails. */
const LOCK_WAIT_MS = 5_000;
/** Lock attempts made on successive event-loop turns before waiting on timers. */
const SPIN_ATTEMPTS = 200;

/** How often a batch may be followed by a (background, fully synced) checkpoint. */
const CHECKPOINT_INTERVAL_MS = 1000;

export class SqliteStorage implements Storage {
  readonly engine = "sqlite" as const;
  private readonly writer: Db;
  private readonly reader: Db;
  private readonly writeStmts: StatementCache;
  private readonly readStmts: StatementCache;
  private readonly readTx: ReadTx;
  private readonly writeTx: WriteTx;
  private readonly writes = new WriteQueue((batch) => this.runBatch(batch));
  /** A batch's transaction is open on the writer (its uncommitted rows must not be read outside it). */
  private batchOpen = false;
  private walFd: number | undefined;
  private lastCheckpointMs = Date.now();
  private readonly walFile: string;
  private readonly checkpointer: Checkpointer;

  constructor(dataDir: string) {
    const file = join(dataDir, "paramstore.db");
    this.walFile = `${file}-wal`;
    this.checkpointer = new Checkpointer(file);
    // Create the file 0600 first: SQLite gives its -wal and -shm files the database file's mode.
    closeSync(openSync(file, "a", 0o600));
    this.writer = new Database(file);
    this.writer.pragma("journal_mode = WAL");
    // OFF: SQLite itself never fsyncs on commit; syncWal() does it off the event loop before any
    // acknowledgement, and checkpoints (which must sync the database file) run with FULL.
    this.writer.pragma("synchronous = OFF");
    this.writer.pragma("wal_autocheckpoint = 0");
    this.writer.pragma("foreign_keys = ON");
    // Overwrite freed pages with zeros: superseded ciphertext (e.g. a keyring wrapped by a retired root key) does not linger.
    this.writer.pragma("secure_delete = ON");
    this.writer.pragma("busy_timeout = 0"); // see begin(); blocking waits only in blocking(), off the request path
    this.reader = new Database(file, { readonly: false });
    this.reader.pragma("busy_timeout = 5000");
    this.reader.pragma("query_only = ON");
    this.writeStmts = new StatementCache(this.writer);
    this.readStmts = new StatementCache(this.reader);
    // Reads go to the writer connection while it has no batch open: its page cache survives its own
    // commits, while any commit (audit records arrive continuously) empties the reader's whole cache
    // and a point read then costs several times more. Both see the same committed state.
    this.readTx = readerOf(() => (this.batchOpen ? this.readStmts : this.writeStmts));
    const w = readerOf(() => this.writeStmts);
    this.writeTx = {
      ...w,
      run: async (sql: string, params: readonly SqlValue[] = []) => {
        const r = this.writeStmts.get(sql).run(...params);
        return { changes: r.changes };
      },
    };
  }

  async read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return fn(Object.create(this.readTx) as ReadTx); // its own object per call: per-transaction memos key on it
  }

  write<T>(fn: (tx: WriteTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    return this.writes.push(fn, options?.sync ?? true);
  }

  /** A batch: one transaction (one fsync); unsynced writers are answered at its commit, synced ones after the flush. */
  private async runBatch(batch: QueuedWrite[]): Promise<void> {
    try {
      await this.begin();
      this.batchOpen = true;
    } catch (e) {
      batch.forEach((item) => item.reject(e)); // closed database, I/O error, lock never free: nothing of this batch ran
      return;
    }
    const outcomes = await runInSavepoints(batch, this.writeTx, (sql) => this.control(sql));
    try {
      this.control("COMMIT");
    } catch (e) {
      if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
      batch.forEach((item) => item.reject(e));
      return;
    } finally {
      this.batchOpen = false;
    }
    batch.forEach((item, i) => { if (!item.sync) settle(item, outcomes[i]); });
    if (batch.some((item) => item.sync)) {
      try {
        await this.syncWal();
      } catch (e) {
        batch.forEach((item) => { if (item.sync) item.reject(e); });
        return;
      }
      batch.forEach((item, i) => { if (item.sync) settle(item, outcomes[i]); });
    }
    this.checkpointWhenDue();
  }

  /**
   * BEGIN IMMEDIATE (takes the write lock). Another process on the same file (a worker of `--workers`, an
   * operator command) may hold it: SQLite's own busy handler would sleep on the event loop, so the writer
   * has no busy timeout and waits here asynchronously, for up to LOCK_WAIT_MS.
   */
  private async begin(): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        this.control("BEGIN IMMEDIATE");
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw e;
      }
      // A sibling's batch holds the lock for a fraction of a millisecond: try again on the next turn of the
      // event loop (other requests are served in between), and back off to timers only if it stays busy.
      await new Promise((r) => (attempt < SPIN_ATTEMPTS ? setImmediate(r) : setTimeout(r, Math.min(attempt - SPIN_ATTEMPTS + 1, 10))));
    }
  }

  /**
   * Transaction control through cached prepared statements: exec() would parse and compile the
   * statement again on every call, and a batch runs 2 + 2 per operation of them.
   */
  private control(sql: string): void {
    this.writeStmts.get(sql).run();
  }

  /** Flushes the WAL (data + size) to disk; fsync is per inode, so our own read-only fd suffices. */
  private syncWal(): Promise<void> {
    this.walFd ??= openSync(this.walFile, "r");
    const fd = this.walFd;
    return new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }

  /**
   * Copies the WAL into the database (fully synced) at most once per CHECKPOINT_INTERVAL_MS, so the
   * WAL stays small without a checkpoint per batch (autocheckpoint is off); on its own thread.
   */
  private checkpointWhenDue(): void {
    const now = Date.now();
    if (now - this.lastCheckpointMs < CHECKPOINT_INTERVAL_MS) return;
    this.lastCheckpointMs = now;
    this.checkpointer.start();
  }

  private checkpoint(mode: "PASSIVE" | "TRUNCATE"): Array<{ busy: number }> {
    this.writer.pragma("synchronous = FULL");
    try {
      return this.blocking(() => this.writer.pragma(`wal_checkpoint(${mode})`) as Array<{ busy: number }>); // documented result row
    } finally {
      this.writer.pragma("synchronous = OFF");
    }
  }

  /** Runs fn with SQLite's blocking busy handler (start-up, migrations, scrub, close: not the request path). */
  private blocking<T>(fn: () => T): T {
    this.writer.pragma("busy_timeout = 5000");
    try {
      return fn();
    } finally {
      this.writer.pragma("busy_timeout = 0");
    }
  }

  // Whether it ran is decided inside the migration's own write transaction: several processes on one file
  // (`--workers`) may start at once, and exactly one applies it.
  async migrate(name: string, change: string | ((tx: WriteTx) => Promise<void>)): Promise<void> {
    this.blocking(() => this.writer.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"));
    const isDone = (): boolean => this.writer.prepare("SELECT 1 FROM schema_migrations WHERE name = ?").get(name) !== undefined;
    const markDone = (): unknown => this.writer.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(name, new Date().toISOString());
    if (isDone()) return;
    if (typeof change === "function") {
      // A data migration: one ordinary (durable) write transaction, marked done in the same commit.
      await this.write(async (tx) => {
        if (isDone()) return;
        await change(tx);
        markDone();
      });
      return;
    }
    const ddl = change;
    const apply = this.writer.transaction(() => {
      if (isDone()) return;
      this.writer.exec(ddl);
      markDone();
    });
    this.blocking(() => apply.immediate());
    this.writeStmts.clear();
    this.readStmts.clear();
    await this.syncWal();
  }

  async scrub(): Promise<boolean> {
    // A checkpoint cannot run inside the writer's open batch; between batches nothing else can start
    // before this synchronous pragma returns (single thread). Under endless load, give up after 5 s.
    const deadline = Date.now() + 5_000;
    // A concurrent background checkpoint would make this one report busy: wait for it too.
    while (this.writes.busy || this.checkpointer.busy) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    const [result] = this.checkpoint("TRUNCATE");
    return result?.busy === 0;
  }

  async close(): Promise<void> {
    while (this.writes.busy) await new Promise((r) => setTimeout(r, 5));
    await this.checkpointer.close(); // the writer's close must be the last connection's: it checkpoints and removes the WAL
    this.reader.close();
    this.writer.pragma("synchronous = FULL"); // the closing checkpoint syncs the database file
    this.writer.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.walFd = undefined;
  }
}
