// Canonical bytes of a KMS encryption context, used as AEAD additional data (pure).
// Pairs are sorted by the UTF-8 bytes of their key and every key and value is length-prefixed,
// so map order on the wire never matters and no two different contexts share an encoding
// (moto's concatenation makes {"ab":"c"} and {"a":"bc"} collide).

export type EncryptionContextMap = Readonly<Record<string, string>>;

/** u32 count, then for each pair sorted by key bytes: u32 len | key | u32 len | value. */
export function canonicalContextBytes(context: EncryptionContextMap | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).map(([k, v]) => [Buffer.from(k, "utf8"), Buffer.from(v, "utf8")] as const);
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(pairs.length)];
  for (const [k, v] of pairs) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

/** True when both maps hold exactly the same pairs (order irrelevant, case-sensitive). */
export function sameContext(a: EncryptionContextMap | undefined, b: EncryptionContextMap | undefined): boolean {
  return canonicalContextBytes(a).equals(canonicalContextBytes(b));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
