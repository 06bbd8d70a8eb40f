// GetAccountSummary and GetAccountAuthorizationDetails through the real server and @aws-sdk/client-iam, checked
// against the AWS CLI examples get-account-summary.rst and get-account-authorization-details.rst member by member.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeleteUserCommand, DetachGroupPolicyCommand,
  GetAccountAuthorizationDetailsCommand, GetAccountSummaryCommand, PutGroupPolicyCommand, PutRolePermissionsBoundaryCommand,
  PutUserPolicyCommand, type GetAccountAuthorizationDetailsCommandInput, type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { expectError } from "../helpers/assertions.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { allow, decodeDoc, deniedText, newUser, policy, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
});

const AWS_ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const policyArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;
const summary = async (): Promise<Record<string, number>> => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
const details = (input: GetAccountAuthorizationDetailsCommandInput = {}) => iam.send(new GetAccountAuthorizationDetailsCommand(input));
const TRUST = policy({ Sid: "", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

/** Every key of the CLI example plus the Attached*, Policies*, PolicyVersionsInUse*, VersionsPerPolicyQuota and token version. */
const QUOTAS: Record<string, number> = {
  UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5, PolicySizeQuota: 6144, UserPolicySizeQuota: 2048, GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240, AssumeRolePolicySizeQuota: 2048, AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10, GroupsPerUserQuota: 10, AccessKeysPerUserQuota: 2,
  SigningCertificatesPerUserQuota: 2, ServerCertificatesQuota: 20, InstanceProfilesQuota: 1000,
};
const FIXED: Record<string, number> = {
  ServerCertificates: 0, MFADevices: 0, MFADevicesInUse: 0, AccountMFAEnabled: 0, AccountAccessKeysPresent: 1,
  AccountSigningCertificatesPresent: 0, InstanceProfiles: 0, Providers: 0, GlobalEndpointTokenVersion: 1,
};
const COUNTS = ["Users", "Groups", "Roles", "Policies", "PolicyVersionsInUse"];

test("GetAccountSummary: every key AWS answers, quotas as enforced, counts following creates and deletes", async () => {
  const before = await summary();
  assert.deepEqual(Object.keys(before).sort(), [...Object.keys(QUOTAS), ...Object.keys(FIXED), ...COUNTS].sort());
  for (const [k, v] of Object.entries({ ...QUOTAS, ...FIXED })) assert.equal(before[k], v, k);

  await iam.send(new CreateUserCommand({ UserName: "sum-user" }));
  await iam.send(new CreateGroupCommand({ GroupName: "sum-group" }));
  await iam.send(new CreateRoleCommand({ RoleName: "sum-role", AssumeRolePolicyDocument: TRUST }));
  await iam.send(new CreatePolicyCommand({ PolicyName: "sum-policy", PolicyDocument: policy(allow("s3:GetObject")) }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "sum-group", PolicyArn: AWS_ADMIN }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "sum-role", PolicyArn: policyArn("sum-policy") }));
  const after = await summary();
  for (const k of COUNTS) assert.equal(after[k], (before[k] ?? 0) + (k === "PolicyVersionsInUse" ? 2 : 1), k);

  await iam.send(new DeleteUserCommand({ UserName: "sum-user" }));
  await iam.send(new DetachGroupPolicyCommand({ GroupName: "sum-group", PolicyArn: AWS_ADMIN }));
  const later = await summary();
  assert.equal(later["Users"], before["Users"]);
  assert.equal(later["PolicyVersionsInUse"], (before["PolicyVersionsInUse"] ?? 0) + 1);
});

