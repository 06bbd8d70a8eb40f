// Decision-table rows for Parameter Store policies (iam.md §3, §6.1; SSM user guide policy examples).
import { ALICE, allow, BOB, deny, doc, param, PROJECT_SESSION } from "./decision-cases-common.js";
import type { DecisionCase, Json } from "./decision-cases-common.js";

/** Seed scenario (iam.sh): GetParameters on one environment's tree. */
const EMAIL_WORKER = doc(allow("ssm:GetParameters", "arn:aws:ssm:*:*:parameter/email-worker/staging/*"));
const DEV_READER = doc(allow("ssm:GetParameter*", "arn:aws:ssm:us-east-1:123456789012:parameter/dev/*"));
/** SSM guide "Denying permissions": everything, except reads of a restricted tree. */
const RESTRICTED = doc(
  allow("ssm:*", "*"),
  deny("ssm:GetParameter*", "arn:aws:ssm:*:*:parameter/myapp/restricted/*", { Sid: "DenyRestrictedReads" }),
);
const DENY_ONLY_GET = doc(allow("ssm:*", "*"), deny("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/myapp/restricted/*"));
/** SSM guide "Restricting access": for GetParametersByPath deny every ancestor path. */
const ANCESTORS = doc(
  allow("ssm:*", "*"),
  deny("ssm:GetParametersByPath", [
    "arn:aws:ssm:*:*:parameter/myapp/restricted",
    "arn:aws:ssm:*:*:parameter/myapp",
    "arn:aws:ssm:*:*:parameter/",
  ], { Sid: "DenyAncestors" }),
);
/** SSM guide ssm:Overwrite example. */
const NO_OVERWRITE = doc(
  allow("ssm:PutParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/*"),
  deny("ssm:PutParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/*", {
    Sid: "DenyOverwrite",
    Condition: { StringEquals: { "ssm:Overwrite": ["true"] } },
  }),
);
const NO_POLICIES = doc(
  allow("ssm:PutParameter", "*"),
  deny("ssm:PutParameter", "*", { Condition: { Null: { "ssm:Policies": "false" } } }),
);
/** IAM user guide "Policy variables": a home tree per user. */
const HOME = doc(allow("ssm:GetParameter*", "arn:aws:ssm:*:*:parameter/users/${aws:username}/*"));
const HOME_2008 = { Version: "2008-10-17", Statement: [allow("ssm:GetParameter*", "arn:aws:ssm:*:*:parameter/users/${aws:username}/*")] };
const DOTTED = doc(allow("ssm:GetParameters", "arn:aws:ssm:*:*:parameter/projectA.*"));
const ONE_CHAR = doc(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/app-?/config"));
const DESCRIBE = doc(allow("ssm:DescribeParameters", "*"));
const DESCRIBE_SCOPED = doc(allow("ssm:DescribeParameters", "arn:aws:ssm:*:*:parameter/dev/*"));
const AFT = doc(allow("ssm:GetParametersByPath", "arn:aws:ssm:*:*:parameter/aft/*"));
const PINNED = doc(allow("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app/*"));
const PUBLIC_ONLY = doc({ Effect: "Allow", Action: "ssm:GetParameter", NotResource: "arn:aws:ssm:*:*:parameter/secret/*" });
const LITERAL_STAR = doc(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/literal${*}star"));
const TEAM_DEFAULT = doc(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/team, 'shared'}/*"));

const row = (
  name: string,
  identity: readonly Json[],
  action: string,
  resource: string,
  expect: DecisionCase["expect"],
  why: string,
  extra: Partial<DecisionCase> = {},
): DecisionCase => ({ name, principal: ALICE, identity, action, resource, expect, why, ...extra });

const STAGING_USER = param("/email-worker/staging/db/username");

export const SSM_CASES: readonly DecisionCase[] = [
  row("seed: GetParameters under email-worker/staging", [EMAIL_WORKER], "ssm:GetParameters", STAGING_USER, "Allow", "iam.md §3.2 example: * spans region, account and the rest of the path"),
  row("seed: GetParameter is a different action", [EMAIL_WORKER], "ssm:GetParameter", STAGING_USER, "ImplicitDeny", "iam.md §3.1: allowing ssm:GetParameters does not allow ssm:GetParameter", { deniedBy: "identity-based" }),
  row("seed: other environment not covered", [EMAIL_WORKER], "ssm:GetParameters", param("/email-worker/prod/db/username"), "ImplicitDeny", "pattern names staging only"),
  row("seed: the path itself lacks the trailing slash", [EMAIL_WORKER], "ssm:GetParameters", param("/email-worker/staging"), "ImplicitDeny", "pattern needs '/' after staging"),
  row("seed: action names are case-insensitive", [EMAIL_WORKER], "SSM:getparameters", STAGING_USER, "Allow", "iam.md §3.1: SSM:getparameter ≡ ssm:GetParameter"),
  row("seed: resources are case-sensitive", [EMAIL_WORKER], "ssm:GetParameters", param("/Email-Worker/staging/db"), "ImplicitDeny", "iam.md §3.2: resource matching is case-sensitive"),
  row("seed: region wildcard", [EMAIL_WORKER], "ssm:GetParameters", param("/email-worker/staging/db/username", "eu-west-1"), "Allow", "region segment is *"),
  row("seed: * spans several path levels", [EMAIL_WORKER], "ssm:GetParameters", param("/email-worker/staging/a/b/c"), "Allow", "iam.md §3.2: * crosses '/'"),
  row("seed: GetParametersByPath not granted", [EMAIL_WORKER], "ssm:GetParametersByPath", param("/email-worker/staging"), "ImplicitDeny", "each action is authorized separately"),
  row("GetParameter* covers GetParameter", [DEV_READER], "ssm:GetParameter", param("/dev/db"), "Allow", "iam.md §3.1: GetParameter* matches GetParameter"),
  row("GetParameter* covers GetParameters", [DEV_READER], "ssm:GetParameters", param("/dev/db"), "Allow", "wildcard matches the plural"),
  row("GetParameter* covers GetParametersByPath", [DEV_READER], "ssm:GetParametersByPath", param("/dev/app"), "Allow", "wildcard matches GetParametersByPath"),
  row("GetParameter* covers GetParameterHistory", [DEV_READER], "ssm:GetParameterHistory", param("/dev/db"), "Allow", "wildcard matches GetParameterHistory"),
  row("GetParameter* does not cover PutParameter", [DEV_READER], "ssm:PutParameter", param("/dev/db"), "ImplicitDeny", "PutParameter does not start with GetParameter"),
  row("GetParameter* does not cover DescribeParameters", [DEV_READER], "ssm:DescribeParameters", "*", "ImplicitDeny", "different action and resource *"),
  row("deny GetParameter* blocks GetParameter", [RESTRICTED], "ssm:GetParameter", param("/myapp/restricted/db-password"), "ExplicitDeny", "SSM guide: deny ssm:GetParameter* blocks all reads", { deniedBy: "identity-based", sid: "DenyRestrictedReads" }),
  row("deny GetParameter* blocks GetParameterHistory", [RESTRICTED], "ssm:GetParameterHistory", param("/myapp/restricted/db-password"), "ExplicitDeny", "ssm.md §6.1: history exposes values, the wildcard deny covers it", { sid: "DenyRestrictedReads" }),
  row("deny GetParameter* blocks GetParameters", [RESTRICTED], "ssm:GetParameters", param("/myapp/restricted/db-password"), "ExplicitDeny", "explicit deny beats the ssm:* allow"),
  row("by-path on an ancestor escapes a per-parameter deny", [RESTRICTED], "ssm:GetParametersByPath", param("/myapp"), "Allow", "iam.md §6.1: only the requested path is authorized"),
  row("unrestricted parameter still readable", [RESTRICTED], "ssm:GetParameter", param("/myapp/config/url"), "Allow", "deny names /myapp/restricted/* only"),
  row("deny of GetParameter alone leaves GetParameters", [DENY_ONLY_GET], "ssm:GetParameters", param("/myapp/restricted/db-password"), "Allow", "SSM guide: denying ssm:GetParameter has no effect on ssm:GetParameters"),
  row("deny of GetParameter alone blocks GetParameter", [DENY_ONLY_GET], "ssm:GetParameter", param("/myapp/restricted/db-password"), "ExplicitDeny", "the action named in the deny"),
  row("ancestor deny: /myapp", [ANCESTORS], "ssm:GetParametersByPath", param("/myapp"), "ExplicitDeny", "SSM guide: deny every ancestor path", { sid: "DenyAncestors" }),
  row("ancestor deny: the root path", [ANCESTORS], "ssm:GetParametersByPath", param("/"), "ExplicitDeny", "iam.md §6.1: path / is authorized as .../parameter/"),
  row("ancestor deny: unrelated path", [ANCESTORS], "ssm:GetParametersByPath", param("/other"), "Allow", "no deny names /other"),
  row("ancestor deny: a sibling below /myapp", [ANCESTORS], "ssm:GetParametersByPath", param("/myapp/config"), "Allow", "deny entries have no wildcard"),
  row("ssm:Overwrite true is denied", [NO_OVERWRITE], "ssm:PutParameter", param("/app/x"), "ExplicitDeny", "SSM guide ssm:Overwrite example", { context: { "ssm:Overwrite": "true" }, sid: "DenyOverwrite" }),
  row("create without Overwrite is allowed", [NO_OVERWRITE], "ssm:PutParameter", param("/app/x"), "Allow", "iam.md §4: StringEquals on a missing key is false, so the deny does not apply"),
  row("Overwrite false is allowed", [NO_OVERWRITE], "ssm:PutParameter", param("/app/x"), "Allow", "value differs from \"true\"", { context: { "ssm:Overwrite": "false" } }),
  row("ssm:Overwrite key matched case-insensitively", [NO_OVERWRITE], "ssm:PutParameter", param("/app/x"), "ExplicitDeny", "iam.md §4: condition keys are case-insensitive", { context: { "SSM:OVERWRITE": "true" } }),
  row("PutParameter in another region than the allow", [NO_OVERWRITE], "ssm:PutParameter", param("/app/x", "us-east-2"), "ImplicitDeny", "allow pins us-east-1"),
  row("parameter policies denied via Null false", [NO_POLICIES], "ssm:PutParameter", param("/app/x"), "ExplicitDeny", "SSM guide ssm:Policies: key present ⇒ Null false holds", { context: { "ssm:Policies": "[{\"Type\":\"Expiration\"}]" } }),
  row("no parameter policies: allowed", [NO_POLICIES], "ssm:PutParameter", param("/app/x"), "Allow", "Null false is false when the key is absent"),
  row("home tree via ${aws:username}", [HOME], "ssm:GetParameter", param("/users/alice/token"), "Allow", "iam.md §3.3: variable substituted with the caller's user name"),
  row("someone else's home tree", [HOME], "ssm:GetParameter", param("/users/bob/token"), "ImplicitDeny", "alice ≠ bob"),
  row("bob reads his own home tree", [HOME], "ssm:GetParameter", param("/users/bob/token"), "Allow", "same policy, other user", { principal: BOB }),
  row("role session has no aws:username", [HOME], "ssm:GetParameter", param("/users/projectA-ec2/token"), "ImplicitDeny", "iam.md §3.3: no value ⇒ the resource entry does not match", { principal: PROJECT_SESSION }),
  row("Version 2008-10-17 keeps ${aws:username} literal", [HOME_2008], "ssm:GetParameter", param("/users/alice/token"), "ImplicitDeny", "iam.md §2: no substitution in 2008-10-17"),
  row("Version 2008-10-17 literal text matches literally", [HOME_2008], "ssm:GetParameter", param("/users/${aws:username}/token"), "Allow", "the literal string is an ordinary pattern"),
  row("dotted names: projectA.*", [DOTTED], "ssm:GetParameters", param("/projectA.production.api_token"), "Allow", "iam.md §3.2 example"),
  row("dotted names: other project", [DOTTED], "ssm:GetParameters", param("/projectB.production.api_token"), "ImplicitDeny", "prefix differs"),
  row("? matches exactly one character", [ONE_CHAR], "ssm:GetParameter", param("/app-1/config"), "Allow", "iam.md §3.1/§3.2: ? is one character"),
  row("? does not match two characters", [ONE_CHAR], "ssm:GetParameter", param("/app-12/config"), "ImplicitDeny", "two characters where ? stands"),
  row("DescribeParameters granted on *", [DESCRIBE], "ssm:DescribeParameters", "*", "Allow", "iam.md §3.2: resource-less actions use *"),
  row("DescribeParameters not granted by a path", [DESCRIBE_SCOPED], "ssm:DescribeParameters", "*", "ImplicitDeny", "iam.md §3.2: only Resource * grants a resource-less action"),
  row("by-path echoes the trailing slash", [AFT], "ssm:GetParametersByPath", param("/aft/account-request/custom-fields/"), "Allow", "iam.md §8 example resource with trailing slash"),
  row("region pinned in the ARN", [PINNED], "ssm:GetParameter", param("/app/x", "us-west-2"), "ImplicitDeny", "region segment is literal"),
  row("account pinned in the ARN", [PINNED], "ssm:GetParameter", param("/app/x", "us-east-1", "999999999999"), "ImplicitDeny", "account segment is literal"),
  row("NotResource allows outside the excluded tree", [PUBLIC_ONLY], "ssm:GetParameter", param("/public/x"), "Allow", "iam.md §3.2: NotResource applies to every other resource"),
  row("NotResource excludes its tree", [PUBLIC_ONLY], "ssm:GetParameter", param("/secret/x"), "ImplicitDeny", "resource matches the NotResource pattern"),
  row("${*} is a literal asterisk", [LITERAL_STAR], "ssm:GetParameter", param("/literal*star"), "Allow", "iam.md §3.3 escapes"),
  row("${*} is not a wildcard", [LITERAL_STAR], "ssm:GetParameter", param("/literalXstar"), "ImplicitDeny", "escaped asterisk matches only '*'"),
  row("variable default value used when tag missing", [TEAM_DEFAULT], "ssm:GetParameter", param("/shared/x"), "Allow", "IAM guide: ${key, 'default'}"),
  row("variable takes the tag when present", [TEAM_DEFAULT], "ssm:GetParameter", param("/payments/x"), "Allow", "aws:PrincipalTag/team = payments", { context: { "aws:PrincipalTag/team": "payments" } }),
  row("tag present: default no longer applies", [TEAM_DEFAULT], "ssm:GetParameter", param("/shared/x"), "ImplicitDeny", "variable resolves to payments", { context: { "aws:PrincipalTag/team": "payments" } }),
];
