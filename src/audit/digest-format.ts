// PURE: signed digests, CloudTrail's digest-file model adapted to a database chain (cloudtrail.md §6).
// Each digest covers the events a node wrote since the previous digest, names the chain head it
// saw, and is chained to the previous digest by hash and signature; Ed25519 signs the
// data-signing string laid out as AWS lays out theirs.
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { sha256Hex } from "./chain.js";

export const DIGEST_SIGNATURE_ALGORITHM = "Ed25519";

export interface DigestBody {
  readonly awsAccountId: string;
  readonly nodeId: string;
  readonly digestSeq: number;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: string;
  /** Events covered: (previous digest's lastEventSeq, lastEventSeq]; none when equal. */
  readonly firstEventSeq: number | null;
  readonly lastEventSeq: number;
  /** Chain hash of event lastEventSeq (GENESIS when no event yet): anchors every event up to it. */
  readonly lastEventHash: string;
  readonly eventCount: number;
  readonly oldestEventTime: string | null;
  readonly newestEventTime: string | null;
  readonly previousDigestSeq: number | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  readonly previousDigestSignature: string | null;
  /** Retention anchor: events up to this seq were pruned on purpose; the chain resumes after it. */
  readonly prunedThroughSeq: number | null;
  readonly prunedHeadHash: string | null;
}

export interface SignedDigest {
  readonly body: DigestBody;
  /** The body exactly as stored and hashed. */
  readonly text: string;
  readonly hash: string;
  readonly signature: string;
}

/** Key order is fixed by this function, so the text is reproducible from the body. */
export function digestText(b: DigestBody): string {
  return JSON.stringify({
    awsAccountId: b.awsAccountId, nodeId: b.nodeId, digestSeq: b.digestSeq,
    digestStartTime: b.digestStartTime, digestEndTime: b.digestEndTime,
    digestPublicKeyFingerprint: b.digestPublicKeyFingerprint, digestSignatureAlgorithm: b.digestSignatureAlgorithm,
    firstEventSeq: b.firstEventSeq, lastEventSeq: b.lastEventSeq, lastEventHash: b.lastEventHash, eventCount: b.eventCount,
    oldestEventTime: b.oldestEventTime, newestEventTime: b.newestEventTime,
    previousDigestSeq: b.previousDigestSeq, previousDigestHashValue: b.previousDigestHashValue,
    previousDigestHashAlgorithm: b.previousDigestHashAlgorithm, previousDigestSignature: b.previousDigestSignature,
    prunedThroughSeq: b.prunedThroughSeq, prunedHeadHash: b.prunedHeadHash,
  });
}

/** AWS's data-signing string: end time, digest location, digest hash, previous signature. */
export function signingString(body: DigestBody, hash: string): string {
  return `${body.digestEndTime}\n${body.nodeId}/${body.digestSeq}\n${hash}\n${body.previousDigestSignature ?? "null"}`;
}

export function signDigest(body: DigestBody, privateKey: KeyObject): SignedDigest {
  const text = digestText(body);
  const hash = sha256Hex(text);
  const signature = sign(null, Buffer.from(signingString(body, hash)), privateKey).toString("hex");
  return { body, text, hash, signature };
}

export function verifyDigestSignature(body: DigestBody, text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(signingString(body, sha256Hex(text))), publicKey, Buffer.from(signature, "hex"));
  } catch {
    return false;
  }
}

/** 32 hex characters, like CloudTrail's digestPublicKeyFingerprint: SHA-256 of the SPKI DER, truncated. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 32);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** Parses a stored digest text; null when it is not a digest body (a tampered row). */
export function parseDigest(text: string): DigestBody | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v === null || typeof v !== "object") return null;
  const b = v as DigestBody; // shape checked just below on the fields the verifier relies on
  const ok = typeof b.nodeId === "string" && typeof b.digestSeq === "number" && typeof b.lastEventSeq === "number" &&
    typeof b.lastEventHash === "string" && typeof b.digestEndTime === "string" && typeof b.digestPublicKeyFingerprint === "string";
  return ok && digestText(b) === text ? b : null;
}
