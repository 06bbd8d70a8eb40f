// Appends records to this node's chain. Writes: inside the operation's own transaction (change and
// trail commit together). Reads and failures: queued and group-committed, one storage.write per batch
// of concurrent calls; fail-closed, a read is answered only once its batch committed.
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
  /** true: a read is answered only once its event is written, refused if it cannot be; false: answered at once. */
  readonly failClosed: boolean;
  /** true: written means on disk (an fsync per batch of concurrent reads), not only handed to the OS. */
  readonly syncReads: boolean;
  /** Called after a batch committed (drives --audit-file). */
  readonly onCommitted: () => void;
}

interface Pending {
  readonly events: readonly PreparedEvent[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Fail-open: beyond this many queued events, readers wait for the writer (bounded memory). */
const MAX_QUEUED = 20_000;
const RETRY_MS = 1000;

export class AuditWriter {
  private queue: Pending[] = [];
  private queued = 0;
  private flushing: Promise<void> | null = null;
  /** The next batch, started once this turn of the event loop has queued its events. */
  private next: NodeJS.Immediate | null = null;
  /** Fail-open: when to try a failed batch again. */
  private retry: NodeJS.Timeout | null = null;
  /** Set when the last batch failed; cleared by the next one that succeeds. */
  private failure: unknown = null;
  private closed = false;

  constructor(private readonly deps: WriterDeps) {}

  get isHealthy(): boolean {
    return this.failure === null;
  }

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

  /**
   * Queues a read's (or a failure's) events for the next group commit — every event queued in the same
   * turn of the event loop, or while the previous batch was written, shares one transaction.
   * Fail-closed: resolves once the batch committed (reached the OS; with syncReads, the disk) and
   * rejects if it could not be written, so the read is refused. Fail-open: resolves at once.
   */
  enqueue(events: readonly PreparedEvent[]): Promise<void> {
    if (!this.deps.failClosed && this.failure !== null && this.queued >= MAX_QUEUED) {
      this.deps.logger.error({ dropped: events.length }, "audit trail: queue full while the trail fails, events dropped (fail-open)");
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve, reject) => this.queue.push({ events, resolve, reject }));
    this.queued += events.length;
    this.schedule();
    if (this.deps.failClosed) return done;
    done.catch(() => undefined); // fail-open: logged by write(), retried by drain()
    return this.queued > MAX_QUEUED ? done.catch(() => undefined) : Promise.resolve();
  }

  /** Writes everything queued so far (LookupEvents, shutdown). Throws when it cannot. */
  async flush(): Promise<void> {
    this.cancelTimers();
    while (this.flushing) await this.flushing;
    if (this.queue.length > 0) await (this.flushing = this.drain());
    if (this.failure !== null) throw this.failure;
  }

  /** Stops the timers (after a last flush by the caller): nothing is written after this. */
  close(): void {
    this.closed = true;
    this.cancelTimers();
  }

  private cancelTimers(): void {
    if (this.next) clearImmediate(this.next);
    if (this.retry) clearTimeout(this.retry);
    this.next = null;
    this.retry = null;
  }

  /** A running drain() picks up whatever arrives meanwhile; a pending retry is not hurried. */
  private schedule(): void {
    if (this.flushing || this.next || this.retry || this.closed) return;
    this.next = setImmediate(() => {
      this.next = null;
      this.start();
    });
  }

  private start(): void {
    if (!this.flushing && !this.closed) this.flushing = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        if (await this.write(batch)) continue;
        // Fail-closed callers were refused: their calls failed, so their events are not kept. Fail-open
        // callers were answered: keep their events, in order, and try again.
        if (!this.deps.failClosed) this.queue = [...batch, ...this.queue];
        else this.queued -= batch.reduce((sum, p) => sum + p.events.length, 0);
        if (this.queue.length > 0 && !this.closed) {
          this.retry = setTimeout(() => {
            this.retry = null;
            this.start();
          }, RETRY_MS);
        }
        return;
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(batch: Pending[]): Promise<boolean> {
    const n = batch.reduce((sum, p) => sum + p.events.length, 0);
    try {
      // Records of reads and failures: committed (in the OS, survives a crash of this process) before
      // the answer, but not waiting on the disk flush, which the next change's commit brings anyway —
      // unless --audit-sync-reads asks for the disk too.
      await this.deps.storage.write((tx) => this.appendInTx(tx, batch.flatMap((p) => p.events)), { sync: this.deps.syncReads });
    } catch (e) {
      if (this.failure === null) this.deps.logger.error({ err: e instanceof Error ? e.message : String(e), events: n }, `audit trail: events could not be written${this.deps.failClosed ? "; their calls are refused" : "; retrying"}`);
      this.failure = e;
      batch.forEach((p) => p.reject(e));
      return false;
    }
    if (this.failure !== null) this.deps.logger.warn({ events: n }, "audit trail: writing again");
    this.failure = null;
    this.queued -= n;
    batch.forEach((p) => p.resolve());
    this.deps.onCommitted();
    return true;
  }
}
