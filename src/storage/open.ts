// Which engine holds a data directory's store: the one place that picks an engine. A store on PostgreSQL is
// recorded in the data directory (without its password), so every command given the directory finds it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PostgresStorage, type PostgresLocation } from "./postgres/index.js";
import { SqliteStorage } from "./sqlite/index.js";
import type { Storage } from "./types.js";

const RECORD_FILE = "storage.json";
const SQLITE_FILE = "paramstore.db";

/** The URL as recorded on disk: no password (it comes from the environment: the URL again, PGPASSWORD or ~/.pgpass). */
export function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = "";
  return u.toString();
}

function recorded(dataDir: string): PostgresLocation | undefined {
  const file = join(dataDir, RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as { engine?: string; url?: string; schema?: string };
  if (r.engine !== "postgres" || typeof r.url !== "string" || typeof r.schema !== "string") throw new Error(`${file} does not name a PostgreSQL store`);
  return { url: r.url, schema: r.schema };
}

export function openStorage(dataDir: string, database?: PostgresLocation): Storage {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const known = recorded(dataDir);
  if (database) {
    if (!known && existsSync(join(dataDir, SQLITE_FILE))) {
      throw new Error(`${dataDir} holds a SQLite store; a PostgreSQL database would start an empty store beside it (use another --data-dir)`);
    }
    writeFileSync(join(dataDir, RECORD_FILE), `${JSON.stringify({ engine: "postgres", url: withoutPassword(database.url), schema: database.schema }, null, 2)}\n`, { mode: 0o600 });
    return new PostgresStorage(database);
  }
  return known ? new PostgresStorage(known) : new SqliteStorage(dataDir);
}