test("GetAccountAuthorizationDetails: users, groups, roles and policies shaped like the CLI example", async () => {
  await iam.send(new CreateGroupCommand({ GroupName: "Admins" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "Admins", PolicyArn: AWS_ADMIN }));
  await iam.send(new CreateGroupCommand({ GroupName: "Finance" }));
  const financeDoc = policy({ Action: "aws-portal:*", Sid: "Stmt1381777017000", Resource: "*", Effect: "Allow" });
  await iam.send(new PutGroupPolicyCommand({ GroupName: "Finance", PolicyName: "policygen", PolicyDocument: financeDoc }));
  await iam.send(new CreateUserCommand({ UserName: "Alice" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "Admins", UserName: "Alice" }));
  await iam.send(new CreateUserCommand({ UserName: "Bob", Tags: [{ Key: "team", Value: "ops" }] }));
  const bobDoc = policy(allow(["aws-portal:*", "iam:*"]));
  await iam.send(new PutUserPolicyCommand({ UserName: "Bob", PolicyName: "DenyBilling", PolicyDocument: bobDoc }));
  const s3Doc = policy(allow(["s3:Get*", "s3:List*"], ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]));
  await iam.send(new CreatePolicyCommand({ PolicyName: "S3-read-only", PolicyDocument: s3Doc, Description: "read" }));
  const s3v2 = policy(allow("s3:Get*"));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn("S3-read-only"), PolicyDocument: s3v2, SetAsDefault: true }));
  await iam.send(new CreateRoleCommand({ RoleName: "EC2role", AssumeRolePolicyDocument: TRUST }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "EC2role", PolicyArn: policyArn("S3-read-only") }));
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "EC2role", PermissionsBoundary: policyArn("S3-read-only") }));

  const out = await details();
  assert.equal(out.IsTruncated, false);
  assert.equal(out.Marker, undefined);
  const alice = out.UserDetailList?.find((u) => u.UserName === "Alice");
  assert.deepEqual(Object.keys(alice ?? {}).sort(), ["Arn", "AttachedManagedPolicies", "CreateDate", "GroupList", "Path", "UserId", "UserName", "UserPolicyList"]);
  assert.deepEqual(alice?.GroupList, ["Admins"]);
  assert.deepEqual(alice?.UserPolicyList, []);
  assert.equal(alice?.Arn, userArn("Alice"));
  const bob = out.UserDetailList?.find((u) => u.UserName === "Bob");
  assert.equal(bob?.UserPolicyList?.[0]?.PolicyName, "DenyBilling");
  assert.deepEqual(decodeDoc(bob?.UserPolicyList?.[0]?.PolicyDocument), JSON.parse(bobDoc), "documents go out URL-encoded");
  assert.deepEqual(bob?.Tags, [{ Key: "team", Value: "ops" }]);

  const admins = out.GroupDetailList?.find((g) => g.GroupName === "Admins");
  assert.deepEqual(Object.keys(admins ?? {}).sort(), ["Arn", "AttachedManagedPolicies", "CreateDate", "GroupId", "GroupName", "GroupPolicyList", "Path"]);
  assert.deepEqual(admins?.AttachedManagedPolicies, [{ PolicyName: "AdministratorAccess", PolicyArn: AWS_ADMIN }]);
  const finance = out.GroupDetailList?.find((g) => g.GroupName === "Finance");
  assert.deepEqual(decodeDoc(finance?.GroupPolicyList?.[0]?.PolicyDocument), JSON.parse(financeDoc));

  const role = out.RoleDetailList?.find((r) => r.RoleName === "EC2role");
  assert.deepEqual(Object.keys(role ?? {}).sort(), [
    "Arn", "AssumeRolePolicyDocument", "AttachedManagedPolicies", "CreateDate", "InstanceProfileList", "Path",
    "PermissionsBoundary", "RoleId", "RoleLastUsed", "RoleName", "RolePolicyList",
  ]);
  assert.deepEqual(decodeDoc(role?.AssumeRolePolicyDocument), JSON.parse(TRUST));
  assert.deepEqual(role?.InstanceProfileList, []);
  assert.deepEqual(role?.RoleLastUsed, {});
  assert.deepEqual(role?.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: policyArn("S3-read-only") });

  const s3 = out.Policies?.find((p) => p.PolicyName === "S3-read-only");
  assert.equal(s3?.DefaultVersionId, "v2");
  assert.equal(s3?.AttachmentCount, 1);
  assert.equal(s3?.PermissionsBoundaryUsageCount, 1);
  assert.equal(s3?.IsAttachable, true);
  assert.deepEqual(s3?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v2", true], ["v1", false]]);
  assert.deepEqual(decodeDoc(s3?.PolicyVersionList?.[1]?.Document), JSON.parse(s3Doc));
  assert.ok(s3?.PolicyVersionList?.[0]?.CreateDate instanceof Date);
  const admin = out.Policies?.find((p) => p.Arn === AWS_ADMIN);
  assert.equal(admin?.AttachmentCount, 1, "an attached AWS managed policy is listed");
  assert.equal(out.Policies?.some((p) => p.PolicyName === "PowerUserAccess"), false, "unattached AWS managed policies are not");
});

test("GetAccountAuthorizationDetails: Filter selects entity types; the other lists come back empty", async () => {
  const users = await details({ Filter: ["User"] });
  assert.ok((users.UserDetailList ?? []).length > 0);
  assert.deepEqual([users.GroupDetailList, users.RoleDetailList, users.Policies], [[], [], []]);
  const local = await details({ Filter: ["LocalManagedPolicy"] });
  assert.ok(local.Policies?.every((p) => p.Arn?.startsWith(`arn:aws:iam::${ACCOUNT_ID}:policy/`)));
  assert.ok(local.Policies?.some((p) => p.PolicyName === "sum-policy"), "unattached customer policies are listed");
  const aws = await details({ Filter: ["AWSManagedPolicy"] });
  assert.deepEqual(aws.Policies?.map((p) => p.Arn), [AWS_ADMIN]);
  const roles = await details({ Filter: ["Role", "Group"] });
  assert.deepEqual(roles.UserDetailList, []);
  assert.ok((roles.RoleDetailList ?? []).length > 0 && (roles.GroupDetailList ?? []).length > 0);
});

test("GetAccountAuthorizationDetails: MaxItems counts across the lists and Marker resumes where the page ended", async () => {
  const all = await details();
  const names = (o: typeof all): string[] => [
    ...(o.UserDetailList ?? []).map((u) => `u:${u.UserName}`), ...(o.GroupDetailList ?? []).map((g) => `g:${g.GroupName}`),
    ...(o.RoleDetailList ?? []).map((r) => `r:${r.RoleName}`), ...(o.Policies ?? []).map((p) => `p:${p.Arn}`),
  ];
  const seen: string[] = [];
  let marker: string | undefined;
  do {
    const page = await details({ MaxItems: 2, ...(marker ? { Marker: marker } : {}) });
    assert.ok(names(page).length <= 2);
    assert.equal(page.IsTruncated, page.Marker !== undefined);
    seen.push(...names(page));
    marker = page.Marker;
  } while (marker !== undefined);
  assert.deepEqual(seen, names(all));
  await expectError(details({ Marker: "bm90LW91cnM" }), { name: "InvalidInputException", message: "Invalid Marker." });
});

test("both operations authorise iam:<Action> on *", async () => {
  const creds = await newUser(iam, "acct-reader", { policy: policy(allow("iam:GetAccountSummary")) });
  const reader = iamClient(server, creds);
  assert.equal(((await reader.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {})["UsersQuota"], 5000);
  await expectError(reader.send(new GetAccountAuthorizationDetailsCommand({})), {
    name: "AccessDenied", message: deniedText(userArn("acct-reader"), "iam:GetAccountAuthorizationDetails", "*"), status: 403,
  });
});
