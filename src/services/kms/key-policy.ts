// Key policies: the default policy, AWS managed keys' policies, and validation on write (kms.md §6, §7).
import { parsePolicyDocument, policySizeBytes, POLICY_SIZE_LIMITS } from "../../policy/index.js";
import type { PolicyDocument } from "../../policy/index.js";
import { limitExceeded, malformedPolicy } from "./errors.js";
import type { ManagedService } from "./store.js";

/** CreateKey's default policy, byte for byte as AWS pretty-prints it (kms.md §7). */
export function defaultKeyPolicy(accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

const SERVICE_TITLE: Readonly<Record<ManagedService, string>> = {
  ssm: "AWS Systems Manager",
  secretsmanager: "AWS Secrets Manager",
};

/**
 * AWS's own policy for `alias/aws/<service>`: every principal of the account may use the key through
 * that service, and the account may read its metadata (kms.md §6). Served only with
 * `awsManagedKeysOpen`; by default paramstore gives managed keys the default policy instead, so
 * IAM must allow kms:Decrypt explicitly (project divergence, kms.md §6, acceptance audit.sh).
 */
export function awsManagedKeyPolicy(service: ManagedService, accountId: string, region: string): string {
  const title = SERVICE_TITLE[service];
  return `{
  "Version" : "2012-10-17",
  "Id" : "auto-${service}-2",
  "Statement" : [ {
    "Sid" : "Allow access through ${title} for all principals in the account that are authorized to use ${title}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${accountId}",
        "kms:ViaService" : "${service}.${region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
    "Resource" : "*"
  } ]
}`;
}

/** Actions an AWS managed key's policy grants at all; anything else is refused as AWS's policy would. */
const MANAGED_KEY_ACTIONS = /^kms:(Encrypt|Decrypt|ReEncrypt(From|To)?|GenerateDataKey(WithoutPlaintext)?|CreateGrant|RevokeGrant|Describe\w*|Get\w*|List\w*)$/;

export const managedKeyAllows = (action: string): boolean => MANAGED_KEY_ACTIONS.test(action);

const PRINCIPAL_OK = [
  /^\*$/,
  /^\d{12}$/,
  /^arn:aws:iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)$/,
  /^arn:aws:sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+)$/,
];

const SYNTAX = "Syntax errors in policy.";
const INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals.";
export const LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";

/**
 * Grammar, size and principal checks of a key policy; returns the parsed document.
 * AWS answers unparsable text with an empty message (observed); other texts come from the policy engine.
 */
export function checkKeyPolicy(text: string): PolicyDocument {
  if (policySizeBytes(text) > POLICY_SIZE_LIMITS.keyPolicyBytes) {
    throw limitExceeded(`The key policy exceeds the maximum size of ${POLICY_SIZE_LIMITS.keyPolicyBytes} bytes.`);
  }
  const r = parsePolicyDocument(text, "resource");
  if ("error" in r) throw malformedPolicy(r.error === SYNTAX ? "" : r.error);
  const principals = r.document.statements.flatMap((s) => [...(s.principal?.aws ?? []), ...(s.notPrincipal?.aws ?? [])]);
  if (!principals.every((p) => PRINCIPAL_OK.some((re) => re.test(p)))) throw malformedPolicy(INVALID_PRINCIPALS);
  return r.document;
}
