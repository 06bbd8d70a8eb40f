// The least work a GetParameter-with-decryption answer needs under paramstore's rules, with nothing else: a
// node:http server that verifies the SigV4 signature (paramstore's verifier), opens two AES-256-GCM layers
// (barrier, then the KMS data key), writes a CloudTrail-sized audit record chained by SHA-256 and HMAC into
// SQLite (group-committed, answered only after its commit) and sends a fixed body. No JSON decoding,
// validation, policy, cache or record building. `node dist/bench/floor.js` compares it with node:http.
import { createCipheriv, createDecipheriv, createHmac, hash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseAuth, verifySignature } from "../src/auth/sigv4/index.js";

const [bodyBytes = "0", secret = "", mode = "audit"] = process.argv.slice(2);
/** "no-audit": the floor without the audit record, to show what the record itself costs. */
const withAudit = mode !== "no-audit";
const body = Buffer.alloc(Number(bodyBytes), 0x61);
const headers = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "00000000-0000-0000-0000-000000000000", "content-length": String(body.length) };

const key = randomBytes(32);
const nonce = randomBytes(12);
const sealed = (() => {
  const c = createCipheriv("aes-256-gcm", key, nonce);
  const ct = Buffer.concat([c.update(Buffer.alloc(64, 0x62)), c.final()]);
  return { ct, tag: c.getAuthTag() };
})();
const open = (): Buffer => {
  const d = createDecipheriv("aes-256-gcm", key, nonce);
  d.setAuthTag(sealed.tag);
  return Buffer.concat([d.update(sealed.ct), d.final()]);
};

const dir = mkdtempSync(join(tmpdir(), "paramstore-floor-"));
const db = new Database(join(dir, "floor.db"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
db.exec("CREATE TABLE audit (seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, record TEXT NOT NULL, hash TEXT NOT NULL, mac TEXT NOT NULL); CREATE INDEX audit_t ON audit (t, seq)");
const insert = db.prepare("INSERT INTO audit (seq, t, record, hash, mac) VALUES (?, ?, ?, ?, ?)");
const begin = db.prepare("BEGIN IMMEDIATE");
const commit = db.prepare("COMMIT");
const chainKey = randomBytes(32);
let seq = 0;
let prev = "0".repeat(64);
let queue: Array<{ record: string; done: () => void }> = [];
const filler = "x".repeat(900); // a CloudTrail record of an SSM read is about 1.2 KB

function flush(): void {
  const batch = queue;
  queue = [];
  begin.run();
  for (const e of batch) {
    seq += 1;
    prev = hash("sha256", `${prev}\n${seq}\n${e.record}`, "hex");
    insert.run(seq, Date.now(), e.record, prev, createHmac("sha256", chainKey).update(prev).digest("hex"));
  }
  commit.run();
  for (const e of batch) e.done();
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "/";
    const raw = { method: req.method ?? "POST", rawPath: url, rawQuery: "", headers: req.headersDistinct as Record<string, string[]>, body: Buffer.concat(chunks) };
    try {
      verifySignature(raw, parseAuth(raw, "json"), secret, "json");
    } catch {
      res.writeHead(403).end();
      return;
    }
    open();
    open();
    if (!withAudit) {
      res.writeHead(200, headers).end(body);
      return;
    }
    const record = JSON.stringify({ eventID: randomUUID(), eventTime: new Date().toISOString(), sourceIPAddress: req.socket.remoteAddress, filler });
    if (queue.length === 0) setImmediate(flush);
    queue.push({ record, done: () => res.writeHead(200, headers).end(body) });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`); // TCP listener
});
process.on("SIGTERM", () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
