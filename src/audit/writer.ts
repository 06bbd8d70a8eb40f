// Appends records to this node's chain. Writes: inside the operation's own transaction (change and
// trail commit together). Reads and failures: queued and group-committed, one storage.write per batch,
// so a burst of reads shares one fsync; the caller waits for durability when the trail is fail-closed.
import type { Logger } from "pino";
import type { Storage, WriteTx } from "../storage/types.js";
import type { CloudTrailRecord } from "./event.js";
import { eventHash, eventMac } from "./chain.js";
import { encodeResourceKeys, lookupFields, type LookupFields } from "./lookup-fields.js";
import { insertEvent, lockHead, readHead, setHead, type EventRow, type Head } from "./store.js";

export interface PreparedEvent {
  readonly accountId: string;
  readonly region: string;
  readonly text: string;
  readonly fields: LookupFields;
}

export function prepare(rec: CloudTrailRecord, accountId: string, region: string): PreparedEvent {
  return { accountId, region, text: JSON.stringify(rec), fields: lookupFields(rec) };
}

export interface WriterDeps {
  readonly storage: Storage;
  readonly nodeId: string;
  /** The chain MAC key; throws when the barrier is sealed. */
  readonly chainKey: () => Buffer;
  readonly logger: Logger;
  /** true: a read whose event cannot be written fails (and waits for durability); false: logged, answered. */
  readonly failClosed: boolean;
  /** Called after a batch committed (drives --audit-file). */
  readonly onCommitted: () => void;
}

interface Pending {
  readonly events: readonly PreparedEvent[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class AuditWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly deps: WriterDeps) {}

  /** Appends in the caller's transaction; a throw rolls the caller's change back too (writes are always fail-closed). */
  async appendInTx(tx: WriteTx, events: readonly PreparedEvent[]): Promise<void> {
    const { nodeId, storage } = this.deps;
    if (storage.engine === "postgres") await lockHead(tx, nodeId);
    let head: Head = (await readHead(tx, nodeId)) ?? { seq: 0, hash: "" };
    if (head.hash === "") throw new Error(`audit chain head for node ${nodeId} is missing`);
    const key = this.deps.chainKey();
    for (const ev of events) head = await this.insert(tx, ev, head, key);
    await setHead(tx, nodeId, head);
  }

  private async insert(tx: WriteTx, ev: PreparedEvent, prev: Head, key: Buffer): Promise<Head> {
    const seq = prev.seq + 1;
    const hash = eventHash(prev.hash, this.deps.nodeId, seq, ev.text);
    const f = ev.fields;
    const row: EventRow = {
      nodeId: this.deps.nodeId, seq, accountId: ev.accountId, region: ev.region, eventTime: f.eventTimeSeconds,
      eventId: f.eventId, eventName: f.eventName, eventSource: f.eventSource, readOnly: f.readOnly,
      username: f.username, accessKeyId: f.accessKeyId, resourceKeys: encodeResourceKeys(f.resources),
      record: ev.text, prevHash: prev.hash, hash, mac: eventMac(key, hash),
    };
    await insertEvent(tx, row);
    return { seq, hash };
  }

  /** Queues events for the next group commit; resolves once durable (fail-closed) or at once (fail-open). */
  enqueue(events: readonly PreparedEvent[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
    });
    if (!this.flushing) this.flushing = this.drain();
    if (this.deps.failClosed) return done;
    done.catch(() => undefined); // fail-open: the failure was logged by drain()
    return Promise.resolve();
  }

  /** Waits until everything queued so far is written (shutdown). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    // Let the requests of this turn of the event loop join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.deps.storage.write((tx) => this.appendInTx(tx, batch.flatMap((p) => p.events)));
          batch.forEach((p) => p.resolve());
          this.deps.onCommitted();
        } catch (e) {
          this.deps.logger.error({ err: e instanceof Error ? e.message : String(e), events: batch.length }, "audit trail: events could not be written");
          batch.forEach((p) => p.reject(e));
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
