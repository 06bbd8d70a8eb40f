// The audit trail across restarts: --audit-file resumes without duplicates or gaps, a rotated digest key
// takes over at the next start while old digests keep verifying, and `audit tail` follows a live server.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { cloudtrailClient, ssmClient } from "../helpers/clients.js";
import { MAIN_JS, startServer } from "../helpers/server.js";
import { waitUntil } from "../helpers/assertions.js";
import { auditCli, lookupAll } from "./audit-support.js";

const work = mkdtempSync(join(tmpdir(), "paramstore-audit-file-"));
after(() => rmSync(work, { recursive: true, force: true }));

async function session(dataDir: string, file: string, calls: (n: number) => Promise<void>): Promise<void> {
  const server = await startServer({ dataDir, args: ["--audit-file", file] });
  const ssm = ssmClient(server);
  const ct = cloudtrailClient(server);
  try {
    await calls(0);
    for (const name of ["/file/a", "/file/b"]) await ssm.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String", Overwrite: true }));
    await ssm.send(new GetParameterCommand({ Name: "/file/a" }));
    await lookupAll(ct);
  } finally {
    ssm.destroy();
    ct.destroy();
    await server.stop();
  }
}

describe("across restarts", () => {
  it("the audit file holds every committed event exactly once; a rotated key signs from the next start", async () => {
    const dataDir = join(work, "data");
    const file = join(work, "events.jsonl");
    await session(dataDir, file, async () => undefined);
    const rotated = await auditCli(["rotate-key", "--data-dir", dataDir]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const fingerprint = /key ([0-9a-f]{32})/.exec(rotated.stdout)?.[1];
    assert.ok(fingerprint);
    await session(dataDir, file, async () => undefined);

    const db = new Database(join(dataDir, "paramstore.db"), { readonly: true });
    const stored = (db.prepare("SELECT event_id FROM audit_events ORDER BY seq").all() as Array<{ event_id: string }>).map((r) => r.event_id);
    const signers = (db.prepare("SELECT DISTINCT key_fingerprint FROM audit_digests ORDER BY digest_seq").all() as Array<{ key_fingerprint: string }>).map((r) => r.key_fingerprint);
    db.close();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { eventID: string }).eventID);
    assert.deepEqual(lines, stored, "the same events, in chain order, none twice");
    assert.equal(new Set(lines).size, lines.length);
    assert.equal(signers.length, 2);
    assert.equal(signers[1], fingerprint, "digests after the restart are signed with the new key");

    const v = await auditCli(["verify", "--data-dir", dataDir]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const exported = await auditCli(["export-key", "--data-dir", dataDir]);
    assert.equal((exported.stdout.match(/-----BEGIN PUBLIC KEY-----/g) ?? []).length, 2);
    assert.match(exported.stdout, / to \d{4}-/, "the old key shows when it was retired");
  });
});

describe("paramstore audit tail", () => {
  it("follows the events of a running server", async () => {
    const server = await startServer();
    const ssm = ssmClient(server);
    await ssm.send(new PutParameterCommand({ Name: "/tail/before", Value: "v", Type: "String" }));
    const tail = spawn(process.execPath, [MAIN_JS, "audit", "tail", "--data-dir", server.dataDir, "-n", "1"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    tail.stdout.on("data", (c: Buffer) => { out += c.toString("utf8"); });
    const exited = new Promise<number | null>((r) => tail.once("exit", (code) => r(code)));
    try {
      // The newest event printed first shows tail has taken its starting position.
      await waitUntil(async () => (out.includes("/tail/before") ? true : undefined), 10_000, "tail to print the newest event", 50);
      assert.equal(out.trim().split("\n").length, 1, "-n 1: one event of the past");
      await ssm.send(new PutParameterCommand({ Name: "/tail/followed", Value: "v", Type: "String" }));
      const line = await waitUntil(async () => out.split("\n").find((l) => l.includes("/tail/followed")), 10_000, "tail to print the event", 50);
      const rec = JSON.parse(line) as { eventName: string; requestParameters: { name: string } };
      assert.equal(rec.eventName, "PutParameter");
    } finally {
      if (tail.pid !== undefined && tail.exitCode === null) process.kill(tail.pid, "SIGTERM");
      assert.equal(await exited, 0, "tail stops cleanly on SIGTERM");
      ssm.destroy();
      await server.stop();
    }
  });
});
