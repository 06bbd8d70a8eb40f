import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createSigningKeyCache, deriveSigningKey } from "./signing-key.js";

const DOC_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

describe("SigV4 signing key", () => {
  it("derives the kSigning published in the AWS SigV4 documentation", () => {
    assert.equal(
      deriveSigningKey(DOC_SECRET, "20120215", "us-east-1", "iam").toString("hex"),
      "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
    );
  });

  it("cache returns the derived key, and a different one for another secret or scope", () => {
    const cache = createSigningKeyCache(8);
    const expected = deriveSigningKey(DOC_SECRET, "20120215", "us-east-1", "iam");
    assert.deepEqual(cache.get(DOC_SECRET, "20120215", "us-east-1", "iam").export(), expected);
    assert.deepEqual(cache.get(DOC_SECRET, "20120215", "us-east-1", "iam").export(), expected); // from the cache now
    assert.notDeepEqual(cache.get(DOC_SECRET + "x", "20120215", "us-east-1", "iam").export(), expected);
    assert.notDeepEqual(cache.get(DOC_SECRET, "20120216", "us-east-1", "iam").export(), expected);
    assert.notDeepEqual(cache.get(DOC_SECRET, "20120215", "us-east-1", "sts").export(), expected);
  });

  it("cache entries cannot collide by moving characters between parts (secret 'x1' + date '2' vs 'x' + '12')", () => {
    const cache = createSigningKeyCache(8);
    cache.get("x1", "2", "us-east-1", "iam");
    assert.deepEqual(cache.get("x", "12", "us-east-1", "iam").export(), deriveSigningKey("x", "12", "us-east-1", "iam"));
  });

  it("cache is bounded and evicts the least recently used entry", () => {
    const cache = createSigningKeyCache(2);
    const a = cache.get("A", "20120215", "us-east-1", "iam");
    const b = cache.get("B", "20120215", "us-east-1", "iam");
    assert.equal(cache.get("A", "20120215", "us-east-1", "iam"), a, "hit returns the cached key object");
    cache.get("C", "20120215", "us-east-1", "iam"); // evicts B, the least recently used
    assert.equal(cache.size, 2);
    assert.equal(cache.get("A", "20120215", "us-east-1", "iam"), a, "A survived");
    const b2 = cache.get("B", "20120215", "us-east-1", "iam");
    assert.notEqual(b2, b, "B was evicted and derived again");
    assert.deepEqual(b2.export(), b.export());
  });
});
