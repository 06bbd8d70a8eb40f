// The trail's two secrets, both barrier-encrypted at rest (ARCHITECTURE.md §7): the chain MAC key and
// the Ed25519 digest signing key. A stored public key is trusted only when it matches its private key,
// so whoever can rewrite the database still cannot swap in a key of their own.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { Barrier } from "../crypto/barrier.js";
import type { ReadTx, Storage } from "../storage/types.js";
import { keyFingerprint } from "./digest-format.js";
import { insertKey, insertSigningKey, readKey, retireSigningKeys, signingKeys, type StoredSigningKey } from "./store.js";

const CHAIN_KEY = "chain-mac";
const chainAad = (name: string): string => `audit_keys/${name}`;
const signingAad = (fingerprint: string): string => `audit_signing_keys/${fingerprint}`;

export interface SigningKey {
  readonly fingerprint: string;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
  readonly privateKey: KeyObject;
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

export interface AuditKeys {
  readonly chainKey: Buffer;
  /** The key new digests are signed with. */
  readonly active: SigningKey;
  /** Every key ever used, by fingerprint (old digests keep verifying after rotation). */
  readonly all: ReadonlyMap<string, SigningKey>;
}

type Decrypt = Pick<Barrier, "decrypt">;

/** Loads the keys, creating them on first start (idempotent under concurrent starts). */
export async function loadOrCreateKeys(storage: Storage, barrier: Pick<Barrier, "encrypt" | "decrypt">, now: Date): Promise<AuditKeys> {
  const existing = await storage.read((tx) => loadKeys(tx, barrier));
  if (existing) return existing;
  const created = now.toISOString();
  const chain = randomBytes(32);
  const pair = generateKeyPairSync("ed25519");
  const fingerprint = keyFingerprint(pair.publicKey);
  const der = pair.privateKey.export({ type: "pkcs8", format: "der" });
  await storage.write(async (tx) => {
    if (!(await readKey(tx, CHAIN_KEY))) await insertKey(tx, CHAIN_KEY, barrier.encrypt(chainAad(CHAIN_KEY), chain), created);
    if ((await signingKeys(tx)).length === 0) {
      await insertSigningKey(tx, {
        fingerprint,
        publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
        privateKey: barrier.encrypt(signingAad(fingerprint), der),
        createdAt: created,
      });
    }
  });
  chain.fill(0);
  der.fill(0);
  const loaded = await storage.read((tx) => loadKeys(tx, barrier));
  if (!loaded) throw new Error("audit keys could not be created");
  return loaded;
}

/**
 * A new digest signing key; the previous ones are retired but kept, so their digests keep verifying
 * (by fingerprint). A running server picks the new key up at its next start.
 */
export async function rotateSigningKey(storage: Storage, barrier: Pick<Barrier, "encrypt" | "decrypt">, now: Date): Promise<SigningKey> {
  const pair = generateKeyPairSync("ed25519");
  const fingerprint = keyFingerprint(pair.publicKey);
  const der = pair.privateKey.export({ type: "pkcs8", format: "der" });
  await storage.write(async (tx) => {
    await insertSigningKey(tx, {
      fingerprint,
      publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
      privateKey: barrier.encrypt(signingAad(fingerprint), der),
      createdAt: now.toISOString(),
    });
    await retireSigningKeys(tx, fingerprint, now.toISOString());
  });
  der.fill(0);
  const keys = await storage.read((tx) => loadKeys(tx, barrier));
  const active = keys?.all.get(fingerprint);
  if (!active) throw new Error("the new audit signing key could not be read back");
  return active;
}

/** Reads and checks the keys; undefined when the trail was never initialised. Throws on a mismatch. */
export async function loadKeys(tx: ReadTx, barrier: Decrypt): Promise<AuditKeys | undefined> {
  const wrapped = await readKey(tx, CHAIN_KEY);
  const rows = await signingKeys(tx);
  if (!wrapped || rows.length === 0) return undefined;
  const all = new Map<string, SigningKey>();
  for (const row of rows) all.set(row.fingerprint, openSigningKey(row, barrier));
  const active = [...all.values()].filter((k) => k.retiredAt === null).pop() ?? [...all.values()].pop();
  if (!active) return undefined;
  return { chainKey: barrier.decrypt(chainAad(CHAIN_KEY), wrapped), active, all };
}

/** Decrypts a signing key and proves the stored public key and fingerprint belong to it. */
export function openSigningKey(row: StoredSigningKey, barrier: Decrypt): SigningKey {
  const der = barrier.decrypt(signingAad(row.fingerprint), row.private_key);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  der.fill(0);
  const derived = createPublicKey(privateKey);
  const publicPem = derived.export({ type: "spki", format: "pem" }).toString();
  if (publicPem !== row.public_key || keyFingerprint(derived) !== row.fingerprint) {
    throw new Error(`audit signing key ${row.fingerprint}: the stored public key does not match its sealed private key (tampered)`);
  }
  return { fingerprint: row.fingerprint, publicKey: derived, publicPem, privateKey, createdAt: row.created_at, retiredAt: row.retired_at };
}

/** Public keys as stored, without the root key (export when no seal can be opened; unverified). */
export async function storedPublicKeys(tx: ReadTx): Promise<Array<{ fingerprint: string; publicPem: string; createdAt: string; retiredAt: string | null }>> {
  return (await signingKeys(tx)).map((r) => ({ fingerprint: r.fingerprint, publicPem: r.public_key, createdAt: r.created_at, retiredAt: r.retired_at }));
}

export interface VerificationKeys {
  readonly chainKey: Buffer;
  /** Public keys derived from the sealed private keys: the stored copies are not trusted. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
  /** Stored public keys that do not match their private key (tamper evidence). */
  readonly problems: readonly string[];
}

/** For `audit verify`: every key opened, mismatches reported instead of thrown. */
export async function keysForVerification(tx: ReadTx, barrier: Decrypt): Promise<VerificationKeys | undefined> {
  const wrapped = await readKey(tx, CHAIN_KEY);
  const rows = await signingKeys(tx);
  if (!wrapped || rows.length === 0) return undefined;
  const publicKeys = new Map<string, KeyObject>();
  const problems: string[] = [];
  for (const row of rows) {
    const der = barrier.decrypt(signingAad(row.fingerprint), row.private_key);
    const derived = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
    der.fill(0);
    publicKeys.set(row.fingerprint, derived);
    if (derived.export({ type: "spki", format: "pem" }).toString() !== row.public_key || keyFingerprint(derived) !== row.fingerprint) {
      problems.push(`Signing key ${row.fingerprint}\tINVALID: the stored public key does not match its sealed private key (tampered)`);
    }
  }
  return { chainKey: barrier.decrypt(chainAad(CHAIN_KEY), wrapped), publicKeys, problems };
}
