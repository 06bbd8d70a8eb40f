// Runs every decision-table row through parse → compile → evaluate and checks the decision and its reason.
import assert from "node:assert/strict";
import { test } from "node:test";
import { principalContext } from "./decision-cases-common.js";
import type { DecisionCase, Json } from "./decision-cases-common.js";
import { DECISION_CASES } from "./decision-table.cases.js";
import { accessDeniedMessage, compilePolicies, evaluate, parsePolicyDocument } from "./index.js";
import type { CompiledPolicySet, NamedPolicy, PolicyKind, PolicyType } from "./index.js";

function parsed(json: Json, kind: PolicyKind, type: PolicyType, name: string): NamedPolicy {
  const r = parsePolicyDocument(JSON.stringify(json), kind);
  if ("error" in r) assert.fail(`policy ${name} does not parse: ${r.error}`);
  return { name, type, document: r.document };
}

const compileAll = (docs: readonly Json[] | undefined, type: PolicyType, prefix: string): CompiledPolicySet | undefined =>
  docs === undefined ? undefined : compilePolicies(docs.map((d, i) => parsed(d, "identity", type, `${prefix}-${i}`)));

function decide(c: DecisionCase): ReturnType<typeof evaluate> {
  const resourceType: PolicyType = c.resourceKind === "kms-key" ? "key" : "resource";
  const resourceKind = c.resourceKind === "role-trust" ? "trust" : "resource";
  const resource = c.resourcePolicy && compilePolicies([parsed(c.resourcePolicy, resourceKind, resourceType, "resource-policy")]);
  const session = compileAll(c.session, "session", "session");
  const boundary = compileAll(c.boundary, "permissions-boundary", "boundary");
  return evaluate(
    {
      action: c.action,
      resource: c.resource,
      principalArn: c.principal,
      principalAccount: "123456789012",
      context: { ...principalContext(c.principal), ...c.context },
    },
    {
      identity: compileAll(c.identity ?? [], "identity", "identity") ?? compilePolicies([]),
      ...(session ? { session } : {}),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      ...(resource ? { resource } : {}),
      ...(c.resourceKind ? { resourceKind: c.resourceKind } : {}),
    },
  );
}

test("the decision table has at least 150 uniquely named rows, each with a reason", () => {
  assert.ok(DECISION_CASES.length >= 150, `only ${DECISION_CASES.length} rows`);
  assert.equal(new Set(DECISION_CASES.map((c) => c.name)).size, DECISION_CASES.length);
  for (const c of DECISION_CASES) assert.ok(c.why.length > 5, `row "${c.name}" lacks a why`);
});

for (const c of DECISION_CASES) {
  test(`${c.expect}: ${c.name}`, () => {
    const d = decide(c);
    assert.equal(d.effect, c.expect, `${c.name} — expected because ${c.why}; got ${JSON.stringify(d)}`);
    if (c.deniedBy !== undefined) assert.equal(d.deniedBy, c.deniedBy);
    if (c.sid !== undefined) assert.equal(d.statement?.sid, c.sid);
    if (d.effect === "ExplicitDeny") assert.ok(d.statement !== undefined, "an explicit deny names its statement");
    if (d.effect !== "Allow") {
      const message = accessDeniedMessage(c.principal, c.action, c.resource, d);
      assert.match(message, /^User: \S+ is not authorized to perform: \S+ on resource: \S+ (because no|with an explicit deny in) /);
    }
  });
}
