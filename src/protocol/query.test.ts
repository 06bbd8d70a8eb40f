// Query protocol: forms as botocore/the CLI send them, and XML envelopes as botocore's QueryParser reads them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { isServiceError, serviceError } from "./errors.js";
import { iamModel } from "./models/iam.js";
import { stsModel } from "./models/sts.js";
import type { ServiceModel } from "./model-types.js";
import { parseQueryInput, serializeQueryError, serializeQueryResponse } from "./query.js";

// botocore as the oracle: its QuerySerializer writes the forms, its QueryParser reads our XML.
const ORACLE = String.raw`
import sys, json, datetime
import botocore.session
from botocore.parsers import QueryParser
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence
session = botocore.session.get_session()
def conv(o):
    if isinstance(o, datetime.datetime): return o.isoformat()
    raise TypeError(type(o))
out = []
for r in json.load(sys.stdin):
    op = session.get_service_model(r["service"]).operation_model(r["operation"])
    if r["kind"] == "serialize":
        out.append(percent_encode_sequence(create_serializer("query").serialize_to_request(r["params"], op)["body"]))
    else:
        resp = {"body": r["xml"].encode(), "headers": {}, "status_code": r["status"]}
        parsed = QueryParser().parse(resp, op.output_shape)
        parsed["ResponseMetadata"] = {"RequestId": parsed.get("ResponseMetadata", {}).get("RequestId")}
        out.append(parsed)
print(json.dumps(out, default=conv))
`;

type Req = { kind: "serialize" | "parse"; service: string; operation: string; params?: unknown; xml?: string; status?: number };

const botocoreMissing = ((): string | false => {
  try {
    execFileSync("python3", ["-c", "import botocore"], { stdio: "ignore" });
    return false;
  } catch {
    return "SKIPPED: python3 with botocore is not installed, the botocore round-trip oracle cannot run";
  }
})();
if (botocoreMissing) console.warn(`\n*** ${botocoreMissing} ***\n`);

function oracle(reqs: Req[]): unknown[] {
  const out = execFileSync("python3", ["-c", ORACLE], { input: JSON.stringify(reqs), encoding: "utf8" });
  return JSON.parse(out) as unknown[];
}

function validationError(fn: () => unknown): { code: string; message: string; status: number } {
  try {
    fn();
  } catch (e) {
    if (isServiceError(e)) return { code: e.code, message: e.message, status: e.status };
    throw e;
  }
  assert.fail("no error");
}

test("parses the CLI body of iam create-user with tags", () => {
  const form = new URLSearchParams("Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=k&Tags.member.1.Value=v");
  assert.deepEqual(parseQueryInput(iamModel, "CreateUser", form), { UserName: "alice", Tags: [{ Key: "k", Value: "v" }] });
});

test("parses what botocore's QuerySerializer sends back into the same input", { skip: botocoreMissing }, () => {
  const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::123456789012:root" } }] });
  const cases: { service: string; operation: string; params: Record<string, unknown> }[] = [
    { service: "iam", operation: "CreateUser", params: { UserName: "bob+x=y,z.@-", Path: "/eng/", Tags: [{ Key: "team", Value: "a b+c:d/e=f@g" }, { Key: "k2", Value: "" }] } },
    { service: "iam", operation: "ListUsers", params: { PathPrefix: "/eng/", Marker: "abc", MaxItems: 5 } },
    { service: "iam", operation: "CreateRole", params: { RoleName: "r", AssumeRolePolicyDocument: policy, MaxSessionDuration: 7200, Description: "ünïcödé" } },
    { service: "iam", operation: "CreatePolicyVersion", params: { PolicyArn: "arn:aws:iam::123456789012:policy/p", PolicyDocument: policy, SetAsDefault: true } },
    { service: "iam", operation: "UpdateAccessKey", params: { AccessKeyId: "AKIAIOSFODNN7EXAMPLE", Status: "Inactive" } },
    { service: "iam", operation: "UntagUser", params: { UserName: "u", TagKeys: ["a", "b", "c"] } },
    { service: "sts", operation: "AssumeRole", params: {
      RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "s1", DurationSeconds: 900,
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { arn: "arn:aws:iam::123456789012:policy/p" }],
      Tags: [{ Key: "a", Value: "1" }], TransitiveTagKeys: ["a"], ExternalId: "ext-id", Policy: policy,
    } },
    { service: "sts", operation: "AssumeRole", params: { RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "s1", TransitiveTagKeys: [] } },
    { service: "sts", operation: "GetSessionToken", params: { DurationSeconds: 3600 } },
    { service: "sts", operation: "GetCallerIdentity", params: {} },
  ];
  const bodies = oracle(cases.map((c) => ({ kind: "serialize", ...c })));
  cases.forEach((c, i) => {
    const body = String(bodies[i]);
    const model = c.service === "iam" ? iamModel : stsModel;
    assert.deepEqual(parseQueryInput(model, c.operation, new URLSearchParams(body)), c.params, body);
  });
});

