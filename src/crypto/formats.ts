// Versioned ciphertext layouts (pure). Barrier: 0x01 | term u32 | nonce | ct | tag.
import { NONCE_BYTES, TAG_BYTES, type Sealed } from "./aead.js";

export const BARRIER_FORMAT_V1 = 0x01;

export function encodeBarrier(term: number, sealed: Sealed): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(BARRIER_FORMAT_V1, 0);
  head.writeUInt32BE(term, 1);
  return Buffer.concat([head, sealed.nonce, sealed.ciphertext, sealed.tag]);
}

export function decodeBarrier(blob: Buffer): { term: number; sealed: Sealed } | null {
  if (blob.length < 5 + NONCE_BYTES + TAG_BYTES || blob[0] !== BARRIER_FORMAT_V1) return null;
  const term = blob.readUInt32BE(1);
  const nonce = blob.subarray(5, 5 + NONCE_BYTES);
  const ciphertext = blob.subarray(5 + NONCE_BYTES, blob.length - TAG_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  return { term, sealed: { nonce, ciphertext, tag } };
}
