// A cache of committed rows for read hot paths (KMS key rows on every Decrypt, SSM's latest parameter
// version on every GetParameter). Only read transactions may use it; a write transaction reads its own
// (possibly uncommitted) view.
//
// Freshness is exact, for every process and server on the database: each cached domain has an epoch, a
// counter row bumped in the transaction of every write of its tables, so it changes atomically with the
// data. A read transaction takes the epochs first (one query, once per transaction) and the data after
// them, so cached data is at least as new as the epoch stored with it; an entry is used only while the
// epoch is unchanged.
import type { ReadTx, Storage, WriteTx } from "./types.js";

const MAX_ENTRIES = 10_000;

/** The epochs table; every service with a cache migrates it (idempotent). */
export const migrateEpochs = (storage: Storage): Promise<void> =>
  storage.migrate("0001-cache-epochs", "CREATE TABLE IF NOT EXISTS cache_epochs (name TEXT PRIMARY KEY, n BIGINT NOT NULL)");

/**
 * DDL that bumps an epoch in every transaction that changes one of `tables` (triggers: no write path can forget
 * it, including ones added later). Run it after migrateEpochs and after the tables exist.
 */
export function epochTriggers(engine: Storage["engine"], epoch: string, tables: readonly string[]): string {
  if (!/^[a-z_]+$/.test(epoch) || tables.some((t) => !/^[a-z_]+$/.test(t))) throw new Error("epoch and table names are plain identifiers");
  const bump = `UPDATE cache_epochs SET n = n + 1 WHERE name = '${epoch}';`;
  const seed = `INSERT INTO cache_epochs (name, n) VALUES ('${epoch}', 0) ON CONFLICT (name) DO NOTHING;`;
  if (engine === "postgres") {
    const fn = `${epoch}_bump_epoch`;
    return [
      seed,
      `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump} RETURN NULL; END $$;`,
      ...tables.map((t) => `CREATE TRIGGER ${t}_epoch AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`),
    ].join("\n");
  }
  return [seed, ...tables.flatMap((t) => ["INSERT", "UPDATE", "DELETE"].map((op) =>
    `CREATE TRIGGER IF NOT EXISTS ${t}_epoch_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN ${bump} END;`))].join("\n");
}

/** Every epoch, as read by one read transaction (Storage.read hands each call its own tx object). */
const epochsOf = new WeakMap<ReadTx, Promise<Map<string, number>>>();

async function readEpochs(tx: ReadTx): Promise<Map<string, number>> {
  const rows = await tx.all<{ name: string; n: number | string }>("SELECT name, n FROM cache_epochs");
  return new Map(rows.map((r) => [r.name, Number(r.n)])); // PostgreSQL hands BIGINT back as text
}

export class Epoch {
  constructor(private readonly name: string) {}

  /** In the writing transaction, by every function that writes the domain's tables. */
  async bump(tx: WriteTx): Promise<void> {
    await tx.run("INSERT INTO cache_epochs (name, n) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET n = cache_epochs.n + 1", [this.name]);
  }

  /** The epoch as this read transaction first saw it (every cache it consults shares one query). */
  async read(tx: ReadTx): Promise<number> {
    let epochs = epochsOf.get(tx);
    if (epochs === undefined) epochsOf.set(tx, (epochs = readEpochs(tx)));
    return (await epochs).get(this.name) ?? 0;
  }
}

interface Entry<V> {
  readonly value: V;
  /** The epoch read before `value`. */
  readonly epoch: number;
}

export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly epoch: Epoch) {}

  /**
   * The cached value while the epoch is unchanged, else `load()`'s, read through the same read
   * transaction. Misses are not cached (a row created elsewhere must be found at once).
   */
  async get(tx: ReadTx, id: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const epoch = await this.epoch.read(tx);
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.epoch === epoch) return hit.value;
    if (hit !== undefined) this.entries.delete(id);
    const value = await load();
    if (value !== undefined) this.put(id, { value, epoch });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private put(id: string, e: Entry<V>): void {
    this.entries.delete(id);
    this.entries.set(id, e);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
