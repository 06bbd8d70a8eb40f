// `paramstore audit verify`: walks every node's digest chain and event chain offline and names each
// edited, deleted, inserted or reordered event, as CloudTrail's validate-logs names each bad file.
import type { KeyObject } from "node:crypto";
import type { Storage } from "../storage/types.js";
import { ChainVerifier, GENESIS_HASH, sameHex, type ChainFinding } from "./chain.js";
import type { CloudTrailRecord } from "./event.js";
import { encodeResourceKeys, lookupFields } from "./lookup-fields.js";
import { digestsOf, eventsAfter, nodeIds, readHead, type StoredEvent } from "./store.js";
import { checkDigests, type Checkpoint } from "./verify-digests.js";

export interface VerifyKeys {
  /** With the root key: every row's MAC is checked too. Without: SHA-256 chain and signatures only. */
  readonly chainKey?: Buffer;
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly lines: string[];
  readonly digests: { valid: number; invalid: number };
  readonly events: { valid: number; invalid: number; pending: number };
}

const PAGE = 2000;

/** Index columns must say what the record says, or a lookup could be steered away from an event. */
function columnProblems(e: StoredEvent): string[] {
  let rec: CloudTrailRecord;
  try {
    rec = JSON.parse(e.record) as CloudTrailRecord; // checked field by field below
  } catch {
    return []; // the hash check reports an unreadable record
  }
  const f = lookupFields(rec);
  const want: Record<string, unknown> = {
    event_id: f.eventId, event_name: f.eventName, event_source: f.eventSource, event_time: f.eventTimeSeconds,
    read_only: f.readOnly ? 1 : 0, username: f.username, access_key_id: f.accessKeyId, resource_keys: encodeResourceKeys(f.resources),
    account_id: rec.recipientAccountId, region: rec.awsRegion,
  };
  const row = e as unknown as Record<string, unknown>; // a StoredEvent is a plain row object
  return Object.keys(want).filter((k) => row[k] !== want[k] && !(typeof row[k] === "number" && Number(row[k]) === want[k]));
}

/** Past the chain head nothing was ever written: a gap there is no deletion, a row there is an insertion. */
function beyondHead(f: ChainFinding, headSeq: number): ChainFinding[] {
  if (f.kind === "deleted") {
    if (f.seq > headSeq) return [];
    return f.toSeq !== undefined && f.toSeq > headSeq ? [{ ...f, toSeq: headSeq, detail: `${f.seq === headSeq ? `seq ${f.seq}` : `seq ${f.seq}..${headSeq}`} not found (deleted)` }] : [f];
  }
  if (!(f.seq > headSeq) || f.kind === "inserted") return [f];
  return [{ kind: "inserted", seq: f.seq, eventId: f.eventId, detail: `seq ${f.seq}${f.eventId ? ` (eventID ${f.eventId})` : ""}: beyond the chain head (seq ${headSeq}) — inserted` }];
}

interface NodeTally {
  valid: number;
  invalid: number;
  pending: number;
}

async function verifyEvents(storage: Pick<Storage, "read">, node: string, keys: VerifyKeys, d: ReturnType<typeof checkDigests>, lines: string[]): Promise<NodeTally> {
  const start = d.anchor ?? { seq: 0, hash: GENESIS_HASH };
  const chain = new ChainVerifier(node, start, keys.chainKey);
  const extra: ChainFinding[] = [];
  let after = start.seq;
  let last = start.seq;
  for (;;) {
    const rows = await storage.read((tx) => eventsAfter(tx, node, after, PAGE));
    for (const e of rows) {
      const seq = Number(e.seq);
      chain.push({ nodeId: node, seq: e.seq, prevHash: e.prev_hash, hash: e.hash, mac: e.mac, record: e.record, eventId: e.event_id });
      const cols = columnProblems(e);
      if (cols.length > 0) extra.push({ kind: "edited", seq, eventId: e.event_id, detail: `seq ${seq} (eventID ${e.event_id}): index columns (${cols.join(", ")}) don't match the record — edited to misfile or hide it` });
      const cp: Checkpoint | undefined = d.checkpoints.get(seq);
      if (cp && !sameHex(cp.hash, e.hash)) extra.push({ kind: "edited", seq, eventId: e.event_id, detail: `seq ${seq} (eventID ${e.event_id}): digest ${cp.digestSeq} attests another hash value for this event (rewritten)` });
      last = Math.max(last, Number.isFinite(seq) ? seq : last);
    }
    if (rows.length < PAGE) break;
    after = last;
  }
  // The head is read after the rows, so everything streamed was written before it (a live server is fine).
  const head = await storage.read((tx) => readHead(tx, node));
  const headSeq = Math.max(head?.seq ?? 0, d.attested?.seq ?? 0, start.seq);
  chain.finish(headSeq, d.attested && d.attested.seq >= (head?.seq ?? 0) ? `digest ${node}/${d.attested.digestSeq}` : "the chain head");
  const chainSeqs = new Set(chain.findings.map((f) => f.seq));
  const findings = [...chain.findings, ...extra.filter((f) => !chainSeqs.has(f.seq))]
    .flatMap((f) => beyondHead(f, headSeq))
    .sort((a, b) => a.seq - b.seq);
  for (const f of findings) lines.push(`Event ${node}/${f.toSeq !== undefined && f.toSeq !== f.seq ? `${f.seq}..${f.toSeq}` : f.seq}\tINVALID: ${f.kind}: ${f.detail}`);
  const covered = Math.min(last, headSeq);
  const pending = Math.max(0, covered - (d.attested?.seq ?? 0));
  if (pending > 0) lines.push(`Events ${node}/${covered - pending + 1}..${covered}\tnot yet covered by a digest (checked by the chain only)`);
  const flaggedOk = new Set(extra.map((f) => f.seq).filter((q) => !chainSeqs.has(q)));
  const valid = Math.max(0, chain.verifiedCount - flaggedOk.size);
  return { valid, invalid: findings.length, pending };
}

export async function verifyTrail(storage: Pick<Storage, "read">, keys: VerifyKeys): Promise<VerifyReport> {
  const lines: string[] = [];
  const totals = { digests: { valid: 0, invalid: 0 }, events: { valid: 0, invalid: 0, pending: 0 } };
  const nodes = await storage.read((tx) => nodeIds(tx));
  for (const node of nodes) {
    const digests = await storage.read((tx) => digestsOf(tx, node));
    const d = checkDigests(node, digests, keys.publicKeys);
    lines.push(...d.lines);
    const ev = await verifyEvents(storage, node, keys, d, lines);
    totals.digests.valid += d.valid;
    totals.digests.invalid += d.invalid;
    totals.events.valid += ev.valid;
    totals.events.invalid += ev.invalid;
    totals.events.pending += ev.pending;
    if (d.anchor) lines.push(`Events ${node}/1..${d.anchor.seq}\tpruned by retention (anchored by a signed digest)`);
  }
  const ok = totals.digests.invalid === 0 && totals.events.invalid === 0;
  lines.push("");
  lines.push(`Results: ${nodes.length} chain(s), ${totals.digests.valid}/${totals.digests.valid + totals.digests.invalid} digest(s) valid, ` +
    `${totals.events.valid} event(s) valid, ${totals.events.invalid} problem(s)${keys.chainKey ? "" : " (public-key mode: MACs not checked)"}`);
  lines.push(ok ? "Audit trail is valid." : "Audit trail is INVALID.");
  return { ok, lines, ...totals };
}
