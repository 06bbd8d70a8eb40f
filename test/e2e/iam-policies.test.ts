// Inline and managed policies, versions and attachments (iam.md §2, §9).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AttachGroupPolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DeleteUserCommand, DeleteUserPolicyCommand,
  DetachGroupPolicyCommand, DetachUserPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetUserPolicyCommand,
  ListAttachedUserPoliciesCommand, ListPoliciesCommand, ListPolicyVersionsCommand, ListUserPoliciesCommand,
  PutUserPolicyCommand, SetDefaultPolicyVersionCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, decodeDoc, policy } from "./iam-support.js";

let iam: IAMClient;
const policyArn = (name: string, path = "/"): string => `arn:aws:iam::${ACCOUNT_ID}:policy${path}${name}`;

serverPerFile(async (server) => {
  iam = iamClient(server);
  await iam.send(new CreateUserCommand({ UserName: "carol" }));
});

test("PutUserPolicy stores the document as sent; GetUserPolicy returns it URL-encoded; any Sid string is accepted", async () => {
  const doc = '{"Version":"2012-10-17","Statement":[{"Sid":"allow-parameter-store-decryption","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}';
  await iam.send(new PutUserPolicyCommand({ UserName: "carol", PolicyName: "decrypt", PolicyDocument: doc }));
  const got = await iam.send(new GetUserPolicyCommand({ UserName: "carol", PolicyName: "decrypt" }));
  assert.equal(decodeURIComponent(got.PolicyDocument ?? ""), doc);
  assert.match(got.PolicyDocument ?? "", /^%7B%22Version%22/);
  const names = await iam.send(new ListUserPoliciesCommand({ UserName: "carol" }));
  assert.deepEqual(names.PolicyNames, ["decrypt"]);
});

test("malformed policy documents are refused with MalformedPolicyDocument and nothing is stored", async () => {
  const cases: [string, string][] = [
    ["{not json", "Syntax errors in policy."],
    [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }), "Policy statement must contain actions."],
    [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:GetParameter" }] }), "Policy statement must contain resources."],
    [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "GetParameter", Resource: "*" }] }), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
  ];
  for (const [doc, message] of cases) {
    await expectError(iam.send(new PutUserPolicyCommand({ UserName: "carol", PolicyName: "bad", PolicyDocument: doc })), {
      name: "MalformedPolicyDocumentException", message, status: 400,
    });
  }
  await expectError(iam.send(new GetUserPolicyCommand({ UserName: "carol", PolicyName: "bad" })), {
    name: "NoSuchEntityException", message: "The user policy with name bad cannot be found.", status: 404,
  });
});

test("inline user policies together may not exceed 2,048 non-whitespace characters", async () => {
  await iam.send(new CreateUserCommand({ UserName: "bigpolicies" }));
  const resources = Array.from({ length: 40 }, (_, i) => `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/p${i}`);
  const big = policy(allow("ssm:GetParameter", resources));
  assert.ok(big.length > 2048);
  await expectError(iam.send(new PutUserPolicyCommand({ UserName: "bigpolicies", PolicyName: "big", PolicyDocument: big })), {
    name: "LimitExceededException", message: "Maximum policy size of 2048 bytes exceeded for user bigpolicies", status: 409,
  });
  const listed = await iam.send(new ListUserPoliciesCommand({ UserName: "bigpolicies" }));
  assert.deepEqual(listed.PolicyNames, []);
});

test("DeleteUserPolicy of an unknown policy is NoSuchEntity; deleting leaves the others", async () => {
  await iam.send(new PutUserPolicyCommand({ UserName: "carol", PolicyName: "second", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  await iam.send(new DeleteUserPolicyCommand({ UserName: "carol", PolicyName: "second" }));
  await expectError(iam.send(new DeleteUserPolicyCommand({ UserName: "carol", PolicyName: "second" })), {
    name: "NoSuchEntityException", message: "The user policy with name second cannot be found.", status: 404,
  });
  assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: "carol" }))).PolicyNames, ["decrypt"]);
});

test("CreatePolicy: ANPA id, v1 default, counts; duplicate names refused; old policy versions refused", async () => {
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: "ReadParams", Path: "/app/", PolicyDocument: policy(allow("ssm:GetParameter*")), Description: "reads" }));
  const p = out.Policy;
  assert.ok(p);
  assert.equal(p.Arn, policyArn("ReadParams", "/app/"));
  assert.match(p.PolicyId ?? "", /^ANPA[A-Z0-9]{17}$/);
  assert.equal(p.DefaultVersionId, "v1");
  assert.equal(p.AttachmentCount, 0);
  assert.equal(p.IsAttachable, true);
  await expectError(iam.send(new CreatePolicyCommand({ PolicyName: "readparams", PolicyDocument: policy(allow("ssm:GetParameter")) })), {
    name: "EntityAlreadyExistsException", message: "A policy called readparams already exists. Duplicate names are not allowed.", status: 409,
  });
  await expectError(iam.send(new CreatePolicyCommand({ PolicyName: "Old", PolicyDocument: JSON.stringify({ Statement: [allow("ssm:GetParameter")] }) })), {
    name: "MalformedPolicyDocumentException", message: "Policy document must be version 2012-10-17 or greater.", status: 400,
  });
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }));
  assert.equal(got.Policy?.Description, "reads");
  await expectError(iam.send(new GetPolicyCommand({ PolicyArn: policyArn("Nope") })), {
    name: "NoSuchEntityException", message: `Policy ${policyArn("Nope")} was not found.`, status: 404,
  });
});

