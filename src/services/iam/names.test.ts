// Table tests for IAM identifiers and ARNs (iam.md §1, protocol.md §6.7).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accessKeyId, assumedRoleArn, entityArn, entityId, idChars, parsePolicyArn, parseRoleArn, secretAccessKey, underPath } from "./names.js";

const bytes = (n: number, fill = 0): Uint8Array => new Uint8Array(n).fill(fill);

describe("ids", () => {
  for (const [kind, prefix] of [["user", "AIDA"], ["group", "AGPA"], ["role", "AROA"], ["policy", "ANPA"]] as const) {
    it(`${kind} ids are ${prefix} + 17 characters of [A-Z0-9]`, () => {
      const id = entityId(kind, Uint8Array.from({ length: 17 }, (_, i) => i * 15));
      assert.match(id, new RegExp(`^${prefix}[A-Z0-9]{17}$`));
    });
  }
  it("access key ids are 20 characters: AKIA or ASIA + 16", () => {
    assert.equal(accessKeyId("AKIA", bytes(16)), "AKIAAAAAAAAAAAAAAAAA");
    assert.match(accessKeyId("ASIA", bytes(16, 255)), /^ASIA[A-Z2-7]{16}$/);
  });
  it("secret access keys are 40 characters without '+' or '/'", () => {
    const s = secretAccessKey(bytes(30, 0xfb));
    assert.equal(s.length, 40);
    assert.doesNotMatch(s, /[+/]/);
  });
  it("refuses to build an id from too few bytes", () => {
    assert.throws(() => idChars(bytes(3), 4));
  });
});

describe("ARNs", () => {
  it("entity ARNs carry the path; session ARNs do not (iam.md §1)", () => {
    assert.equal(entityArn("123456789012", "user", "/division/", "bob"), "arn:aws:iam::123456789012:user/division/bob");
    assert.equal(entityArn("123456789012", "role", "/", "app"), "arn:aws:iam::123456789012:role/app");
    assert.equal(assumedRoleArn("123456789012", "app", "s1"), "arn:aws:sts::123456789012:assumed-role/app/s1");
  });
  const policyCases: [string, ReturnType<typeof parsePolicyArn>][] = [
    ["arn:aws:iam::123456789012:policy/Read", { accountId: "123456789012", path: "/", name: "Read" }],
    ["arn:aws:iam::123456789012:policy/a/b/Read", { accountId: "123456789012", path: "/a/b/", name: "Read" }],
    ["arn:aws:iam::aws:policy/ReadOnlyAccess", { accountId: "aws", path: "/", name: "ReadOnlyAccess" }],
    ["arn:aws:iam::123456789012:role/Read", undefined],
    ["arn:aws:iam::123456789012:policy/", undefined],
  ];
  for (const [arn, want] of policyCases) it(`parsePolicyArn(${arn})`, () => assert.deepEqual(parsePolicyArn(arn), want));
  it("parseRoleArn splits path and name", () => {
    assert.deepEqual(parseRoleArn("arn:aws:iam::123456789012:role/projectA/production/app"), { accountId: "123456789012", path: "/projectA/production/", name: "app" });
    assert.equal(parseRoleArn("arn:aws:iam::123456789012:user/app"), undefined);
  });
  it("underPath is a case-sensitive prefix test; no prefix matches all", () => {
    assert.equal(underPath("/a/b/", "/a/"), true);
    assert.equal(underPath("/A/b/", "/a/"), false);
    assert.equal(underPath("/x/", undefined), true);
  });
});
