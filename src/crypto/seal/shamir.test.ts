import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { getRandomBytes } from "shamir-secret-sharing/csprng";
import { combineShares, parseShare, ShareError, sharesProblem, splitRootKey, type ParsedShare } from "./shamir.js";

/** Every k-element subset of xs. */
function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [head, ...rest] = xs as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [head, ...s]), ...subsets(rest, k)];
}

/** Flips one base64url character of the payload into another valid one. */
function tamper(text: string, at: number): string {
  const i = text.indexOf("-") + 1 + at;
  const c = text[i] === "A" ? "B" : "A";
  return text.slice(0, i) + c + text.slice(i + 1);
}

describe("Shamir shares of the root key", () => {
  it("any 3 of 5 shares recombine the root key (all 10 subsets)", async () => {
    const key = randomBytes(32);
    const set = await splitRootKey(key, 5, 3);
    assert.equal(set.shares.length, 5);
    const parsed = set.shares.map(parseShare);
    const all = subsets(parsed, 3);
    assert.equal(all.length, 10);
    for (const subset of all) {
      assert.deepEqual(await combineShares(subset, set.setId, 3), key, `shares ${subset.map((s) => s.index).join(",")}`);
    }
    // More than the threshold works too: the points all lie on the same polynomial.
    assert.deepEqual(await combineShares(parsed, set.setId, 3), key);
  });

  it("2 of a 3-of-5 set are refused, and their raw combination is not the key", async () => {
    const key = randomBytes(32);
    const set = await splitRootKey(key, 5, 3);
    const parsed = set.shares.map(parseShare);
    for (const pair of subsets(parsed, 2)) {
      await assert.rejects(combineShares(pair, set.setId, 3), { message: "3 shares are needed, 2 given" });
      // Bypassing the count check (threshold 2) interpolates a different polynomial: a wrong key.
      assert.notDeepEqual(await combineShares(pair, set.setId, 2), key);
    }
  });

  it("a share with one character changed fails its checksum, without echoing the share", async () => {
    const set = await splitRootKey(randomBytes(32), 3, 2);
    const share = set.shares[1] ?? "";
    for (const at of [0, 5, 20, 40, 54]) {
      assert.throws(() => parseShare(tamper(share, at)), (e: unknown) => {
        assert.ok(e instanceof ShareError);
        assert.equal(e.message, "malformed share: checksum mismatch (a character was changed or mistyped)");
        return true;
      });
    }
  });

  it("malformed texts are refused with a clear message", () => {
    const cases: Array<[string, string]> = [
      ["", "malformed share: expected <number>-<base64url> as printed by paramstore operator init"],
      ["not a share", "malformed share: expected <number>-<base64url> as printed by paramstore operator init"],
      ["1-AAAA", "malformed share: wrong length or number (was it copied completely?)"],
      ["0-" + "A".repeat(55), "malformed share: wrong length or number (was it copied completely?)"],
      ["256-" + "A".repeat(55), "malformed share: wrong length or number (was it copied completely?)"],
    ];
    for (const [text, message] of cases) assert.throws(() => parseShare(text), { message }, JSON.stringify(text));
  });

  it("surrounding whitespace (copy and paste) is accepted", async () => {
    const set = await splitRootKey(randomBytes(32), 2, 2);
    assert.equal(parseShare(`  ${set.shares[0] ?? ""}\n`).index, 1);
  });

  it("shares of another set (an earlier init or rotation) are refused", async () => {
    const a = await splitRootKey(randomBytes(32), 3, 2);
    const b = await splitRootKey(randomBytes(32), 3, 2);
    assert.notEqual(a.setId, b.setId);
    const mixed = [parseShare(a.shares[0] ?? ""), parseShare(b.shares[1] ?? "")];
    await assert.rejects(combineShares(mixed, a.setId, 2), { message: "share 2 belongs to another share set (an earlier init or rotate-root), not the current one" });
  });

  it("the same share twice does not count twice", async () => {
    const set = await splitRootKey(randomBytes(32), 3, 2);
    const one = parseShare(set.shares[0] ?? "");
    await assert.rejects(combineShares([one, parseShare(set.shares[0] ?? "")], set.setId, 2), { message: "the same share was given twice" });
  });

  it("share counts outside 2..255 or a threshold above the count are refused", async () => {
    assert.equal(sharesProblem(5, 3), null);
    assert.equal(sharesProblem(2, 2), null);
    assert.equal(sharesProblem(255, 255), null);
    assert.equal(sharesProblem(1, 1), "--shares must be an integer from 2 to 255");
    assert.equal(sharesProblem(256, 3), "--shares must be an integer from 2 to 255");
    assert.equal(sharesProblem(Number.NaN, 3), "--shares must be an integer from 2 to 255");
    assert.equal(sharesProblem(5, 6), "--threshold must be an integer from 2 to the number of shares (5)");
    assert.equal(sharesProblem(5, 1), "--threshold must be an integer from 2 to the number of shares (5)");
    await assert.rejects(splitRootKey(randomBytes(32), 3, 4), ShareError);
    await assert.rejects(splitRootKey(randomBytes(16), 3, 2), { message: "the root key must be 32 bytes" });
  });

  it("the printed text carries the 1-based index and no key bytes", async () => {
    const key = randomBytes(32);
    const set = await splitRootKey(key, 4, 2);
    set.shares.forEach((s, i) => assert.match(s, new RegExp(`^${i + 1}-[A-Za-z0-9_-]{55}$`)));
    for (const s of set.shares) {
      const p: ParsedShare = parseShare(s);
      assert.equal(p.bytes.includes(key), false);
      assert.equal(s.includes(key.toString("base64url")), false);
    }
  });

  it("the library's node randomness is node:crypto and returns exactly the bytes asked for", () => {
    // csprng.node.js wraps crypto.randomBytes(n).buffer: a pooled Buffer would hand out the whole pool.
    for (const n of [1, 2, 31, 255, 4096]) {
      const bytes = getRandomBytes(n);
      assert.equal(bytes.length, n);
      assert.equal(bytes.buffer.byteLength, n);
    }
    const a = Buffer.from(getRandomBytes(32));
    const b = Buffer.from(getRandomBytes(32));
    assert.notDeepEqual(a, b);
  });
});
