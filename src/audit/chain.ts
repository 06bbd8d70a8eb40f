// PURE: the tamper-evident chain (cloudtrail.md §6.2). Each node keeps its own chain: event n stores
// prevHash = hash of event n-1, hash = SHA-256 over (prevHash, node, seq, record text as stored), and
// mac = HMAC-SHA256(chain key, hash). Anyone can recompute the SHA-256 chain; only the holder of the
// barrier-sealed chain key can produce a valid mac, so a rewritten log cannot be re-chained.
import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);
const CHAIN_DOMAIN = "paramstore-audit-event-v1";

// crypto.hash (one shot, Node ≥ 20.12) costs a third of createHash per event on the request path.
export function eventHash(prevHash: string, nodeId: string, seq: number, record: string): string {
  return hash("sha256", `${CHAIN_DOMAIN}\n${prevHash}\n${nodeId}\n${seq}\n${record}`, "hex");
}

const keyObjects = new WeakMap<Buffer, KeyObject>();

/** HMAC-SHA256(chain key, hash); the key is imported once per Buffer (a third cheaper per event). */
export function eventMac(key: Buffer, hash: string): string {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = createSecretKey(key)));
  return createHmac("sha256", k).update(hash).digest("hex");
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const sha256Hex = (text: string): string => hash("sha256", text, "hex");

/** A stored event as the verifier sees it (values straight from the table, unchecked). */
export interface ChainRow {
  readonly nodeId: string;
  readonly seq: unknown;
  readonly prevHash: string;
  readonly hash: string;
  readonly mac: string;
  readonly record: string;
  readonly eventId: string;
}

export type FindingKind = "edited" | "forged" | "deleted" | "inserted" | "reordered" | "broken-link";

export interface ChainFinding {
  readonly kind: FindingKind;
  /** The seq (or first seq of a range) the finding is about. */
  readonly seq: number;
  readonly toSeq?: number;
  readonly eventId?: string;
  readonly detail: string;
}

/** How far from its place a moved event is searched for (reorder detection). */
const REORDER_WINDOW = 64;

/**
 * Streams one node's rows in seq order and reports every break: an edited record (hash mismatch),
 * a row paramstore never wrote (mac invalid), a gap (deleted), a non-integer or duplicate seq
 * (inserted), an intact row that sits at another position (reordered).
 */
export class ChainVerifier {
  readonly findings: ChainFinding[] = [];
  private expectedSeq: number;
  private prevHash: string;
  private count = 0;

  constructor(private readonly nodeId: string, start: { seq: number; hash: string }, private readonly key?: Buffer) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = start.hash;
  }

  get verifiedCount(): number {
    return this.count;
  }

  get lastHash(): string {
    return this.prevHash;
  }

  push(row: ChainRow): void {
    const seq = row.seq;
    if (typeof seq !== "number" || !Number.isInteger(seq) || seq < this.expectedSeq) {
      this.findings.push({ kind: "inserted", seq: typeof seq === "number" ? seq : NaN, eventId: row.eventId, detail: `row with seq ${String(seq)} does not belong to the chain (inserted)` });
      return;
    }
    if (seq > this.expectedSeq) {
      this.findings.push({ kind: "deleted", seq: this.expectedSeq, toSeq: seq - 1, detail: rangeText(this.expectedSeq, seq - 1) + " not found (deleted)" });
    }
    const own = this.checkOwn(row, seq);
    if (own === null && seq === this.expectedSeq && !sameHex(row.prevHash, this.prevHash) && !this.lastWasFinding(seq)) {
      this.findings.push({ kind: "broken-link", seq, eventId: row.eventId, detail: `seq ${seq}: previous hash doesn't match the event before it (an event before it was removed, inserted or reordered)` });
    }
    if (own !== null) this.findings.push(own);
    else this.count += 1;
    this.prevHash = row.hash;
    this.expectedSeq = seq + 1;
  }

  /** Call after the last row; `headSeq` is the highest seq some trusted source says was written. */
  finish(headSeq?: number, source = "the chain head"): void {
    if (headSeq !== undefined && headSeq >= this.expectedSeq) {
      this.findings.push({ kind: "deleted", seq: this.expectedSeq, toSeq: headSeq, detail: `${rangeText(this.expectedSeq, headSeq)} not found (deleted; ${source} records seq ${headSeq})` });
      this.expectedSeq = headSeq + 1;
    }
  }

  private lastWasFinding(seq: number): boolean {
    const last = this.findings[this.findings.length - 1];
    return last !== undefined && (last.seq === seq - 1 || last.toSeq === seq - 1);
  }

  private checkOwn(row: ChainRow, seq: number): ChainFinding | null {
    const macOk = this.key === undefined || sameHex(eventMac(this.key, row.hash), row.mac);
    const hashOk = sameHex(eventHash(row.prevHash, this.nodeId, seq, row.record), row.hash);
    if (hashOk && macOk) return null;
    if (!macOk) {
      return { kind: "forged", seq, eventId: row.eventId, detail: `seq ${seq} (eventID ${row.eventId}): chain MAC is not valid — the row was not written by paramstore (inserted or rewritten)` };
    }
    const moved = this.originalSeq(row, seq);
    if (moved !== null) {
      return { kind: "reordered", seq, eventId: row.eventId, detail: `seq ${seq} (eventID ${row.eventId}): reordered — this event was written as seq ${moved}` };
    }
    return { kind: "edited", seq, eventId: row.eventId, detail: `seq ${seq} (eventID ${row.eventId}): hash value doesn't match — the record was edited` };
  }

  /** An intact row whose hash fits another seq nearby was moved there. */
  private originalSeq(row: ChainRow, seq: number): number | null {
    for (let d = 1; d <= REORDER_WINDOW; d += 1) {
      for (const s of [seq - d, seq + d]) {
        if (s > 0 && sameHex(eventHash(row.prevHash, this.nodeId, s, row.record), row.hash)) return s;
      }
    }
    return null;
  }
}

function rangeText(from: number, to: number): string {
  return from === to ? `seq ${from}` : `seq ${from}..${to}`;
}
