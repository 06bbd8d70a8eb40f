import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalContextBytes, sameContext } from "./context-aad.js";

const hex = (c: Record<string, string> | undefined): string => canonicalContextBytes(c).toString("hex");

test("empty and absent contexts encode the same (count 0)", () => {
  assert.equal(hex(undefined), "00000000");
  assert.equal(hex({}), "00000000");
});

test("one pair is count, then length-prefixed key and value", () => {
  assert.equal(hex({ a: "bc" }), "00000001" + "00000001" + "61" + "00000002" + "6263");
});

test("insertion order does not matter", () => {
  assert.equal(hex({ x: "1", a: "2", m: "3" }), hex({ m: "3", x: "1", a: "2" }));
});

const distinct: Array<[string, Record<string, string>, Record<string, string>]> = [
  ["moto's concatenation collision", { ab: "c" }, { a: "bc" }],
  ["key/value boundary", { a: "b" }, { ab: "" }],
  ["case of keys matters", { App: "x" }, { app: "x" }],
  ["case of values matters", { app: "X" }, { app: "x" }],
  ["extra pair", { a: "1" }, { a: "1", b: "2" }],
  ["missing pair vs empty", {}, { a: "" }],
  ["pairs swapped between key and value", { a: "b" }, { b: "a" }],
];
for (const [name, a, b] of distinct) {
  test(`different contexts never collide: ${name}`, () => {
    assert.notEqual(hex(a), hex(b));
    assert.equal(sameContext(a, b), false);
  });
}

test("sorting is by UTF-8 bytes, so non-ASCII keys are deterministic", () => {
  assert.equal(hex({ "é": "1", z: "2", "日": "3" }), hex({ "日": "3", z: "2", "é": "1" }));
  const bytes = canonicalContextBytes({ "é": "1", z: "2" });
  // "z" (0x7a) sorts before "é" (0xc3 0xa9) in byte order.
  assert.equal(bytes.subarray(8, 9).toString("utf8"), "z");
});

test("sameContext is true for equal sets", () => {
  assert.equal(sameContext({ a: "1", b: "2" }, { b: "2", a: "1" }), true);
  assert.equal(sameContext(undefined, {}), true);
});
