// The barrier: everything secret reaches storage only as AES-256-GCM ciphertext under a keyring
// term, with the row's identity as AAD (ARCHITECTURE.md §5). The keyring is wrapped by the root key.
import { randomBytes } from "node:crypto";
import type { Storage, WriteTx } from "../storage/types.js";
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES } from "./aead.js";
import { decodeBarrier, encodeBarrier } from "./formats.js";

const KEYRING_AAD = Buffer.from("sys/keyring");
/** Keyring plaintext: 0x01 | active term u32 | (term u32 | 32-byte key)*. Binary so keys never become strings. */
const KEYRING_FORMAT_V1 = 0x01;
const TERM_BYTES = 4 + KEY_BYTES;

export class BarrierError extends Error {}

const DDL = `
CREATE TABLE IF NOT EXISTS sys_keyring (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  wrapped BLOB NOT NULL,
  updated_at TEXT NOT NULL
);`;

interface Keyring {
  active: number;
  keys: Map<number, Buffer>;
}

export class Barrier {
  private keys = new Map<number, Buffer>();
  private active = 0;
  private readonly sealListeners = new Set<() => void>();

  private constructor(private readonly storage: Storage) {}

  get isSealed(): boolean {
    return this.keys.size === 0;
  }

  /** A sealed barrier over `storage` (schema applied); unseal it later with the root key. */
  static async attach(storage: Storage): Promise<Barrier> {
    await storage.migrate("0000-barrier", DDL);
    return new Barrier(storage);
  }

  /** Opens (or on first boot creates) the keyring with the root key. Wrong root key → BarrierError. */
  static async open(storage: Storage, rootKey: Buffer): Promise<Barrier> {
    const b = await Barrier.attach(storage);
    await b.unseal(rootKey);
    return b;
  }

  /** Whether this store already has a keyring (i.e. it was initialised). */
  async hasKeyring(): Promise<boolean> {
    return (await this.readWrapped()) !== undefined;
  }

  /**
   * Writes a fresh keyring (term 1) wrapped by `rootKey` inside the caller's transaction, replacing
   * any keyring there. Only for a store whose initialisation has not finished (seal/boot.ts guards it).
   */
  async writeNewKeyring(tx: WriteTx, rootKey: Buffer): Promise<void> {
    const ring: Keyring = { active: 1, keys: new Map([[1, randomBytes(KEY_BYTES)]]) };
    const wrapped = wrapKeyring(rootKey, ring);
    zeroRing(ring);
    await tx.run(
      "INSERT INTO sys_keyring (id, wrapped, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET wrapped = excluded.wrapped, updated_at = excluded.updated_at",
      [wrapped, new Date().toISOString()],
    );
  }

  /** Loads the keyring with `rootKey`; creates term 1 when the store is new. */
  async unseal(rootKey: Buffer): Promise<void> {
    const wrapped = await this.readWrapped();
    if (!wrapped) {
      await this.storage.write((tx) => this.writeNewKeyring(tx, rootKey));
      return this.unseal(rootKey);
    }
    const ring = unwrapKeyring(rootKey, wrapped);
    this.dropKeys();
    this.keys = ring.keys;
    this.active = ring.active;
  }

  /**
   * The unsealed keyring in clear, for handing to a sibling process of this server (`--workers`: the
   * primary unseals, its workers adopt the keyring over their private IPC channel). Zero it after use.
   */
  exportKeyring(): Buffer {
    if (this.isSealed) throw new BarrierError("barrier is sealed");
    return encodeRing({ active: this.active, keys: this.keys });
  }

  /** Loads a keyring exported by exportKeyring() (zeroed afterwards); it must open the stored keyring's data. */
  adoptKeyring(plain: Buffer): void {
    try {
      if (plain[0] !== KEYRING_FORMAT_V1) throw new BarrierError("not an exported keyring");
      const ring = parseRing(plain);
      this.dropKeys();
      this.keys = ring.keys;
      this.active = ring.active;
    } finally {
      plain.fill(0);
    }
  }

  /** True when `rootKey` opens the stored keyring (proof of the current seal); loads nothing. */
  async checkRootKey(rootKey: Buffer): Promise<boolean> {
    const wrapped = await this.readWrapped();
    if (!wrapped) return false;
    try {
      zeroRing(unwrapKeyring(rootKey, wrapped));
      return true;
    } catch (e) {
      if (e instanceof BarrierError) return false;
      throw e;
    }
  }

  /**
   * Runs `fn` whenever the barrier seals (after the keys are zeroed): caches of decrypted key
   * material (KMS) must drop them here. Returns the unsubscribe function.
   */
  onSeal(fn: () => void): () => void {
    this.sealListeners.add(fn);
    return () => this.sealListeners.delete(fn);
  }

