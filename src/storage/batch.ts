// Group commit, shared by the engines: the writes queued while a batch ran share one transaction, each in a
// SAVEPOINT of its own so that one that throws rolls back alone (and is answered with its error).
import type { WriteTx } from "./types.js";

export interface QueuedWrite {
  readonly fn: (tx: WriteTx) => Promise<unknown>;
  /** Answered only once the commit is on stable storage. */
  readonly sync: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

export interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
}

/** Runs every operation of the batch inside the open transaction; `control` runs one statement (both dialects take these). */
export async function runInSavepoints(batch: readonly QueuedWrite[], tx: WriteTx, control: (sql: string) => unknown): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const item of batch) {
    await control("SAVEPOINT op");
    try {
      const value = await item.fn(tx);
      await control("RELEASE SAVEPOINT op");
      outcomes.push({ ok: true, value });
    } catch (e) {
      await control("ROLLBACK TO SAVEPOINT op");
      await control("RELEASE SAVEPOINT op");
      outcomes.push({ ok: false, value: e });
    }
  }
  return outcomes;
}

/** Answers a queued write with its outcome. */
export function settle(item: QueuedWrite, outcome: Outcome | undefined): void {
  if (outcome?.ok) item.resolve(outcome.value);
  else item.reject(outcome?.value);
}

/** The writes waiting for the next batch; one batch runs at a time, and every write queued meanwhile joins the next. */
export class WriteQueue {
  private queue: QueuedWrite[] = [];
  private draining = false;

  /** `runBatch` answers every write of the batch it is given, whatever happens. */
  constructor(private readonly runBatch: (batch: QueuedWrite[]) => Promise<void>) {}

  push<T>(fn: (tx: WriteTx) => Promise<T>, sync: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, sync, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** A batch runs or waits to. */
  get busy(): boolean {
    return this.draining || this.queue.length > 0;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.runBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }
}
