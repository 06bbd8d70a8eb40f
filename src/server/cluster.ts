// `serve --workers N`: N server processes share the port (node:cluster) and the data directory, so one
// server uses several cores. The primary serves no API call: it opens the data directory (account,
// root credentials, seal), is the seal authority, and hands each worker the unsealed keyring over the
// worker's private IPC channel. Admin requests (unseal shares must meet in one place) reach whichever
// worker the connection landed on and are answered by the primary's admin handler; when the server
// seals, every worker seals. Workers serve everything else, each with its own SQLite connections,
// caches (exact across processes: storage/read-cache.ts), audit chain (node id `<node>-w<i>`) and
// last-use log; worker 0 alone runs the jobs that act on shared state (rotations, deletions, expiry).
// A worker that dies is started again; workers exit when the primary goes away.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import { rootResolver } from "../auth/credentials.js";
import { loadOrCreateNodeId } from "../audit/index.js";
import { Barrier } from "../crypto/barrier.js";
import { bootSeal } from "../crypto/seal/boot.js";
import { envPassphrase } from "../crypto/seal/index.js";
import { SealManager } from "../crypto/seal/manager.js";
import type { Config } from "../config.js";
import type { Storage } from "../storage/types.js";
import { createAdminHandler, type AdminRequest } from "./admin.js";
import { announceRootCredentials, logSealBoot, storageFor, type StartIo } from "./compose.js";
import { resolveAccountId, resolveRootCredentials } from "./identity-bootstrap.js";
import type { HttpResponse } from "./pipeline.js";

/** Primary -> worker. The keyring travels base64-encoded (IPC messages are JSON). */
type ToWorker =
  | { readonly t: "keyring"; readonly ring: string }
  | { readonly t: "sealed" }
  | { readonly t: "seal" }
  | { readonly t: "admin"; readonly id: number; readonly res: HttpResponse | null }
  | { readonly t: "stop" };

/** Worker -> primary. */
type ToPrimary =
  | { readonly t: "hello" }
  | { readonly t: "up" }
  | { readonly t: "unsealed" }
  | { readonly t: "admin"; readonly id: number; readonly req: AdminRequest; readonly body: string };

const WORKER_INDEX_ENV = "PARAMSTORE_WORKER_INDEX";
const RESTART_DELAY_MS = 1_000;
const STOP_TIMEOUT_MS = 15_000;

export const isClusterWorker = (): boolean => cluster.isWorker;

/** This worker's index (0 in a server running alone). */
export const workerIndex = (): number => Number(process.env[WORKER_INDEX_ENV] ?? 0);

export interface Primary {
  close(): Promise<void>;
}

/** Runs the primary of a `--workers` server; resolves once every worker is serving (or waits sealed). */
export async function startPrimary(config: Config, logger: Logger, io: StartIo = {}): Promise<Primary> {
  const storage = storageFor(config);
  try {
    return await startOnStorage(storage, config, logger, io);
  } catch (e) {
    await storage.close();
    throw e;
  }
}

