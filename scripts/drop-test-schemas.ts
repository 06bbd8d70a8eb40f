// Drops the PostgreSQL schemas tests and the acceptance scenarios leave behind (t_, c_, ha_, acc_ prefixes) in
// the test database: `node dist/scripts/drop-test-schemas.js` (PARAMSTORE_TEST_DATABASE_URL or 127.0.0.1:5432/test).
import pg from "pg";

const url = process.env.PARAMSTORE_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows } = await client.query<{ s: string }>(String.raw`SELECT nspname AS s FROM pg_namespace WHERE nspname ~ '^(t|c|ha|acc)_[a-z0-9_]+$'`);
  for (const { s } of rows) await client.query(`DROP SCHEMA "${s}" CASCADE`);
  console.log(`dropped ${rows.length} test schemas`);
} finally {
  await client.end();
}
