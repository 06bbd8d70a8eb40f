// Decision-table rows for condition operators (iam.md §4; IAM user guide condition examples).
import { ALICE, allow, BOB, deny, doc, param, PROJECT_SESSION, secret } from "./decision-cases-common.js";
import type { DecisionCase, Json } from "./decision-cases-common.js";

const ANY = "ssm:GetParameter";
const P = param("/app/db");
/** IAM guide "AWS: Denies access to AWS based on the source IP". */
const IP_FENCE = doc(
  allow("ssm:*", "*"),
  deny("*", "*", { Sid: "IpFence", Condition: { NotIpAddress: { "aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"] } } }),
);
const IP_FENCE_VIA = doc(
  allow("ssm:*", "*"),
  deny("*", "*", { Condition: { NotIpAddress: { "aws:SourceIp": ["192.0.2.0/24"] }, Bool: { "aws:ViaAWSService": "false" } } }),
);
const FROM_10 = doc(allow(ANY, "*", { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }));
const FROM_V6 = doc(allow(ANY, "*", { Condition: { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } } }));
/** IAM guide "AWS: Allows access based on date and time". */
const Q2_2020 = doc(allow(ANY, "*", {
  Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-04-01T00:00:00Z" }, DateLessThan: { "aws:CurrentTime": "2020-06-30T23:59:59Z" } },
}));
const EPOCH = doc(allow(ANY, "*", { Condition: { DateLessThan: { "aws:EpochTime": "1700000000" } } }));
/** IAM guide "revoke active sessions": deny tokens issued before a cut-off. */
const REVOKE = doc(allow("ssm:*", "*"), deny("*", "*", { Sid: "RevokeOlderSessions", Condition: { DateLessThan: { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" } } }));
const RECOVERY = doc(
  allow("secretsmanager:*", "*"),
  deny("secretsmanager:DeleteSecret", "*", { Condition: { NumericLessThan: { "secretsmanager:RecoveryWindowInDays": "7" } } }),
);
const TLS_ONLY = doc(allow("ssm:*", "*"), deny("*", "*", { Condition: { Bool: { "aws:SecureTransport": "false" } } }));
/** IAM guide EC2 MFA example, adapted: BoolIfExists because the key is absent without MFA. */
const MFA_DELETE = doc(
  allow("ssm:*", "*"),
  deny("ssm:DeleteParameter", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": false } } }),
);
/** IAM guide "BlockMostAccessUnlessSignedInWithMFA" (NotAction with Deny). */
const MFA_GATE = doc(
  allow(["ssm:*", "iam:GetUser"], "*"),
  {
    Sid: "BlockMostAccessUnlessSignedInWithMFA",
    Effect: "Deny",
    NotAction: ["iam:ChangePassword", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"],
    Resource: "*",
    Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  },
);
/** IAM guide ABAC: match resource tag to principal tag. */
const ABAC = doc(allow("secretsmanager:GetSecretValue", "*", {
  Condition: { StringEquals: { "aws:ResourceTag/project": "${aws:PrincipalTag/project}" } },
}));
const TEAM_IC = doc(allow(ANY, "*", { Condition: { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "Platform" } } }));
const TEAM_CS = doc(allow(ANY, "*", { Condition: { StringEquals: { "aws:PrincipalTag/team": "Platform" } } }));
/** IAM guide "Denies access to AWS based on the requested Region". */
const REGIONS = doc(allow("ssm:*", "*"), deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } }));
const USERS_ONLY = doc(allow("ssm:*", "*"), deny("*", "*", { Condition: { StringNotLike: { "aws:userid": "AIDA*" } } }));
const OWNER_TAG = doc(
  allow("secretsmanager:CreateSecret", "*"),
  deny("secretsmanager:CreateSecret", "*", { Condition: { Null: { "aws:RequestTag/owner": "true" } } }),
);
/** IAM guide multivalued keys: ForAllValues with aws:TagKeys, with and without a Null guard. */
const TAG_KEYS = doc(allow("ssm:AddTagsToResource", "*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } } }));
const TAG_KEYS_GUARDED = doc(allow("ssm:AddTagsToResource", "*", {
  Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] }, Null: { "aws:TagKeys": "false" } },
}));
const NO_INTERNAL_TAGS = doc(
  allow("ssm:AddTagsToResource", "*"),
  deny("ssm:AddTagsToResource", "*", { Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": "internal-*" } } }),
);
const ARN_CTX = doc(allow("kms:Decrypt", "*", { Condition: { ArnLike: { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:*:123456789012:parameter/app/*" } } }));
const NOT_FROM_ROLE = doc(allow("ssm:*", "*"), deny("ssm:DeleteParameter", "*", { Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/projectA/production/projectA-production" } } }));
const BINARY = doc(allow(ANY, "*", { Condition: { BinaryEquals: { "custom:Token": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } } }));
const REGION_IF_EXISTS = doc(allow(ANY, "*", { Condition: { StringEqualsIfExists: { "aws:RequestedRegion": "us-east-1" } } }));
const TWO_KEYS = doc(allow(ANY, "*", { Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "platform" } } }));
const NUMERIC_RANGE = doc(allow("secretsmanager:GetRandomPassword", "*", { Condition: { NumericLessThanEquals: { "custom:Length": 64 }, NumericGreaterThanEquals: { "custom:Length": 16 } } }));

const row = (
  name: string,
  identity: Json,
  context: DecisionCase["context"],
  expect: DecisionCase["expect"],
  why: string,
  extra: Partial<DecisionCase> = {},
): DecisionCase => ({ name, principal: ALICE, identity: [identity], action: ANY, resource: P, context: context ?? {}, expect, why, ...extra });

const SM = { action: "secretsmanager:GetSecretValue", resource: secret("prod/db-AbCdEf") };

export const CONDITION_CASES: readonly DecisionCase[] = [
  row("source IP inside the first range", IP_FENCE, { "aws:SourceIp": "192.0.2.10" }, "Allow", "IAM guide deny-ip example"),
  row("source IP inside the second range", IP_FENCE, { "aws:SourceIp": "203.0.113.200" }, "Allow", "values of one key are ORed"),
  row("source IP outside both ranges", IP_FENCE, { "aws:SourceIp": "198.51.100.1" }, "ExplicitDeny", "NotIpAddress holds", { sid: "IpFence" }),
  row("source IP unknown", IP_FENCE, {}, "ExplicitDeny", "iam.md §4: negated operator on a missing key is true"),
  row("IPv4-mapped IPv6 peer address", IP_FENCE, { "aws:SourceIp": "::ffff:192.0.2.7" }, "Allow", "Node reports IPv4 peers as ::ffff:a.b.c.d"),
  row("outside range but called via a service", IP_FENCE_VIA, { "aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": true }, "Allow", "IAM guide variant: Bool aws:ViaAWSService false must also hold"),
  row("outside range, direct call", IP_FENCE_VIA, { "aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": false }, "ExplicitDeny", "both conditions hold (AND)"),
  row("IpAddress 10/8 inside", FROM_10, { "aws:SourceIp": "10.1.2.3" }, "Allow", "CIDR match"),
  row("IpAddress 10/8 outside", FROM_10, { "aws:SourceIp": "11.0.0.1" }, "ImplicitDeny", "CIDR mismatch"),
  row("IpAddress with no source IP", FROM_10, {}, "ImplicitDeny", "positive operator on a missing key is false"),
  row("IPv6 CIDR inside", FROM_V6, { "aws:SourceIp": "2001:db8:1234:5678::1" }, "Allow", "iam.md §4: IPv6 CIDR, hex case-insensitive"),
  row("IPv6 CIDR outside", FROM_V6, { "aws:SourceIp": "2001:db8:1234:5679::1" }, "ImplicitDeny", "different /64"),
  row("IPv6 CIDR vs an IPv4 caller", FROM_V6, { "aws:SourceIp": "10.1.2.3" }, "ImplicitDeny", "families differ"),
  row("date window: inside", Q2_2020, { "aws:CurrentTime": "2020-05-15T12:00:00Z" }, "Allow", "IAM guide dates example"),
  row("date window: after", Q2_2020, { "aws:CurrentTime": "2020-07-01T00:00:00Z" }, "ImplicitDeny", "DateLessThan fails"),
  row("date window: before", Q2_2020, { "aws:CurrentTime": "2020-03-31T23:59:59Z" }, "ImplicitDeny", "DateGreaterThan fails"),
  row("date window: no clock in the context", Q2_2020, {}, "ImplicitDeny", "time comes only from the request context"),
  row("epoch seconds compare as dates", EPOCH, { "aws:EpochTime": 1600000000 }, "Allow", "iam.md §4: Date operators accept epoch seconds"),
  row("epoch seconds after the limit", EPOCH, { "aws:EpochTime": "1800000000" }, "ImplicitDeny", "later than the policy value"),
  row("revoked: session issued before the cut-off", REVOKE, { "aws:TokenIssueTime": "2023-12-31T10:00:00Z" }, "ExplicitDeny", "IAM guide revoke-sessions policy", { principal: PROJECT_SESSION, sid: "RevokeOlderSessions" }),
  row("revoked: session issued after the cut-off", REVOKE, { "aws:TokenIssueTime": "2024-02-01T10:00:00Z" }, "Allow", "DateLessThan false", { principal: PROJECT_SESSION }),
  row("revoked: long-term user credentials", REVOKE, {}, "Allow", "aws:TokenIssueTime absent ⇒ DateLessThan false"),
  row("recovery window below 7 days", RECOVERY, { "secretsmanager:RecoveryWindowInDays": 5 }, "ExplicitDeny", "NumericLessThan 5 < 7", { action: "secretsmanager:DeleteSecret", resource: secret("x-AbCdEf") }),
  row("recovery window of 30 days", RECOVERY, { "secretsmanager:RecoveryWindowInDays": "30" }, "Allow", "30 ≥ 7", { action: "secretsmanager:DeleteSecret", resource: secret("x-AbCdEf") }),
  row("recovery window exactly 7", RECOVERY, { "secretsmanager:RecoveryWindowInDays": "7" }, "Allow", "strictly less than", { action: "secretsmanager:DeleteSecret", resource: secret("x-AbCdEf") }),
  row("numeric range inside", NUMERIC_RANGE, { "custom:Length": 32 }, "Allow", "both numeric bounds hold", { action: "secretsmanager:GetRandomPassword", resource: "*" }),
  row("numeric range above", NUMERIC_RANGE, { "custom:Length": 65 }, "ImplicitDeny", "upper bound fails", { action: "secretsmanager:GetRandomPassword", resource: "*" }),
  row("plain HTTP denied", TLS_ONLY, { "aws:SecureTransport": false }, "ExplicitDeny", "Bool matches false"),
  row("TLS allowed", TLS_ONLY, { "aws:SecureTransport": "true" }, "Allow", "Bool does not match"),
  row("transport unknown", TLS_ONLY, {}, "Allow", "Bool on a missing key is false"),
  row("delete without MFA context", MFA_DELETE, {}, "ExplicitDeny", "IAM guide: BoolIfExists holds when the key is absent", { action: "ssm:DeleteParameter" }),
  row("delete with MFA", MFA_DELETE, { "aws:MultiFactorAuthPresent": true }, "Allow", "key present and true", { action: "ssm:DeleteParameter" }),
  row("delete with MFA false", MFA_DELETE, { "aws:MultiFactorAuthPresent": "false" }, "ExplicitDeny", "key present and false", { action: "ssm:DeleteParameter" }),
  row("NotAction gate blocks ssm without MFA", MFA_GATE, {}, "ExplicitDeny", "ssm:GetParameter is not in NotAction", { sid: "BlockMostAccessUnlessSignedInWithMFA" }),
  row("NotAction gate lets iam:GetUser through", MFA_GATE, {}, "Allow", "excluded actions are outside the deny", { action: "iam:GetUser", resource: "arn:aws:iam::123456789012:user/alice" }),
  row("NotAction gate open with MFA", MFA_GATE, { "aws:MultiFactorAuthPresent": "true" }, "Allow", "BoolIfExists false does not hold"),
  row("ABAC: tags match", ABAC, { "aws:ResourceTag/project": "atlas", "aws:PrincipalTag/project": "atlas" }, "Allow", "IAM guide ABAC: variable in a condition value", SM),
  row("ABAC: tags differ", ABAC, { "aws:ResourceTag/project": "atlas", "aws:PrincipalTag/project": "zeus" }, "ImplicitDeny", "values differ", SM),
  row("ABAC: principal untagged", ABAC, { "aws:ResourceTag/project": "atlas" }, "ImplicitDeny", "IAM guide: an unresolvable variable invalidates the statement", SM),
  row("ABAC: keys case-insensitive", ABAC, { "AWS:RESOURCETAG/PROJECT": "atlas", "aws:principaltag/project": "atlas" }, "Allow", "iam.md §4: key names are case-insensitive", SM),
  row("StringEqualsIgnoreCase folds case", TEAM_IC, { "aws:PrincipalTag/team": "PLATFORM" }, "Allow", "iam.md §4 case-folded comparison"),
  row("StringEquals does not fold case", TEAM_CS, { "aws:PrincipalTag/team": "PLATFORM" }, "ImplicitDeny", "values compare case-sensitively"),
  row("allowed region", REGIONS, { "aws:RequestedRegion": "eu-west-1" }, "Allow", "StringNotEquals with a listed value is false"),
  row("unlisted region", REGIONS, { "aws:RequestedRegion": "ap-south-1" }, "ExplicitDeny", "iam.md §4: negated operators act as none-of"),
  row("StringNotLike: role session is not AIDA*", USERS_ONLY, {}, "ExplicitDeny", "aws:userid AROA…:session", { principal: PROJECT_SESSION }),
  row("StringNotLike: IAM user matches AIDA*", USERS_ONLY, {}, "Allow", "pattern matches, negation false"),
  row("Null true: owner tag missing", OWNER_TAG, {}, "ExplicitDeny", "Null true holds when the key is absent", { action: "secretsmanager:CreateSecret", resource: secret("x-AbCdEf") }),
  row("Null true: owner tag present", OWNER_TAG, { "aws:RequestTag/owner": "alice" }, "Allow", "key present", { action: "secretsmanager:CreateSecret", resource: secret("x-AbCdEf") }),
  row("ForAllValues: allowed tag keys", TAG_KEYS, { "aws:TagKeys": ["environment"] }, "Allow", "every request value listed", { action: "ssm:AddTagsToResource" }),
  row("ForAllValues: an unlisted tag key", TAG_KEYS, { "aws:TagKeys": ["environment", "owner"] }, "ImplicitDeny", "owner is not listed", { action: "ssm:AddTagsToResource" }),
  row("ForAllValues: no tags in the request", TAG_KEYS, {}, "Allow", "IAM guide: ForAllValues is true with no key (pitfall)", { action: "ssm:AddTagsToResource" }),
  row("ForAllValues guarded by Null false", TAG_KEYS_GUARDED, {}, "ImplicitDeny", "IAM guide: add Null false to require the key", { action: "ssm:AddTagsToResource" }),
  row("ForAllValues guarded, tags present", TAG_KEYS_GUARDED, { "aws:TagKeys": ["cost-center"] }, "Allow", "both conditions hold", { action: "ssm:AddTagsToResource" }),
  row("ForAnyValue deny: one internal tag", NO_INTERNAL_TAGS, { "aws:TagKeys": ["internal-x", "team"] }, "ExplicitDeny", "any request value matches", { action: "ssm:AddTagsToResource" }),
  row("ForAnyValue deny: no internal tags", NO_INTERNAL_TAGS, { "aws:TagKeys": ["team"] }, "Allow", "no value matches", { action: "ssm:AddTagsToResource" }),
  row("ForAnyValue deny: no tags", NO_INTERNAL_TAGS, {}, "Allow", "ForAnyValue is false when the key is absent", { action: "ssm:AddTagsToResource" }),
  row("ArnLike on the parameter context", ARN_CTX, { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" }, "Allow", "iam.md §4 segment-wise ARN glob", { action: "kms:Decrypt", resource: "*" }),
  row("ArnLike, other tree", ARN_CTX, { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/other/db" }, "ImplicitDeny", "path differs", { action: "kms:Decrypt", resource: "*" }),
  row("ArnLike, other account", ARN_CTX, { "kms:EncryptionContext:PARAMETER_ARN": "arn:aws:ssm:us-east-1:999999999999:parameter/app/db" }, "ImplicitDeny", "account segment literal", { action: "kms:Decrypt", resource: "*" }),
  row("ArnNotEquals: the named role may delete", NOT_FROM_ROLE, {}, "Allow", "aws:PrincipalArn of a session is its role ARN", { principal: PROJECT_SESSION, action: "ssm:DeleteParameter" }),
  row("ArnNotEquals: anyone else may not", NOT_FROM_ROLE, {}, "ExplicitDeny", "user ARN differs", { principal: BOB, action: "ssm:DeleteParameter" }),
  row("BinaryEquals base64 compare", BINARY, { "custom:Token": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" }, "Allow", "iam.md §4 BinaryEquals"),
  row("BinaryEquals mismatch", BINARY, { "custom:Token": "b3RoZXI=" }, "ImplicitDeny", "different bytes"),
  row("IfExists: key absent", REGION_IF_EXISTS, {}, "Allow", "iam.md §4: …IfExists is true when absent"),
  row("IfExists: key present, other value", REGION_IF_EXISTS, { "aws:RequestedRegion": "eu-west-1" }, "ImplicitDeny", "present ⇒ ordinary StringEquals"),
  row("two keys under one operator: both hold", TWO_KEYS, { "aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "platform" }, "Allow", "keys AND"),
  row("two keys under one operator: one fails", TWO_KEYS, { "aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "data" }, "ImplicitDeny", "keys AND"),
];
