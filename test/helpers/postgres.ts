// The PostgreSQL that tests use: 127.0.0.1:5432 (service machines run it), or PARAMSTORE_TEST_DATABASE_URL.
import pg from "pg";

export const TEST_PG_URL = process.env.PARAMSTORE_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** Fails, saying what is missing, when no PostgreSQL answers: a test that needs one never passes without it. */
export async function requirePostgres(url = TEST_PG_URL): Promise<void> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${url} (${(e as Error).message}): start it, or point PARAMSTORE_TEST_DATABASE_URL at one`);
  } finally {
    await probe.end().catch(() => undefined);
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
