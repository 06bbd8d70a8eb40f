// Starts a real paramstore server (node dist/src/main.js serve) on a free port with a temp
// data dir, and stops every process of it by process group.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "paramstore-test-"));
  const child = spawn(process.execPath, [MAIN_JS, "serve", "--port", "0", "--data-dir", dataDir, "--log-level", "info", ...(opts.args ?? [])], {
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
  const port = await new Promise<number>((resolvePort, reject) => {
    const deadline = setTimeout(() => reject(new Error(`server did not start within 15 s:\n${output}`)), 15_000);
    const check = (): void => {
      const m = /"port":(\d+)[^\n]*"msg":"paramstore listening"/.exec(output);
      if (m) {
        clearTimeout(deadline);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(deadline);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  if ((opts.waitFor ?? "ok") === "ok") await waitHealthy(endpoint);
  let stopped = false;
  return {
    endpoint,
    port,
    dataDir,
    child,
    log: () => output,
    async stop(stopOpts = {}) {
      if (!stopped) {
        stopped = true;
        await killGroup(child, stopOpts.signal ?? "SIGTERM");
      }
      if (!stopOpts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitHealthy(endpoint: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const r = await fetch(`${endpoint}/health`);
      if (r.status === 200) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`${endpoint}/health never answered 200`);
    await new Promise((r) => setTimeout(r, 50));
  }
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
