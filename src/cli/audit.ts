// `paramstore audit`: verify (offline check of every chain and digest), tail (print and follow events),
// export-key (the digest public keys, for verifying elsewhere with --public-key).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { KeyObject } from "node:crypto";
import { keyFingerprint, publicKeyFromPem } from "../audit/digest-format.js";
import { keysForVerification, loadKeys, rotateSigningKey } from "../audit/keys.js";
import { eventsAfter, lastEvents, nodeIds, readHead } from "../audit/store.js";
import { verifyTrail, type VerifyKeys } from "../audit/verify.js";
import type { Storage } from "../storage/types.js";
import { CliError, openBarrier, openDataDir } from "./audit-open.js";

export const AUDIT_USAGE = `usage: paramstore audit <command> [options]

commands:
  verify      check every event chain and signed digest of --data-dir D offline; names each edited,
              deleted, inserted or reordered event and each bad digest; exit 1 when anything is INVALID
              root key: the key file, PARAMSTORE_PASSPHRASE, or --share S (repeat); or --public-key FILE
              to check signatures and the hash chain without the root key (MACs are then not checked)
  tail        print the newest events of --data-dir D as JSON lines and follow new ones
              [-n N (default 10)] [--no-follow]
  export-key  print the digest signing public keys (PEM, with fingerprints) of --data-dir D
  rotate-key  make a new digest signing key for --data-dir D (used from the server's next start);
              old keys stay, retired, so every older digest keeps verifying
`;

const OPTIONS = {
  "data-dir": { type: "string" },
  "public-key": { type: "string" },
  share: { type: "string", multiple: true },
  n: { type: "string", short: "n" },
  "no-follow": { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

export async function runAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const commands: Record<string, (v: Values, dataDir: string) => Promise<number>> = { verify, tail, "export-key": exportKey, "rotate-key": rotateKey };
  const command = sub ? commands[sub] : undefined;
  if (!command) {
    process.stderr.write(AUDIT_USAGE);
    return sub === undefined || sub === "help" || sub === "--help" ? 0 : 2;
  }
  const { values } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false, strict: true });
  const dataDir = resolve(values["data-dir"] ?? process.env.PARAMSTORE_DATA_DIR ?? "./data");
  try {
    return await command(values, dataDir);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`paramstore audit: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function withStorage<T>(dataDir: string, fn: (s: Storage) => Promise<T>): Promise<T> {
  const storage = openDataDir(dataDir);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

async function verifyKeys(storage: Storage, dataDir: string, v: Values): Promise<VerifyKeys & { problems: readonly string[] }> {
  if (v["public-key"]) {
    const pem = readFileSync(v["public-key"], "utf8");
    const keys = new Map<string, KeyObject>();
    for (const block of pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
      const k = publicKeyFromPem(block);
      keys.set(keyFingerprint(k), k);
    }
    if (keys.size === 0) throw new CliError(`${v["public-key"]}: no PEM public key in it`);
    return { publicKeys: keys, problems: [] };
  }
  const barrier = await openBarrier(storage, dataDir, v.share ?? []);
  try {
    const keys = await storage.read((tx) => keysForVerification(tx, barrier));
    if (!keys) throw new CliError(`${dataDir} has no audit trail keys (the server never started with the trail on)`);
    return keys;
  } finally {
    barrier.seal();
  }
}

async function verify(v: Values, dataDir: string): Promise<number> {
  return withStorage(dataDir, async (storage) => {
    const keys = await verifyKeys(storage, dataDir, v);
    process.stdout.write(`Validating the audit trail of ${dataDir}\n`);
    const report = await verifyTrail(storage, keys);
    keys.chainKey?.fill(0);
    const ok = report.ok && keys.problems.length === 0;
    const lines = keys.problems.length === 0 ? report.lines : [...keys.problems, ...report.lines.slice(0, -1), "Audit trail is INVALID."];
    process.stdout.write(lines.join("\n") + "\n");
    return ok ? 0 : 1;
  });
}

async function exportKey(v: Values, dataDir: string): Promise<number> {
  return withStorage(dataDir, async (storage) => {
    const barrier = await openBarrier(storage, dataDir, v.share ?? []);
    try {
      const keys = await storage.read((tx) => loadKeys(tx, barrier));
      if (!keys) throw new CliError(`${dataDir} has no audit trail keys`);
      for (const k of keys.all.values()) {
        process.stdout.write(`# fingerprint ${k.fingerprint}  algorithm Ed25519  valid from ${k.createdAt}${k.retiredAt ? ` to ${k.retiredAt}` : ""}\n${k.publicPem}`);
      }
      return 0;
    } finally {
      barrier.seal();
    }
  });
}

async function rotateKey(v: Values, dataDir: string): Promise<number> {
  return withStorage(dataDir, async (storage) => {
    const barrier = await openBarrier(storage, dataDir, v.share ?? []);
    try {
      if (!(await storage.read((tx) => loadKeys(tx, barrier)))) throw new CliError(`${dataDir} has no audit trail keys yet`);
      const key = await rotateSigningKey(storage, barrier, new Date());
      process.stdout.write(`new digest signing key ${key.fingerprint} (active from the server's next start)\n`);
      return 0;
    } finally {
      barrier.seal();
    }
  });
}

async function tail(v: Values, dataDir: string): Promise<number> {
  const count = Number(v.n ?? 10);
  if (!Number.isInteger(count) || count < 0) throw new CliError("-n takes a whole number");
  return withStorage(dataDir, async (storage) => {
    const cursors = new Map<string, number>();
    for (const node of await storage.read((tx) => nodeIds(tx))) cursors.set(node, (await storage.read((tx) => readHead(tx, node)))?.seq ?? 0);
    const newest = (await storage.read((tx) => lastEvents(tx, count))).filter((e) => Number(e.seq) <= (cursors.get(e.node_id) ?? 0));
    for (const e of newest.reverse()) process.stdout.write(`${e.record}\n`);
    if (v["no-follow"]) return 0;
    await follow(storage, cursors);
    return 0;
  });
}

/** Polls every node's chain for new events until SIGINT/SIGTERM. */
async function follow(storage: Storage, cursors: Map<string, number>): Promise<void> {
  let stopped = false;
  const stop = (): void => { stopped = true; };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (!stopped) {
    for (const node of await storage.read((tx) => nodeIds(tx))) {
      const rows = await storage.read((tx) => eventsAfter(tx, node, cursors.get(node) ?? 0, 500));
      for (const e of rows) process.stdout.write(`${e.record}\n`);
      const last = rows[rows.length - 1];
      if (last) cursors.set(node, Number(last.seq));
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
