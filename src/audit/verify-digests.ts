// PURE: checks one node's digest chain as CloudTrail's validate-logs checks digest files (cloudtrail.md
// §6.1): signature by fingerprint, previous digest's hash and signature, no gap; collects what valid
// digests attest about the event chain (head hashes, retention anchor).
import type { KeyObject } from "node:crypto";
import { sameHex, sha256Hex } from "./chain.js";
import { parseDigest, verifyDigestSignature, type DigestBody } from "./digest-format.js";

export interface DigestRow {
  readonly digest_seq: number;
  readonly body: string;
  readonly signature: string;
}

export interface Checkpoint {
  readonly hash: string;
  readonly digestSeq: number;
}

export interface DigestResult {
  readonly lines: string[];
  valid: number;
  invalid: number;
  /** lastEventSeq → chain hash, from valid digests. */
  readonly checkpoints: Map<number, Checkpoint>;
  /** Retention anchor of the newest valid digest: the chain resumes after it. */
  anchor: { seq: number; hash: string } | null;
  /** Highest event seq a valid digest attests, and which digest. */
  attested: { seq: number; digestSeq: number } | null;
  newest: DigestBody | null;
}

function linkProblems(body: DigestBody, prev: DigestRow | null): string[] {
  if (body.digestSeq === 1) {
    const clean = body.previousDigestHashValue === null && body.previousDigestSignature === null && body.previousDigestSeq === null;
    return clean ? [] : ["a starting digest must not name a previous digest"];
  }
  if (!prev || prev.digest_seq !== body.digestSeq - 1) return []; // the gap is reported on its own
  const out: string[] = [];
  if (body.previousDigestSeq !== prev.digest_seq) out.push("previous digest number doesn't match");
  if (body.previousDigestHashValue === null || !sameHex(body.previousDigestHashValue, sha256Hex(prev.body))) out.push("previous digest hash value doesn't match");
  if (body.previousDigestSignature === null || !sameHex(body.previousDigestSignature, prev.signature)) out.push("previous digest signature doesn't match");
  return out;
}

function rowProblems(node: string, row: DigestRow, body: DigestBody | null, keys: ReadonlyMap<string, KeyObject>, prev: DigestRow | null): string[] {
  if (!body) return ["not a valid digest (edited)"];
  const out: string[] = [];
  if (body.nodeId !== node || body.digestSeq !== row.digest_seq) out.push(`the digest names position ${body.nodeId}/${body.digestSeq} (moved)`);
  const key = keys.get(body.digestPublicKeyFingerprint);
  if (!key) out.push(`public key ${body.digestPublicKeyFingerprint} not found`);
  else if (!verifyDigestSignature(body, row.body, row.signature, key)) out.push("signature is not valid");
  return [...out, ...linkProblems(body, prev)];
}

export function checkDigests(node: string, rows: readonly DigestRow[], keys: ReadonlyMap<string, KeyObject>): DigestResult {
  const r: DigestResult = { lines: [], valid: 0, invalid: 0, checkpoints: new Map(), anchor: null, attested: null, newest: null };
  let expected = 1;
  let prev: DigestRow | null = null;
  for (const row of rows) {
    const seq = Number(row.digest_seq);
    if (seq > expected) {
      r.invalid += seq - expected;
      r.lines.push(`Digest ${node}/${expected === seq - 1 ? expected : `${expected}..${seq - 1}`}\tINVALID: not found (deleted)`);
    }
    const body = parseDigest(row.body);
    const problems = rowProblems(node, row, body, keys, prev);
    if (body && problems.length === 0) {
      r.valid += 1;
      r.lines.push(`Digest ${node}/${seq} (${body.digestEndTime})\tvalid`);
      if (body.lastEventSeq > 0) r.checkpoints.set(body.lastEventSeq, { hash: body.lastEventHash, digestSeq: seq });
      if (body.prunedThroughSeq !== null && body.prunedHeadHash !== null) r.anchor = { seq: body.prunedThroughSeq, hash: body.prunedHeadHash };
      if (!r.attested || body.lastEventSeq >= r.attested.seq) r.attested = { seq: body.lastEventSeq, digestSeq: seq };
      r.newest = body;
    } else {
      r.invalid += 1;
      r.lines.push(`Digest ${node}/${seq}\tINVALID: ${problems.join("; ")}`);
    }
    prev = row;
    expected = Math.max(expected, seq + 1);
  }
  if (rows.length === 0) {
    r.invalid += 1;
    r.lines.push(`Digest ${node}/*\tINVALID: not found (every digest of this node was deleted)`);
  }
  return r;
}
