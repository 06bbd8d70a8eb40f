// Symmetric KMS encryption: AES-256-GCM under one material version, AAD = blob header + context.
import { aesGcmDecrypt, aesGcmEncrypt } from "../../crypto/aead.js";
import type { EncryptionContextMap } from "../../crypto/context-aad.js";
import { blobAad, encodeBlob, encodeHeader, type DecodedBlob } from "./ciphertext.js";
import type { Material } from "./material.js";

export function sealBlob(keyId: string, m: Material, plaintext: Buffer, context: EncryptionContextMap | undefined): Buffer {
  const header = encodeHeader({ keyId, materialVersion: m.version });
  return encodeBlob(header, aesGcmEncrypt(m.key, plaintext, blobAad(header, context)));
}

/** Plaintext, or null when the tag does not verify (wrong context, tampering, wrong material). */
export function openBlob(blob: DecodedBlob, m: Material, context: EncryptionContextMap | undefined): Buffer | null {
  return aesGcmDecrypt(m.key, blob.sealed, blobAad(blob.header, context));
}
