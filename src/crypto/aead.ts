// AES-256-GCM primitives shared by the barrier and the key service (node:crypto only).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export function aesGcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer = randomBytes(NONCE_BYTES)): Sealed {
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Returns null when the tag does not verify (wrong key, wrong AAD or tampering). */
export function aesGcmDecrypt(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}
