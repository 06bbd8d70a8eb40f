// Which members each IAM answer carries, as recorded from AWS (LocalStack snapshot tests recorded against AWS in
// 2026, tests/aws/services/iam/test_iam_{roles,policies,users}.snapshot.json; moto's aws_verified
// test_iam_response_attributes.py): Create, Get and List answers return different subsets of the same entity.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, GetPolicyCommand, GetRoleCommand, GetUserCommand,
  ListPoliciesCommand, ListRolesCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { allow, policy, ROOT_ARN, trust } from "./iam-support.js";

let iam: IAMClient;
let boundaryArn: string;

serverPerFile(async (server) => {
  iam = iamClient(server);
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: "boundary", PolicyDocument: policy(allow("ssm:*")) }));
  boundaryArn = out.Policy?.Arn ?? "";
});

/** The members present on an SDK output object, sorted (the SDK leaves absent members undefined). */
const members = (o: object | undefined): string[] =>
  Object.entries(o ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k).sort();

test("CreateRole omits Description, MaxSessionDuration and RoleLastUsed; GetRole has them; ListRoles has no boundary or last use", async () => {
  const created = await iam.send(new CreateRoleCommand({
    RoleName: "shaped", Path: "/s/", AssumeRolePolicyDocument: trust(ROOT_ARN), Description: "d", MaxSessionDuration: 7200,
    PermissionsBoundary: boundaryArn,
  }));
  assert.deepEqual(members(created.Role), ["Arn", "AssumeRolePolicyDocument", "CreateDate", "Path", "PermissionsBoundary", "RoleId", "RoleName"]);
  const got = await iam.send(new GetRoleCommand({ RoleName: "shaped" }));
  assert.deepEqual(members(got.Role), [
    "Arn", "AssumeRolePolicyDocument", "CreateDate", "Description", "MaxSessionDuration", "Path", "PermissionsBoundary", "RoleId",
    "RoleLastUsed", "RoleName",
  ]);
  assert.equal(got.Role?.MaxSessionDuration, 7200);
  assert.deepEqual(got.Role?.RoleLastUsed, {}, "a role never used answers an empty RoleLastUsed");
  const listed = (await iam.send(new ListRolesCommand({ PathPrefix: "/s/" }))).Roles ?? [];
  assert.equal(listed.length, 1);
  assert.deepEqual(members(listed[0]), ["Arn", "AssumeRolePolicyDocument", "CreateDate", "Description", "MaxSessionDuration", "Path", "RoleId", "RoleName"]);
});

test("PermissionsBoundaryType is Policy, as AWS sends it, on users and roles", async () => {
  const user = await iam.send(new CreateUserCommand({ UserName: "bounded", PermissionsBoundary: boundaryArn }));
  const want = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundaryArn };
  assert.deepEqual(user.User?.PermissionsBoundary, want);
  assert.deepEqual((await iam.send(new GetUserCommand({ UserName: "bounded" }))).User?.PermissionsBoundary, want);
  assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: "shaped" }))).Role?.PermissionsBoundary, want);
});

test("CreatePolicy omits Description; GetPolicy has it and always has Tags (empty when none); ListPolicies has neither", async () => {
  const doc = policy(allow("ssm:GetParameter"));
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: "described", Path: "/d/", PolicyDocument: doc, Description: "words" }));
  assert.equal(created.Policy?.Description, undefined);
  assert.equal(created.Policy?.Tags, undefined, "no Tags member when none were given");
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/d/described` }));
  assert.equal(got.Policy?.Description, "words");
  assert.deepEqual(got.Policy?.Tags, []);
  const listed = (await iam.send(new ListPoliciesCommand({ Scope: "Local", PathPrefix: "/d/" }))).Policies ?? [];
  assert.deepEqual(members(listed[0]), [
    "Arn", "AttachmentCount", "CreateDate", "DefaultVersionId", "IsAttachable", "Path", "PermissionsBoundaryUsageCount", "PolicyId",
    "PolicyName", "UpdateDate",
  ]);
});

test("create answers echo the request's tags in request order; managed policy tag keys are case-sensitive", async () => {
  const tags = [{ Key: "abc", Value: "first" }, { Key: "b", Value: "second" }, { Key: "z", Value: "third" }, { Key: "a", Value: "fourth" }];
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: "tagged", PolicyDocument: policy(allow("ssm:*")), Tags: tags }));
  assert.deepEqual(created.Policy?.Tags, tags);
  const cased = [{ Key: "a", Value: "lowercase" }, { Key: "A", Value: "uppercase" }];
  const both = await iam.send(new CreatePolicyCommand({ PolicyName: "cased", PolicyDocument: policy(allow("ssm:*")), Tags: cased }));
  assert.deepEqual(both.Policy?.Tags, cased);
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/cased` }));
  assert.deepEqual(new Set(got.Policy?.Tags?.map((t) => `${t.Key}=${t.Value}`)), new Set(["a=lowercase", "A=uppercase"]));
  const roleTags = [{ Key: "z", Value: "third" }, { Key: "abc", Value: "first" }];
  const role = await iam.send(new CreateRoleCommand({ RoleName: "tagged-role", AssumeRolePolicyDocument: trust(ROOT_ARN), Tags: roleTags }));
  assert.deepEqual(role.Role?.Tags, roleTags);
});
