// store.ts against real SQLite with 12,000 parameters: right answers, and query plans that use indexes (no table
// scans) for GetParameter, one-level and recursive paths, and name filters.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { migrateEpochs } from "../../storage/read-cache.js";
import { SqliteStorage } from "../../storage/sqlite/index.js";
import type { ReadTx, Row, SqlValue } from "../../storage/types.js";
import type { Cond } from "./filters.js";
import { parentOf } from "./names.js";
import { ssmSchema } from "./schema.js";
import * as store from "./store.js";

const scope = { accountId: "123456789012", region: "us-east-1" };
const other = { accountId: "123456789012", region: "eu-west-1" };
let dir: string;
let storage: SqliteStorage;

function row(key: string, version = 1): store.ParamRow {
  return { name_key: key, name: key, parent: parentOf(key), type: "String", tier: "Standard", data_type: "text", description: null, allowed_pattern: null, key_id: null, key_arn: null, policies: null, version, modified_ms: 1, modified_user: "u", expires_ms: null, notify_ms: null };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "ssm-store-"));
  storage = new SqliteStorage(dir);
  await storage.migrate("ssm-test", ssmSchema("sqlite"));
  await migrateEpochs(storage);
  await storage.write(async (tx) => {
    for (let i = 0; i < 12_000; i++) {
      const key = `/app${i % 40}/svc${i % 7}/p${String(i).padStart(5, "0")}`;
      const p = row(key);
      await store.upsertParameter(tx, scope, p);
      await store.insertVersion(tx, scope, { ...p, value: Buffer.from("x") });
    }
    for (const key of ["/app1", "/root-a", "/root-b", "/app1/svc1/p00001"]) {
      await store.upsertParameter(tx, key === "/app1/svc1/p00001" ? other : scope, row(key));
      await store.insertVersion(tx, key === "/app1/svc1/p00001" ? other : scope, { ...row(key), value: Buffer.from("x") });
    }
  });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` on a read transaction that records every statement, then returns SQLite's plan for each. */
async function plans<T>(fn: (tx: ReadTx) => Promise<T>): Promise<{ result: T; plans: string[] }> {
  const seen: Array<[string, readonly SqlValue[]]> = [];
  const result = await storage.read((tx) =>
    fn({
      get: <R extends Row>(sql: string, params: readonly SqlValue[] = []) => (seen.push([sql, params]), tx.get<R>(sql, params)),
      all: <R extends Row>(sql: string, params: readonly SqlValue[] = []) => (seen.push([sql, params]), tx.all<R>(sql, params)),
    }),
  );
  const db = new Database(join(dir, "paramstore.db"), { readonly: true });
  try {
    const out = seen.map(([sql, params]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(" | "),
    );
    return { result, plans: out };
  } finally {
    db.close();
  }
}

const noTableScan = (plan: string): void => assert.doesNotMatch(plan, /\bSCAN (p|ssm_parameters|v|ssm_versions)\b(?! USING)/, plan);

describe("store with 12,000 parameters", () => {
  it("GetParameter: one primary-key lookup joined to the latest version", async () => {
    const { result, plans: p } = await plans((tx) => store.getCurrent(tx, scope, "/app3/svc3/p00003"));
    assert.equal(result?.name, "/app3/svc3/p00003");
    assert.equal(p.length, 1);
    noTableScan(p[0] ?? "");
  });

  it("one level uses the parent index, pages in name order", async () => {
    const conds: Cond[] = [{ kind: "parent", values: ["/app1/svc1"] }];
    const { result, plans: p } = await plans((tx) => store.queryParameters(tx, scope, conds, { offset: 0, limit: 11, withValue: true }));
    assert.equal(result.length, 11);
    assert.ok(result.every((r) => r.parent === "/app1/svc1"));
    assert.deepEqual(result.map((r) => r.name_key), [...result.map((r) => r.name_key)].sort());
    assert.match(p[0] ?? "", /ssm_parameters_parent/);
    noTableScan(p[0] ?? "");
  });

  it("recursive uses a name range; deep offsets still answer", async () => {
    const conds: Cond[] = [{ kind: "under", values: ["/app1"] }];
    const { result, plans: p } = await plans((tx) => store.queryParameters(tx, scope, conds, { offset: 290, limit: 11, withValue: true }));
    assert.equal(result.length, 10); // 300 parameters under /app1, not /app1 itself
    assert.ok(result.every((r) => r.name_key.startsWith("/app1/")));
    noTableScan(p[0] ?? "");
  });

  it("Name BeginsWith is a range on the name key; tag filters probe the tag key", async () => {
    const conds: Cond[] = [
      { kind: "beginsWith", column: "name_key", values: ["/root"] },
      { kind: "tag", key: "team", option: "Exists", values: [] },
    ];
    const { result, plans: p } = await plans((tx) => store.queryParameters(tx, scope, conds, { offset: 0, limit: 10, withValue: false }));
    assert.deepEqual(result, []);
    noTableScan(p[0] ?? "");
  });

  it("regions never mix", async () => {
    const us = await storage.read((tx) => store.queryParameters(tx, scope, [{ kind: "parent", values: ["/"] }], { offset: 0, limit: null, withValue: false }));
    assert.deepEqual(us.map((r) => r.name_key), ["/app1", "/root-a", "/root-b"]);
    const eu = await storage.read((tx) => store.queryParameters(tx, other, [], { offset: 0, limit: null, withValue: false }));
    assert.deepEqual(eu.map((r) => r.name_key), ["/app1/svc1/p00001"]);
  });
});
