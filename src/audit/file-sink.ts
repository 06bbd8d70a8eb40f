// --audit-file: one CloudTrail record per line, appended only after its transaction committed. It
// follows the committed chain (the read connection sees nothing uncommitted), so a rolled-back write
// never reaches the file, and after a restart it resumes behind the last eventID the file holds.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { Storage } from "../storage/types.js";
import { eventSeqById, eventsAfter, readHead } from "./store.js";

const PAGE = 500;
/** Backstop poll: a write's commit has no hook here, so a nudge may arrive before the commit. */
const POLL_MS = 1000;
const NUDGE_MS = 5;

export class AuditFileSink {
  private cursor = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private nudgeTimer: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;

  private constructor(private readonly storage: Storage, private readonly path: string, private readonly nodeId: string, private readonly logger: Logger) {}

  static async open(storage: Storage, path: string, nodeId: string, logger: Logger): Promise<AuditFileSink> {
    const sink = new AuditFileSink(storage, path, nodeId, logger);
    sink.cursor = await sink.startCursor();
    sink.poll = setInterval(() => sink.nudge(0), POLL_MS);
    sink.poll.unref();
    return sink;
  }

  /** Something committed (or is about to): catch up shortly. */
  nudge(delayMs = NUDGE_MS): void {
    if (this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      void this.catchUp();
    }, delayMs);
    this.nudgeTimer.unref();
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    await this.catchUp();
  }

  private catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.copy().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.catchUp();
      }
    });
    return this.running;
  }

  private async copy(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.storage.read((tx) => eventsAfter(tx, this.nodeId, this.cursor, PAGE));
        const last = rows[rows.length - 1];
        if (!last) return;
        await appendFile(this.path, rows.map((r) => `${r.record}\n`).join(""), { mode: 0o600 });
        this.cursor = Number(last.seq);
        if (rows.length < PAGE) return;
      }
    } catch (e) {
      this.logger.error({ err: e instanceof Error ? e.message : String(e), file: this.path }, "audit file: append failed; will retry");
    }
  }

  /** Resume after the file's last event; a new (or foreign) file starts with the events from now on. */
  private async startCursor(): Promise<number> {
    const lastId = lastEventId(this.path);
    if (lastId !== null) {
      const found = await this.storage.read((tx) => eventSeqById(tx, lastId));
      if (found && found.nodeId === this.nodeId) return found.seq;
      this.logger.warn({ file: this.path }, "audit file: its last event is not in this node's chain; appending from the current head");
    }
    return (await this.storage.read((tx) => readHead(tx, this.nodeId)))?.seq ?? 0;
  }
}

/** eventID of the last complete line (reads only the file's tail). */
function lastEventId(path: string): string | null {
  if (!existsSync(path)) return null;
  const size = statSync(path).size;
  if (size === 0) return null;
  const len = Math.min(size, 256 * 1024);
  const buf = Buffer.alloc(len);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString("utf8").split("\n").filter((l) => l.trim() !== "");
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const m = /"eventID":"([^"]+)"/.exec(lines[i] ?? "");
    if (m?.[1]) return m[1];
  }
  return null;
}
