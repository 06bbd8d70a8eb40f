// The console's request builders: exact X-Amz-Target, content type, signing name and body of every call it makes;
// its error parsing; and the pure helpers of its views. (The modules are plain browser .js, loaded from the source tree.)
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { loadConsoleModule, type ApiModule, type WireRequest } from "../../test/helpers/console-modules.js";

let api: ApiModule;
let childrenOf: (path: string, params: { Name: string }[]) => { folders: string[]; leaves: { Name: string }[] };
let recordFacts: (e: { CloudTrailEvent?: string }) => { sourceIp: string; errorCode: string };
before(async () => {
  api = await loadConsoleModule<ApiModule>("api.js");
  ({ childrenOf } = await loadConsoleModule<{ childrenOf: typeof childrenOf }>("view-parameters.js"));
  ({ recordFacts } = await loadConsoleModule<{ recordFacts: typeof recordFacts }>("view-audit.js"));
});

const JSON_11 = "application/x-amz-json-1.1";
const call = (name: string, ...args: unknown[]): WireRequest => (api.requests[name] as (...a: unknown[]) => WireRequest)(...args);

describe("request builders", () => {
  const CT = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
  // [builder, args, signing name, X-Amz-Target, body]
  const cases: [string, unknown[], string, string, object][] = [
    ["describeParameters", ["/app/prod"], "ssm", "AmazonSSM.DescribeParameters",
      { ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/app/prod"] }], MaxResults: 50 }],
    ["describeParameters", ["/app", "tok"], "ssm", "AmazonSSM.DescribeParameters",
      { ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/app"] }], MaxResults: 50, NextToken: "tok" }],
    ["describeParameters", ["/"], "ssm", "AmazonSSM.DescribeParameters", { MaxResults: 50 }],
    ["getParameter", ["/a/b"], "ssm", "AmazonSSM.GetParameter", { Name: "/a/b", WithDecryption: true }],
    ["putParameter", [{ name: "/a", value: "v", type: "SecureString", description: "", overwrite: true }], "ssm", "AmazonSSM.PutParameter",
      { Name: "/a", Value: "v", Type: "SecureString", Overwrite: true }],
    ["putParameter", [{ name: "/a", value: "", type: "String", description: "d", overwrite: false }], "ssm", "AmazonSSM.PutParameter",
      { Name: "/a", Type: "String", Description: "d", Overwrite: false }],
    ["getParameterHistory", ["/a", false], "ssm", "AmazonSSM.GetParameterHistory", { Name: "/a", WithDecryption: false, MaxResults: 50 }],
    ["getParameterHistory", ["/a", true, "n"], "ssm", "AmazonSSM.GetParameterHistory", { Name: "/a", WithDecryption: true, MaxResults: 50, NextToken: "n" }],
    ["deleteParameter", ["/a"], "ssm", "AmazonSSM.DeleteParameter", { Name: "/a" }],
    ["listSecrets", [], "secretsmanager", "secretsmanager.ListSecrets", { MaxResults: 50, SortOrder: "asc" }],
    ["listSecrets", ["t"], "secretsmanager", "secretsmanager.ListSecrets", { MaxResults: 50, NextToken: "t", SortOrder: "asc" }],
    ["describeSecret", ["s"], "secretsmanager", "secretsmanager.DescribeSecret", { SecretId: "s" }],
    ["getSecretValue", ["s"], "secretsmanager", "secretsmanager.GetSecretValue", { SecretId: "s" }],
    ["putSecretValue", ["s", "v", "11111111-2222-4333-8444-555555555555"], "secretsmanager", "secretsmanager.PutSecretValue",
      { SecretId: "s", ClientRequestToken: "11111111-2222-4333-8444-555555555555", SecretString: "v" }],
    ["deleteSecret", ["s", 7], "secretsmanager", "secretsmanager.DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 7 }],
    ["listKeys", [], "kms", "TrentService.ListKeys", { Limit: 100 }],
    ["listKeys", ["m"], "kms", "TrentService.ListKeys", { Limit: 100, Marker: "m" }],
    ["listAliases", [], "kms", "TrentService.ListAliases", { Limit: 100 }],
    ["describeKey", ["k"], "kms", "TrentService.DescribeKey", { KeyId: "k" }],
    ["getKeyRotationStatus", ["k"], "kms", "TrentService.GetKeyRotationStatus", { KeyId: "k" }],
    ["lookupEvents", [undefined], "cloudtrail", `${CT}.LookupEvents`, { MaxResults: 50 }],
    ["lookupEvents", [{ key: "EventName", value: "GetParameter" }, "n"], "cloudtrail", `${CT}.LookupEvents`,
      { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetParameter" }], MaxResults: 50, NextToken: "n" }],
  ];
  for (const [name, args, service, target, body] of cases) {
    it(`${name}(${JSON.stringify(args).slice(1, -1)}) -> ${target}`, () => {
      const req = call(name, ...args);
      assert.equal(req.service, service);
      assert.deepEqual(req.headers, { "content-type": JSON_11, "x-amz-target": target });
      assert.equal(req.body, JSON.stringify(body)); // exact bytes: members in model order, absent ones left out
    });
  }

  it("putSecretValue fills in a fresh v4 UUID ClientRequestToken, as the SDKs do", () => {
    const tokens = [call("putSecretValue", "s", "v"), call("putSecretValue", "s", "v")].map((r) => (JSON.parse(r.body) as { ClientRequestToken: string }).ClientRequestToken);
    for (const t of tokens) assert.match(t, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(tokens[0], tokens[1]);
  });

  it("callerIdentity is the STS Query call", () => {
    assert.deepEqual(call("callerIdentity"), {
      service: "sts", operation: "GetCallerIdentity",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
  });

  it("an unknown service is a programming error", () => {
    assert.throws(() => api.jsonRequest("s3", "ListBuckets"), /unknown service s3/);
  });
});

describe("errors read as Code: message", () => {
  const cases: [string, number, string, string, string][] = [
    ["JSON plain", 400, JSON.stringify({ __type: "ParameterNotFound", message: "Parameter /x not found." }), "ParameterNotFound", "Parameter /x not found."],
    ["JSON namespaced, Message", 400, JSON.stringify({ __type: "com.amazonaws.kms#NotFoundException", Message: "gone" }), "NotFoundException", "gone"],
    ["not JSON", 502, "<html>", "HTTP502", ""],
  ];
  for (const [what, status, text, code, message] of cases) {
    it(what, () => {
      const e = api.parseJsonError(status, text);
      assert.deepEqual([e.code, e.message, e.status, String(e)], [code, message, status, `${code}: ${message}`]);
    });
  }
  it("Query XML, entities decoded", () => {
    const e = api.parseXmlError(403, "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>a &amp; b &lt;c&gt;</Message></Error></ErrorResponse>");
    assert.equal(String(e), "SignatureDoesNotMatch: a & b <c>");
  });
});

describe("view helpers", () => {
  const names = ["/a/x", "/a/b/y", "/a/b/z", "/a/c/d/e", "/ab", "plain", "/top"].map((Name) => ({ Name }));
  it("childrenOf splits a listing into the direct parameters and sub-paths of a level", () => {
    const at = (p: string) => { const r = childrenOf(p, names); return [r.folders, r.leaves.map((l) => l.Name)]; };
    assert.deepEqual(at("/"), [["/a"], ["/ab", "plain", "/top"]]);
    assert.deepEqual(at("/a"), [["/a/b", "/a/c"], ["/a/x"]]);
    assert.deepEqual(at("/a/"), [["/a/b", "/a/c"], ["/a/x"]]);
    assert.deepEqual(at("/a/c"), [["/a/c/d"], []]);
  });
  it("recordFacts reads source IP and error code from the record, tolerating junk", () => {
    assert.deepEqual(recordFacts({ CloudTrailEvent: JSON.stringify({ sourceIPAddress: "10.0.0.1", errorCode: "AccessDenied" }) }), { sourceIp: "10.0.0.1", errorCode: "AccessDenied" });
    assert.deepEqual(recordFacts({ CloudTrailEvent: "{" }), { sourceIp: "", errorCode: "" });
  });
});
