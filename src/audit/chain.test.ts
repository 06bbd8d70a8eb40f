import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { ChainVerifier, eventHash, eventMac, GENESIS_HASH, sha256Hex, type ChainRow } from "./chain.js";
import { keyFingerprint, parseDigest, signDigest, type DigestBody } from "./digest-format.js";
import { checkDigests, type DigestRow } from "./verify-digests.js";

const NODE = "node-a";
const KEY = Buffer.alloc(32, 9);

/** A correctly written chain of n events. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const record = JSON.stringify({ eventID: `e${seq}`, eventName: "PutParameter", n: seq });
    const hash = eventHash(prev, NODE, seq, record);
    rows.push({ nodeId: NODE, seq, prevHash: prev, hash, mac: eventMac(KEY, hash), record, eventId: `e${seq}` });
    prev = hash;
  }
  return rows;
}

function verify(rows: ChainRow[], headSeq?: number, key: Buffer | null = KEY): ChainVerifier {
  const v = new ChainVerifier(NODE, { seq: 0, hash: GENESIS_HASH }, key ?? undefined);
  rows.forEach((r) => v.push(r));
  v.finish(headSeq);
  return v;
}

const kinds = (v: ChainVerifier): string[] => v.findings.map((f) => `${f.kind}@${f.seq}${f.toSeq !== undefined && f.toSeq !== f.seq ? `..${f.toSeq}` : ""}`);

describe("ChainVerifier pinpoints each kind of tampering", () => {
  const cases: Array<[string, (rows: ChainRow[]) => ChainRow[], string[], number?]> = [
    ["intact chain: nothing", (r) => r, []],
    ["record text edited: that event, as edited", (r) => r.map((x) => (x.seq === 3 ? { ...x, record: x.record.replace("PutParameter", "GetParameter") } : x)), ["edited@3"]],
    ["record edited and hash recomputed: the MAC exposes it", (r) => r.map((x) => {
      if (x.seq !== 3) return x;
      const record = x.record.replace("Put", "Get");
      return { ...x, record, hash: eventHash(x.prevHash, NODE, 3, record) };
    }), ["forged@3"]],
    ["one event deleted: the gap", (r) => r.filter((x) => x.seq !== 4), ["deleted@4"]],
    ["a range deleted: the whole range, once", (r) => r.filter((x) => Number(x.seq) < 3 || Number(x.seq) > 5), ["deleted@3..5"]],
    ["tail deleted: seen against the attested head", (r) => r.filter((x) => Number(x.seq) <= 4), ["deleted@5..6"], 6],
    ["row inserted between two (non-integer seq)", (r) => [...r.slice(0, 3), { ...(r[2] as ChainRow), seq: 3.5, eventId: "fake" }, ...r.slice(3)], ["inserted@3.5"]],
    ["two events swapped: both named, each with its original position", (r) => {
      const a = r[2] as ChainRow;
      const b = r[3] as ChainRow;
      return [...r.slice(0, 2), { ...b, seq: 3 }, { ...a, seq: 4 }, ...r.slice(4)];
    }, ["reordered@3", "reordered@4"]],
    ["mac column replaced: forged", (r) => r.map((x) => (x.seq === 2 ? { ...x, mac: "00".repeat(32) } : x)), ["forged@2"]],
  ];
  for (const [name, tamper, want, head] of cases) {
    it(name, () => assert.deepEqual(kinds(verify(tamper(chain(6)), head)), want));
  }

  it("without the chain key (public-key mode) a recomputed chain is not caught by the chain alone", () => {
    const rows = chain(3).map((x) => ({ ...x, mac: "" }));
    assert.deepEqual(kinds(verify(rows, undefined, null)), []);
  });

  it("resumes after a retention anchor", () => {
    const rows = chain(6);
    const v = new ChainVerifier(NODE, { seq: 3, hash: (rows[2] as ChainRow).hash }, KEY);
    rows.slice(3).forEach((r) => v.push(r));
    assert.deepEqual(kinds(v), []);
    assert.equal(v.verifiedCount, 3);
  });
});

describe("digests", () => {
  const pair = generateKeyPairSync("ed25519");
  const other = generateKeyPairSync("ed25519");
  const fp = keyFingerprint(pair.publicKey);
  const keys = new Map([[fp, pair.publicKey]]);

  function digestChain(n: number): DigestRow[] {
    const rows: DigestRow[] = [];
    let prev: DigestRow | null = null;
    for (let seq = 1; seq <= n; seq += 1) {
      const body: DigestBody = {
        awsAccountId: "123456789012", nodeId: NODE, digestSeq: seq, digestStartTime: "2026-01-01T00:00:00Z", digestEndTime: `2026-01-01T00:0${seq}:00Z`,
        digestPublicKeyFingerprint: fp, digestSignatureAlgorithm: "Ed25519", firstEventSeq: seq, lastEventSeq: seq, lastEventHash: "ab".repeat(32),
        eventCount: 1, oldestEventTime: null, newestEventTime: null, previousDigestSeq: prev ? seq - 1 : null,
        previousDigestHashValue: prev ? sha256Hex(prev.body) : null, previousDigestHashAlgorithm: prev ? "SHA-256" : null,
        previousDigestSignature: prev?.signature ?? null, prunedThroughSeq: null, prunedHeadHash: null,
      };
      const s = signDigest(body, pair.privateKey);
      prev = { digest_seq: seq, body: s.text, signature: s.signature };
      rows.push(prev);
    }
    return rows;
  }
  const invalid = (rows: DigestRow[]): string[] => checkDigests(NODE, rows, keys).lines.filter((l) => l.includes("INVALID"));

  it("a signed chain verifies and attests its newest head", () => {
    const r = checkDigests(NODE, digestChain(3), keys);
    assert.deepEqual([r.valid, r.invalid, r.attested?.seq], [3, 0, 3]);
  });
  it("an edited digest fails its signature, and the next digest's link to it", () => {
    const rows = digestChain(3).map((d) => (d.digest_seq === 2 ? { ...d, body: d.body.replace('"eventCount":1', '"eventCount":2') } : d));
    assert.deepEqual(invalid(rows), [`Digest ${NODE}/2\tINVALID: signature is not valid`, `Digest ${NODE}/3\tINVALID: previous digest hash value doesn't match`]);
  });
  it("a digest re-signed with another key names the missing key", () => {
    const rows = digestChain(2);
    const body = parseDigest((rows[1] as DigestRow).body) as DigestBody;
    const forged = signDigest({ ...body, digestPublicKeyFingerprint: keyFingerprint(other.publicKey) }, other.privateKey);
    assert.match(invalid([rows[0] as DigestRow, { digest_seq: 2, body: forged.text, signature: forged.signature }])[0] ?? "", /public key .* not found/);
  });
  it("a deleted digest is a gap", () => {
    assert.deepEqual(invalid(digestChain(4).filter((d) => d.digest_seq !== 2)), [`Digest ${NODE}/2\tINVALID: not found (deleted)`]);
  });
  it("every digest deleted is itself INVALID", () => {
    assert.deepEqual(invalid([]), [`Digest ${NODE}/*\tINVALID: not found (every digest of this node was deleted)`]);
  });
  it("a reformatted body (same JSON, other bytes) is not a digest", () => {
    const rows = digestChain(1).map((d) => ({ ...d, body: JSON.stringify(JSON.parse(d.body), null, 1) }));
    assert.match(invalid(rows)[0] ?? "", /not a valid digest/);
  });
});