  /** Forgets every key (zeroed) until the next unseal, then tells the seal listeners. */
  seal(): void {
    this.dropKeys();
    let failure: unknown;
    for (const fn of this.sealListeners) {
      try {
        fn();
      } catch (e) {
        failure ??= e; // every listener still runs: one failing cache must not keep another's keys
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Re-wraps the keyring under a new root key; data stays as it is. `alsoInTx` runs in the same
   * transaction (the seal record that says how to obtain the new root key commits with it).
   */
  async rewrap(newRootKey: Buffer, alsoInTx?: (tx: WriteTx) => Promise<void>): Promise<void> {
    // Wrapping the empty in-memory ring of a sealed barrier would destroy every key.
    if (this.isSealed) throw new BarrierError("barrier is sealed");
    const wrapped = wrapKeyring(newRootKey, { active: this.active, keys: this.keys });
    await this.storage.write(async (tx) => {
      await tx.run("UPDATE sys_keyring SET wrapped = ?, updated_at = ? WHERE id = 1", [wrapped, new Date().toISOString()]);
      if (alsoInTx) await alsoInTx(tx);
    });
  }

  encrypt(aad: string, plaintext: Buffer): Buffer {
    const key = this.keys.get(this.active);
    if (!key) throw new BarrierError("barrier is sealed");
    return encodeBarrier(this.active, aesGcmEncrypt(key, plaintext, Buffer.from(aad)));
  }

  decrypt(aad: string, blob: Buffer): Buffer {
    const parsed = decodeBarrier(blob);
    if (!parsed) throw new BarrierError("malformed barrier ciphertext");
    const key = this.keys.get(parsed.term);
    if (!key) throw new BarrierError(this.isSealed ? "barrier is sealed" : `unknown keyring term ${parsed.term}`);
    const plain = aesGcmDecrypt(key, parsed.sealed, Buffer.from(aad));
    if (!plain) throw new BarrierError(`barrier ciphertext for ${aad} failed authentication`);
    return plain;
  }

  private async readWrapped(): Promise<Buffer | undefined> {
    const row = await this.storage.read((tx) => tx.get<{ wrapped: Buffer }>("SELECT wrapped FROM sys_keyring WHERE id = 1"));
    return row?.wrapped;
  }

  private dropKeys(): void {
    zeroRing({ active: this.active, keys: this.keys });
    this.keys = new Map();
    this.active = 0;
  }
}

function zeroRing(ring: Keyring): void {
  for (const k of ring.keys.values()) k.fill(0);
  ring.keys.clear();
}

function encodeRing(ring: Keyring): Buffer {
  const plain = Buffer.alloc(5 + ring.keys.size * TERM_BYTES);
  plain.writeUInt8(KEYRING_FORMAT_V1, 0);
  plain.writeUInt32BE(ring.active, 1);
  let at = 5;
  for (const [term, key] of ring.keys) {
    plain.writeUInt32BE(term, at);
    key.copy(plain, at + 4);
    at += TERM_BYTES;
  }
  return plain;
}

function wrapKeyring(rootKey: Buffer, ring: Keyring): Buffer {
  const plain = encodeRing(ring);
  try {
    return encodeBarrier(0, aesGcmEncrypt(rootKey, plain, KEYRING_AAD));
  } finally {
    plain.fill(0);
  }
}

function unwrapKeyring(rootKey: Buffer, wrapped: Buffer): Keyring {
  const parsed = decodeBarrier(wrapped);
  const plain = parsed && aesGcmDecrypt(rootKey, parsed.sealed, KEYRING_AAD);
  if (!plain) throw new BarrierError("the root key does not open this data directory's keyring (wrong key, passphrase or shares)");
  try {
    return plain[0] === KEYRING_FORMAT_V1 ? parseRing(plain) : parseLegacyJsonRing(plain);
  } finally {
    plain.fill(0);
  }
}

function parseRing(plain: Buffer): Keyring {
  if ((plain.length - 5) % TERM_BYTES !== 0) throw new BarrierError("keyring has an invalid layout");
  const keys = new Map<number, Buffer>();
  for (let at = 5; at < plain.length; at += TERM_BYTES) {
    keys.set(plain.readUInt32BE(at), Buffer.from(plain.subarray(at + 4, at + TERM_BYTES)));
  }
  return { active: plain.readUInt32BE(1), keys };
}

/** Keyrings written before the binary layout: {"active":n,"terms":[{"term":n,"key":"<base64>"}]}. */
function parseLegacyJsonRing(plain: Buffer): Keyring {
  const ring = JSON.parse(plain.toString("utf8")) as { active: number; terms: Array<{ term: number; key: string }> }; // our own authenticated JSON
  return { active: ring.active, keys: new Map(ring.terms.map((t) => [t.term, Buffer.from(t.key, "base64")])) };
}
