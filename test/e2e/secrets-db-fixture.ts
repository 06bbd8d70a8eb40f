// The real databases the rotation tests use: PostgreSQL (127.0.0.1:5432, trust auth, user postgres, db test) and
// MariaDB (127.0.0.1:3306, root, empty password). Probes say clearly when one is missing; throwaway roles/users.
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";

export const PG = { host: "127.0.0.1", port: 5432, user: "postgres", database: "test" } as const;
export const MY = { host: "127.0.0.1", port: 3306, user: "root", password: "" } as const;

/** Set PARAMSTORE_SKIP_DB_TESTS=1 to skip (with the printed reason) instead of failing when a database is missing. */
export const SKIP_DB = process.env.PARAMSTORE_SKIP_DB_TESTS === "1";

export const suffix = (): string => randomBytes(4).toString("hex");
export const password = (): string => `Pw-${randomBytes(9).toString("base64url")}`;

export async function pgQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], as: Partial<pg.ClientConfig> = {}): Promise<T[]> {
  const c = new pg.Client({ ...PG, connectionTimeoutMillis: 3000, ...as });
  c.on("error", () => undefined);
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export async function myConnect(user: string, pass: string): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: MY.host, port: MY.port, user, password: pass, connectTimeout: 3000 });
  c.on("error", () => undefined);
  return c;
}

export async function myQuery(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const c = await myConnect(MY.user, MY.password);
  try {
    const [rows] = await c.query(sql, params);
    return Array.isArray(rows) ? rows : [];
  } finally {
    await c.end();
  }
}

/** Logs in to MariaDB; the error code when refused (ER_ACCESS_DENIED_ERROR), "ok" otherwise. */
export async function myLogin(user: string, pass: string): Promise<string> {
  try {
    const c = await myConnect(user, pass);
    await c.query("SELECT 1");
    await c.end();
    return "ok";
  } catch (e) {
    return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : String(e);
  }
}

/** Why a database is unusable, or null when it answers. */
export async function probe(kind: "postgres" | "mariadb"): Promise<string | null> {
  try {
    if (kind === "postgres") await pgQuery("SELECT 1");
    else await myQuery("SELECT 1");
    return null;
  } catch (e) {
    const where = kind === "postgres" ? `PostgreSQL at ${PG.host}:${PG.port} (user ${PG.user}, db ${PG.database})` : `MariaDB at ${MY.host}:${MY.port} (user root, empty password)`;
    return `${where} is not reachable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** pg_authid's stored password verifier of a role (needs the superuser the tests connect as). */
export async function pgVerifier(role: string): Promise<string> {
  const rows = await pgQuery<{ rolpassword: string | null }>("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [role]);
  return rows[0]?.rolpassword ?? "";
}
