// Single-account evaluation: explicit deny > allow > implicit deny, with the KMS/trust special case (iam.md §5, §7).
import { candidates, matchStatement } from "./compile.js";
import type { CompiledPolicySet, CompiledStatement } from "./compile.js";
import { createEnv } from "./context.js";
import type { EvalEnv } from "./context.js";
import { policyNoun, withArticle } from "./messages.js";
import type { Decision, DenialSource, PolicyType, RequestContext } from "./types.js";

export interface PolicySets {
  readonly identity: CompiledPolicySet;
  /** Session policies of an assumed-role session: they narrow, both must allow. */
  readonly session?: CompiledPolicySet;
  /** KMS key policy, secret resource policy or role trust policy. */
  readonly resource?: CompiledPolicySet;
  readonly permissionsBoundary?: CompiledPolicySet;
  /**
   * generic: identity or resource policy may allow (same account).
   * kms-key / role-trust: the resource policy is authoritative; naming the account delegates to IAM.
   */
  readonly resourceKind?: "kms-key" | "generic" | "role-trust";
  /** The account root: not subject to identity policies (iam.md §5). Derived from the ARN when absent. */
  readonly isRoot?: boolean;
}

/** The allowing statements of a resource policy, by how they name the caller. */
interface ResourceGrants {
  /** Names the caller itself: not narrowed by session policies or boundaries. */
  readonly direct?: CompiledStatement;
  /** Names the caller's role or everyone: session policies and boundaries still narrow it. */
  readonly narrowed?: CompiledStatement;
  /** Names the caller's account: enables the account's IAM policies. */
  readonly account?: CompiledStatement;
}

const LABEL: Readonly<Record<PolicyType, DenialSource>> = {
  identity: "identity-based",
  session: "session",
  resource: "resource-based",
  key: "resource-based",
  "permissions-boundary": "permissions boundary",
};

const firstMatch = (list: readonly CompiledStatement[], env: EvalEnv): CompiledStatement | undefined =>
  list.find((st) => matchStatement(st, env) !== undefined);

const firstAllow = (set: CompiledPolicySet | undefined, env: EvalEnv): CompiledStatement | undefined =>
  set === undefined ? undefined : firstMatch(candidates(set, env.service).allow, env);

function resourceGrants(set: CompiledPolicySet, env: EvalEnv): ResourceGrants {
  const found: { direct?: CompiledStatement; narrowed?: CompiledStatement; account?: CompiledStatement } = {};
  for (const st of candidates(set, env.service).allow) {
    const how = matchStatement(st, env);
    // "identity" (a statement without Principal) never grants from a resource policy: fail closed.
    if (how === "exact") found.direct ??= st;
    else if (how === "role" || how === "any") found.narrowed ??= st;
    else if (how === "account") found.account ??= st;
  }
  return found;
}

const allow = (reason: string, statement?: CompiledStatement): Decision => ({
  effect: "Allow",
  reason,
  ...(statement === undefined ? {} : { statement: statement.ref }),
});

const implicitDeny = (deniedBy: DenialSource): Decision => ({
  effect: "ImplicitDeny",
  deniedBy,
  reason: `no ${policyNoun(deniedBy)} allows the action`,
});

function explicitDeny(env: EvalEnv, sets: PolicySets): Decision | undefined {
  const trust = sets.resourceKind === "role-trust";
  for (const set of [sets.identity, sets.permissionsBoundary, sets.session, sets.resource]) {
    if (set === undefined) continue;
    const st = firstMatch(candidates(set, env.service).deny, env);
    if (st === undefined) continue;
    const deniedBy = trust && set === sets.resource ? "role trust" : LABEL[st.ref.policyType];
    return { effect: "ExplicitDeny", statement: st.ref, deniedBy, reason: `explicit deny in ${withArticle(deniedBy)}` };
  }
  return undefined;
}

/** Identity-based allow, narrowed by the boundary and session policies; or which of them is missing. */
function identityAllow(env: EvalEnv, sets: PolicySets): CompiledStatement | DenialSource {
  const st = firstAllow(sets.identity, env);
  if (st === undefined) return "identity-based";
  return narrowingBlocks(env, sets) ?? st;
}

/** A resource grant naming the role or everyone still has to pass the boundary and session policies. */
function narrowingBlocks(env: EvalEnv, sets: PolicySets): DenialSource | undefined {
  if (sets.permissionsBoundary !== undefined && firstAllow(sets.permissionsBoundary, env) === undefined) {
    return "permissions boundary";
  }
  if (sets.session !== undefined && firstAllow(sets.session, env) === undefined) return "session";
  return undefined;
}

function sameAccount(env: EvalEnv, sets: PolicySets, isRoot: boolean): Decision {
  if (isRoot) return allow("the account root is not subject to identity-based policies");
  const id = identityAllow(env, sets);
  if (typeof id !== "string") return allow("an identity-based policy allows", id);
  const grants = sets.resource === undefined ? {} : resourceGrants(sets.resource, env);
  if (grants.direct !== undefined) return allow("a resource-based policy allows the principal", grants.direct);
  if (grants.narrowed !== undefined && narrowingBlocks(env, sets) === undefined) {
    return allow("a resource-based policy allows the principal", grants.narrowed);
  }
  return implicitDeny(id);
}

/** KMS key policies and role trust policies decide; an account statement hands the decision to IAM (iam.md §7). */
function authoritative(env: EvalEnv, sets: PolicySets): Decision {
  const missing: DenialSource = sets.resourceKind === "role-trust" ? "role trust" : "resource-based";
  if (sets.resource === undefined) return implicitDeny(missing);
  const grants = resourceGrants(sets.resource, env);
  if (grants.direct !== undefined) return allow("the resource policy allows the principal", grants.direct);
  const blocked = grants.narrowed === undefined ? missing : narrowingBlocks(env, sets);
  if (blocked === undefined) return allow("the resource policy allows the principal", grants.narrowed);
  if (grants.account === undefined) return implicitDeny(blocked);
  const id = identityAllow(env, sets);
  if (typeof id !== "string") return allow("the resource policy enables IAM and an identity-based policy allows", id);
  return implicitDeny(id);
}

export function evaluate(req: RequestContext, sets: PolicySets): Decision {
  const env = createEnv(req);
  const denied = explicitDeny(env, sets);
  if (denied !== undefined) return denied;
  if (sets.resourceKind === "kms-key" || sets.resourceKind === "role-trust") return authoritative(env, sets);
  return sameAccount(env, sets, sets.isRoot ?? env.principal.kind === "root");
}
