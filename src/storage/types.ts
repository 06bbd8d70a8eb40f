// The narrow storage interface every service writes through (ARCHITECTURE.md §6).
// SQL is portable: `?` placeholders (rewritten for PostgreSQL), ON CONFLICT, RETURNING.

export type SqlValue = string | number | bigint | Buffer | null;
export type Row = Record<string, SqlValue>;

export interface ReadTx {
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export interface WriteTx extends ReadTx {
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** A write transaction (it may hold its batch's uncommitted changes: never fill a read cache from it). */
export const isWriteTx = (tx: ReadTx): tx is WriteTx => "run" in tx;

export interface WriteOptions {
  readonly sync?: boolean;
}

export interface Storage {
  readonly engine: "sqlite" | "postgres";
  /** Runs fn against a consistent view; no writes. Each call hands fn a tx object of its own. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one transaction: commit when it returns, roll back when it throws. On return the
   * commit is on stable storage (fsync); with `{ sync: false }` it has only reached the OS (survives
   * a crash of this process, not a power loss) — for records of reads, which must not wait on the disk.
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Applies a service's DDL, or a data migration run in one write transaction, once (versioned by name). */
  migrate(name: string, change: string | ((tx: WriteTx) => Promise<void>)): Promise<void>;
  /**
   * Optional: leave no older copy of overwritten rows in the engine's journal (SQLite: truncate the
   * WAL). Called after a root key rotation so the keyring wrapped by the old root key is gone from disk.
   * Resolves false when it could not (the engine never became idle in time).
   */
  scrub?(): Promise<boolean>;
  /**
   * Optional: whether this process runs the shared background jobs when several servers share one database
   * (PostgreSQL: the holder of an advisory lock). Absent: it does.
   */
  holdsLead?(): Promise<boolean>;
  close(): Promise<void>;
}
