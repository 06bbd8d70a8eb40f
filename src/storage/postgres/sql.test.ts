import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { advisoryKey, positional, postgresDdl } from "./sql.js";

describe("positional", () => {
  it("numbers the placeholders in order", () => {
    assert.equal(positional("SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?"), "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4");
  });
  it("leaves question marks in literals, quoted identifiers and comments alone", () => {
    assert.equal(positional("SELECT '?', 'it''s ?', \"q?\" FROM t -- why?\nWHERE a = ?"), "SELECT '?', 'it''s ?', \"q?\" FROM t -- why?\nWHERE a = $1");
    assert.equal(positional("SELECT * FROM t WHERE k LIKE ? ESCAPE '\\'"), "SELECT * FROM t WHERE k LIKE $1 ESCAPE '\\'");
  });
  it("returns statements without placeholders unchanged", () => {
    assert.equal(positional("BEGIN"), "BEGIN");
  });
});

describe("postgresDdl", () => {
  it("maps SQLite's type names and makes text compare bytewise", () => {
    assert.equal(
      postgresDdl("CREATE TABLE x (name TEXT PRIMARY KEY, at INTEGER NOT NULL, data BLOB, r REAL, big BIGINT)"),
      'CREATE TABLE x (name TEXT COLLATE "C" PRIMARY KEY, at BIGINT NOT NULL, data BYTEA, r DOUBLE PRECISION, big BIGINT)',
    );
  });
  it("keeps a collation a service already chose, and lower-case column names", () => {
    assert.equal(postgresDdl('CREATE TABLE y (text TEXT COLLATE "C" NOT NULL, blob_id TEXT)'), 'CREATE TABLE y (text TEXT COLLATE "C" NOT NULL, blob_id TEXT COLLATE "C")');
  });
});

describe("advisoryKey", () => {
  it("is a stable signed 64-bit number per schema and purpose", () => {
    const k = advisoryKey("paramstore", "write");
    assert.equal(k, advisoryKey("paramstore", "write"));
    assert.notEqual(k, advisoryKey("paramstore", "lead"));
    assert.notEqual(k, advisoryKey("other", "write"));
    assert.ok(BigInt(k) >= -(2n ** 63n) && BigInt(k) < 2n ** 63n);
  });
});