async function startOnStorage(storage: Storage, config: Config, logger: Logger, io: StartIo): Promise<Primary> {
  const accountId = await resolveAccountId(storage, config.accountId);
  const root = resolveRootCredentials(config.dataDir, { id: config.rootAccessKeyId, secret: config.rootSecretAccessKey });
  if (root.generated) announceRootCredentials(config.dataDir, accountId, root);
  loadOrCreateNodeId(config.dataDir); // made once, here: every worker derives its chain's id from it
  const barrier = await Barrier.attach(storage);
  const clock = (): Date => new Date();
  const seal = await bootSeal({ storage, barrier, dataDir: config.dataDir, logger }, config.seal, io.passphrase ?? envPassphrase(process.env));
  logSealBoot(logger, seal);

  const workers = new Map<number, Worker>();
  let started = false;
  let stopping = false;
  const send = (w: Worker, m: ToWorker): void => {
    if (w.isConnected()) w.send(m);
  };

  /** Gives one worker the keyring and waits until its services are built. */
  const handOver = async (w: Worker): Promise<void> => {
    const ring = barrier.exportKeyring();
    const text = ring.toString("base64");
    ring.fill(0);
    const done = reply(w, "unsealed");
    send(w, { t: "keyring", ring: text });
    await done;
  };

  const manager = new SealManager({
    storage, barrier, dataDir: config.dataDir, logger, config: seal.config, clock,
    afterUnseal: async () => {
      await Promise.all([...workers.values()].map((w) => handOver(w).catch((e: unknown) => logger.error({ err: String(e) }, "worker did not take the keyring"))));
    },
  });
  barrier.onSeal(() => workers.forEach((w) => send(w, { t: "seal" })));
  const sealAdmin = createAdminHandler({ manager, credentials: rootResolver(accountId, root.accessKeyId, root.secretAccessKey), clock, logger });
  const serving = new Set<number>(); // indexes of the workers listening now
  // The seal's admin handler; /admin/status also says how many workers serve.
  const admin = async (req: AdminRequest, body: Buffer): Promise<HttpResponse | null> => {
    const res = await sealAdmin(req, body);
    if (res?.status !== 200 || req.method !== "GET" || req.url.split("?")[0] !== "/admin/status") return res;
    return { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), workers: { serving: serving.size, configured: config.workers } }) };
  };

  cluster.setupPrimary({ silent: false });
  const fork = async (index: number): Promise<void> => {
    const w = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    workers.set(index, w);
    const hello = reply(w, "hello");
    w.on("message", (m: ToPrimary) => {
      if (m.t !== "admin") return;
      admin(m.req, Buffer.from(m.body, "base64"))
        .catch((e: unknown) => {
          logger.error({ err: String(e) }, "admin call from a worker failed");
          return { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: "InternalError", message: "the admin operation failed; see the server log" }) };
        })
        .then((res) => send(w, { t: "admin", id: m.id, res }));
    });
    w.on("exit", (code, signal) => {
      if (workers.get(index) !== w) return;
      workers.delete(index);
      serving.delete(index);
      if (stopping || !started) return; // a worker failing the start fails it (below)
      logger.error({ worker: index, code, signal }, "worker exited; starting it again");
      setTimeout(() => {
        if (!stopping) void fork(index).catch((e: unknown) => logger.error({ worker: index, err: String(e) }, "worker restart failed"));
      }, RESTART_DELAY_MS).unref();
    });
    // Messages sent before the worker listens for them would be lost: wait for its hello.
    await hello;
    const up = reply(w, "up");
    if (barrier.isSealed) send(w, { t: "sealed" });
    else await handOver(w);
    await up;
    serving.add(index);
  };
  // Together: migrations are safe between processes (each runs once, decided in its own transaction).
  try {
    await Promise.all(Array.from({ length: config.workers }, (_, i) => fork(i)));
  } catch (e) {
    // A worker that cannot start (port taken, bad TLS files …) fails the start: no restarts, no survivors.
    stopping = true;
    for (const w of workers.values()) w.kill("SIGKILL");
    throw e; // startPrimary closes the storage
  }
  started = true;
  logger.info({ workers: config.workers, sealed: barrier.isSealed }, "paramstore workers serving");

  return {
    async close() {
      stopping = true;
      const exits = [...workers.values()].map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        const timer = setTimeout(() => w.kill("SIGKILL"), STOP_TIMEOUT_MS);
        w.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        send(w, { t: "stop" });
      }));
      await Promise.all(exits);
      await storage.close();
      barrier.seal();
    },
  };
}

/** Resolves on the worker's next message of type `t`; rejects if it exits first. */
function reply(w: Worker, t: ToPrimary["t"]): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ToPrimary): void => {
      if (m.t !== t) return;
      cleanup();
      resolve();
    };
    const onExit = (): void => {
      cleanup();
      reject(new Error(`worker exited before "${t}"`));
    };
    const cleanup = (): void => {
      w.off("message", onMessage);
      w.off("exit", onExit);
    };
    w.on("message", onMessage);
    w.once("exit", onExit);
  });
}

/** What a worker does on the primary's instructions. */
export interface WorkerHandlers {
  keyring(ring: Buffer): Promise<void>;
  seal(): void;
  stop(): void;
}

/** A worker's side of its IPC channel. */
export interface WorkerLink {
  readonly index: number;
  /** Resolves once the first instruction (the keyring, or "stay sealed") has been carried out. */
  readonly started: Promise<void>;
  /** Tells the primary this worker is listening. */
  up(): void;
  /** Has the primary answer an admin request. */
  admin(req: AdminRequest, body: Buffer): Promise<HttpResponse | null>;
}

export function connectToPrimary(handlers: WorkerHandlers, logger: Logger): WorkerLink {
  const index = workerIndex();
  const pending = new Map<number, (res: HttpResponse | null) => void>();
  let nextId = 0;
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  const send = (m: ToPrimary): void => {
    if (process.connected) process.send?.(m);
  };
  process.on("message", (m: ToWorker) => {
    switch (m.t) {
      case "keyring":
        handlers.keyring(Buffer.from(m.ring, "base64"))
          .then(() => send({ t: "unsealed" }), (e: unknown) => logger.error({ err: String(e) }, "could not unseal with the primary's keyring"))
          .finally(markStarted);
        return;
      case "sealed":
        markStarted();
        return;
      case "seal":
        handlers.seal();
        return;
      case "admin":
        pending.get(m.id)?.(m.res);
        pending.delete(m.id);
        return;
      case "stop":
        handlers.stop();
        return;
    }
  });
  // The primary is gone (killed, crashed): a worker never serves on its own.
  process.on("disconnect", () => handlers.stop());
  send({ t: "hello" });
  return {
    index,
    started,
    up: () => send({ t: "up" }),
    admin: (req, body) => new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ t: "admin", id, req, body: body.toString("base64") });
    }),
  };
}
