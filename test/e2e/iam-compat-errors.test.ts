// IAM and STS error codes, texts and statuses as recorded from AWS (LocalStack snapshot tests recorded against AWS,
// tests/aws/services/{iam,sts}/*.snapshot.json, 2025-2026), and that each refused call changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddUserToGroupCommand, AttachRolePolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand,
  CreateUserCommand, GetGroupCommand, GetPolicyVersionCommand, GetRoleCommand, ListAttachedRolePoliciesCommand, ListUserTagsCommand,
  RemoveUserFromGroupCommand, SetDefaultPolicyVersionCommand, TagRoleCommand, UntagUserCommand, UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { iamClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, newUser, policy, ROOT_ARN, roleArn, trust } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
let assumer: Creds;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  await iam.send(new CreateUserCommand({ UserName: "member" }));
  await iam.send(new CreateGroupCommand({ GroupName: "crew" }));
  await iam.send(new CreateRoleCommand({
    RoleName: "target", AssumeRolePolicyDocument: trust(ROOT_ARN, { Action: ["sts:AssumeRole", "sts:TagSession"] }),
  }));
  assumer = await newUser(iam, "assumer", { policy: policy(allow(["sts:AssumeRole", "sts:TagSession"], roleArn("target"))) });
});

test("an unknown access key id is NoSuchEntity with AWS's final period", async () => {
  await expectError(iam.send(new UpdateAccessKeyCommand({ UserName: "member", AccessKeyId: "AKIAIOSFODNN7EXAMPLE", Status: "Inactive" })), {
    name: "NoSuchEntityException", message: "The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.", status: 404,
  });
});

test("RemoveUserFromGroup of a non-member succeeds; an unknown user is named before an unknown group", async () => {
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "crew", UserName: "member" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "crew", UserName: "member" }));
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "crew", UserName: "member" }));
  assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: "crew" }))).Users, []);
  await expectError(iam.send(new RemoveUserFromGroupCommand({ GroupName: "no-group", UserName: "no-user" })), {
    name: "NoSuchEntityException", message: "The user with name no-user cannot be found.", status: 404,
  });
  await expectError(iam.send(new RemoveUserFromGroupCommand({ GroupName: "no-group", UserName: "member" })), {
    name: "NoSuchEntityException", message: "The group with name no-group cannot be found.", status: 404,
  });
});

test("version calls on a missing policy name the version; a malformed VersionId is refused without echoing it", async () => {
  const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/TestNonExistingPolicy`;
  const missing = { name: "NoSuchEntityException", message: `Policy ${arn} version v1 does not exist or is not attachable.`, status: 404 };
  await expectError(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" })), missing);
  await expectError(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" })), missing);
  await expectError(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "x1" })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
    status: 400,
  });
});

test("IAM validation texts never echo the value, and list members' constraints end with the not-null rule", async () => {
  const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
  await expectError(iam.send(new TagRoleCommand({ RoleName: "target", Tags: tooMany })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    status: 400,
  });
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "longkey", AssumeRolePolicyDocument: trust(ROOT_ARN), Tags: [{ Key: "k".repeat(129), Value: "v" }] })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    status: 400,
  });
  await expectError(iam.send(new UntagUserCommand({ UserName: "member", TagKeys: ["k".repeat(129)] })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]",
    status: 400,
  });
  await expectError(iam.send(new GetRoleCommand({ RoleName: "longkey" })), { name: "NoSuchEntityException", message: "The role with name longkey cannot be found.", status: 404 });
});

test("Attach*Policy with something that is not an ARN is ValidationError 'ARN <x> is not valid.'", async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: "attachable-policy-by-name", PolicyDocument: policy(allow("ssm:*")) }));
  await expectError(iam.send(new AttachRolePolicyCommand({ RoleName: "target", PolicyArn: "longpolicynamebutnoarn" })), {
    name: "ValidationError", message: "ARN longpolicynamebutnoarn is not valid.", status: 400,
  });
  await expectError(iam.send(new AttachRolePolicyCommand({ RoleName: "target", PolicyArn: "attachable-policy-by-name" })), {
    name: "ValidationError", message: "ARN attachable-policy-by-name is not valid.", status: 400,
  });
  await expectError(iam.send(new AttachRolePolicyCommand({ RoleName: "target", PolicyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/attachable-policy-by-name123` })), {
    name: "NoSuchEntityException", message: `Policy arn:aws:iam::${ACCOUNT_ID}:policy/attachable-policy-by-name123 does not exist or is not attachable.`, status: 404,
  });
  assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "target" }))).AttachedPolicies, []);
});

