// KMS ciphertext blob layout, version 1 (pure; kms.md §5.7):
//   01 02 02 00 78 | id kind u8 | key id 16 bytes | material version u32 | nonce 12 | ciphertext | tag 16
// Byte 0 is the format version; bytes 1–4 complete AWS's familiar `AQICAHg` prefix so scanners
// that look for KMS ciphertext still recognise ours. The whole header up to the nonce, followed by
// the canonical encryption context, is the AES-GCM AAD: key id, material version and context are
// all authenticated, and random bytes almost never get past the 5-byte prefix check.
import { NONCE_BYTES, TAG_BYTES, type Sealed } from "../../crypto/aead.js";
import { canonicalContextBytes, type EncryptionContextMap } from "../../crypto/context-aad.js";

export const KMS_BLOB_V1 = 0x01;
const PREFIX = Buffer.from([KMS_BLOB_V1, 0x02, 0x02, 0x00, 0x78]);
const HEADER_BYTES = PREFIX.length + 1 + 16 + 4;
/** Bytes a blob adds to its plaintext (header, nonce, tag). */
export const BLOB_OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

const ID_UUID = 0;
const ID_MRK = 1;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MRK_RE = /^mrk-[0-9a-f]{32}$/;

export interface BlobHeader {
  /** Key id as KMS prints it: lower-case UUID or `mrk-` + 32 hex. */
  readonly keyId: string;
  readonly materialVersion: number;
}

export interface DecodedBlob extends BlobHeader {
  /** The raw header bytes (part of the AAD). */
  readonly header: Buffer;
  readonly sealed: Sealed;
}

/** Header bytes for a key id and material version; throws on an id KMS would never issue. */
export function encodeHeader(h: BlobHeader): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  PREFIX.copy(out, 0);
  const { kind, raw } = keyIdBytes(h.keyId);
  out.writeUInt8(kind, PREFIX.length);
  raw.copy(out, PREFIX.length + 1);
  out.writeUInt32BE(h.materialVersion, PREFIX.length + 17);
  return out;
}

export function encodeBlob(header: Buffer, sealed: Sealed): Buffer {
  return Buffer.concat([header, sealed.nonce, sealed.ciphertext, sealed.tag]);
}

/** Parses a blob; null for anything that is not a version-1 KMS blob (never says why). */
export function decodeBlob(blob: Buffer): DecodedBlob | null {
  if (blob.length < BLOB_OVERHEAD || !blob.subarray(0, PREFIX.length).equals(PREFIX)) return null;
  const kind = blob.readUInt8(PREFIX.length);
  const keyId = keyIdString(kind, blob.subarray(PREFIX.length + 1, PREFIX.length + 17));
  if (keyId === null) return null;
  const materialVersion = blob.readUInt32BE(PREFIX.length + 17);
  const nonceEnd = HEADER_BYTES + NONCE_BYTES;
  return {
    keyId,
    materialVersion,
    header: blob.subarray(0, HEADER_BYTES),
    sealed: {
      nonce: blob.subarray(HEADER_BYTES, nonceEnd),
      ciphertext: blob.subarray(nonceEnd, blob.length - TAG_BYTES),
      tag: blob.subarray(blob.length - TAG_BYTES),
    },
  };
}

/** AAD = header (key id, material version) then the canonical encryption context. */
export function blobAad(header: Buffer, context: EncryptionContextMap | undefined): Buffer {
  return Buffer.concat([header, canonicalContextBytes(context)]);
}

function keyIdBytes(keyId: string): { kind: number; raw: Buffer } {
  if (UUID_RE.test(keyId)) return { kind: ID_UUID, raw: Buffer.from(keyId.replace(/-/g, ""), "hex") };
  if (MRK_RE.test(keyId)) return { kind: ID_MRK, raw: Buffer.from(keyId.slice(4), "hex") };
  throw new Error("not a KMS key id");
}

function keyIdString(kind: number, raw: Buffer): string | null {
  const h = raw.toString("hex");
  if (kind === ID_MRK) return `mrk-${h}`;
  if (kind !== ID_UUID) return null;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
