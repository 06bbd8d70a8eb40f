// MySQL / MariaDB driver for the database rotators (`mysql2`). Statements are escaped client-side by mysql2;
// error texts are scrubbed of the passwords involved (mysql2 attaches the full SQL to its errors).
import mysql from "mysql2/promise";
import { dbRotator, type DbConnection, type DbDriver, type DbSecret } from "./db-common.js";
import { errorCode, scrubbed } from "./scrub.js";

const CONNECT_TIMEOUT_MS = 5_000;
const AUTH_FAILURES = new Set(["ER_ACCESS_DENIED_ERROR", "ER_ACCESS_DENIED_NO_PASSWORD_ERROR"]);

type Rows = Array<Record<string, unknown>>;

function connection(conn: mysql.Connection, secrets: readonly string[]): DbConnection {
  const run = async (sql: string, params: unknown[] = [], alsoSecret: readonly string[] = []): Promise<Rows> => {
    try {
      const [rows] = await conn.query(sql, params);
      return Array.isArray(rows) ? (rows as Rows) : []; // SELECT/SHOW give row objects; other statements give a result header
    } catch (e) {
      throw scrubbed(e, [...secrets, ...alsoSecret]);
    }
  };
  const hostsOf = async (user: string): Promise<string[]> => (await run("SELECT Host AS h FROM mysql.user WHERE User = ?", [user])).map((r) => String(r.h));
  return {
    async setPassword(username, password) {
      const [me] = await run("SELECT CURRENT_USER() AS u");
      const current = String(me?.u ?? "");
      if (current.slice(0, current.lastIndexOf("@")) === username) {
        // Changing one's own password needs no privilege only in these forms: MariaDB wants PASSWORD(), and
        // MySQL 8 removed PASSWORD() but takes the cleartext.
        const [v] = await run("SELECT VERSION() AS v");
        const mariadb = String(v?.v ?? "").toLowerCase().includes("mariadb");
        await run(mariadb ? "SET PASSWORD = PASSWORD(?)" : "SET PASSWORD = ?", [password], [password]);
        return;
      }
      const hosts = await hostsOf(username);
      if (hosts.length === 0) throw new Error(`user ${username} does not exist`);
      for (const h of hosts) await run("ALTER USER ?@? IDENTIFIED BY ?", [username, h, password], [password]);
    },
    async ensureUserLike(newUser, likeUser, password) {
      if ((await hostsOf(newUser)).length > 0) return;
      for (const h of await hostsOf(likeUser)) {
        await run("CREATE USER ?@? IDENTIFIED BY ?", [newUser, h, password], [password]);
        for (const row of await run("SHOW GRANTS FOR ?@?", [likeUser, h])) {
          const grant = String(Object.values(row)[0] ?? "");
          // Re-issue each grant for the new user; the old user's password hash is not copied.
          const forNew = grant
            .replace(/ IDENTIFIED BY PASSWORD '[^']*'/, "")
            .split(`\`${likeUser}\`@\`${h}\``).join(`\`${newUser}\`@\`${h}\``)
            .split(`'${likeUser}'@'${h}'`).join(`'${newUser}'@'${h}'`);
          if (forNew.startsWith("GRANT ") && !forNew.startsWith("GRANT PROXY")) await run(forNew);
        }
      }
    },
    async ping() {
      await run("SELECT NOW()");
    },
    async close() {
      await conn.end();
    },
  };
}

export const mysqlDriver: DbDriver = {
  engines: ["mysql", "mariadb", "aurora-mysql", "aurora"],
  async connect(s: DbSecret) {
    let conn: mysql.Connection;
    try {
      conn = await mysql.createConnection({
        host: s.host,
        port: s.port ?? 3306,
        user: s.username,
        password: s.password,
        ...(typeof s.dbname === "string" && s.dbname !== "" ? { database: s.dbname } : {}),
        connectTimeout: CONNECT_TIMEOUT_MS,
        ...(s.ssl === true ? { ssl: { rejectUnauthorized: true } } : {}),
      });
    } catch (e) {
      if (AUTH_FAILURES.has(errorCode(e) ?? "")) return null;
      throw scrubbed(e, [s.password]);
    }
    conn.on("error", () => undefined); // a dropped connection must not crash the server
    return connection(conn, [s.password]);
  },
};

export const mysqlRotators = [
  dbRotator("paramstore-rotator-mysql-single-user", mysqlDriver, false),
  dbRotator("paramstore-rotator-mysql-multi-user", mysqlDriver, true),
  dbRotator("paramstore-rotator-mariadb-single-user", mysqlDriver, false),
  dbRotator("paramstore-rotator-mariadb-multi-user", mysqlDriver, true),
];
