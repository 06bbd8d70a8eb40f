// The checkpointer's thread (checkpointer.ts): its own connection copies committed WAL frames into the
// database file and fsyncs it, so the event loop never waits on that disk flush.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const db = new Database((workerData as { file: string }).file);
db.pragma("synchronous = FULL"); // a checkpoint syncs the WAL before and the database file after copying
db.pragma("busy_timeout = 5000");
parentPort?.on("message", () => {
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number }>; // documented result row
    parentPort?.postMessage({ busy: row?.busy ?? 1 });
  } catch (e) {
    parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
