// Shared vocabulary of the decision table: principals, ARNs and statement builders (test data, not a test).
import type { ContextValue, DenialSource } from "./types.js";

export type Json = Readonly<Record<string, unknown>>;

export interface DecisionCase {
  readonly name: string;
  /** Why the expected decision is right (spec section or AWS documentation example). */
  readonly why: string;
  readonly principal: string;
  readonly identity?: readonly Json[];
  readonly session?: readonly Json[];
  readonly boundary?: readonly Json[];
  readonly resourcePolicy?: Json;
  readonly resourceKind?: "kms-key" | "generic" | "role-trust";
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  readonly expect: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  readonly deniedBy?: DenialSource;
  /** Sid of the statement expected to decide. */
  readonly sid?: string;
}

export const ACCT = "123456789012";
export const OTHER_ACCT = "999999999999";
export const ROOT = `arn:aws:iam::${ACCT}:root`;
export const user = (name: string): string => `arn:aws:iam::${ACCT}:user/${name}`;
export const role = (name: string, path = "/"): string => `arn:aws:iam::${ACCT}:role${path}${name}`;
export const session = (roleName: string, sessionName: string): string =>
  `arn:aws:sts::${ACCT}:assumed-role/${roleName}/${sessionName}`;
export const param = (name: string, region = "us-east-1", account = ACCT): string =>
  `arn:aws:ssm:${region}:${account}:parameter${name}`;
export const key = (id: string): string => `arn:aws:kms:us-east-1:${ACCT}:key/${id}`;
export const secret = (name: string): string => `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:${name}`;

export const K1 = key("1234abcd-12ab-34cd-56ef-1234567890ab");
export const K2 = key("0987dcba-09fe-87dc-65ba-ab0987654321");

export const ALICE = user("alice");
export const BOB = user("bob");
export const PROJECT_ROLE = "projectA-production";
export const PROJECT_ROLE_ARN = role(PROJECT_ROLE, "/projectA/production/");
export const PROJECT_SESSION = session(PROJECT_ROLE, "projectA-ec2");

type Strings = string | readonly string[];
export const doc = (...statements: Json[]): Json => ({ Version: "2012-10-17", Statement: statements });
export const allow = (action: Strings, resource: Strings, extra: Json = {}): Json => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
  ...extra,
});
export const deny = (action: Strings, resource: Strings, extra: Json = {}): Json => ({
  Effect: "Deny",
  Action: action,
  Resource: resource,
  ...extra,
});
/** A resource/key-policy statement naming AWS principals. */
export const grant = (principals: Strings, action: Strings, extra: Json = {}): Json => ({
  Effect: "Allow",
  Principal: { AWS: principals },
  Action: action,
  Resource: "*",
  ...extra,
});
export const refuse = (principals: Strings, action: Strings, extra: Json = {}): Json => ({
  Effect: "Deny",
  Principal: { AWS: principals },
  Action: action,
  Resource: "*",
  ...extra,
});

/** kms.md §7: the key policy CreateKey attaches when none is given. */
export const DEFAULT_KEY_POLICY = doc({
  Sid: "Enable IAM User Permissions",
  Effect: "Allow",
  Principal: { AWS: ROOT },
  Action: "kms:*",
  Resource: "*",
});

/** The request-context keys paramstore populates for a principal (iam.md §4.1). */
export function principalContext(arn: string): Record<string, ContextValue> {
  const u = /:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (u?.[1] !== undefined) {
    return { "aws:username": u[1], "aws:userid": `AIDA${u[1].toUpperCase().padEnd(17, "X")}`, "aws:PrincipalType": "User" };
  }
  const s = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (s?.[1] !== undefined && s[2] !== undefined) {
    const roleArn = s[1] === PROJECT_ROLE ? PROJECT_ROLE_ARN : role(s[1]);
    return { "aws:userid": `AROAEXAMPLEROLEID0001:${s[2]}`, "aws:PrincipalType": "AssumedRole", "aws:PrincipalArn": roleArn };
  }
  return { "aws:userid": ACCT, "aws:PrincipalType": "Account" };
}
