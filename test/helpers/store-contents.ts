// What a test server's store holds at rest, on either engine: the data dir's files and, when the store is on
// PostgreSQL, the rows of its schema (what PostgreSQL writes to its own files and WAL).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestServer } from "./server.js";

export interface Stored {
  readonly where: string;
  readonly bytes: Buffer;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function withSchema<T>(db: { url: string; schema: string }, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path="${db.schema}"` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every file of the data dir, and every table of a PostgreSQL store (each value's bytes, one blob per table). */
export async function storeContents(server: TestServer): Promise<Stored[]> {
  const files = filesUnder(server.dataDir).map((f) => ({ where: f, bytes: readFileSync(f) }));
  const db = server.database;
  if (!db) {
    if (!files.some((f) => f.where.endsWith(".db"))) throw new Error(`no database among ${files.map((f) => f.where).join(", ")}`);
    return files;
  }
  const tables = await withSchema(db, async (c) => {
    const names = (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1", [db.schema])).rows.map((r) => r.t);
    if (names.length === 0) throw new Error(`no tables in schema ${db.schema}`);
    const out: Stored[] = [];
    for (const t of names) {
      const rows = (await c.query({ text: `SELECT * FROM "${t}"`, rowMode: "array" })).rows as unknown[][];
      const bytes = Buffer.concat(rows.flat().map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), "utf8"))));
      out.push({ where: `${db.schema}.${t}`, bytes });
    }
    return out;
  });
  return [...files, ...tables];
}

/** One row of a query on the store (`?` placeholders), e.g. a count that proves rows are gone. */
export async function queryStore(server: TestServer, sql: string, params: readonly (string | number)[]): Promise<Record<string, unknown> | undefined> {
  const db = server.database;
  if (db) {
    let n = 0;
    return withSchema(db, async (c) => (await c.query(sql.replace(/\?/g, () => `$${++n}`), [...params])).rows[0] as Record<string, unknown> | undefined);
  }
  const lite = new Database(join(server.dataDir, "paramstore.db"), { readonly: true, fileMustExist: true });
  try {
    return lite.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  } finally {
    lite.close();
  }
}
