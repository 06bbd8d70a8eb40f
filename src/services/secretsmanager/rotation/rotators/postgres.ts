// PostgreSQL driver for the database rotators (`pg`). Passwords go to the server as SCRAM verifiers computed here,
// and error texts are scrubbed of the passwords involved before they can reach a failure note or a log.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { dbRotator, type DbConnection, type DbDriver, type DbSecret } from "./db-common.js";
import { isPrintableAscii, scramVerifier } from "./scram.js";
import { errorCode, scrubbed } from "./scrub.js";

const CONNECT_TIMEOUT_MS = 5_000;
/** invalid_password, invalid_authorization_specification: the server refused these credentials. */
const AUTH_FAILURES = new Set(["28P01", "28000"]);

function passwordSql(client: pg.Client, password: string): string {
  return client.escapeLiteral(isPrintableAscii(password) ? scramVerifier(password, randomBytes(16)) : password);
}

function connection(client: pg.Client, secrets: readonly string[]): DbConnection {
  const run = async (sql: string, params?: unknown[], alsoSecret: readonly string[] = []): Promise<pg.QueryResult> => {
    try {
      return await client.query(sql, params);
    } catch (e) {
      throw scrubbed(e, [...secrets, ...alsoSecret]);
    }
  };
  return {
    async setPassword(username, password) {
      await run(`ALTER ROLE ${client.escapeIdentifier(username)} WITH PASSWORD ${passwordSql(client, password)}`, undefined, [password]);
    },
    async ensureUserLike(newUser, likeUser, password) {
      const exists = await run("SELECT 1 FROM pg_roles WHERE rolname = $1", [newUser]);
      if (exists.rowCount !== 0) return;
      await run(`CREATE ROLE ${client.escapeIdentifier(newUser)} WITH LOGIN PASSWORD ${passwordSql(client, password)}`, undefined, [password]);
      await run(`GRANT ${client.escapeIdentifier(likeUser)} TO ${client.escapeIdentifier(newUser)}`);
    },
    async ping() {
      await run("SELECT NOW()");
    },
    async close() {
      await client.end();
    },
  };
}

export const postgresDriver: DbDriver = {
  engines: ["postgres", "postgresql", "aurora-postgresql"],
  async connect(s: DbSecret) {
    const client = new pg.Client({
      host: s.host,
      port: s.port ?? 5432,
      user: s.username,
      password: s.password,
      database: typeof s.dbname === "string" && s.dbname !== "" ? s.dbname : "postgres",
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ssl: s.ssl === true ? { rejectUnauthorized: true } : false,
    });
    client.on("error", () => undefined); // a dropped idle connection must not crash the server
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      if (AUTH_FAILURES.has(errorCode(e) ?? "")) return null;
      throw scrubbed(e, [s.password]);
    }
    return connection(client, [s.password]);
  },
};

export const postgresRotators = [
  dbRotator("paramstore-rotator-postgres-single-user", postgresDriver, false),
  dbRotator("paramstore-rotator-postgres-multi-user", postgresDriver, true),
];
