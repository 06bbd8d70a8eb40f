import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { SqliteStorage } from "../storage/sqlite/index.js";
import { encodeResourceKeys } from "./lookup-fields.js";
import { insertEvent, migrateAudit } from "./store.js";

describe("audit store migrations", () => {
  let dir: string;
  let storage: SqliteStorage;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "paramstore-audit-store-"));
    storage = new SqliteStorage(dir);
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (seq: number, eventSource: string, record: object, resourceKeys = "") => ({
    nodeId: "n1", seq, accountId: "123456789012", region: "us-east-1", eventTime: 1, eventId: `e${seq}`, eventName: "X",
    eventSource, readOnly: false, username: null, accessKeyId: null, resourceKeys, record: JSON.stringify(record),
    prevHash: "p", hash: "h", mac: "m",
  });
  const keysOf = (seq: number): Promise<string | undefined> =>
    storage.read(async (tx) => (await tx.get<{ k: string }>("SELECT resource_keys AS k FROM audit_events WHERE seq = ?", [seq]))?.k);

  it("indexes the request resources of IAM/STS events stored before they were derived, and nothing else", async () => {
    await migrateAudit(storage);
    const iam = { eventSource: "iam.amazonaws.com", eventName: "CreateUser", requestParameters: { userName: "alice" } };
    const sts = { eventSource: "sts.amazonaws.com", eventName: "AssumeRole", requestParameters: { roleArn: "arn:aws:iam::123456789012:role/r" } };
    const list = { eventSource: "iam.amazonaws.com", eventName: "ListUsers", requestParameters: null };
    await storage.write(async (tx) => {
      await insertEvent(tx, row(1, "iam.amazonaws.com", iam));
      await insertEvent(tx, row(2, "sts.amazonaws.com", sts));
      await insertEvent(tx, row(3, "iam.amazonaws.com", list));
      await insertEvent(tx, row(4, "ssm.amazonaws.com", { eventSource: "ssm.amazonaws.com", requestParameters: { name: "/x" } }));
      // As a store from before 0102 would look: the migration has not run yet.
      await tx.run("DELETE FROM schema_migrations WHERE name = '0102-audit-request-resources'");
    });
    await migrateAudit(storage);
    assert.equal(await keysOf(1), encodeResourceKeys([{ type: "AWS::IAM::User", name: "alice", aliases: [] }]));
    assert.match((await keysOf(2)) ?? "", /AWS::IAM::Role/);
    assert.equal(await keysOf(3), "");
    assert.equal(await keysOf(4), "", "other services' rows are not touched");
  });
});
