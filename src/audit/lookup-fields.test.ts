import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonObject } from "./event.js";
import { encodeResourceKeys, likeContaining, lookupFields, lookupUsername, resourceName, resourceNeedle } from "./lookup-fields.js";

describe("Username as LookupEvents shows it (cloudtrail.md §5)", () => {
  const table: Array<[string, Record<string, string> | null, string | null]> = [
    ["IAM user: the user name", { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::1:user/alice" }, "alice"],
    ["root: root", { type: "Root", arn: "arn:aws:iam::1:root" }, "root"],
    ["role session: the session name", { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/deployer/ci-run" }, "ci-run"],
    ["unknown caller: none", { type: "Unknown" }, null],
    ["no identity: none", null, null],
  ];
  for (const [name, id, want] of table) it(name, () => assert.equal(lookupUsername(id), want));
});

describe("ResourceName per type", () => {
  const table: Array<[string, string, string, string[]]> = [
    ["AWS::SSM::Parameter", "arn:aws:ssm:us-east-1:1:parameter/a/b", "/a/b", ["arn:aws:ssm:us-east-1:1:parameter/a/b"]],
    ["AWS::SSM::Parameter", "arn:aws:ssm:us-east-1:1:parameter/top", "top", ["arn:aws:ssm:us-east-1:1:parameter/top", "/top"]],
    ["AWS::IAM::User", "arn:aws:iam::1:user/team/alice", "alice", ["arn:aws:iam::1:user/team/alice"]],
    ["AWS::IAM::Policy", "arn:aws:iam::1:policy/p", "arn:aws:iam::1:policy/p", []],
    ["AWS::KMS::Key", "arn:aws:kms:us-east-1:1:key/k", "arn:aws:kms:us-east-1:1:key/k", []],
  ];
  for (const [type, arn, name, aliases] of table) {
    it(`${type} ${arn} → ${name}`, () => assert.deepEqual(resourceName(type, arn), { type, name, aliases }));
  }
});

describe("resource keys", () => {
  const keys = encodeResourceKeys([resourceName("AWS::SSM::Parameter", "arn:aws:ssm:us-east-1:1:parameter/a/b"), resourceName("AWS::KMS::Key", "arn:k")]);
  it("match a type or a name exactly, not a part of one", () => {
    assert.ok(keys.includes(resourceNeedle("ResourceType", "AWS::KMS::Key") ?? "\0"));
    assert.ok(keys.includes(resourceNeedle("ResourceName", "/a/b") ?? "\0"));
    assert.ok(keys.includes(resourceNeedle("ResourceName", "arn:aws:ssm:us-east-1:1:parameter/a/b") ?? "\0"));
    assert.equal(keys.includes(resourceNeedle("ResourceName", "/a") ?? "\0"), false);
    assert.equal(keys.includes(resourceNeedle("ResourceType", "AWS::KMS") ?? "\0"), false);
  });
  it("a value with a separator can never match", () => assert.equal(resourceNeedle("ResourceName", "a\u001fb"), null));
  it("LIKE patterns escape their wildcards", () => assert.equal(likeContaining("50%_a\\b"), "%50\\%\\_a\\\\b%"));
  it("no resources: empty", () => assert.equal(encodeResourceKeys([]), ""));
});

it("lookupFields reads every attribute from the record itself", () => {
  const f = lookupFields({
    eventID: "e1", eventName: "Decrypt", eventSource: "kms.amazonaws.com", eventTime: "2026-01-02T03:04:05Z", readOnly: true,
    userIdentity: { type: "IAMUser", userName: "bob", accessKeyId: "AKIABOB" },
    resources: [{ accountId: "1", type: "AWS::KMS::Key", ARN: "arn:k" }],
  });
  assert.deepEqual(f, {
    eventId: "e1", eventName: "Decrypt", eventSource: "kms.amazonaws.com", eventTimeSeconds: Date.UTC(2026, 0, 2, 3, 4, 5) / 1000,
    readOnly: true, username: "bob", accessKeyId: "AKIABOB", resources: [{ type: "AWS::KMS::Key", name: "arn:k", aliases: [] }],
  });
});

describe("records without a resources element: the request's IAM entities (cloudtrail.md §5)", () => {
  const rec = (eventSource: string, requestParameters: Record<string, string> | null, responseElements: JsonObject | null = null) =>
    lookupFields({ eventID: "e", eventName: "X", eventSource, eventTime: "2026-01-02T03:04:05Z", readOnly: false, requestParameters, responseElements });
  const table: Array<[string, ReturnType<typeof rec>, Array<[string, string]>]> = [
    ["IAM CreateUser: the user by name", rec("iam.amazonaws.com", { userName: "alice" }), [["AWS::IAM::User", "alice"]]],
    ["IAM AddUserToGroup: user and group", rec("iam.amazonaws.com", { groupName: "ops", userName: "alice" }), [["AWS::IAM::User", "alice"], ["AWS::IAM::Group", "ops"]]],
    ["IAM AttachRolePolicy: role, and the policy by ARN", rec("iam.amazonaws.com", { roleName: "r", policyArn: "arn:aws:iam::1:policy/p" }),
      [["AWS::IAM::Role", "r"], ["AWS::IAM::Policy", "arn:aws:iam::1:policy/p"]]],
    ["IAM CreateAccessKey: the new key id from the response", rec("iam.amazonaws.com", { userName: "alice" }, { accessKey: { accessKeyId: "AKIANEW", userName: "alice" } }),
      [["AWS::IAM::User", "alice"], ["AWS::IAM::AccessKey", "AKIANEW"]]],
    ["IAM DeleteAccessKey: the key id from the request, once", rec("iam.amazonaws.com", { accessKeyId: "AKIAOLD" }), [["AWS::IAM::AccessKey", "AKIAOLD"]]],
    ["STS AssumeRole: the role", rec("sts.amazonaws.com", { roleArn: "arn:aws:iam::1:role/ops/r", roleSessionName: "s" }), [["AWS::IAM::Role", "r"]]],
    ["another service: nothing from its request", rec("ssm.amazonaws.com", { name: "/a" }), []],
    ["no request parameters: nothing", rec("iam.amazonaws.com", null), []],
  ];
  for (const [name, f, want] of table) it(name, () => assert.deepEqual(f.resources.map((r) => [r.type, r.name]), want));
  it("a role named by ARN is found by the ARN too", () => {
    const f = rec("sts.amazonaws.com", { roleArn: "arn:aws:iam::1:role/ops/r" });
    assert.ok(encodeResourceKeys(f.resources).includes(resourceNeedle("ResourceName", "arn:aws:iam::1:role/ops/r") ?? "\0"));
  });
  it("a record's own resources win", () => {
    const f = lookupFields({ eventSource: "sts.amazonaws.com", requestParameters: { roleArn: "arn:aws:iam::1:role/r" }, resources: [{ type: "AWS::IAM::Role", ARN: "arn:aws:iam::1:role/r" }] });
    assert.equal(f.resources.length, 1);
  });
});
