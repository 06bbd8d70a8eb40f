// WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and must fsync
// that file: run on the writer connection it blocked every request for the length of a disk flush once a
// second (the server's p99 and a share of its throughput). A worker thread with its own connection does
// it instead; SQLite lets a checkpoint run beside the writer (it copies only committed frames).
import { Worker } from "node:worker_threads";

type Reply = { busy: number } | { error: string };

export class Checkpointer {
  private worker: Worker | undefined;
  private running: Promise<Reply> | null = null;
  /** Resolves the running checkpoint (with the worker's reply, or its failure). */
  private settle: (r: Reply) => void = () => undefined;
  /** The latest failure, kept for diagnosis; the next checkpoint tries again. */
  lastError: string | undefined;

  constructor(private readonly file: string) {}

  /** Starts a PASSIVE checkpoint unless one is running. */
  start(): void {
    if (this.running) return;
    const worker = (this.worker ??= this.spawn());
    this.running = new Promise<Reply>((resolve) => {
      this.settle = resolve;
      worker.postMessage("checkpoint");
    }).then((r) => {
      this.lastError = "error" in r ? r.error : undefined;
      return r;
    }).finally(() => {
      this.running = null;
    });
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Waits for a running checkpoint. */
  async idle(): Promise<void> {
    await this.running;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./checkpoint-worker.js", import.meta.url), { workerData: { file: this.file } });
    w.unref(); // never keeps the process alive; close() ends it
    w.on("message", (r: Reply) => this.settle(r));
    const lost = (error: string): void => {
      if (this.worker === w) this.worker = undefined; // the next start() spawns a new one
      this.settle({ error });
    };
    w.on("error", (e) => lost(e.message));
    w.on("exit", (code) => lost(`checkpoint thread exited (${code})`));
    return w;
  }
}
