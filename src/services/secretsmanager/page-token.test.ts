// page-token.ts: round trip; anything we did not issue is InvalidNextTokenException.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePageToken, encodePageToken } from "./page-token.js";

test("tokens round-trip and foreign tokens are refused", () => {
  assert.equal(decodePageToken(undefined), 0);
  assert.equal(decodePageToken(encodePageToken(42)), 42);
  for (const bad of ["42", "bm90LWEtdG9rZW4=", "", Buffer.from("sm1:-1").toString("base64")]) {
    assert.throws(() => decodePageToken(bad), { name: "InvalidNextTokenException", message: "The NextToken value is invalid." }, bad);
  }
});
