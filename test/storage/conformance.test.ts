// One behaviour suite, two engines: the Storage contract the services rely on, run against SQLite and against
// PostgreSQL (127.0.0.1:5432, or PARAMSTORE_TEST_DATABASE_URL). PostgreSQL missing is a failure that says so.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Epoch, epochTriggers, migrateEpochs, ReadCache } from "../../src/storage/read-cache.js";
import { PostgresStorage } from "../../src/storage/postgres/index.js";
import { SqliteStorage } from "../../src/storage/sqlite/index.js";
import { isWriteTx, type Storage } from "../../src/storage/types.js";
import { dropSchema, requirePostgres, TEST_PG_URL } from "../helpers/postgres.js";


/** Two handles on one fresh store (two servers, or two workers, sharing it), and how to remove it. */
interface Engine {
  readonly name: string;
  open(): Promise<{ a: Storage; b: Storage; dispose: () => Promise<void> }>;
}

const sqlite: Engine = {
  name: "SQLite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "paramstore-conformance-"));
    const a = new SqliteStorage(dir);
    const b = new SqliteStorage(dir);
    return { a, b, dispose: async () => { await Promise.all([a.close(), b.close()]); rmSync(dir, { recursive: true, force: true }); } };
  },
};

const postgres: Engine = {
  name: "PostgreSQL",
  async open() {
    await requirePostgres();
    const schema = `c_${randomBytes(6).toString("hex")}`;
    const a = new PostgresStorage({ url: TEST_PG_URL, schema });
    const b = new PostgresStorage({ url: TEST_PG_URL, schema });
    return { a, b, dispose: async () => { await Promise.all([a.close(), b.close()]); await dropSchema(TEST_PG_URL, schema); } };
  },
};

