// The SQL the services write (portable, `?` placeholders, SQLite's type names in DDL) as PostgreSQL takes it.
import { createHash } from "node:crypto";

/** `?` -> `$1`, `$2`, … outside string literals, quoted identifiers and comments. */
export function positional(sql: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** Index of the quote closing the literal opened at `start` (a doubled quote is an escaped one). */
function closingQuote(sql: string, start: number, q: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== q) continue;
    if (sql[i + 1] === q) { i++; continue; }
    return i;
  }
  return sql.length - 1;
}

/**
 * A service's DDL for PostgreSQL. Services name SQLite's types; here: BLOB is BYTEA, INTEGER is BIGINT
 * (millisecond times overflow PostgreSQL's 32-bit INTEGER), and TEXT compares bytewise (`COLLATE "C"`), as
 * SQLite's BINARY collation does: name order, pagination and the `/`..`0` range of recursive paths rely on it.
 */
export function postgresDdl(ddl: string): string {
  return ddl
    .replace(/\bBLOB\b/g, "BYTEA")
    .replace(/\bINTEGER\b/g, "BIGINT")
    .replace(/\bREAL\b/g, "DOUBLE PRECISION")
    .replace(/\bTEXT\b(?!\s+COLLATE)/g, 'TEXT COLLATE "C"');
}

/** A 64-bit advisory lock key for one purpose within one schema (several stores may share a database). */
export function advisoryKey(schema: string, purpose: string): string {
  return createHash("sha256").update(`paramstore\0${schema}\0${purpose}`).digest().readBigInt64BE(0).toString();
}

/** A schema name as an SQL identifier; names are checked at the edge (config), quoted here all the same. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
