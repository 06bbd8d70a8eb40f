// Shared by the exec / render / agent tests: run `paramstore <app command>` as a real child process
// with AWS credentials in its environment, and check that no secret value reached its output.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { MAIN_JS, REGION, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, type TestServer } from "../helpers/server.js";

export interface AppRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

/** The environment a CI job would give: endpoint and the standard AWS variables, nothing of paramstore's own. */
export function appEnv(server: TestServer, extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PARAMSTORE_ROOT_ACCESS_KEY_ID: undefined,
    PARAMSTORE_ROOT_SECRET_ACCESS_KEY: undefined,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_ACCESS_KEY_ID: ROOT_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: ROOT_SECRET_ACCESS_KEY,
    AWS_REGION: REGION,
    PARAMSTORE_ENDPOINT: server.endpoint,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface Started {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `text` has appeared on stdout or stderr (deadline 15 s). */
  waitFor(text: string | RegExp): Promise<string>;
  done: Promise<AppRun>;
}

/** Starts `node main.js ...args`; the caller must await `done` (or kill the child). */
export function startApp(args: readonly string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN_JS, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  const poke = (): void => { for (const w of waiters.splice(0)) w(); };
  child.stdout?.on("data", (c: Buffer) => { stdout += c.toString("utf8"); poke(); });
  child.stderr?.on("data", (c: Buffer) => { stderr += c.toString("utf8"); poke(); });
  const done = new Promise<AppRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => { poke(); resolve({ code, signal, stdout, stderr }); });
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  void done.finally(() => clearTimeout(timer));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    async waitFor(text) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const all = stdout + stderr;
        const m = typeof text === "string" ? (all.includes(text) ? text : null) : text.exec(all)?.[0];
        if (m) return m;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before ${String(text)}:\n${all}`);
        if (Date.now() > deadline) throw new Error(`no ${String(text)} within 15 s:\n${all}`);
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
      }
    },
  };
}

export const runApp = (args: readonly string[], env: Record<string, string>): Promise<AppRun> => startApp(args, env).done;

/** No secret value, raw or in the usual encodings, anywhere in the given outputs. */
export function assertNoSecrets(outputs: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const form of [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("hex")]) {
      for (const out of outputs) assert.equal(out.includes(form), false, `a secret value appeared in process output`);
    }
  }
}