for (const engine of [sqlite, postgres]) {
  describe(`storage conformance: ${engine.name}`, () => {
    let a: Storage;
    let b: Storage;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ a, b, dispose } = await engine.open());
      await a.migrate("t-0001", "CREATE TABLE items (name TEXT PRIMARY KEY, n INTEGER NOT NULL, at INTEGER, data BLOB, note TEXT)");
    });
    after(() => dispose());

    it("hands back what it stored: text, integers beyond 32 bits, bytes, NULL", async () => {
      const data = randomBytes(40);
      const at = Date.UTC(2030, 0, 1, 0, 0, 0, 123);
      await a.write((tx) => tx.run("INSERT INTO items (name, n, at, data, note) VALUES (?, ?, ?, ?, ?)", ["/types", 7, at, data, null]));
      const row = await b.read((tx) => tx.get("SELECT name, n, at, data, note FROM items WHERE name = ?", ["/types"]));
      assert.deepEqual(row, { name: "/types", n: 7, at, data, note: null });
      const count = await b.read((tx) => tx.get("SELECT COUNT(*) AS c, MAX(at) AS m FROM items"));
      assert.deepEqual(count, { c: 1, m: at });
    });

    it("orders and compares text bytewise, as parameter names need", async () => {
      const names = ["/o/b", "/o0", "/oB", "/o/c", "/O", "/o-", "/o/b/c", "/o~", "/o_"];
      await a.write(async (tx) => { for (const name of names) await tx.run("INSERT INTO items (name, n) VALUES (?, 0)", [name]); });
      const rows = await a.read((tx) => tx.all<{ name: string }>("SELECT name FROM items WHERE name >= ? AND name < ? ORDER BY name", ["/O", "/p"]));
      assert.deepEqual(rows.map((r) => r.name), [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      // The recursive-path range `/o/` .. `/o0` ('/' + 1 is '0') holds exactly the names under /o/.
      const under = await a.read((tx) => tx.all<{ name: string }>("SELECT name FROM items WHERE name > ? AND name < ? ORDER BY name", ["/o/", "/o0"]));
      assert.deepEqual(under.map((r) => r.name), ["/o/b", "/o/b/c", "/o/c"]);
    });

    it("a throwing operation rolls back alone; the others of its batch commit", async () => {
      const results = await Promise.allSettled([
        a.write((tx) => tx.run("INSERT INTO items (name, n) VALUES ('/batch/1', 1)")),
        a.write(async (tx) => {
          await tx.run("INSERT INTO items (name, n) VALUES ('/batch/2', 2)");
          throw new Error("validation failed");
        }),
        a.write(async (tx) => {
          await tx.run("INSERT INTO items (name, n) VALUES ('/batch/3', 3)");
          await tx.run("INSERT INTO items (name, n) VALUES ('/batch/3', 3)"); // primary key violation
        }),
        a.write((tx) => tx.run("INSERT INTO items (name, n) VALUES ('/batch/4', 4)", []), { sync: false }),
      ]);
      assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "rejected", "fulfilled"]);
      const rows = await b.read((tx) => tx.all<{ name: string }>("SELECT name FROM items WHERE name LIKE '/batch/%' ORDER BY name"));
      assert.deepEqual(rows.map((r) => r.name), ["/batch/1", "/batch/4"]);
    });

    it("upserts with ON CONFLICT and returns rows with RETURNING", async () => {
      const up = (n: number) => a.write((tx) => tx.get<{ n: number }>("INSERT INTO items (name, n) VALUES ('/up', ?) ON CONFLICT (name) DO UPDATE SET n = items.n + excluded.n RETURNING n", [n]));
      assert.deepEqual(await up(2), { n: 2 });
      assert.deepEqual(await up(3), { n: 5 });
      const changed = await a.write((tx) => tx.run("UPDATE items SET note = 'x' WHERE name LIKE '/batch/%'"));
      assert.equal(changed.changes, 2);
    });

    it("serialises read-modify-write transactions across two handles on one store", async () => {
      await a.write((tx) => tx.run("INSERT INTO items (name, n) VALUES ('/counter', 0)"));
      const bump = (s: Storage) => s.write(async (tx) => {
        const cur = await tx.get<{ n: number }>("SELECT n FROM items WHERE name = '/counter'");
        await new Promise((r) => setImmediate(r)); // give the other handle every chance to interleave
        await tx.run("UPDATE items SET n = ? WHERE name = '/counter'", [(cur?.n ?? 0) + 1]);
      });
      await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
      assert.deepEqual(await a.read((tx) => tx.get("SELECT n FROM items WHERE name = '/counter'")), { n: 40 });
    });

    it("applies a migration once when two handles run it at the same time", async () => {
      await Promise.all([a, b].map((s) => s.migrate("t-0002", "CREATE TABLE once (k TEXT PRIMARY KEY); INSERT INTO once (k) VALUES ('applied')")));
      await Promise.all([a, b].map((s) => s.migrate("t-0003", async (tx) => { await tx.run("INSERT INTO once (k) VALUES ('data-migration')"); })));
      const rows = await b.read((tx) => tx.all<{ k: string }>("SELECT k FROM once ORDER BY k"));
      assert.deepEqual(rows.map((r) => r.k), ["applied", "data-migration"]);
    });

    it("hands a read no way to write, and a write its own uncommitted rows", async () => {
      await a.read(async (tx) => assert.equal(isWriteTx(tx), false));
      const seen = await a.write(async (tx) => {
        assert.equal(isWriteTx(tx), true);
        await tx.run("INSERT INTO items (name, n) VALUES ('/own', 1)");
        const mine = await tx.get("SELECT n FROM items WHERE name = '/own'");
        const others = await b.read((r) => r.get("SELECT n FROM items WHERE name = '/own'"));
        return { mine, others };
      });
      assert.deepEqual(seen, { mine: { n: 1 }, others: undefined });
    });

    it("keeps a read cache exact across handles (epochs bumped in the writing transaction)", async () => {
      await migrateEpochs(a);
      const epoch = new Epoch("conformance");
      const cache = new ReadCache<number>(epoch);
      const cached = (s: Storage) => s.read((tx) => cache.get(tx, "/counter", async () => (await tx.get<{ n: number }>("SELECT n FROM items WHERE name = '/counter'"))?.n));
      assert.equal(await cached(a), 40);
      await b.write(async (tx) => { await tx.run("UPDATE items SET n = 41 WHERE name = '/counter'"); await epoch.bump(tx); });
      assert.equal(await cached(a), 41);
    });

    it("moves an epoch kept by triggers with every insert, update and delete of its tables", async () => {
      await migrateEpochs(a);
      await a.migrate("t-0004", "CREATE TABLE watched (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
      await a.migrate("t-0005", epochTriggers(a.engine, "watched", ["watched"]));
      const epoch = new Epoch("watched");
      const now = () => b.read((tx) => epoch.read(tx));
      const start = await now();
      await a.write((tx) => tx.run("INSERT INTO watched (k, v) VALUES ('k', '1')"));
      const afterInsert = await now();
      await b.write((tx) => tx.run("UPDATE watched SET v = '2' WHERE k = 'k'"));
      const afterUpdate = await now();
      await a.write((tx) => tx.run("DELETE FROM watched WHERE k = 'k'"));
      const afterDelete = await now();
      await a.write((tx) => tx.run("UPDATE items SET note = 'y' WHERE name = '/up'")); // another table: no move
      assert.ok(start < afterInsert && afterInsert < afterUpdate && afterUpdate < afterDelete, `${start} ${afterInsert} ${afterUpdate} ${afterDelete}`);
      assert.equal(await now(), afterDelete);
    });

    it("names one leader for the shared jobs at a time", async () => {
      const leads = await Promise.all([a, b].map((s) => (s.holdsLead ? s.holdsLead() : Promise.resolve(true))));
      if (engine === sqlite) {
        assert.deepEqual(leads, [true, true]); // one host: its processes divide jobs themselves (cluster.ts)
        return;
      }
      assert.equal(leads.filter(Boolean).length, 1);
      // The leader goes away (its lock goes with its connection): the other takes over on a later try.
      const [leader, other] = leads[0] ? [a, b] : [b, a];
      await leader.close();
      const deadline = Date.now() + 10_000;
      while (!(await other.holdsLead?.())) {
        assert.ok(Date.now() < deadline, "no server took the lead over");
        await new Promise((r) => setTimeout(r, 250));
      }
    });
  });
}
