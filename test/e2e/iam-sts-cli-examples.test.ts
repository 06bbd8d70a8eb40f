// Replays of the AWS CLI's documented IAM/STS examples (awscli/examples/iam/*.rst, sts/*.rst) where paramstore
// answered differently from the documented AWS output.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteUserCommand, GetPolicyCommand, ListPoliciesCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { allow, policy, trust, ROOT_ARN } from "./iam-support.js";

let iam: IAMClient;

serverPerFile((server) => {
  iam = iamClient(server);
});

// create-user.rst sets a permissions boundary; the Policy shape's PermissionsBoundaryUsageCount counts the users and
// roles using the policy so, and GetPolicy must agree with ListPolicies.
test("GetPolicy counts the users and roles that use the policy as permissions boundary", async () => {
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: "S3Boundary", PolicyDocument: policy(allow("s3:*")) }));
  const arn = created.Policy?.Arn ?? "";
  assert.equal(arn, `arn:aws:iam::${ACCOUNT_ID}:policy/S3Boundary`);
  assert.equal(created.Policy?.PermissionsBoundaryUsageCount, 0);

  await iam.send(new CreateUserCommand({ UserName: "Bob", PermissionsBoundary: arn }));
  await iam.send(new CreateRoleCommand({ RoleName: "Test-Role", AssumeRolePolicyDocument: trust(ROOT_ARN), PermissionsBoundary: arn }));
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  assert.equal(got.Policy?.PermissionsBoundaryUsageCount, 2);
  assert.equal(got.Policy?.AttachmentCount, 0, "a boundary is not an attachment");
  const listed = await iam.send(new ListPoliciesCommand({}));
  assert.equal(listed.Policies?.find((p) => p.Arn === arn)?.PermissionsBoundaryUsageCount, 2);

  await iam.send(new DeleteUserCommand({ UserName: "Bob" }));
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.PermissionsBoundaryUsageCount, 1);
});
