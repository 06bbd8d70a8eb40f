// Seal tests: run `paramstore operator ...` as a child process, call /admin (optionally SigV4-signed
// by the official smithy signer), and scan a data directory's files for bytes that must not be there.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Sha256 } from "@aws-crypto/sha256-js";
import Database from "better-sqlite3";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { aesGcmDecrypt } from "../../src/crypto/aead.js";
import { decodeBarrier } from "../../src/crypto/formats.js";
import type { Creds } from "./clients.js";
import { MAIN_JS, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY } from "./server.js";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/src/main.js ...args` with the root credentials in its environment; stdin is `input` (never a TTY). */
export function runCli(args: readonly string[], opts: { env?: Readonly<Record<string, string>>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PARAMSTORE_ROOT_ACCESS_KEY_ID: ROOT_ACCESS_KEY_ID,
    PARAMSTORE_ROOT_SECRET_ACCESS_KEY: ROOT_SECRET_ACCESS_KEY,
    PARAMSTORE_PASSPHRASE: undefined,
    PARAMSTORE_NEW_PASSPHRASE: undefined,
    ...opts.env,
  };
  const cleanEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], { env: cleanEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => { stdout += c.toString("utf8"); });
    child.stderr.on("data", (c: Buffer) => { stderr += c.toString("utf8"); });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`paramstore ${args.join(" ")} did not finish within ${opts.timeoutMs ?? 30_000} ms:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** The share texts from `operator init` / `rotate-root` output, in order. */
export function sharesIn(stdout: string): string[] {
  return [...stdout.matchAll(/^Unseal share (\d+): (\S+)$/gm)].map((m) => m[2] ?? "");
}

export interface AdminAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One /admin call; `signWith` signs it (scope service "paramstore") with @smithy/signature-v4. */
export async function admin(endpoint: string, method: "GET" | "POST", op: string, body?: unknown, signWith?: Creds): Promise<AdminAnswer> {
  const url = new URL(`/admin/${op}`, endpoint);
  const text = body === undefined ? "" : JSON.stringify(body);
  let headers: Record<string, string> = { "content-type": "application/json" };
  if (signWith) {
    const signer = new SignatureV4({ credentials: signWith, region: "us-east-1", service: "paramstore", sha256: Sha256 });
    const req = new HttpRequest({ method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, ...headers }, body: text });
    headers = (await signer.sign(req)).headers;
  }
  const res = await fetch(url, { method, headers, ...(method === "POST" ? { body: text } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }; // our admin endpoint always answers a JSON object
}

/** Names of the `needles` (label -> bytes) found in any file under `dir`, with the file they were found in. */
export function findInFiles(dir: string, needles: Readonly<Record<string, Buffer>>): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    for (const [label, needle] of Object.entries(needles)) {
      if (needle.length > 0 && bytes.includes(needle)) found.push(`${label} in ${name}`);
    }
  }
  return found;
}

/** Every way a key could be written down: raw, hex, base64, base64url. */
export function keyForms(label: string, key: Buffer): Record<string, Buffer> {
  return {
    [`${label} (raw)`]: key,
    [`${label} (hex)`]: Buffer.from(key.toString("hex")),
    [`${label} (base64)`]: Buffer.from(key.toString("base64")),
    [`${label} (base64url)`]: Buffer.from(key.toString("base64url")),
  };
}

/**
 * The keyring's term keys, unwrapped with `rootKey` straight from the database file: what an attacker
 * holding the root key would get, so the tests can check that none of it is on disk in clear.
 */
export function keyringKeys(dataDir: string, rootKey: Buffer): Buffer[] {
  const db = new Database(join(dataDir, "paramstore.db"), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT wrapped FROM sys_keyring WHERE id = 1").get() as { wrapped: Buffer } | undefined; // schema of crypto/barrier.ts
    const parsed = row && decodeBarrier(row.wrapped);
    const plain = parsed && aesGcmDecrypt(rootKey, parsed.sealed, Buffer.from("sys/keyring"));
    if (!plain) throw new Error("the root key does not open the keyring");
    const keys: Buffer[] = [];
    for (let at = 5; at + 36 <= plain.length; at += 36) keys.push(Buffer.from(plain.subarray(at + 4, at + 36)));
    return keys;
  } finally {
    db.close();
  }
}

/** The seal record's config (public parameters) straight from the database file. */
export function sealConfig(dataDir: string): Record<string, unknown> {
  const db = new Database(join(dataDir, "paramstore.db"), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT config FROM sys_seal WHERE id = 1").get() as { config: string } | undefined; // schema of crypto/seal/store.ts
    return JSON.parse(row?.config ?? "{}") as Record<string, unknown>;
  } finally {
    db.close();
  }
}
