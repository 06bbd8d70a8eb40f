// The request-context keys authorisation sees (iam.md §4.1) and the resource an AccessDenied text names (§8).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal, RequestInfo } from "../server/context.js";
import type { AuthzRequest } from "./authorizer.js";
import { messageResource, requestContextKeys } from "./policy-context.js";

const request: RequestInfo = { requestId: "r", receivedAt: new Date(0), sourceIp: "::ffff:10.1.2.3", userAgent: "ua/1", isTls: false };
const now = new Date("2026-01-02T03:04:05.678Z");
const user: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/bob", principalId: "AIDAEXAMPLE", userName: "bob", accessKeyId: "AKIAX", isTemporary: false };
const session: Principal = {
  type: "AssumedRole", accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/app/s", principalId: "AROAEXAMPLE:s", accessKeyId: "ASIAX", isTemporary: true,
  session: { roleArn: "arn:aws:iam::123456789012:role/p/app", roleName: "app", roleId: "AROAEXAMPLE", sessionName: "s", issuedAt: new Date("2026-01-02T03:00:00.123Z"), expiresAt: now },
};
const req = (principal: Principal, over: Partial<AuthzRequest> = {}): AuthzRequest => ({
  principal, action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-1:123456789012:parameter/a", accountId: "123456789012", region: "eu-west-1", request, now, ...over,
});

describe("requestContextKeys", () => {
  it("an IAM user: username, userid, PrincipalArn, type User, time, IPv4 source, no token keys", () => {
    const c = requestContextKeys(req(user), { team: "blue" });
    assert.equal(c["aws:username"], "bob");
    assert.equal(c["aws:userid"], "AIDAEXAMPLE");
    assert.equal(c["aws:PrincipalArn"], user.arn);
    assert.equal(c["aws:PrincipalType"], "User");
    assert.equal(c["aws:PrincipalAccount"], "123456789012");
    assert.equal(c["aws:CurrentTime"], "2026-01-02T03:04:05Z");
    assert.equal(c["aws:EpochTime"], String(Math.floor(now.getTime() / 1000)));
    assert.equal(c["aws:SourceIp"], "10.1.2.3", "IPv4-mapped addresses are named as IPv4");
    assert.equal(c["aws:SecureTransport"], false);
    assert.equal(c["aws:RequestedRegion"], "eu-west-1");
    assert.equal(c["aws:PrincipalTag/team"], "blue");
    assert.equal("aws:TokenIssueTime" in c, false);
    assert.equal("aws:MultiFactorAuthPresent" in c, false);
  });
  it("a role session: the role ARN as PrincipalArn, no username, token issue time and MFA=false", () => {
    const c = requestContextKeys(req(session), {});
    assert.equal(c["aws:PrincipalArn"], "arn:aws:iam::123456789012:role/p/app");
    assert.equal(c["aws:PrincipalType"], "AssumedRole");
    assert.equal("aws:username" in c, false);
    assert.equal(c["aws:TokenIssueTime"], "2026-01-02T03:00:00Z");
    assert.equal(c["aws:MultiFactorAuthPresent"], false);
  });
  it("service context keys win; kms actions get kms:CallerAccount", () => {
    const c = requestContextKeys(req(user, { action: "kms:Decrypt", options: { context: { "aws:ViaAWSService": true, "kms:ViaService": "ssm.us-east-1.amazonaws.com", skipped: undefined } } }), {});
    assert.equal(c["aws:ViaAWSService"], true);
    assert.equal(c["kms:ViaService"], "ssm.us-east-1.amazonaws.com");
    assert.equal(c["kms:CallerAccount"], "123456789012");
    assert.equal("skipped" in c, false);
  });
});

describe("messageResource", () => {
  const cases: [string, string, string][] = [
    ["ssm:DescribeParameters", "*", "arn:aws:ssm:eu-west-1:123456789012:*"],
    ["kms:ListKeys", "*", "arn:aws:kms:eu-west-1:123456789012:*"],
    ["iam:ListUsers", "*", "*"],
    ["ssm:GetParameter", "arn:aws:ssm:eu-west-1:123456789012:parameter/a", "arn:aws:ssm:eu-west-1:123456789012:parameter/a"],
  ];
  for (const [action, resource, want] of cases) {
    it(`${action} on ${resource} is named ${want}`, () => assert.equal(messageResource(req(user, { action, resource })), want));
  }
});
