// Compiled sets: statements grouped by service, order kept, and the evaluate() edges the table does not cover.
import assert from "node:assert/strict";
import { test } from "node:test";
import { candidates } from "./compile.js";
import { compilePolicies, evaluate, parsePolicyDocument } from "./index.js";
import type { NamedPolicy, PolicyKind, RequestContext } from "./index.js";

function named(name: string, statements: unknown[], kind: PolicyKind = "identity"): NamedPolicy {
  const r = parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: statements }), kind);
  if ("error" in r) throw new Error(r.error);
  return { name, type: kind === "identity" ? "identity" : "key", document: r.document };
}

const req = (action: string, resource = "*", principalArn = "arn:aws:iam::123456789012:user/alice"): RequestContext => ({
  action,
  resource,
  principalArn,
  principalAccount: "123456789012",
  context: {},
});

test("the hot path only sees statements of the action's service (plus service-less ones), in document order", () => {
  const many = Array.from({ length: 500 }, (_, i) => ({ Effect: "Allow", Action: `kms:Op${i}`, Resource: "*" }));
  const set = compilePolicies([
    named("big", many),
    named("ssm", [
      { Sid: "A", Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" },
      { Sid: "Any", Effect: "Deny", NotAction: "kms:*", Resource: "arn:aws:ssm:*:*:parameter/x" },
      { Sid: "B", Effect: "Allow", Action: ["ssm:PutParameter", "SSM:DeleteParameter"], Resource: "*" },
    ]),
  ]);
  assert.equal(set.statementCount, 503);
  const ssm = candidates(set, "ssm");
  assert.deepEqual(ssm.allow.map((s) => s.ref.sid), ["A", "B"]);
  assert.deepEqual(ssm.deny.map((s) => s.ref.sid), ["Any"]);
  assert.equal(candidates(set, "kms").allow.length, 500);
  assert.deepEqual(candidates(set, "secretsmanager").deny.map((s) => s.ref.sid), ["Any"], "unknown services see only service-less statements");
  assert.equal(evaluate(req("kms:Op499"), { identity: set }).effect, "Allow");
  assert.equal(evaluate(req("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/x"), { identity: set }).effect, "ExplicitDeny");
});

test("statement references carry policy name, type, sid and index", () => {
  const set = compilePolicies([named("reader", [{ Effect: "Deny", Action: "ssm:X", Resource: "*" }, { Sid: "R", Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }])]);
  const d = evaluate(req("ssm:GetParameter"), { identity: set });
  assert.deepEqual(d.statement, { policyName: "reader", policyType: "identity", index: 1, sid: "R" });
  assert.equal(d.reason, "an identity-based policy allows");
});

test("implicit deny says which policy type is missing", () => {
  const d = evaluate(req("ssm:GetParameter"), { identity: compilePolicies([]) });
  assert.deepEqual(d, { effect: "ImplicitDeny", deniedBy: "identity-based", reason: "no identity-based policy allows the action" });
});

test("a KMS evaluation without a key policy is denied by the missing resource policy", () => {
  const identity = compilePolicies([named("all", [{ Effect: "Allow", Action: "*", Resource: "*" }])]);
  const d = evaluate(req("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k"), { identity, resourceKind: "kms-key" });
  assert.equal(d.effect, "ImplicitDeny");
  assert.equal(d.deniedBy, "resource-based");
});

test("isRoot can be stated explicitly; otherwise it comes from the ARN", () => {
  const identity = compilePolicies([]);
  assert.equal(evaluate(req("ssm:GetParameter"), { identity, isRoot: true }).effect, "Allow");
  assert.equal(evaluate(req("ssm:GetParameter", "*", "arn:aws:iam::123456789012:root"), { identity }).effect, "Allow");
  assert.equal(evaluate(req("ssm:GetParameter", "*", "arn:aws:iam::123456789012:root"), { identity, isRoot: false }).effect, "ImplicitDeny");
});

test("a statement without Principal never grants from a resource policy (fail closed)", () => {
  const identityDoc = named("odd", [{ Effect: "Allow", Action: "kms:*", Resource: "*" }]);
  const d = evaluate(req("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k"), {
    identity: compilePolicies([]),
    resource: compilePolicies([{ ...identityDoc, type: "key" }]),
    resourceKind: "kms-key",
  });
  assert.equal(d.effect, "ImplicitDeny");
});

test("evaluation is pure: the same inputs give the same decision", () => {
  const set = compilePolicies([named("p", [{ Effect: "Allow", Action: "ssm:*", Resource: "arn:aws:ssm:*:*:parameter/${aws:username}/*" }])]);
  const r = { ...req("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/alice/x"), context: { "aws:username": "alice" } };
  const first = evaluate(r, { identity: set });
  for (let i = 0; i < 100; i++) assert.deepEqual(evaluate(r, { identity: set }), first);
  assert.equal(first.effect, "Allow");
});
