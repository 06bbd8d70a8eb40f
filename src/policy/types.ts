// Shared types of the pure policy engine (iam.md §2–§8): documents, requests, decisions.

export type Effect = "Allow" | "Deny";
export type PolicyVersion = "2012-10-17" | "2008-10-17";
/** What a document is for; decides which elements it must and must not have (iam.md §2). */
export type PolicyKind = "identity" | "resource" | "trust";
export type PolicyType = "identity" | "session" | "resource" | "key" | "permissions-boundary";

export interface StatementRef {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly sid?: string;
  /** Position of the statement in its policy's Statement list (0-based). */
  readonly index: number;
}

/** The policy type an AccessDenied message names (iam.md §5, §8). */
export type DenialSource =
  | "identity-based"
  | "resource-based"
  | "session"
  | "permissions boundary"
  | "role trust"
  | "service control";

export interface Decision {
  readonly effect: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  /** Allow: the allowing statement; ExplicitDeny: the denying one; absent for implicit deny. */
  readonly statement?: StatementRef;
  readonly reason?: string;
  /** For denials: the policy type the AccessDenied message must name. */
  readonly deniedBy?: DenialSource;
}

export type ContextValue = string | readonly string[] | string[] | boolean | number | undefined;

export interface RequestContext {
  readonly action: string;
  /** Resource ARN, or "*" for actions without a resource type (iam.md §3.2). */
  readonly resource: string;
  readonly principalArn: string;
  readonly principalAccount: string;
  /** Condition keys ("aws:SourceIp", "kms:EncryptionContext:x"...); looked up case-insensitively. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** A Principal / NotPrincipal element; account IDs are normalised to `arn:aws:iam::<acct>:root`. */
export interface PrincipalSet {
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

export interface ConditionClause {
  /** Operator as written, e.g. "ForAnyValue:StringLikeIfExists". */
  readonly operator: string;
  readonly key: string;
  /** Values as strings (JSON numbers and booleans are stringified). */
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  readonly version: PolicyVersion;
  readonly id?: string;
  readonly kind: PolicyKind;
  readonly statements: readonly PolicyStatement[];
}

export interface NamedPolicy {
  readonly name: string;
  readonly type: PolicyType;
  readonly document: PolicyDocument;
}
