// IAM roles: trust policies, session limits, inline/attached policies, tags, deletion rules (iam.md §9).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreateRoleCommand, CreateUserCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand,
  ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand,
  UpdateAssumeRolePolicyCommand, UpdateRoleCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, decodeDoc, policy, ROOT_ARN, roleArn, trust, userArn } from "./iam-support.js";

let iam: IAMClient;

serverPerFile((server) => {
  iam = iamClient(server);
});

test("CreateRole returns the role with AROA id, path ARN, encoded trust policy; GetRole adds the default MaxSessionDuration", async () => {
  const doc = trust(ROOT_ARN);
  const out = await iam.send(new CreateRoleCommand({ RoleName: "projectA-production", Path: "/projectA/production/", AssumeRolePolicyDocument: doc, Description: "app", Tags: [{ Key: "env", Value: "prod" }] }));
  const r = out.Role;
  assert.ok(r);
  assert.equal(r.Arn, `arn:aws:iam::${ACCOUNT_ID}:role/projectA/production/projectA-production`);
  assert.match(r.RoleId ?? "", /^AROA[A-Z0-9]{17}$/);
  assert.equal(decodeURIComponent(r.AssumeRolePolicyDocument ?? ""), doc);
  const got = await iam.send(new GetRoleCommand({ RoleName: "projectA-production" }));
  assert.equal(got.Role?.MaxSessionDuration, 3600);
  assert.equal(got.Role?.Description, "app");
  assert.deepEqual(got.Role?.Tags, [{ Key: "env", Value: "prod" }]);
  assert.deepEqual(decodeDoc(got.Role?.AssumeRolePolicyDocument), JSON.parse(doc));
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "PROJECTA-production", AssumeRolePolicyDocument: doc })), {
    name: "EntityAlreadyExistsException", message: "Role with name PROJECTA-production already exists.", status: 409,
  });
});

test("MaxSessionDuration outside 3600..43200 fails validation; UpdateRole changes it", async () => {
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "short", AssumeRolePolicyDocument: trust(ROOT_ARN), MaxSessionDuration: 900 })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    status: 400,
  });
  await expectError(iam.send(new GetRoleCommand({ RoleName: "short" })), { name: "NoSuchEntityException", message: "The role with name short cannot be found.", status: 404 });
  await iam.send(new CreateRoleCommand({ RoleName: "long", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
  await iam.send(new UpdateRoleCommand({ RoleName: "long", MaxSessionDuration: 43200, Description: "twelve hours" }));
  const got = await iam.send(new GetRoleCommand({ RoleName: "long" }));
  assert.equal(got.Role?.MaxSessionDuration, 43200);
  assert.equal(got.Role?.Description, "twelve hours");
});

// moto's test_update_role_defaults expects UpdateRole without Description to clear it; AWS merges instead
// (an absent member means "no change", live-verified in go-to-k/cdkd#1239).
test("UpdateRole changes only the members it is given: Description and MaxSessionDuration survive their absence", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "kept", AssumeRolePolicyDocument: trust(ROOT_ARN), Description: "stays", MaxSessionDuration: 7200 }));
  await iam.send(new UpdateRoleCommand({ RoleName: "kept" }));
  const got = await iam.send(new GetRoleCommand({ RoleName: "kept" }));
  assert.equal(got.Role?.Description, "stays");
  assert.equal(got.Role?.MaxSessionDuration, 7200);
});

test("trust policies: identity-style documents and unknown principals are MalformedPolicyDocument", async () => {
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "bad1", AssumeRolePolicyDocument: policy(allow("sts:AssumeRole")) })), {
    name: "MalformedPolicyDocumentException", message: "Has prohibited field Resource", status: 400,
  });
  await expectError(iam.send(new CreateRoleCommand({ RoleName: "bad2", AssumeRolePolicyDocument: trust(userArn("ghost")) })), {
    name: "MalformedPolicyDocumentException", message: `Invalid principal in policy: "AWS":"${userArn("ghost")}"`, status: 400,
  });
  await iam.send(new CreateUserCommand({ UserName: "trusted" }));
  await iam.send(new CreateRoleCommand({ RoleName: "named", AssumeRolePolicyDocument: trust(userArn("trusted")) }));
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "named", PolicyDocument: trust(ACCOUNT_ID) }));
  assert.deepEqual(decodeDoc((await iam.send(new GetRoleCommand({ RoleName: "named" }))).Role?.AssumeRolePolicyDocument), JSON.parse(trust(ACCOUNT_ID)));
  await expectError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "named", PolicyDocument: "{" })), {
    name: "MalformedPolicyDocumentException", message: "This policy contains invalid Json", status: 400,
  });
});

test("role inline policies, tags, listing, and deletion only once policies are gone", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "worker", Path: "/svc/", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "worker", PolicyName: "params", PolicyDocument: policy(allow("ssm:GetParameters")) }));
  const got = await iam.send(new GetRolePolicyCommand({ RoleName: "worker", PolicyName: "params" }));
  assert.equal(got.RoleName, "worker");
  assert.deepEqual(decodeDoc(got.PolicyDocument), JSON.parse(policy(allow("ssm:GetParameters"))));
  assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: "worker" }))).PolicyNames, ["params"]);
  await iam.send(new TagRoleCommand({ RoleName: "worker", Tags: [{ Key: "team", Value: "a" }] }));
  await iam.send(new UntagRoleCommand({ RoleName: "worker", TagKeys: ["nothing"] }));
  assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: "worker" }))).Tags, [{ Key: "team", Value: "a" }]);
  const listed = await iam.send(new ListRolesCommand({ PathPrefix: "/svc/" }));
  assert.deepEqual(listed.Roles?.map((r) => r.Arn), [roleArn("worker", "/svc/")]);
  await expectError(iam.send(new DeleteRoleCommand({ RoleName: "worker" })), {
    name: "DeleteConflictException", message: "Cannot delete entity, must delete policies first.", status: 409,
  });
  await expectError(iam.send(new GetRolePolicyCommand({ RoleName: "worker", PolicyName: "other" })), {
    name: "NoSuchEntityException", message: "The role policy with name other cannot be found.", status: 404,
  });
  await iam.send(new DeleteRolePolicyCommand({ RoleName: "worker", PolicyName: "params" }));
  await iam.send(new DeleteRoleCommand({ RoleName: "worker" }));
  await expectError(iam.send(new GetRoleCommand({ RoleName: "worker" })), { name: "NoSuchEntityException", message: "The role with name worker cannot be found.", status: 404 });
});
