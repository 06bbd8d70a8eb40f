// Writes signed digests (periodic, at start and at shutdown, also when no event happened) and prunes
// events past retention, leaving a signed anchor so the remaining chain still verifies.
import type { WriteTx } from "../storage/types.js";
import { GENESIS_HASH, sha256Hex } from "./chain.js";
import { DIGEST_SIGNATURE_ALGORITHM, parseDigest, signDigest, type DigestBody, type SignedDigest } from "./digest-format.js";
import { isoSeconds } from "./event.js";
import type { SigningKey } from "./keys.js";
import { deleteThrough, hashAt, insertDigest, lastDigest, lastSeqBefore, rangeStats, readHead } from "./store.js";

export interface DigestContext {
  readonly nodeId: string;
  readonly accountId: string;
  readonly key: SigningKey;
  readonly now: Date;
}

const iso = (seconds: number | null): string | null => (seconds === null ? null : isoSeconds(new Date(seconds * 1000)));

/** Signs and stores the next digest of this node's chain. `prune` records a retention anchor. */
export async function writeDigest(tx: WriteTx, ctx: DigestContext, prune?: { throughSeq: number; headHash: string }): Promise<SignedDigest> {
  const prevRow = await lastDigest(tx, ctx.nodeId);
  const prev = prevRow ? parseDigest(prevRow.body) : null;
  if (prevRow && !prev) throw new Error(`audit digest ${ctx.nodeId}/${prevRow.digest_seq} is unreadable; refusing to extend a broken digest chain`);
  const head = (await readHead(tx, ctx.nodeId)) ?? { seq: 0, hash: GENESIS_HASH };
  const from = prev?.lastEventSeq ?? 0;
  const stats = await rangeStats(tx, ctx.nodeId, from, head.seq);
  const body: DigestBody = {
    awsAccountId: ctx.accountId,
    nodeId: ctx.nodeId,
    digestSeq: (prev?.digestSeq ?? 0) + 1,
    digestStartTime: prev?.digestEndTime ?? isoSeconds(ctx.now),
    digestEndTime: isoSeconds(ctx.now),
    digestPublicKeyFingerprint: ctx.key.fingerprint,
    digestSignatureAlgorithm: DIGEST_SIGNATURE_ALGORITHM,
    firstEventSeq: head.seq > from ? from + 1 : null,
    lastEventSeq: head.seq,
    lastEventHash: head.hash,
    eventCount: head.seq - from,
    oldestEventTime: iso(stats.oldest),
    newestEventTime: iso(stats.newest),
    previousDigestSeq: prev?.digestSeq ?? null,
    previousDigestHashValue: prevRow ? sha256Hex(prevRow.body) : null,
    previousDigestHashAlgorithm: prevRow ? "SHA-256" : null,
    previousDigestSignature: prevRow?.signature ?? null,
    // The newest digest always restates the retention anchor, so verifying needs only the chain's tail.
    prunedThroughSeq: prune?.throughSeq ?? prev?.prunedThroughSeq ?? null,
    prunedHeadHash: prune?.headHash ?? prev?.prunedHeadHash ?? null,
  };
  const signed = signDigest(body, ctx.key.privateKey);
  await insertDigest(tx, {
    node_id: ctx.nodeId, digest_seq: body.digestSeq, created_at: Math.floor(ctx.now.getTime() / 1000),
    last_event_seq: body.lastEventSeq, body: signed.text, signature: signed.signature, key_fingerprint: ctx.key.fingerprint,
  });
  return signed;
}

/** Deletes this node's events older than the cutoff; the digest written first anchors the rest. */
export async function pruneBefore(tx: WriteTx, ctx: DigestContext, cutoffSeconds: number): Promise<number> {
  const through = await lastSeqBefore(tx, ctx.nodeId, cutoffSeconds);
  if (through === null) return 0;
  const headHash = await hashAt(tx, ctx.nodeId, through);
  if (headHash === undefined) throw new Error(`audit event ${ctx.nodeId}/${through} vanished while pruning`);
  await writeDigest(tx, ctx, { throughSeq: through, headHash });
  return deleteThrough(tx, ctx.nodeId, through);
}
