import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { canonicalHeaderValue, canonicalHeaders, canonicalQuery, canonicalUri, uriEncode } from "./canonical.js";

describe("SigV4 canonical request parts", () => {
  const encodeCases: [string, string][] = [
    ["abcXYZ019-._~", "abcXYZ019-._~"],
    ["a b", "a%20b"],
    ["a+b", "a%2Bb"],
    ["/", "%2F"],
    ["*!'()", "%2A%21%27%28%29"],
    ["é", "%C3%A9"],
    ["%", "%25"],
  ];
  for (const [input, expected] of encodeCases) {
    it(`uriEncode ${JSON.stringify(input)} -> ${expected}`, () => assert.equal(uriEncode(input), expected));
  }

  const uriCases: [string, string, string][] = [
    ["", "/", "empty path is /"],
    ["/", "/", "root"],
    ["/prefix/path", "/prefix/path", "endpoint with a path prefix"],
    ["/prefix/path/", "/prefix/path/", "trailing slash kept"],
    ["/a%20b", "/a%2520b", "already-encoded wire path is encoded again, as the SDKs do"],
    ["//a/./b/../c", "/a/c", "empty and dot segments removed"],
    ["/a b*", "/a%20b%2A", "unencoded characters encoded"],
  ];
  for (const [raw, expected, why] of uriCases) {
    it(`canonicalUri ${JSON.stringify(raw)} -> ${expected} (${why})`, () => assert.equal(canonicalUri(raw), expected));
  }

  const queryCases: [string, string, string][] = [
    ["", "", "no query"],
    ["b=2&a=1", "a=1&b=2", "sorted by name"],
    ["a=2&a=1", "a=1&a=2", "repeated name sorted by value"],
    ["a-b=1&a=2", "a=2&a-b=1", "sorted by name, not by the name=value string"],
    ["k=a+b", "k=a%20b", "+ is a space (form encoding) and is canonically %20"],
    ["k=%7e%2f", "k=~%2F", "decoded then re-encoded: ~ plain, / as %2F"],
    ["flag", "flag=", "name without value"],
    ["X-Amz-Signature=abc&a=1", "a=1", "X-Amz-Signature left out"],
  ];
  for (const [raw, expected, why] of queryCases) {
    it(`canonicalQuery ${JSON.stringify(raw)} -> ${JSON.stringify(expected)} (${why})`, () =>
      assert.equal(canonicalQuery(new URLSearchParams(raw)), expected));
  }

  const valueCases: [string, string][] = [
    ["plain value", "plain value"],
    ["a   b    c", "a b c"],
    ["  padded  ", "padded"],
    ["tab\there", "tab here"],
    ["   ", ""],
  ];
  for (const [raw, expected] of valueCases) {
    it(`canonicalHeaderValue ${JSON.stringify(raw)} -> ${JSON.stringify(expected)}`, () =>
      assert.equal(canonicalHeaderValue(raw), expected));
  }

  it("canonicalHeaders lists signed headers in order, joins repeated values with ','", () => {
    const headers = { host: ["h:1"], "x-a": ["1", " 2  3 "], "x-unsigned": ["z"] };
    assert.equal(canonicalHeaders(headers, ["host", "x-a"]), "host:h:1\nx-a:1,2 3\n");
  });

  it("canonicalHeaders is null when a signed header is absent, including prototype names", () => {
    assert.equal(canonicalHeaders({ host: ["h"] }, ["host", "x-a"]), null);
    assert.equal(canonicalHeaders({ host: ["h"] }, ["host", "__proto__"]), null);
    assert.equal(canonicalHeaders({ host: ["h"] }, ["host", "constructor"]), null);
  });
});