test("a permissions boundary that is not a policy ARN is InvalidInput; an unknown one names the Scope ARN", async () => {
  const bad = `arn:aws:iam::${ACCOUNT_ID}:not_a_policy/invalid`;
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "bounded", AssumeRolePolicyDocument: trust(ROOT_ARN), PermissionsBoundary: bad })), {
    name: "InvalidInputException", message: `ARN ${bad} is not valid.`, status: 400,
  });
  const unknown = `arn:aws:iam::${ACCOUNT_ID}:policy/nonexistent-policy`;
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "bounded", AssumeRolePolicyDocument: trust(ROOT_ARN), PermissionsBoundary: unknown })), {
    name: "NoSuchEntityException", message: `Scope ARN: ${unknown} does not exist or is not attachable.`, status: 404,
  });
  await expectError(iam.send(new GetRoleCommand({ RoleName: "bounded" })), { name: "NoSuchEntityException", message: "The role with name bounded cannot be found.", status: 404 });
});

test("trust policies: invalid JSON has IAM's own text; more than 2,048 characters exceeds ACLSizePerRole", async () => {
  await expectError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "target", PolicyDocument: "{not json" })), {
    name: "MalformedPolicyDocumentException", message: "This policy contains invalid Json", status: 400,
  });
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "badjson", AssumeRolePolicyDocument: "{not json" })), {
    name: "MalformedPolicyDocumentException", message: "This policy contains invalid Json", status: 400,
  });
  const big = trust(ROOT_ARN, { Sid: "x".repeat(2000) });
  await expectError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "target", PolicyDocument: big })), {
    name: "LimitExceededException", message: "Cannot exceed quota for ACLSizePerRole: 2048", status: 409,
  });
  const kept = decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: "target" }))).Role?.AssumeRolePolicyDocument ?? "");
  assert.doesNotMatch(kept, /xxxx/, "the refused trust policy was not stored");
});

test("managed policy tags: only exact duplicates are refused, with the policy wording", async () => {
  await expectError(iam.send(new CreatePolicyCommand({
    PolicyName: "dupes", PolicyDocument: policy(allow("ssm:*")), Tags: [{ Key: "k", Value: "1" }, { Key: "k", Value: "2" }],
  })), { name: "InvalidInputException", message: "Duplicate tag keys found.", status: 400 });
  await expectError(iam.send(new CreateUserCommand({ UserName: "dupes", Tags: [{ Key: "k", Value: "1" }, { Key: "K", Value: "2" }] })), {
    name: "InvalidInputException", message: "Duplicate tag keys found. Please note that Tag keys are case insensitive.", status: 400,
  });
  await expectError(iam.send(new ListUserTagsCommand({ UserName: "dupes" })), { name: "NoSuchEntityException", message: "The user with name dupes cannot be found.", status: 404 });
});

test("AssumeRole with a RoleArn that is not an ARN is ValidationError '<arn> is invalid'", async () => {
  for (const arn of ["nothing-valid-in-here", "arn::b:::something/test-role", "arn:a::::something/test-role", "arn:a:::something/test-role", "arn:a:a::aaaaaaaaaa:"]) {
    await expectError(stsClient(server, assumer).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "s1" })), {
      name: "ValidationError", message: `${arn} is invalid`, status: 400,
    });
  }
});

test("AssumeRole session tags: case-insensitive duplicates and untagged transitive keys are InvalidParameterValue", async () => {
  const sts = stsClient(server, assumer);
  await expectError(sts.send(new AssumeRoleCommand({
    RoleArn: roleArn("target"), RoleSessionName: "s1", Tags: [{ Key: "team", Value: "a" }, { Key: "Team", Value: "b" }],
  })), { name: "InvalidParameterValue", message: "Duplicate tag keys found. Please note that Tag keys are case insensitive.", status: 400 });
  await expectError(sts.send(new AssumeRoleCommand({
    RoleArn: roleArn("target"), RoleSessionName: "s1", Tags: [{ Key: "team", Value: "a" }], TransitiveTagKeys: ["project"],
  })), { name: "InvalidParameterValue", message: "The specified transitive tag key must be included in the requested tags.", status: 400 });
  const ok = await sts.send(new AssumeRoleCommand({
    RoleArn: roleArn("target"), RoleSessionName: "s1", Tags: [{ Key: "Team", Value: "a" }], TransitiveTagKeys: ["team"],
  }));
  assert.match(ok.Credentials?.AccessKeyId ?? "", /^ASIA/);
});

test("CreateAccessKey answers the five AccessKey members", async () => {
  const out = await iam.send(new CreateAccessKeyCommand({ UserName: "member" }));
  assert.deepEqual(Object.keys(out.AccessKey ?? {}).sort(), ["AccessKeyId", "CreateDate", "SecretAccessKey", "Status", "UserName"]);
});
