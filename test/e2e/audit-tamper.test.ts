// Tamper evidence (cloudtrail.md §6): rows edited, deleted, inserted or reordered in the SQLite file
// directly, digests edited or deleted, and `paramstore audit verify` names each one and exits 1.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { PutParameterCommand, GetParameterCommand } from "@aws-sdk/client-ssm";
import { cloudtrailClient, ssmClient } from "../helpers/clients.js";
import { startServer } from "../helpers/server.js";
import { waitUntil } from "../helpers/assertions.js";
import { auditCli, lookupAll, type CliResult } from "./audit-support.js";

const work = mkdtempSync(join(tmpdir(), "paramstore-tamper-"));
const base = join(work, "base");
let nodeId = "";

before(async () => {
  const server = await startServer({ dataDir: base });
  const ssm = ssmClient(server);
  try {
    for (let i = 1; i <= 6; i += 1) await ssm.send(new PutParameterCommand({ Name: `/tamper/p${i}`, Value: `v${i}`, Type: "String" }));
    await ssm.send(new GetParameterCommand({ Name: "/tamper/p1" }));
  } finally {
    ssm.destroy();
    await server.stop(); // SIGTERM: queued events flushed, final digest written
  }
  const db = new Database(join(base, "paramstore.db"), { readonly: true });
  nodeId = (db.prepare("SELECT node_id FROM audit_heads").get() as { node_id: string }).node_id; // one node here
  db.close();
});
after(() => rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of a data dir (the base one by default) with `sql` applied to its database. */
function tampered(sql: string, from = base): string {
  const dir = join(work, `copy-${(copies += 1)}`);
  cpSync(from, dir, { recursive: true });
  const db = new Database(join(dir, "paramstore.db"));
  db.exec(sql);
  db.close();
  return dir;
}

const verify = (dir: string, ...extra: string[]): Promise<CliResult> => auditCli(["verify", "--data-dir", dir, ...extra]);

function invalidLines(r: CliResult): string[] {
  return r.stdout.split("\n").filter((l) => l.includes("\tINVALID"));
}

/** Exit 1 must mean "found tampering", never a crash: nothing on stderr, the verdict on stdout. */
function assertInvalid(r: CliResult): void {
  assert.equal(r.stderr, "", r.stderr);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /Audit trail is INVALID\.$/m);
}

