// Starts a real paramstore server (node dist/src/main.js serve) on a free port with a temp
// data dir, and stops every process of it by process group.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dropSchema } from "./postgres.js";

export const ROOT_ACCESS_KEY_ID = "AKIAROOTEXAMPLE00001";
export const ROOT_SECRET_ACCESS_KEY = "rootsecretrootsecretrootsecretrootsecret";
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/helpers -> dist/src/main.js */
export const MAIN_JS = resolve(here, "../../src/main.js");

export interface TestServer {
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Set when the store is on PostgreSQL (PARAMSTORE_TEST_DATABASE_URL), not in the data dir's SQLite file. */
  readonly database?: { readonly url: string; readonly schema: string };
  /** Everything the server wrote to stdout/stderr so far. */
  log(): string;
  /** Stops the server (SIGTERM to its process group, SIGKILL after 5 s). Keeps the data dir unless told. */
  stop(opts?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

export interface StartOptions {
  readonly dataDir?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Wait for /health to say ok (default) or just for the listener (sealed starts). */
  readonly waitFor?: "ok" | "listening";
  /** Fixed port (restart tests); a free one otherwise. */
  readonly port?: number;
  /** Flags for node itself (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** Serve HTTPS with this certificate and key (PEM files); the endpoint is then https://. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) {
    try { if (c.pid !== undefined) process.kill(-c.pid, "SIGKILL"); } catch { /* already gone */ }
  }
});

/**
 * PARAMSTORE_TEST_DATABASE_URL (a postgres:// URL): every server started on a fresh data dir keeps its store in
 * a schema of its own in that database (dropped when the server's data is), so the suite runs on PostgreSQL.
 */
const TEST_DATABASE_URL = process.env.PARAMSTORE_TEST_DATABASE_URL;

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "paramstore-test-"));
  const port = opts.port ?? (await freePort());
  const tlsArgs = opts.tls ? ["--tls-cert", opts.tls.cert, "--tls-key", opts.tls.key] : [];
  const schema = TEST_DATABASE_URL && !opts.dataDir ? `t_${randomBytes(8).toString("hex")}` : undefined;
  const dbArgs = schema ? ["--database-url", TEST_DATABASE_URL as string, "--database-schema", schema] : [];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS, "serve", "--port", String(port), "--data-dir", dataDir, "--log-level", "info", ...tlsArgs, ...dbArgs, ...(opts.args ?? [])], {
    env: {
      ...process.env,
      PARAMSTORE_ROOT_ACCESS_KEY_ID: ROOT_ACCESS_KEY_ID,
      PARAMSTORE_ROOT_SECRET_ACCESS_KEY: ROOT_SECRET_ACCESS_KEY,
      PARAMSTORE_ACCOUNT_ID: ACCOUNT_ID,
      ...opts.env,
    },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => { output += c.toString("utf8"); });
  child.stderr?.on("data", (c: Buffer) => { output += c.toString("utf8"); });
  let exited = false;
  child.once("exit", () => { exited = true; live.delete(child); });
  // A server a failed test forgot must neither keep the test process alive nor outlive it.
  live.add(child);
  child.unref();
  // stdio "pipe" streams are net.Sockets (node docs), which can be unref'ed.
  for (const stream of [child.stdout, child.stderr, child.stdin]) (stream as Socket | null)?.unref();
  const endpoint = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
  const ca = opts.tls ? readFileSync(opts.tls.cert) : undefined;
  await waitHealth(endpoint, opts.waitFor ?? "ok", () => exited, () => output, ca);
  let stopped = false;
  return {
    endpoint,
    port,
    dataDir,
    child,
    database: schema ? { url: TEST_DATABASE_URL as string, schema } : undefined,
    log: () => output,
    async stop(stopOpts = {}) {
      if (!stopped) {
        stopped = true;
        await killGroup(child, stopOpts.signal ?? "SIGTERM");
      }
      if (!stopOpts.keepData && !opts.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        if (schema) await dropSchema(TEST_DATABASE_URL as string, schema);
      }
    },
  };
}

/** Polls /health until it answers 200 ("ok") or anything at all ("listening"). */
async function waitHealth(endpoint: string, waitFor: "ok" | "listening", exited: () => boolean, output: () => string, ca?: Buffer): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const status = ca ? await httpsStatus(`${endpoint}/health`, ca) : (await fetch(`${endpoint}/health`)).status;
      if (status === 200 || waitFor === "listening") return;
    } catch {
      // not yet listening
    }
    if (exited()) throw new Error(`server exited before becoming healthy:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`${endpoint}/health never became ${waitFor}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** GET over HTTPS trusting `ca` (fetch cannot be given a CA per request). */
function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = httpsGet(url, { ca }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.once("error", reject);
  });
}

/** A port the OS just handed out and released (tiny race, acceptable for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo; // TCP listener
      srv.close(() => resolvePort(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolveKill) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolveKill();
    const timer = setTimeout(() => {
      try { process.kill(-(child.pid as number), "SIGKILL"); } catch { /* already gone */ }
    }, 5_000);
    child.once("exit", () => { clearTimeout(timer); resolveKill(); });
    try { process.kill(-child.pid, signal); } catch { clearTimeout(timer); resolveKill(); }
  });
}
