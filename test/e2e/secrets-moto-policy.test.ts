// Secrets Manager resource policies with grammar errors, as AWS answers them: MalformedPolicyDocumentException with
// Secrets Manager's own text "This resource policy contains a syntax error." (AWS user guide, "Managing a
// resource-based policy": the Syntax Error example is a statement with Effect "AllowSomething"; the same text in
// real PutResourcePolicy failures reported against AWS), not IAM's "Syntax errors in policy.".
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  ValidateResourcePolicyCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { secretsClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";

let sm: SecretsManagerClient;
serverPerFile((server) => {
  sm = secretsClient(server);
}, {}, { cleanup: () => sm.destroy() });

const SYNTAX_ERROR = "This resource policy contains a syntax error.";
const statement = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "secretsmanager:GetSecretValue", Resource: "*" };
const doc = (statements: unknown[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

// Not JSON; no Statement; a statement without Effect; an unknown element; the guide's Effect "AllowSomething".
const MALFORMED: Record<string, string> = {
  "not JSON": "some policy",
  "no Statement": JSON.stringify({ Version: "2012-10-17" }),
  "no Effect": doc([{ Principal: statement.Principal, Action: statement.Action, Resource: "*" }]),
  "unknown element": doc([{ ...statement, Unknown: "*" }]),
  "invalid Effect": doc([{ ...statement, Effect: "AllowSomething" }]),
};

test("PutResourcePolicy refuses a malformed policy with Secrets Manager's syntax-error text and keeps the old one", async () => {
  await sm.send(new CreateSecretCommand({ Name: "moto/policy", SecretString: "v" }));
  const good = doc([statement]);
  await sm.send(new PutResourcePolicyCommand({ SecretId: "moto/policy", ResourcePolicy: good }));
  for (const policy of Object.values(MALFORMED)) {
    await rejectsWith(sm.send(new PutResourcePolicyCommand({ SecretId: "moto/policy", ResourcePolicy: policy })), "MalformedPolicyDocumentException", SYNTAX_ERROR);
  }
  assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: "moto/policy" }))).ResourcePolicy, good);
});

test("ValidateResourcePolicy reports a malformed policy with the same text", async () => {
  for (const [why, policy] of Object.entries(MALFORMED)) {
    const r = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy }));
    assert.equal(r.PolicyValidationPassed, false, why);
    assert.deepEqual(r.ValidationErrors?.map((e) => e.ErrorMessage), [SYNTAX_ERROR], why);
  }
});