test("Query validation fails with ValidationError and the §4.1 text (iam.md AssumeRole)", () => {
  const assume = (name: string) => () => parseQueryInput(stsModel, "AssumeRole",
    new URLSearchParams({ Action: "AssumeRole", Version: "2011-06-15", RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: name }));
  assert.deepEqual(validationError(assume("n".repeat(65))), {
    code: "ValidationError", status: 400,
    message: `1 validation error detected: Value '${"n".repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  });
  assert.equal(validationError(assume("x")).message,
    "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
  assert.equal(validationError(() => parseQueryInput(iamModel, "GetUserPolicy", new URLSearchParams("UserName=u"))).message,
    "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null");
  const bad = validationError(() => parseQueryInput(iamModel, "ListUsers", new URLSearchParams("MaxItems=abc")));
  assert.deepEqual([bad.code, bad.status], ["ValidationError", 400]);
});

const NS_IAM = "https://iam.amazonaws.com/doc/2010-05-08/";

test("CreateUser envelope is exactly protocol.md §5.2", () => {
  const xml = serializeQueryResponse(iamModel, "CreateUser", {
    User: { Path: "/", UserName: "alice", UserId: "AIDA...", Arn: "arn:aws:iam::123456789012:user/alice", CreateDate: new Date("2026-11-22T12:00:00Z") },
  }, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
  assert.equal(xml.trim(), `<CreateUserResponse xmlns="${NS_IAM}">
  <CreateUserResult>
    <User>
      <Path>/</Path>
      <UserName>alice</UserName>
      <UserId>AIDA...</UserId>
      <Arn>arn:aws:iam::123456789012:user/alice</Arn>
      <CreateDate>2026-11-22T12:00:00Z</CreateDate>
    </User>
  </CreateUserResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</CreateUserResponse>`);
  assert.equal(serializeQueryResponse(iamModel, "DeleteUser", {}, "r1").trim(),
    `<DeleteUserResponse xmlns="${NS_IAM}">\n  <ResponseMetadata>\n    <RequestId>r1</RequestId>\n  </ResponseMetadata>\n</DeleteUserResponse>`);
  assert.match(serializeQueryResponse(iamModel, "ListUsers", { Users: [], IsTruncated: false }, "r"), /<Users\/>\s*<IsTruncated>false<\/IsTruncated>/);
});

test("botocore's QueryParser reads our envelopes into the expected dicts", { skip: botocoreMissing }, () => {
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a b/*","x&y<z>\'q\'"]}}}]}';
  const when = new Date("2026-11-22T12:00:00.250Z");
  const user = (n: string) => ({ Path: "/", UserName: n, UserId: `AIDA${n.toUpperCase()}`, Arn: `arn:aws:iam::123456789012:user/${n}`, CreateDate: when });
  const reqs: Req[] = [
    { kind: "parse", service: "iam", operation: "ListUsers", status: 200,
      xml: serializeQueryResponse(iamModel, "ListUsers", { Users: [user("a"), { ...user("b"), Tags: [{ Key: "k", Value: `<&>"'` }] }], IsTruncated: true, Marker: "m1" }, "req-1") },
    { kind: "parse", service: "iam", operation: "ListUsers", status: 200, xml: serializeQueryResponse(iamModel, "ListUsers", { Users: [], IsTruncated: false }, "req-2") },
    { kind: "parse", service: "iam", operation: "GetUserPolicy", status: 200,
      xml: serializeQueryResponse(iamModel, "GetUserPolicy", { UserName: "a", PolicyName: "p", PolicyDocument: policy }, "req-3") },
    { kind: "parse", service: "sts", operation: "AssumeRole", status: 200,
      xml: serializeQueryResponse(stsModel, "AssumeRole", {
        Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "FQoGZXIvYXdzE+/=", Expiration: when },
        AssumedRoleUser: { AssumedRoleId: "AROA1:s1", Arn: "arn:aws:sts::123456789012:assumed-role/r/s1" }, PackedPolicySize: 6,
      }, "req-4") },
    { kind: "parse", service: "sts", operation: "GetCallerIdentity", status: 403,
      xml: serializeQueryError("https://sts.amazonaws.com/doc/2011-06-15/", serviceError("InvalidClientTokenId", "The security token included in the request is invalid.", { status: 403 }), "req-5") },
    { kind: "parse", service: "iam", operation: "GetUser", status: 500,
      xml: serializeQueryError(NS_IAM, serviceError("ServiceFailure", "boom <&>", { status: 500 }), "req-6") },
  ];
  const [list, empty, pol, assumed, err403, err500] = oracle(reqs) as Record<string, unknown>[];
  const iso = "2026-11-22T12:00:00.250000+00:00";
  const pyUser = (n: string) => ({ Path: "/", UserName: n, UserId: `AIDA${n.toUpperCase()}`, Arn: `arn:aws:iam::123456789012:user/${n}`, CreateDate: iso });
  assert.deepEqual(list, { Users: [pyUser("a"), { ...pyUser("b"), Tags: [{ Key: "k", Value: `<&>"'` }] }], IsTruncated: true, Marker: "m1", ResponseMetadata: { RequestId: "req-1" } });
  assert.deepEqual(empty, { Users: [], IsTruncated: false, ResponseMetadata: { RequestId: "req-2" } });
  // The plain QueryParser leaves the document URL-encoded; botocore's json_decode_policies handler decodes it.
  assert.equal(decodeURIComponent(String(pol?.["PolicyDocument"])), policy);
  assert.doesNotMatch(String(pol?.["PolicyDocument"]), /[ "{}<>&'()!*]/);
  assert.deepEqual(assumed, {
    Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "FQoGZXIvYXdzE+/=", Expiration: iso },
    AssumedRoleUser: { AssumedRoleId: "AROA1:s1", Arn: "arn:aws:sts::123456789012:assumed-role/r/s1" }, PackedPolicySize: 6,
    ResponseMetadata: { RequestId: "req-4" },
  });
  assert.deepEqual(err403?.["Error"], { Type: "Sender", Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid." });
  assert.deepEqual(err403?.["ResponseMetadata"], { RequestId: "req-5" });
  assert.deepEqual(err500?.["Error"], { Type: "Receiver", Code: "ServiceFailure", Message: "boom <&>" });
});

test("maps (X.entry.N.key/value), flattened lists and nested structures parse and serialize", () => {
  const model: ServiceModel = {
    metadata: { protocol: "query", apiVersion: "x", signingName: "x", xmlNamespace: "urn:x" },
    operations: { Op: { name: "Op", input: "In", output: "Out", resultWrapper: "OpResult", errors: [] } },
    shapes: {
      In: { type: "structure", members: { Attrs: { shape: "AttrMap" }, Flat: { shape: "FlatList" }, Outer: { shape: "Outer" }, When: { shape: "Ts" } } },
      Out: { type: "structure", members: { Attrs: { shape: "AttrMap" }, Flat: { shape: "FlatList" }, Ok: { shape: "Bool" } } },
      AttrMap: { type: "map", key: { shape: "Str" }, value: { shape: "Int" } },
      FlatList: { type: "list", member: { shape: "Str" }, flattened: true },
      Outer: { type: "structure", members: { Inner: { shape: "Inner" } } },
      Inner: { type: "structure", members: { Name: { shape: "Str" } } },
      Str: { type: "string" }, Int: { type: "integer" }, Bool: { type: "boolean" }, Ts: { type: "timestamp" },
    },
  };
  const form = new URLSearchParams("Attrs.entry.2.key=b&Attrs.entry.2.value=2&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Flat.1=x&Flat.2=y&Outer.Inner.Name=n&When=2024-01-01T00:00:00Z");
  assert.deepEqual(parseQueryInput(model, "Op", form), { Attrs: { a: 1, b: 2 }, Flat: ["x", "y"], Outer: { Inner: { Name: "n" } }, When: new Date("2024-01-01T00:00:00Z") });
  const xml = serializeQueryResponse(model, "Op", { Attrs: { a: 1 }, Flat: ["x", "y"], Ok: true }, "r");
  assert.match(xml, /<Attrs>\s*<entry>\s*<key>a<\/key>\s*<value>1<\/value>\s*<\/entry>\s*<\/Attrs>\s*<Flat>x<\/Flat>\s*<Flat>y<\/Flat>\s*<Ok>true<\/Ok>/);
});
