// Decision-table rows for KMS: key policies are authoritative (iam.md §7; KMS developer guide key-policy examples).
import {
  ALICE, allow, BOB, DEFAULT_KEY_POLICY, deny, doc, grant, K1, K2, PROJECT_ROLE_ARN, PROJECT_SESSION, refuse, ROOT,
  role, session, user,
} from "./decision-cases-common.js";
import type { DecisionCase, Json } from "./decision-cases-common.js";

const DECRYPT_K1 = doc(allow("kms:Decrypt", K1, { Sid: "DecryptOneKey" }));
/** iam.sh write-only scenario: write SecureStrings, never read them back. */
const WRITE_ONLY = doc(
  allow(["ssm:PutParameter", "kms:Encrypt", "kms:GenerateDataKey"], "*"),
  deny("kms:Decrypt", "*", { Sid: "NoDecrypt" }),
);
const KMS_ALL = doc(allow("kms:*", "*"));
const BOB_ONLY_KEY = doc(grant(BOB, ["kms:Encrypt", "kms:Decrypt"], { Sid: "BobUsesKey" }));
const KEY_ADMIN = user("KMSAdminUser");
const KEY_USER_ROLE = role("ExampleUserRole");
/** KMS guide: console default policy (account, key administrators, key users). */
const CONSOLE_POLICY = doc(
  { Sid: "Enable IAM policies", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
  grant(KEY_ADMIN, [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
    "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
  ], { Sid: "Allow access for Key Administrators" }),
  grant(KEY_USER_ROLE, ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], {
    Sid: "Allow use of the key",
  }),
);
const VIA_SSM_ONLY = doc(
  { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
  refuse("*", "kms:Decrypt", { Sid: "OnlyThroughSSM", Condition: { StringNotEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" } } }),
);
const PARAM_CONTEXT = doc(allow("kms:Decrypt", "*", {
  Condition: { StringEquals: { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" } },
}));
/** kms.md §6: the AWS-managed aws/ssm key policy. */
const AWS_SSM_KEY = doc(
  grant("*", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], {
    Sid: "Allow access through SSM",
    Condition: { StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "ssm.us-east-1.amazonaws.com" } },
  }),
  grant(ROOT, ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], { Sid: "Allow direct access to key metadata" }),
);
const CONTEXT_KEYS_ALL = doc(grant(BOB, "kms:Encrypt", {
  Condition: { "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["Department", "Project"] } },
}));
const CONTEXT_KEYS_ANY = doc(grant(BOB, "kms:Encrypt", {
  Condition: { "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": ["Project"] } },
}));
const LIST_KEYS = doc(allow(["kms:ListKeys", "kms:ListAliases", "kms:CreateKey"], "*"));
const ROLE_KMS = doc(allow("kms:*", "*"));
const SESSION_ENCRYPT_ONLY = doc(allow("kms:Encrypt", "*"));
const NAMES_SESSION = doc(grant(PROJECT_SESSION, "kms:Decrypt", { Sid: "ThisSession" }));
const NAMES_ROLE = doc(grant(PROJECT_ROLE_ARN, "kms:Decrypt", { Sid: "ThisRole" }));
const DENY_DECRYPT = doc(deny("kms:Decrypt", "*", { Sid: "NoDecrypt" }));

const kms = (
  name: string,
  principal: string,
  identity: readonly Json[],
  keyPolicy: Json,
  action: string,
  expect: DecisionCase["expect"],
  why: string,
  extra: Partial<DecisionCase> = {},
): DecisionCase => ({ name, principal, identity, resourcePolicy: keyPolicy, resourceKind: "kms-key", action, resource: K1, expect, why, ...extra });

const VIA_SSM = { "kms:ViaService": "ssm.us-east-1.amazonaws.com", "kms:CallerAccount": "123456789012" };

export const KMS_CASES: readonly DecisionCase[] = [
  kms("seed: Decrypt allowed on one key", ALICE, [DECRYPT_K1], DEFAULT_KEY_POLICY, "kms:Decrypt", "Allow", "default key policy enables IAM; identity allows this key", { sid: "DecryptOneKey" }),
  kms("seed: Decrypt on another key", ALICE, [DECRYPT_K1], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "identity names K1 only", { resource: K2, deniedBy: "identity-based" }),
  kms("seed: Encrypt not granted", ALICE, [DECRYPT_K1], DEFAULT_KEY_POLICY, "kms:Encrypt", "ImplicitDeny", "only kms:Decrypt is allowed", { deniedBy: "identity-based" }),
  kms("seed: lower-case action", ALICE, [DECRYPT_K1], DEFAULT_KEY_POLICY, "kms:decrypt", "Allow", "iam.md §3.1 case-insensitive actions"),
  kms("seed write-only: PutParameter's Encrypt allowed", ALICE, [WRITE_ONLY], DEFAULT_KEY_POLICY, "kms:Encrypt", "Allow", "iam.sh: write-but-not-decrypt may encrypt"),
  kms("seed write-only: GenerateDataKey allowed", ALICE, [WRITE_ONLY], DEFAULT_KEY_POLICY, "kms:GenerateDataKey", "Allow", "advanced-tier SecureString writes need it"),
  kms("seed write-only: Decrypt explicitly denied", ALICE, [WRITE_ONLY], DEFAULT_KEY_POLICY, "kms:Decrypt", "ExplicitDeny", "deny kms:Decrypt in the identity policy", { deniedBy: "identity-based", sid: "NoDecrypt" }),
  kms("seed write-only: ssm:GetParameter not granted", ALICE, [WRITE_ONLY], DEFAULT_KEY_POLICY, "ssm:GetParameter", "ImplicitDeny", "no statement names GetParameter"),
  kms("audit.sh: default key still needs IAM Decrypt", ALICE, [doc(allow("ssm:GetParameter", "*"))], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "kms.md §6 divergence: default keys require an IAM kms:Decrypt", { deniedBy: "identity-based" }),
  kms("key policy names the user directly", BOB, [], BOB_ONLY_KEY, "kms:Decrypt", "Allow", "iam.md §7: direct grant needs no identity policy", { sid: "BobUsesKey" }),
  kms("no account statement: IAM cannot grant", ALICE, [KMS_ALL], BOB_ONLY_KEY, "kms:Decrypt", "ImplicitDeny", "iam.md §7: without the account statement IAM policies are ignored", { deniedBy: "resource-based" }),
  kms("no account statement: not even root", ROOT, [], BOB_ONLY_KEY, "kms:Decrypt", "ImplicitDeny", "iam.md §7: root only through the account statement", { deniedBy: "resource-based" }),
  kms("direct grant does not cover other actions", BOB, [], BOB_ONLY_KEY, "kms:DescribeKey", "ImplicitDeny", "key policy lists Encrypt/Decrypt only", { deniedBy: "resource-based" }),
  kms("root with the default policy", ROOT, [], DEFAULT_KEY_POLICY, "kms:ScheduleKeyDeletion", "Allow", "the account statement names the root itself"),
  kms("default policy, no identity policy", BOB, [], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "iam.md §7: IAM enabled but nothing allows", { deniedBy: "identity-based" }),
  kms("key users: session of the named role decrypts", session("ExampleUserRole", "app"), [], CONSOLE_POLICY, "kms:Decrypt", "Allow", "a role ARN principal matches the role's sessions", { sid: "Allow use of the key" }),
  kms("key users: ReEncrypt* covers ReEncryptFrom", session("ExampleUserRole", "app"), [], CONSOLE_POLICY, "kms:ReEncryptFrom", "Allow", "kms.md §5: ReEncrypt* covers both halves"),
  kms("key users: no deletion rights", session("ExampleUserRole", "app"), [], CONSOLE_POLICY, "kms:ScheduleKeyDeletion", "ImplicitDeny", "only the account statement matches; no identity policy", { deniedBy: "identity-based" }),
  kms("key admins: schedule deletion", KEY_ADMIN, [], CONSOLE_POLICY, "kms:ScheduleKeyDeletion", "Allow", "KMS guide: administrators manage, not use"),
  kms("key admins: Put* covers PutKeyPolicy", KEY_ADMIN, [], CONSOLE_POLICY, "kms:PutKeyPolicy", "Allow", "wildcard in the admin statement"),
  kms("key admins: cannot decrypt", KEY_ADMIN, [], CONSOLE_POLICY, "kms:Decrypt", "ImplicitDeny", "KMS guide: administrators cannot use the key", { deniedBy: "identity-based" }),
  kms("key admins: IAM may add Decrypt", KEY_ADMIN, [doc(allow("kms:Decrypt", K1))], CONSOLE_POLICY, "kms:Decrypt", "Allow", "the account statement enables IAM"),
  kms("key policy deny outside SSM: direct call", ALICE, [DECRYPT_K1], VIA_SSM_ONLY, "kms:Decrypt", "ExplicitDeny", "StringNotEquals on a missing kms:ViaService is true", { deniedBy: "resource-based", sid: "OnlyThroughSSM" }),
  kms("key policy deny outside SSM: through SSM", ALICE, [DECRYPT_K1], VIA_SSM_ONLY, "kms:Decrypt", "Allow", "ssm.md: SSM's KMS calls carry kms:ViaService", { context: VIA_SSM }),
  kms("key policy deny outside SSM: other service", ALICE, [DECRYPT_K1], VIA_SSM_ONLY, "kms:Decrypt", "ExplicitDeny", "secretsmanager is not ssm", { context: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } }),
  kms("encryption context names the parameter", ALICE, [PARAM_CONTEXT], DEFAULT_KEY_POLICY, "kms:Decrypt", "Allow", "iam.md §4.1 kms:EncryptionContext:PARAMETER_ARN", { context: { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" } }),
  kms("encryption context of another parameter", ALICE, [PARAM_CONTEXT], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "value differs", { context: { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/app/other" } }),
  kms("encryption context key is case-insensitive", ALICE, [PARAM_CONTEXT], DEFAULT_KEY_POLICY, "kms:Decrypt", "Allow", "iam.md §4: prefix and context-key part both case-insensitive", { context: { "KMS:ENCRYPTIONCONTEXT:parameter_arn": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" } }),
  kms("encryption context missing", ALICE, [PARAM_CONTEXT], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "positive operator on a missing key is false"),
  kms("aws/ssm key through SSM", ALICE, [], AWS_SSM_KEY, "kms:Decrypt", "Allow", "kms.md §6: AWS-managed policy grants * via SSM", { context: VIA_SSM }),
  kms("aws/ssm key called directly", ALICE, [], AWS_SSM_KEY, "kms:Decrypt", "ImplicitDeny", "the * statement needs kms:ViaService", { deniedBy: "resource-based" }),
  kms("aws/ssm key from another account", ALICE, [], AWS_SSM_KEY, "kms:Decrypt", "ImplicitDeny", "kms:CallerAccount differs", { context: { ...VIA_SSM, "kms:CallerAccount": "999999999999" } }),
  kms("aws/ssm key metadata needs IAM", ALICE, [], AWS_SSM_KEY, "kms:DescribeKey", "ImplicitDeny", "Describe* is delegated to IAM, which grants nothing", { deniedBy: "identity-based" }),
  kms("ForAllValues: subset of allowed context keys", BOB, [], CONTEXT_KEYS_ALL, "kms:Encrypt", "Allow", "every request key is listed", { context: { "kms:EncryptionContextKeys": ["Department"] } }),
  kms("ForAllValues: an extra context key", BOB, [], CONTEXT_KEYS_ALL, "kms:Encrypt", "ImplicitDeny", "Secret is not listed", { context: { "kms:EncryptionContextKeys": ["Department", "Secret"] } }),
  kms("ForAllValues: no context at all", BOB, [], CONTEXT_KEYS_ALL, "kms:Encrypt", "Allow", "iam.md §4: ForAllValues is true when the key is absent (pitfall)"),
  kms("ForAnyValue: one listed key present", BOB, [], CONTEXT_KEYS_ANY, "kms:Encrypt", "Allow", "Project is among the request keys", { context: { "kms:EncryptionContextKeys": ["Project", "Department"] } }),
  kms("ForAnyValue: no context at all", BOB, [], CONTEXT_KEYS_ANY, "kms:Encrypt", "ImplicitDeny", "iam.md §4: ForAnyValue is false when the key is absent", { deniedBy: "resource-based" }),
  { name: "ListKeys granted on *", principal: ALICE, identity: [LIST_KEYS], action: "kms:ListKeys", resource: "*", expect: "Allow", why: "kms.md §6.2: resource-less, IAM only" },
  { name: "ListKeys not granted by a key ARN", principal: ALICE, identity: [doc(allow("kms:*", K1))], action: "kms:ListKeys", resource: "*", expect: "ImplicitDeny", why: "iam.md §3.2: a key ARN does not grant kms:ListKeys" },
  { name: "CreateKey is an IAM-only decision", principal: ALICE, identity: [LIST_KEYS], action: "kms:CreateKey", resource: "*", expect: "Allow", why: "iam.md §6.2: CreateKey on *, no key policy yet" },
  kms("ReEncrypt* covers ReEncryptTo", ALICE, [doc(allow("kms:ReEncrypt*", K1))], DEFAULT_KEY_POLICY, "kms:ReEncryptTo", "Allow", "kms.md: wildcard covers both halves"),
  kms("session policy narrows: Decrypt", PROJECT_SESSION, [ROLE_KMS], DEFAULT_KEY_POLICY, "kms:Decrypt", "ImplicitDeny", "iam.md §5: the session policy must allow too", { session: [SESSION_ENCRYPT_ONLY], deniedBy: "session" }),
  kms("session policy narrows: Encrypt", PROJECT_SESSION, [ROLE_KMS], DEFAULT_KEY_POLICY, "kms:Encrypt", "Allow", "both the role policy and the session policy allow", { session: [SESSION_ENCRYPT_ONLY] }),
  kms("key policy names the session itself", PROJECT_SESSION, [], NAMES_SESSION, "kms:Decrypt", "Allow", "IAM guide: grants to the session ARN are not limited by session policies", { session: [SESSION_ENCRYPT_ONLY], sid: "ThisSession" }),
  kms("key policy names the role: session policy applies", PROJECT_SESSION, [], NAMES_ROLE, "kms:Decrypt", "ImplicitDeny", "IAM guide: grants to the role ARN are limited by session policies", { session: [SESSION_ENCRYPT_ONLY], deniedBy: "session" }),
  kms("key policy names the role (path ignored for sessions)", PROJECT_SESSION, [], NAMES_ROLE, "kms:Decrypt", "Allow", "iam.md §1: session ARNs carry no path", { sid: "ThisRole" }),
  kms("identity deny beats a direct key grant", BOB, [DENY_DECRYPT], BOB_ONLY_KEY, "kms:Decrypt", "ExplicitDeny", "iam.md §5 step 4: explicit deny anywhere wins", { deniedBy: "identity-based", sid: "NoDecrypt" }),
];
