// Decision-table rows for combining policy types: resource policies, trust, sessions, boundaries, root (iam.md §5, §10).
import {
  ACCT, ALICE, allow, BOB, deny, doc, grant, param, PROJECT_ROLE_ARN, PROJECT_SESSION, refuse, ROOT, secret, session, user,
} from "./decision-cases-common.js";
import type { DecisionCase, Json } from "./decision-cases-common.js";

const MARY = user("Mary");
const SECRET = secret("prod/db-AbCdEf");
const GET = "secretsmanager:GetSecretValue";
/** Secrets Manager knowledge-center examples: grant and explicit deny for one user. */
const GRANT_MARY = doc(grant(MARY, "secretsmanager:*", { Sid: "MaryAll" }));
const DENY_MARY = doc(refuse(MARY, GET, { Sid: "DenyMary" }));
const ACCOUNT_DELEGATES = doc(grant(ROOT, "secretsmanager:*"));
const ACCOUNT_DENIES = doc(refuse(ACCT, GET, { Sid: "DenyAccount" }));
/** IAM guide NotPrincipal example: deny all but Bob (listing Bob's account too). */
const ALL_BUT_BOB = doc({ Effect: "Deny", NotPrincipal: { AWS: [BOB, ROOT] }, Action: GET, Resource: "*", Sid: "AllButBob" });
const ALL_BUT_BOB_ALONE = doc({ Effect: "Deny", NotPrincipal: { AWS: [BOB] }, Action: GET, Resource: "*" });
const ALL_BUT_SESSION = doc({ Effect: "Deny", NotPrincipal: { AWS: [PROJECT_SESSION, PROJECT_ROLE_ARN, ROOT] }, Action: GET, Resource: "*" });
const ONLY_ROLE = doc(refuse("*", GET, { Condition: { StringNotEquals: { "aws:PrincipalArn": PROJECT_ROLE_ARN } } }));
const GRANT_ROLE = doc(grant(PROJECT_ROLE_ARN, GET, { Sid: "RoleReads" }));
const GRANT_SESSION = doc(grant(PROJECT_SESSION, GET, { Sid: "SessionReads" }));
const GRANT_ACCOUNT_STAR = doc(grant("*", GET, { Condition: { StringEquals: { "aws:PrincipalAccount": ACCT } } }));
const SERVICE_ONLY = doc({ Effect: "Allow", Principal: { Service: "secretsmanager.amazonaws.com" }, Action: GET, Resource: "*" });
const SM_READ = doc(allow("secretsmanager:*", "*"));
const PROD_READ = doc(allow(GET, "arn:aws:secretsmanager:*:*:secret:prod/*"));
const SUFFIX_READ = doc(allow(GET, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????"));
const ROLE_ARN = PROJECT_ROLE_ARN;
const ASSUME = doc(allow("sts:AssumeRole", ROLE_ARN));
const TRUST_ACCOUNT = doc({ Effect: "Allow", Principal: { AWS: ROOT }, Action: "sts:AssumeRole" });
const TRUST_BOB = doc({ Effect: "Allow", Principal: { AWS: BOB }, Action: "sts:AssumeRole", Sid: "TrustBob" });
const TRUST_EXTERNAL = doc({ Effect: "Allow", Principal: { AWS: ACCT }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "Unique-1234" } } });
const TRUST_DENY_ALICE = doc(
  { Effect: "Allow", Principal: { AWS: ROOT }, Action: "sts:AssumeRole" },
  { Effect: "Deny", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", Sid: "NotAlice" },
);
const TRUST_EC2 = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
/** Seed: the role may read projectA; the session policy narrows to production GetParameter. */
const ROLE_POLICY = doc(allow("ssm:GetParameter*", "arn:aws:ssm:*:*:parameter/projectA/*", { Sid: "RoleReadsProjectA" }));
const SESSION_POLICY = doc(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/projectA/production/*"));
const SESSION_WIDE = doc(allow("ssm:*", "*"));
const SESSION_DENY = doc(allow("ssm:*", "*"), deny("ssm:GetParameter", "*", { Sid: "SessionDeny" }));
const BOUNDARY = doc(allow("ssm:Get*", "*"));
const BOUNDARY_DENY = doc(allow("ssm:*", "*"), deny("ssm:GetParameter", param("/app/secret"), { Sid: "BoundaryDeny" }));
const ADMIN = doc(allow("*", "*"));
const SELF_KEYS = doc(allow(["iam:CreateAccessKey", "iam:ListAccessKeys"], "arn:aws:iam::*:user/${aws:username}"));

const sm = (name: string, principal: string, identity: readonly Json[], resourcePolicy: Json | undefined, expect: DecisionCase["expect"], why: string, extra: Partial<DecisionCase> = {}): DecisionCase => ({
  name, principal, identity, action: GET, resource: SECRET, expect, why, ...(resourcePolicy ? { resourcePolicy } : {}), ...extra,
});
const trust = (name: string, principal: string, identity: readonly Json[], policy: Json, expect: DecisionCase["expect"], why: string, extra: Partial<DecisionCase> = {}): DecisionCase => ({
  name, principal, identity, resourcePolicy: policy, resourceKind: "role-trust", action: "sts:AssumeRole", resource: ROLE_ARN, expect, why, ...extra,
});
const sess = (name: string, sessionPolicies: readonly Json[], action: string, resource: string, expect: DecisionCase["expect"], why: string, extra: Partial<DecisionCase> = {}): DecisionCase => ({
  name, principal: PROJECT_SESSION, identity: [ROLE_POLICY], session: sessionPolicies, action, resource, expect, why, ...extra,
});

export const COMBINE_CASES: readonly DecisionCase[] = [
  sm("resource policy alone grants in-account", MARY, [], GRANT_MARY, "Allow", "iam.md §5: same-account resource policies grant on their own", { sid: "MaryAll" }),
  sm("resource policy deny beats identity allow", MARY, [SM_READ], DENY_MARY, "ExplicitDeny", "iam.md §5 step 4", { deniedBy: "resource-based", sid: "DenyMary" }),
  sm("resource policy names someone else", ALICE, [], GRANT_MARY, "ImplicitDeny", "neither policy allows alice", { deniedBy: "identity-based" }),
  sm("identity policy alone grants", ALICE, [SM_READ], undefined, "Allow", "no resource policy needed"),
  sm("account principal only delegates", ALICE, [], ACCOUNT_DELEGATES, "ImplicitDeny", "iam.md §5: the account principal means 'delegate to IAM'"),
  sm("account principal plus identity allow", ALICE, [SM_READ], ACCOUNT_DELEGATES, "Allow", "IAM decides"),
  sm("deny to the account covers its users", ALICE, [SM_READ], ACCOUNT_DENIES, "ExplicitDeny", "an account principal matches every principal of the account", { sid: "DenyAccount" }),
  sm("deny to the account covers the root", ROOT, [], ACCOUNT_DENIES, "ExplicitDeny", "iam.md §5: root is subject to resource-policy denies"),
  sm("root passes without any policy", ROOT, [], undefined, "Allow", "iam.md §5: root is not subject to identity policies"),
  sm("root passes a policy naming someone else", ROOT, [], GRANT_MARY, "Allow", "no explicit deny applies to root"),
  sm("secret suffix under prod/*", ALICE, [PROD_READ], undefined, "Allow", "iam.md §3.2: secret ARNs carry a random suffix"),
  sm("six ? match the random suffix", ALICE, [SUFFIX_READ], undefined, "Allow", "secretsmanager.md: secret:<name>-??????"),
  sm("six ? do not match another name", ALICE, [SUFFIX_READ], undefined, "ImplicitDeny", "prod/db2-… differs", { resource: secret("prod/db2-AbCdEf") }),
  sm("NotPrincipal: Bob is exempt", BOB, [SM_READ], ALL_BUT_BOB, "Allow", "IAM guide: list the user and its account"),
  sm("NotPrincipal: everyone else denied", ALICE, [SM_READ], ALL_BUT_BOB, "ExplicitDeny", "alice is not listed", { sid: "AllButBob" }),
  sm("NotPrincipal without the account still denies Bob", BOB, [SM_READ], ALL_BUT_BOB_ALONE, "ExplicitDeny", "IAM guide: omitting the account may deny the account and so Bob"),
  sm("NotPrincipal: listed session exempt", PROJECT_SESSION, [SM_READ], ALL_BUT_SESSION, "Allow", "session, role and account all listed"),
  sm("NotPrincipal: another session of the role denied", session("projectA-production", "other"), [SM_READ], ALL_BUT_SESSION, "ExplicitDeny", "IAM guide: principals must name a specific session"),
  sm("deny unless the role: other user", ALICE, [SM_READ], ONLY_ROLE, "ExplicitDeny", "StringNotEquals aws:PrincipalArn holds"),
  sm("deny unless the role: role session", PROJECT_SESSION, [SM_READ], ONLY_ROLE, "Allow", "aws:PrincipalArn of a session is the role ARN"),
  sm("grant to a role reaches its sessions", PROJECT_SESSION, [], GRANT_ROLE, "Allow", "iam.md §5 step 3: a role ARN matches the role's sessions", { sid: "RoleReads" }),
  sm("grant to a role is narrowed by the session policy", PROJECT_SESSION, [], GRANT_ROLE, "ImplicitDeny", "IAM guide: session policies limit grants to the role ARN", { session: [SESSION_POLICY] }),
  sm("grant to the session is not narrowed", PROJECT_SESSION, [], GRANT_SESSION, "Allow", "IAM guide: grants to the session ARN bypass session policies", { session: [SESSION_POLICY], sid: "SessionReads" }),
  sm("grant to the role does not reach the user", ALICE, [], GRANT_ROLE, "ImplicitDeny", "users are not sessions of the role"),
  sm("Principal * with an account condition", ALICE, [], GRANT_ACCOUNT_STAR, "Allow", "iam.md §5: * matches with conditions"),
  sm("Principal * with another account", ALICE, [], GRANT_ACCOUNT_STAR, "ImplicitDeny", "aws:PrincipalAccount differs", { context: { "aws:PrincipalAccount": "999999999999" } }),
  sm("service principal never matches users", ALICE, [], SERVICE_ONLY, "ImplicitDeny", "iam.md §5: Service never matches users"),
  trust("trust names the account: identity allow needed", BOB, [ASSUME], TRUST_ACCOUNT, "Allow", "iam.md §10: account principal + identity sts:AssumeRole"),
  trust("trust names the account: no identity allow", ALICE, [], TRUST_ACCOUNT, "ImplicitDeny", "iam.md §10", { deniedBy: "identity-based" }),
  trust("trust names the user directly", BOB, [], TRUST_BOB, "Allow", "iam.md §10: a direct trust needs no identity permission", { sid: "TrustBob" }),
  trust("trust names someone else", ALICE, [ASSUME], TRUST_BOB, "ImplicitDeny", "iam.md §8: because no role trust policy allows", { deniedBy: "role trust" }),
  trust("trust condition sts:ExternalId matches", BOB, [ASSUME], TRUST_EXTERNAL, "Allow", "account ID principal ≡ root ARN", { context: { "sts:ExternalId": "Unique-1234" } }),
  trust("trust condition sts:ExternalId differs", BOB, [ASSUME], TRUST_EXTERNAL, "ImplicitDeny", "condition fails", { context: { "sts:ExternalId": "guess" }, deniedBy: "role trust" }),
  trust("trust explicit deny", ALICE, [ASSUME], TRUST_DENY_ALICE, "ExplicitDeny", "iam.md §8: with an explicit deny in the role trust policy", { deniedBy: "role trust", sid: "NotAlice" }),
  trust("trust for a service only", BOB, [ASSUME], TRUST_EC2, "ImplicitDeny", "Service principals never match users", { deniedBy: "role trust" }),
  sess("seed session: production GetParameter", [SESSION_POLICY], "ssm:GetParameter", param("/projectA/production/db"), "Allow", "iam.md §10: role ∩ session policy", { sid: "RoleReadsProjectA" }),
  sess("seed session: staging is outside the session policy", [SESSION_POLICY], "ssm:GetParameter", param("/projectA/staging/db"), "ImplicitDeny", "session policy narrows", { deniedBy: "session" }),
  sess("seed session: GetParameters not in the session policy", [SESSION_POLICY], "ssm:GetParameters", param("/projectA/production/db"), "ImplicitDeny", "role allows, session does not", { deniedBy: "session" }),
  sess("seed session: no session policy, role decides", [], "ssm:GetParameters", param("/projectA/staging/db"), "Allow", "without session policies the role policy decides", { session: undefined }),
  sess("session policy cannot widen the role", [SESSION_WIDE], "ssm:PutParameter", param("/projectA/production/db"), "ImplicitDeny", "iam.md §5: both must allow", { deniedBy: "identity-based" }),
  sess("session policy explicit deny", [SESSION_DENY], "ssm:GetParameter", param("/projectA/production/db"), "ExplicitDeny", "iam.md §8: with an explicit deny in a session policy", { deniedBy: "session", sid: "SessionDeny" }),
  { name: "boundary allows what identity allows", principal: ALICE, identity: [doc(allow("ssm:*", "*"))], boundary: [BOUNDARY], action: "ssm:GetParameter", resource: param("/app/x"), expect: "Allow", why: "permissions boundary ∩ identity" },
  { name: "boundary blocks PutParameter", principal: ALICE, identity: [doc(allow("ssm:*", "*"))], boundary: [BOUNDARY], action: "ssm:PutParameter", resource: param("/app/x"), expect: "ImplicitDeny", deniedBy: "permissions boundary", why: "iam.md §8: because no permissions boundary allows" },
  { name: "boundary explicit deny", principal: ALICE, identity: [doc(allow("ssm:*", "*"))], boundary: [BOUNDARY_DENY], action: "ssm:GetParameter", resource: param("/app/secret"), expect: "ExplicitDeny", deniedBy: "permissions boundary", sid: "BoundaryDeny", why: "explicit deny in any policy" },
  { name: "admin policy allows anything", principal: ALICE, identity: [ADMIN], action: "cloudtrail:LookupEvents", resource: "*", expect: "Allow", why: "Action * and Resource *" },
  { name: "deny in one policy beats allow in another", principal: ALICE, identity: [ADMIN, doc(deny("ssm:DeleteParameter", "*", { Sid: "NoDelete" }))], action: "ssm:DeleteParameter", resource: param("/app/x"), expect: "ExplicitDeny", sid: "NoDelete", why: "iam.md §5 step 4 across policies" },
  { name: "ssm:* does not cover kms", principal: ALICE, identity: [doc(allow("ssm:*", "*"))], action: "kms:Decrypt", resource: "*", expect: "ImplicitDeny", why: "service prefix differs" },
  { name: "self-service access keys", principal: ALICE, identity: [SELF_KEYS], action: "iam:CreateAccessKey", resource: user("alice"), expect: "Allow", why: "iam.md §6.5: self-service via ${aws:username}" },
  { name: "access keys of another user", principal: ALICE, identity: [SELF_KEYS], action: "iam:CreateAccessKey", resource: user("bob"), expect: "ImplicitDeny", why: "bob ≠ alice" },
];
