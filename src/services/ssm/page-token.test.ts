import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fullPageToken, nextToken, parseToken } from "./page-token.js";

describe("parseToken", () => {
  const cases: Array<[string | undefined, unknown]> = [
    [undefined, { ok: true, offset: 0 }],
    ["0", { ok: true, offset: 0 }],
    ["10", { ok: true, offset: 10 }],
    ["-1", { ok: false }],
    ["1.5", { ok: false }],
    ["abc", { ok: false }],
    ["", { ok: false }],
    ["1".repeat(16), { ok: false }],
  ];
  for (const [token, want] of cases) it(`${String(token)} → ${JSON.stringify(want)}`, () => assert.deepEqual(parseToken(token), want));
});

describe("nextToken", () => {
  it("points at the next item when more exist", () => assert.equal(nextToken(10, 10, true), "20"));
  it("is absent on the last page", () => assert.equal(nextToken(10, 4, false), undefined));
  it("is absent for an empty page, so it can never repeat", () => assert.equal(nextToken(10, 0, true), undefined));
  it("strictly increases page after page", () => {
    let offset = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const t = nextToken(offset, 3, true);
      assert.ok(t !== undefined && !seen.has(t));
      seen.add(t);
      offset = Number(t);
    }
  });
});

describe("fullPageToken (DescribeParameters)", () => {
  it("is sent for a full page, even the last one", () => assert.equal(fullPageToken(40, 10, 10), "50"));
  it("is absent for a short page", () => assert.equal(fullPageToken(40, 9, 10), undefined));
  it("is absent for the empty page after an exactly full one, so it never repeats", () => assert.equal(fullPageToken(50, 0, 10), undefined));
});
