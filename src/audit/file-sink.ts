// --audit-file: one CloudTrail record per line, appended only after its transaction committed. It
// follows the committed chain (the read connection sees nothing uncommitted), so a rolled-back write
// never reaches the file, and after a restart it resumes behind the last eventID the file holds.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { Storage } from "../storage/types.js";
import { eventSeqById, eventsAfter, readHead, recentEventSeqs } from "./store.js";

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

  /**
   * Resume after this node's last event in the file: the workers of a `--workers` server append their chains to
   * one file, so the newest lines may be a sibling's. A new (or foreign) file starts with the events from now on.
   */
  private async startCursor(): Promise<number> {
    const ids = tailEventIds(this.path);
    const mine = await this.storage.read((tx) => recentEventSeqs(tx, this.nodeId, RECENT_EVENTS));
    for (const id of ids) {
      const seq = mine.get(id);
      if (seq !== undefined) return seq;
    }
    const newest = ids[0];
    if (newest !== undefined && (await this.storage.read((tx) => eventSeqById(tx, newest))) === undefined) {
      this.logger.warn({ file: this.path }, "audit file: its last event is not in this data directory's chains; appending from the current head");
    }
    return (await this.storage.read((tx) => readHead(tx, this.nodeId)))?.seq ?? 0;
  }
}

/** How much of the file's end is searched for this node's last event, among how many of its newest events. */
const TAIL_BYTES = 4 * 1024 * 1024;
const RECENT_EVENTS = 20_000;

/** eventIDs of the complete lines at the file's end, newest first. */
function tailEventIds(path: string): string[] {
  if (!existsSync(path)) return [];
  const size = statSync(path).size;
  if (size === 0) return [];
  const len = Math.min(size, TAIL_BYTES);
  const buf = Buffer.alloc(len);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString("utf8").split("\n").filter((l) => l.trim() !== "");
  const ids: string[] = [];
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const m = /"eventID":"([^"]+)"/.exec(lines[i] ?? "");
    if (m?.[1]) ids.push(m[1]);
  }
  return ids;
}
