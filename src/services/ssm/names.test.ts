import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPutName, isValidLabel, keyOf, normalizePath, parameterArn, parentOf, parsePlainName, parseReadRef } from "./names.js";

const scope = { accountId: "123456789012", region: "us-east-2" };

describe("checkPutName", () => {
  const deep = (n: number): string => Array.from({ length: n }, (_, i) => `/L${i + 1}`).join("");
  const cases: Array<[string, string, string]> = [
    ["/my-app/prod/db/host", "ok", "/my-app/prod/db/host"],
    ["shared.newrelic_key", "ok", "/shared.newrelic_key"],
    ["/TestParam1", "ok", "/TestParam1"],
    ["  /padded  ", "ok", "/padded"],
    ["/my-app/bad name!", "invalid", "inner space and ! are not name characters"],
    ["name@x", "invalid", "@"],
    ["arn:aws:ssm:us-east-2:123456789012:parameter/x", "invalid", "ARNs are not names for writes"],
    ["MyParameter3/L1", "invalid", "a path must start with /"],
    ["/a//b", "invalid", "empty segment"],
    ["/a/b/", "invalid", "trailing slash"],
    ["/", "invalid", "no name at all"],
    ["ssm_test", "reserved-root", "root name prefixed ssm"],
    ["AWS_TEST", "reserved-root", "case-insensitive"],
    ["/awsx", "reserved-root", "one slash is still a root name"],
    ["/ssm_test/path/to/var", "invalid", "paths under ssm get the generic text"],
    ["/SSM/PATH/TO/VAR", "invalid", "case-insensitive"],
    ["/aws_test/path/to/var", "reserved-aws", "paths under aws are access denied"],
    [`${deep(14)}/name`, "ok", "15 levels"],
    [`${deep(15)}/name`, "too-deep", "16 levels"],
    [`/${"x".repeat(1011 - 45)}`, "ok", "full ARN exactly 1011"],
    [`/${"x".repeat(1012 - 45)}`, "too-long", "full ARN 1012"],
  ];
  for (const [name, want, why] of cases) {
    it(`${JSON.stringify(name.slice(0, 40))} → ${want} (${why})`, () => {
      const r = checkPutName(name, scope);
      if (want === "ok") {
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal(r.value.key, why.startsWith("/") ? why : r.value.key);
      } else {
        assert.ok(!r.ok);
        assert.equal(r.problem.kind, want);
      }
    });
  }
  it("root names are one parameter in either spelling, with the same ARN", () => {
    const a = checkPutName("/TestParam1", scope);
    const b = checkPutName("TestParam1", scope);
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.key, b.value.key);
    assert.equal(parameterArn(scope, a.value.key), "arn:aws:ssm:us-east-2:123456789012:parameter/TestParam1");
    assert.equal(b.value.name, "TestParam1");
  });
});

describe("keys, parents and ARNs", () => {
  it("paths keep their slash, root names gain one, partial paths have no key", () => {
    assert.equal(keyOf("/a/b"), "/a/b");
    assert.equal(keyOf("x"), "/x");
    assert.equal(keyOf("a/b"), null);
  });
  it("parents index one level", () => {
    assert.equal(parentOf("/x"), "/");
    assert.equal(parentOf("/a/b/c"), "/a/b");
  });
  it("never a double slash in an ARN", () => {
    assert.equal(parameterArn(scope, "/my-app/prod/db/host"), "arn:aws:ssm:us-east-2:123456789012:parameter/my-app/prod/db/host");
  });
});

