// The policy-backed authorizer's memo of context-free decisions: same answers as evaluating every time, never
// for statements that read the request context, and gone with the policy sets when IAM changes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal, RequestInfo } from "../server/context.js";
import type { ReadTx } from "../storage/types.js";
import type { AuthzRequest } from "./authorizer.js";
import { candidates } from "../policy/compile.js";
import { compilePolicies, parsePolicyDocument } from "../policy/index.js";
import { createPolicyAuthorizer } from "./policy-authorizer.js";

const ACCOUNT = "123456789012";
const user: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalId: "AIDAEXAMPLEEXAMPLE001", userName: "alice", accessKeyId: "AKIAEXAMPLEEXAMPLE01", isTemporary: false };
const PARAM = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db`;

/** An authorizer over one user whose identity policy (and IAM version) the test sets. */
function setup(): { authz: ReturnType<typeof createPolicyAuthorizer>; set: (statements: object[]) => void; loads: () => number } {
  let version = 1;
  let document = "";
  let loads = 0;
  const tx = {} as ReadTx;
  const authz = createPolicyAuthorizer({
    storage: { read: (fn) => fn(tx) },
    iam: {
      version: async () => version,
      policiesOf: async () => {
        loads += 1;
        return { identity: [{ name: "p", document }], tags: {} };
      },
      managedPolicy: async () => undefined,
    },
    sts: { extras: async () => undefined },
  });
  return {
    authz,
    set: (statements) => {
      document = JSON.stringify({ Version: "2012-10-17", Statement: statements });
      version += 1; // every IAM change bumps the counter
    },
    loads: () => loads,
  };
}

const request = (sourceIp: string): RequestInfo => ({ requestId: "r", receivedAt: new Date(), sourceIp, userAgent: "test", isTls: false });
const check = (authz: ReturnType<typeof createPolicyAuthorizer>, action: string, sourceIp = "10.0.0.1"): ReturnType<typeof authz.check> => {
  const req: AuthzRequest = { principal: user, action, resource: PARAM, accountId: ACCOUNT, region: "us-east-1", request: request(sourceIp), now: new Date() };
  return authz.check(req);
};

describe("policy authorizer decision memo", () => {
  it("answers a repeated context-free check as a fresh evaluation does, and follows an IAM change at once", async () => {
    const { authz, set, loads } = setup();
    set([{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/app/*" }]);
    assert.equal((await check(authz, "ssm:GetParameter")).allowed, true);
    assert.equal((await check(authz, "ssm:GetParameter")).allowed, true);
    const denied = await check(authz, "ssm:PutParameter");
    assert.equal(denied.allowed, false);
    assert.deepEqual(await check(authz, "ssm:PutParameter"), denied);
    set([{ Effect: "Deny", Action: "ssm:GetParameter", Resource: "*" }, { Effect: "Allow", Action: "ssm:*", Resource: "*" }]);
    assert.equal((await check(authz, "ssm:GetParameter")).allowed, false);
    assert.equal((await check(authz, "ssm:PutParameter")).allowed, true);
    assert.equal(loads(), 2);
  });

  it("evaluates every time when a statement of the service reads the request context", async () => {
    const { authz, set } = setup();
    set([{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }]);
    assert.equal((await check(authz, "ssm:GetParameter", "10.1.2.3")).allowed, true);
    assert.equal((await check(authz, "ssm:GetParameter", "192.0.2.1")).allowed, false);
    assert.equal((await check(authz, "ssm:GetParameter", "10.1.2.3")).allowed, true);
  });

  it("marks a service's statements context-free only without conditions and policy variables", () => {
    const bucket = (statement: object): boolean | undefined => {
      const r = parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: [statement] }), "identity");
      if ("error" in r) throw new Error(r.error);
      return candidates(compilePolicies([{ name: "p", type: "identity", document: r.document }]), "ssm").contextFree;
    };
    assert.equal(bucket({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/app/*" }), true);
    assert.equal(bucket({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/${aws:username}/*" }), false);
    assert.equal(bucket({ Effect: "Deny", Action: "ssm:*", NotResource: "arn:aws:ssm:*:*:parameter/${aws:username}/*" }), false);
    assert.equal(bucket({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }), false);
    assert.equal(bucket({ Effect: "Allow", NotAction: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }), false);
  });
});
