import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { DEFAULT_COST, derivePassphraseKey, newPassphraseProblem, newScryptParams, PassphraseError, type ScryptParams } from "./passphrase.js";

// Small cost for speed; the production default is asserted separately.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const pass = (s: string): Buffer => Buffer.from(s, "utf8");

describe("passphrase seal (scrypt)", () => {
  it("defaults to N=2^17, r=8, p=1 with a fresh 32-byte salt each time", () => {
    const a = newScryptParams();
    const b = newScryptParams();
    assert.deepEqual({ N: a.N, r: a.r, p: a.p, kdf: a.kdf }, { ...DEFAULT_COST, kdf: "scrypt" });
    assert.equal(Buffer.from(a.salt, "base64").length, 32);
    assert.notEqual(a.salt, b.salt);
  });

  it("derives the same 256-bit key for the same passphrase and salt, with the production cost", async () => {
    const params = newScryptParams();
    const k1 = await derivePassphraseKey(pass("correct horse battery"), params);
    const k2 = await derivePassphraseKey(pass("correct horse battery"), params);
    assert.equal(k1.length, 32);
    assert.deepEqual(k1, k2);
  });

  it("a different passphrase or salt derives a different key", async () => {
    const params = newScryptParams(FAST);
    const base = await derivePassphraseKey(pass("correct horse battery"), params);
    assert.notDeepEqual(await derivePassphraseKey(pass("correct horse batterY"), params), base);
    assert.notDeepEqual(await derivePassphraseKey(pass("correct horse battery"), newScryptParams(FAST)), base);
  });

  it("is plain scrypt(passphrase, salt, 32) with the recorded parameters (reproducible elsewhere)", async () => {
    const params = newScryptParams(FAST);
    const expected = scryptSync("correct horse battery", Buffer.from(params.salt, "base64"), 32, { N: FAST.N, r: FAST.r, p: FAST.p });
    assert.deepEqual(await derivePassphraseKey(pass("correct horse battery"), params), expected);
  });

  it("normalises Unicode (NFC) so composed and decomposed input derive the same key", async () => {
    const params = newScryptParams(FAST);
    const composed = await derivePassphraseKey(pass("caf\u00e9 au lait!"), params);
    const decomposed = await derivePassphraseKey(pass("cafe\u0301 au lait!"), params);
    assert.deepEqual(composed, decomposed);
  });

  it("refuses an empty passphrase and unusable parameters", async () => {
    await assert.rejects(derivePassphraseKey(Buffer.alloc(0), newScryptParams(FAST)), { message: "the passphrase is empty" });
    const ok = newScryptParams(FAST);
    const cases: Array<[Partial<ScryptParams>, string]> = [
      [{ N: 1000 }, "scrypt N must be a power of two of at least 1024"],
      [{ N: 512 }, "scrypt N must be a power of two of at least 1024"],
      [{ r: 0 }, "scrypt r must be from 1 to 32"],
      [{ p: 17 }, "scrypt p must be from 1 to 16"],
      [{ N: 2 ** 21, r: 8 }, "scrypt parameters need more than 1 GiB of memory"],
      [{ salt: "" }, "scrypt salt must be at least 16 bytes"],
    ];
    for (const [over, message] of cases) {
      await assert.rejects(derivePassphraseKey(pass("long enough"), { ...ok, ...over }), (e: unknown) => e instanceof PassphraseError && e.message === message);
    }
    assert.throws(() => newScryptParams({ N: 3, r: 1, p: 1 }), PassphraseError);
  });

  it("a new passphrase needs at least 8 characters (counted as characters, not bytes)", () => {
    assert.equal(newPassphraseProblem(pass("1234567")), "the passphrase must have at least 8 characters");
    assert.equal(newPassphraseProblem(pass("12345678")), null);
    assert.equal(newPassphraseProblem(pass("ééééééé")), "the passphrase must have at least 8 characters");
  });
});