describe("parseReadRef", () => {
  const cases: Array<[string, unknown]> = [
    ["/a/b", { kind: "parameter", key: "/a/b", display: "/a/b" }],
    ["x", { kind: "parameter", key: "/x", display: "x" }],
    ["test-2:2", { kind: "parameter", key: "/test-2", display: "test-2", selector: "2" }],
    ["/a/b:prod", { kind: "parameter", key: "/a/b", display: "/a/b", selector: "prod" }],
    ["test-2:2:3", { kind: "missing" }],
    ["{test}-test", { kind: "invalid" }],
    ["a/b", { kind: "malformed" }],
    ["/a//b//c", { kind: "malformed" }],
    ["/a/b/", { kind: "malformed" }],
    ["/a//b:1", { kind: "malformed" }],
    ["arn:aws:ssm:us-east-2:123456789012:parameter/a/b", { kind: "parameter", key: "/a/b", display: "arn:aws:ssm:us-east-2:123456789012:parameter/a/b" }],
    ["arn:aws:ssm:us-east-2:123456789012:parameter/x:3", { kind: "parameter", key: "/x", display: "arn:aws:ssm:us-east-2:123456789012:parameter/x", selector: "3" }],
    ["arn:aws:ssm:eu-west-1:123456789012:parameter/x", { kind: "missing" }],
    ["arn:aws:ssm:us-east-2:999999999999:parameter/x", { kind: "missing" }],
    ["/aws/reference/secretsmanager/db/creds", { kind: "reference", path: "/aws/reference/secretsmanager/db/creds", secretId: "db/creds" }],
    ["/aws/reference/secretsmanager/s1:AWSPREVIOUS", { kind: "reference", path: "/aws/reference/secretsmanager/s1", secretId: "s1", selector: "AWSPREVIOUS" }],
    [
      "/aws/reference/secretsmanager/arn:aws:secretsmanager:us-east-2:123456789012:secret:s1-AbCdEf:v1",
      { kind: "reference", path: "/aws/reference/secretsmanager/arn:aws:secretsmanager:us-east-2:123456789012:secret:s1-AbCdEf", secretId: "arn:aws:secretsmanager:us-east-2:123456789012:secret:s1-AbCdEf", selector: "v1" },
    ],
  ];
  for (const [raw, want] of cases) {
    it(raw, () => assert.deepEqual(parseReadRef(raw, scope), want));
  }
  it("without selectors a colon means the name cannot exist", () => {
    assert.deepEqual(parseReadRef("x:1", scope, false), { kind: "missing" });
  });
});

describe("parsePlainName", () => {
  it("accepts either root spelling, rejects ARNs as invalid", () => {
    assert.deepEqual(parsePlainName("x"), { ok: true, value: "/x" });
    assert.deepEqual(parsePlainName("/x"), { ok: true, value: "/x" });
    assert.deepEqual(parsePlainName("arn:aws:ssm:us-east-1:1:parameter/x"), { ok: false, problem: "invalid" });
    assert.deepEqual(parsePlainName("a/b"), { ok: false, problem: "missing" });
  });
});

describe("normalizePath", () => {
  const cases: Array<[string, string | null]> = [
    ["/", "/"],
    ["/foo/", "/foo"],
    ["/my-app/prod", "/my-app/prod"],
    ["foo", null],
    ["/a//b", null],
    ["/bad path", null],
    ["/ssm/x", null],
    ["/awsx", null],
    ["/aws/service/global-infrastructure", "/aws/service/global-infrastructure"],
  ];
  for (const [raw, want] of cases) it(`${raw} → ${want}`, () => assert.equal(normalizePath(raw), want));
});

describe("isValidLabel", () => {
  const cases: Array<[string, boolean]> = [
    ["stable", true],
    ["Prod_1.2-x", true],
    ["1st", false],
    ["aws-x", false],
    ["SSMlabel", false],
    ["has space", false],
    ["a/b", false],
  ];
  for (const [label, want] of cases) it(`${label} → ${want}`, () => assert.equal(isValidLabel(label), want));
});

describe("spaces around names (model documentation: the service removes them)", () => {
  it("read names, plain names and paths are trimmed; inner spaces stay invalid", () => {
    assert.deepEqual(parseReadRef("  /a/b ", scope), { kind: "parameter", key: "/a/b", display: "/a/b" });
    assert.deepEqual(parseReadRef(" /a/b:2", scope), { kind: "parameter", key: "/a/b", display: "/a/b", selector: "2" });
    assert.deepEqual(parseReadRef("/a b", scope), { kind: "invalid" });
    assert.deepEqual(parsePlainName(" root "), { ok: true, value: "/root" });
    assert.equal(normalizePath(" /a/b/ "), "/a/b");
  });
});
