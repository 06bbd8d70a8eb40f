// The barrier: everything secret reaches storage only as AES-256-GCM ciphertext under a keyring
// term, with the row's identity as AAD (ARCHITECTURE.md §5). The keyring is wrapped by the root key.
import { randomBytes } from "node:crypto";
import type { Storage } from "../storage/types.js";
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES } from "./aead.js";
import { decodeBarrier, encodeBarrier } from "./formats.js";

const KEYRING_AAD = Buffer.from("sys/keyring");

export class BarrierError extends Error {}

const DDL = `
CREATE TABLE IF NOT EXISTS sys_keyring (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  wrapped BLOB NOT NULL,
  updated_at TEXT NOT NULL
);`;

interface KeyringJson {
  active: number;
  terms: Array<{ term: number; key: string }>;
}

export class Barrier {
  private keys = new Map<number, Buffer>();
  private active = 0;

  private constructor(private readonly storage: Storage) {}

  get isSealed(): boolean {
    return this.keys.size === 0;
  }

  /** Opens (or on first boot creates) the keyring with the root key. Wrong root key → BarrierError. */
  static async open(storage: Storage, rootKey: Buffer): Promise<Barrier> {
    await storage.migrate("0000-barrier", DDL);
    const b = new Barrier(storage);
    await b.unseal(rootKey);
    return b;
  }

  /** Loads the keyring with `rootKey`; creates term 1 when the store is new. */
  async unseal(rootKey: Buffer): Promise<void> {
    const row = await this.storage.read((tx) => tx.get<{ wrapped: Buffer }>("SELECT wrapped FROM sys_keyring WHERE id = 1"));
    if (!row) {
      const ring: KeyringJson = { active: 1, terms: [{ term: 1, key: randomBytes(KEY_BYTES).toString("base64") }] };
      const wrapped = wrapKeyring(rootKey, ring);
      await this.storage.write((tx) =>
        tx.run("INSERT INTO sys_keyring (id, wrapped, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", [
          wrapped,
          new Date().toISOString(),
        ]),
      );
      return this.unseal(rootKey);
    }
    const ring = unwrapKeyring(rootKey, row.wrapped);
    this.keys = new Map(ring.terms.map((t) => [t.term, Buffer.from(t.key, "base64")]));
    this.active = ring.active;
  }

  /** Forgets every key (zeroed) until the next unseal. */
  seal(): void {
    for (const k of this.keys.values()) k.fill(0);
    this.keys.clear();
    this.active = 0;
  }

  /** Re-wraps the keyring under a new root key; data stays as it is. */
  async rewrap(newRootKey: Buffer): Promise<void> {
    const ring = this.ringJson();
    const wrapped = wrapKeyring(newRootKey, ring);
    await this.storage.write((tx) =>
      tx.run("UPDATE sys_keyring SET wrapped = ?, updated_at = ? WHERE id = 1", [wrapped, new Date().toISOString()]),
    );
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

  private ringJson(): KeyringJson {
    return {
      active: this.active,
      terms: [...this.keys].map(([term, key]) => ({ term, key: key.toString("base64") })),
    };
  }
}

function wrapKeyring(rootKey: Buffer, ring: KeyringJson): Buffer {
  return encodeBarrier(0, aesGcmEncrypt(rootKey, Buffer.from(JSON.stringify(ring)), KEYRING_AAD));
}

function unwrapKeyring(rootKey: Buffer, wrapped: Buffer): KeyringJson {
  const parsed = decodeBarrier(wrapped);
  const plain = parsed && aesGcmDecrypt(rootKey, parsed.sealed, KEYRING_AAD);
  if (!plain) throw new BarrierError("the root key does not open this data directory's keyring (wrong key, passphrase or shares)");
  const ring = JSON.parse(plain.toString("utf8")) as KeyringJson; // our own authenticated JSON
  plain.fill(0);
  return ring;
}
