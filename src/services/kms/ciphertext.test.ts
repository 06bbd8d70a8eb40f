import { test } from "node:test";
import assert from "node:assert/strict";
import { aesGcmDecrypt, aesGcmEncrypt } from "../../crypto/aead.js";
import { BLOB_OVERHEAD, blobAad, decodeBlob, encodeBlob, encodeHeader } from "./ciphertext.js";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const MRK_ID = "mrk-1234abcd12ab34cd56ef1234567890ab";
const material = Buffer.alloc(32, 7);
const nonce = Buffer.alloc(12, 1);

function seal(keyId: string, version: number, plaintext: Buffer, ctx?: Record<string, string>): Buffer {
  const header = encodeHeader({ keyId, materialVersion: version });
  return encodeBlob(header, aesGcmEncrypt(material, plaintext, blobAad(header, ctx), nonce));
}

function open(blob: Buffer, ctx?: Record<string, string>): Buffer | null {
  const d = decodeBlob(blob);
  return d && aesGcmDecrypt(material, d.sealed, blobAad(d.header, ctx));
}

test("round trip keeps key id, material version and plaintext", () => {
  const blob = seal(KEY_ID, 3, Buffer.from("attack at dawn"), { app: "billing" });
  const d = decodeBlob(blob);
  assert.ok(d);
  assert.equal(d.keyId, KEY_ID);
  assert.equal(d.materialVersion, 3);
  assert.equal(open(blob, { app: "billing" })?.toString(), "attack at dawn");
});

test("multi-Region key ids round-trip", () => {
  assert.equal(decodeBlob(seal(MRK_ID, 1, Buffer.from("x")))?.keyId, MRK_ID);
});

test("layout: AWS-like prefix, fixed overhead, 4096-byte plaintext fits in 6144", () => {
  const blob = seal(KEY_ID, 1, Buffer.alloc(4096));
  assert.equal(blob.subarray(0, 5).toString("base64").slice(0, 6), "AQICAH");
  assert.equal(blob.length, 4096 + BLOB_OVERHEAD);
  assert.ok(blob.length <= 6144);
});

test("raw blob is not itself base64 text (never double-encoded)", () => {
  const blob = seal(KEY_ID, 1, Buffer.from("hello"));
  assert.equal(/^[A-Za-z0-9+/=]+$/.test(blob.toString("latin1")), false);
});

const refusals: Array<[string, (b: Buffer) => Buffer, Record<string, string> | undefined]> = [
  ["wrong context value", (b) => b, { app: "other" }],
  ["missing context", (b) => b, undefined],
  ["extra context pair", (b) => b, { app: "billing", x: "y" }],
  ["flipped ciphertext byte", (b) => flip(b, b.length - 20), { app: "billing" }],
  ["flipped tag byte", (b) => flip(b, b.length - 1), { app: "billing" }],
  ["flipped nonce byte", (b) => flip(b, 30), { app: "billing" }],
  ["material version changed", (b) => flip(b, 25), { app: "billing" }],
  ["key id changed", (b) => flip(b, 10), { app: "billing" }],
  ["truncated", (b) => b.subarray(0, b.length - 1), { app: "billing" }],
];
for (const [name, mutate, ctx] of refusals) {
  test(`refused: ${name}`, () => {
    const blob = seal(KEY_ID, 2, Buffer.from("attack at dawn"), { app: "billing" });
    assert.equal(open(mutate(Buffer.from(blob)), ctx), null);
  });
}

test("junk and foreign formats do not decode", () => {
  assert.equal(decodeBlob(Buffer.alloc(100, 0xab)), null);
  assert.equal(decodeBlob(Buffer.alloc(10)), null);
  const wrongVersion = seal(KEY_ID, 1, Buffer.from("x"));
  wrongVersion[0] = 0x02;
  assert.equal(decodeBlob(wrongVersion), null);
  const badKind = seal(KEY_ID, 1, Buffer.from("x"));
  badKind[5] = 9;
  assert.equal(decodeBlob(badKind), null);
});

test("encodeHeader refuses ids KMS never issues", () => {
  assert.throws(() => encodeHeader({ keyId: "alias/x", materialVersion: 1 }));
  assert.throws(() => encodeHeader({ keyId: KEY_ID.toUpperCase(), materialVersion: 1 }));
});

function flip(b: Buffer, i: number): Buffer {
  const c = Buffer.from(b);
  c[i] = (c[i] ?? 0) ^ 0x01;
  return c;
}