describe("paramstore audit verify", () => {
  it("an untouched trail is valid (exit 0)", async () => {
    const r = await verify(base);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Audit trail is valid\./);
    assert.match(r.stdout, /7 event\(s\) valid, 0 problem\(s\)/);
    assert.deepEqual(invalidLines(r), []);
  });

  const cases: Array<[string, string, RegExp[]]> = [
    ["an edited record", "UPDATE audit_events SET record = replace(record, '/tamper/p3', '/tamper/pX') WHERE seq = 3",
      [/^Event (\S+)\/3\tINVALID: edited: .*hash value doesn't match/]],
    ["an edited lookup column (hiding an event from EventName lookups)", "UPDATE audit_events SET event_name = 'GetParameter' WHERE seq = 2",
      [/^Event \S+\/2\tINVALID: edited: .*index columns \(event_name\)/]],
    ["a deleted event", "DELETE FROM audit_events WHERE seq = 4",
      [/^Event \S+\/4\tINVALID: deleted: seq 4 not found/]],
    ["deleted newest events, head rolled back too", "DELETE FROM audit_events WHERE seq >= 6; UPDATE audit_heads SET seq = 5, hash = (SELECT hash FROM audit_events WHERE seq = 5)",
      [/^Event \S+\/6\.\.7\tINVALID: deleted: seq 6\.\.7 not found \(deleted; digest \S+ records seq 7\)/]],
    ["an inserted event after the head", "INSERT INTO audit_events SELECT node_id, 8, account_id, region, event_time, 'forged-id', event_name, event_source, read_only, username, access_key_id, resource_keys, record, hash, hash, mac FROM audit_events WHERE seq = 7",
      [/^Event \S+\/8\tINVALID: inserted: .*beyond the chain head/]],
    ["an event inserted between two", "INSERT INTO audit_events SELECT node_id, 3.5, account_id, region, event_time, 'forged-id', event_name, event_source, read_only, username, access_key_id, resource_keys, record, prev_hash, hash, mac FROM audit_events WHERE seq = 3",
      [/^Event \S+\/3\.5\tINVALID: inserted/]],
    ["two events swapped", "UPDATE audit_events SET seq = -1 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 5; UPDATE audit_events SET seq = 5 WHERE seq = -1",
      [/^Event \S+\/2\tINVALID: reordered: .*written as seq 5/, /^Event \S+\/5\tINVALID: reordered: .*written as seq 2/]],
    ["a record edited and re-chained without the key", "UPDATE audit_events SET mac = '00' WHERE seq = 6",
      [/^Event \S+\/6\tINVALID: forged: .*chain MAC is not valid/]],
    ["an edited digest", "UPDATE audit_digests SET body = replace(body, '\"eventCount\":7', '\"eventCount\":6') WHERE digest_seq = 2",
      [/^Digest \S+\/2\tINVALID: signature is not valid/]],
    ["a deleted digest", "DELETE FROM audit_digests WHERE digest_seq = 1",
      [/^Digest \S+\/1\tINVALID: not found \(deleted\)/]],
    ["every digest deleted", "DELETE FROM audit_digests",
      [/^Digest \S+\/\*\tINVALID: not found \(every digest of this node was deleted\)/]],
  ];
  for (const [name, sql, want] of cases) {
    it(`catches ${name}`, async () => {
      const r = await verify(tampered(sql));
      assertInvalid(r);
      const lines = invalidLines(r);
      for (const w of want) assert.ok(lines.some((l) => w.test(l)), `${w} in:\n${r.stdout}`);
      assert.equal(lines.length, want.length, `only the tampered rows are named:\n${lines.join("\n")}`);
      assert.ok(lines.every((l) => l.includes(nodeId)));
    });
  }

  it("a signing key swapped for the attacker's own is refused", async () => {
    const other = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
    const r = await verify(tampered(`UPDATE audit_signing_keys SET public_key = '${other}'`));
    assertInvalid(r);
    assert.match(r.stdout, /^Signing key [0-9a-f]{32}\tINVALID: the stored public key does not match its sealed private key \(tampered\)$/m);
    assert.match(r.stdout, /2\/2 digest\(s\) valid/, "digests still verify with the key derived from the sealed private key");
    assert.match(r.stdout, /Audit trail is INVALID\.$/m);
  });

  it("with only the exported public key: signatures and the hash chain are checked", async () => {
    const exported = await auditCli(["export-key", "--data-dir", base]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^# fingerprint [0-9a-f]{32} {2}algorithm Ed25519 {2}valid from \S+\n-----BEGIN PUBLIC KEY-----\n/);
    const pem = join(work, "audit.pem");
    writeFileSync(pem, exported.stdout);
    const ok = await verify(base, "--public-key", pem);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /public-key mode: MACs not checked/);
    const bad = await verify(tampered("DELETE FROM audit_events WHERE seq = 5"), "--public-key", pem);
    assertInvalid(bad);
    assert.match(bad.stdout, /\/5\tINVALID: deleted/);
  });

  it("tail prints the newest events as JSON lines", async () => {
    const r = await auditCli(["tail", "--data-dir", base, "-n", "3", "--no-follow"]);
    assert.equal(r.code, 0, r.stderr);
    const names = r.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { eventName: string; requestParameters: { name: string } }));
    assert.deepEqual(names.map((n) => n.eventName), ["PutParameter", "PutParameter", "GetParameter"]);
    assert.equal(names[2]?.requestParameters.name, "/tamper/p1");
  });

  it("a data directory that does not exist is an error, not a new store", async () => {
    const r = await verify(join(work, "nope"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such data directory/);
  });
});

describe("retention", () => {
  it("prunes old events behind a signed anchor; the rest still verifies, and tampering with it is still caught", async () => {
    const dir = join(work, "retention");
    // Jobs see a clock (1 day - 3 s) ahead: with --audit-retention-days 1 they prune events older than 3 s.
    const server = await startServer({
      dataDir: dir, args: ["--audit-retention-days", "1"],
      env: { NODE_ENV: "test", PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS: String(86_400_000 - 3_000), PARAMSTORE_JOB_INTERVAL_MS: "200" },
    });
    const ssm = ssmClient(server);
    const ct = cloudtrailClient(server);
    try {
      await ssm.send(new PutParameterCommand({ Name: "/ret/old", Value: "o", Type: "String" }));
      await waitUntil(async () => ((await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "/ret/old" }] })).length === 0 ? true : undefined),
        15_000, "the old event to be pruned", 50);
      await ssm.send(new PutParameterCommand({ Name: "/ret/new", Value: "n", Type: "String" }));
      assert.equal((await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "/ret/new" }] })).length, 1);
    } finally {
      ssm.destroy();
      ct.destroy();
      await server.stop();
    }
    const r = await verify(dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /pruned by retention \(anchored by a signed digest\)/);
    const db = new Database(join(dir, "paramstore.db"));
    const retained = db.prepare("SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM audit_events").get() as { lo: number; hi: number };
    db.close();
    assert.ok(retained.lo > 1, "the oldest events are gone");
    const bad = await verify(tampered(`DELETE FROM audit_events WHERE seq = ${retained.hi - 1}`, dir));
    assertInvalid(bad);
    assert.match(bad.stdout, new RegExp(`/${retained.hi - 1}\\tINVALID: deleted`));
  });
});