test("policy versions: at most 5, newest first, default switching, default cannot be deleted", async () => {
  const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "Versioned", PolicyDocument: policy(allow("ssm:GetParameter")) }))).Policy?.Arn ?? "";
  for (let i = 2; i <= 5; i++) {
    const v = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy(allow(`ssm:GetParameter`, `arn:aws:ssm:*:*:parameter/v${i}`)), SetAsDefault: i === 3 }));
    assert.equal(v.PolicyVersion?.VersionId, `v${i}`);
    assert.equal(v.PolicyVersion?.IsDefaultVersion, i === 3);
  }
  await expectError(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy(allow("ssm:GetParameter")) })), {
    name: "LimitExceededException",
    message: "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    status: 409,
  });
  const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  assert.deepEqual(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v5", false], ["v4", false], ["v3", true], ["v2", false], ["v1", false]]);
  const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v3" }));
  assert.deepEqual(decodeDoc(v3.PolicyVersion?.Document), JSON.parse(policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/v3"))));
  await expectError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v3" })), {
    name: "DeleteConflictException", message: "Cannot delete the default version of a policy.", status: 409,
  });
  await expectError(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v9" })), {
    name: "NoSuchEntityException", message: `Policy ${arn} version v9 does not exist or is not attachable.`, status: 404,
  });
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v5" }));
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, "v5");
  await expectError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
    name: "DeleteConflictException",
    message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    status: 409,
  });
  for (const v of ["v1", "v2", "v3", "v4"]) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  await expectError(iam.send(new GetPolicyCommand({ PolicyArn: arn })), { name: "NoSuchEntityException", message: `Policy ${arn} was not found.`, status: 404 });
});

test("attachments: attach/detach to users and groups, counts, quotas, DeletePolicy and DeleteUser conflicts", async () => {
  const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "Attachable", PolicyDocument: policy(allow("ssm:GetParameter")) }))).Policy?.Arn ?? "";
  await iam.send(new CreateUserCommand({ UserName: "dave" }));
  await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "dave", PolicyArn: arn }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "dave", PolicyArn: arn }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 2);
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "dave" }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: "Attachable", PolicyArn: arn }]);
  const onlyAttached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true, Scope: "Local" }));
  assert.deepEqual(onlyAttached.Policies?.map((p) => p.PolicyName), ["Attachable"]);
  // Scope AWS lists AWS managed policies only (iam-aws-managed.test.ts), never the account's own.
  assert.ok(!(await iam.send(new ListPoliciesCommand({ Scope: "AWS" }))).Policies?.some((p) => p.Arn === arn));
  await expectError(iam.send(new AttachUserPolicyCommand({ UserName: "dave", PolicyArn: policyArn("Missing") })), {
    name: "NoSuchEntityException", message: `Policy ${policyArn("Missing")} does not exist or is not attachable.`, status: 404,
  });
  await expectError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
    name: "DeleteConflictException", message: "Cannot delete a policy attached to entities.", status: 409,
  });
  await expectError(iam.send(new DeleteUserCommand({ UserName: "dave" })), {
    name: "DeleteConflictException", message: "Cannot delete entity, must detach all policies first.", status: 409,
  });
  await iam.send(new DetachUserPolicyCommand({ UserName: "dave", PolicyArn: arn }));
  await expectError(iam.send(new DetachUserPolicyCommand({ UserName: "dave", PolicyArn: arn })), {
    name: "NoSuchEntityException", message: `Policy ${arn} was not found.`, status: 404,
  });
  await iam.send(new DetachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  await iam.send(new DeleteUserCommand({ UserName: "dave" }));
});

test("at most 10 managed policies per user (LimitExceeded)", async () => {
  await iam.send(new CreateUserCommand({ UserName: "collector" }));
  for (let i = 0; i < 11; i++) {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: `Many${i}`, PolicyDocument: policy(allow("ssm:GetParameter")) }))).Policy?.Arn ?? "";
    const attach = iam.send(new AttachUserPolicyCommand({ UserName: "collector", PolicyArn: arn }));
    if (i < 10) await attach;
    else await expectError(attach, { name: "LimitExceededException", message: "Cannot exceed quota for PoliciesPerUser: 10", status: 409 });
  }
  assert.equal((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "collector" }))).AttachedPolicies?.length, 10);
});
