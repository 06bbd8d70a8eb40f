// The policy simulator's evaluation (SimulatePrincipalPolicy / SimulateCustomPolicy): the engine's decision for each
// action × resource, plus what AWS reports around it — the statements that decided, with their positions in the
// policy text, the condition keys no ContextEntries value was given for, and the permissions boundary's verdict.
import { candidates, matchStatement, type CompiledStatement } from "../../policy/compile.js";
import { createEnv, type EvalEnv } from "../../policy/context.js";
import {
  compilePolicies, emptyPolicySet, evaluate, statementContextKeys, uniqueKeys,
  type CompiledPolicySet, type ContextValue, type Decision, type PolicyDocument, type PolicySets, type PolicyStatement,
  type PolicyType, type StatementSpan,
} from "../../policy/index.js";
import type { Output } from "../types.js";

/** What a policy is in the simulation: the caller's identity policies, its boundary, or the resource's policy. */
export type SimRole = "identity" | "boundary" | "resource";

/** One policy of a simulation, named as AWS names it in MatchedStatements. */
export interface SimPolicy {
  readonly id: string;
  readonly role: SimRole;
  readonly document: PolicyDocument;
  readonly spans: readonly StatementSpan[];
}

export interface Simulation {
  readonly policies: readonly SimPolicy[];
  /** The simulated caller (CallerArn, or the user of PolicySourceArn). */
  readonly callerArn: string;
  readonly accountId: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

/**
 * AWS answers "IAM Policy" and "Resource Policy" here, not the model's enum values (recorded answers: AWS CLI
 * simulate-principal-policy output for AdministratorAccess, boto3 stubs recorded in 2020, ScottLogic's 2025 write-up
 * with a bucket policy, whose SourcePolicyId is "ResourcePolicy").
 */
const SOURCE_TYPE: Readonly<Record<SimRole, string>> = { identity: "IAM Policy", boundary: "IAM Policy", resource: "Resource Policy" };
const ENGINE_TYPE: Readonly<Record<SimRole, PolicyType>> = { identity: "identity", boundary: "permissions-boundary", resource: "resource" };
const DECISION: Readonly<Record<Decision["effect"], string>> = { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" };

/**
 * Simulating "*" (all resources, the default) asks whether the action is granted on some resource, so every
 * Resource / NotResource element counts as matching (AWS CLI examples: default resource, "allowed").
 */
function anyResource(s: PolicyStatement): PolicyStatement {
  const out: { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] } = { ...s, resource: ["*"] };
  delete out.notResource;
  return out;
}

interface Compiled {
  readonly sets: PolicySets;
  /** The compiled sets with the roles they play, for listing statements. */
  readonly parts: readonly { readonly role: SimRole; readonly set: CompiledPolicySet }[];
}

function compileFor(sim: Simulation, wildcard: boolean): Compiled {
  const parts = (["identity", "boundary", "resource"] as const).flatMap((role) => {
    const named = sim.policies.flatMap((p, i) => {
      if (p.role !== role) return [];
      const document = wildcard ? { ...p.document, statements: p.document.statements.map(anyResource) } : p.document;
      return [{ name: String(i), type: ENGINE_TYPE[role], document }];
    });
    return named.length === 0 && role !== "identity" ? [] : [{ role, set: compilePolicies(named) }];
  });
  const of = (role: SimRole): CompiledPolicySet | undefined => parts.find((p) => p.role === role)?.set;
  const boundary = of("boundary");
  const resource = of("resource");
  const sets: PolicySets = {
    identity: of("identity") ?? emptyPolicySet,
    isRoot: false,
    resourceKind: "generic",
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
    ...(resource === undefined ? {} : { resource }),
  };
  return { sets, parts };
}

const statementsOf = (set: CompiledPolicySet, env: EvalEnv): CompiledStatement[] => {
  const b = candidates(set, env.service);
  return [...b.deny, ...b.allow];
};

/**
 * The statements that decided: for a deny the matching Deny statements, for an allow the matching Allow statements of
 * the identity and resource policies; none for an implicit deny (IAM API reference, EvaluationResult.MatchedStatements).
 */
function decidingStatements(c: Compiled, env: EvalEnv, decision: Decision): CompiledStatement[] {
  if (decision.effect === "ImplicitDeny") return [];
  const effect = decision.effect === "Allow" ? "Allow" : "Deny";
  return c.parts
    .filter((p) => effect === "Deny" || p.role !== "boundary")
    .flatMap((p) => statementsOf(p.set, env).filter((st) => st.effect === effect && matchStatement(st, env) !== undefined));
}

function statementOut(sim: Simulation, st: CompiledStatement): Output {
  const policy = sim.policies[Number(st.ref.policyName)];
  const span = policy?.spans[st.ref.index];
  const at = (p: { line: number; column: number }): Output => ({ Line: p.line, Column: p.column });
  return {
    SourcePolicyId: policy?.id,
    SourcePolicyType: policy === undefined ? undefined : SOURCE_TYPE[policy.role],
    ...(span === undefined ? {} : { StartPosition: at(span.start), EndPosition: at(span.end) }),
  };
}

/** Condition keys (and policy variables) of the statements about this action that the request gave no value for. */
function missingKeys(sim: Simulation, c: Compiled, env: EvalEnv): string[] {
  const given = new Set(Object.keys(sim.context).map((k) => k.toLowerCase()));
  const keys = c.parts.flatMap((p) =>
    statementsOf(p.set, env)
      .filter((st) => st.action(env.actionLower))
      .flatMap((st) => {
        const doc = sim.policies[Number(st.ref.policyName)]?.document;
        const s = doc?.statements[st.ref.index];
        return s === undefined ? [] : statementContextKeys(s, doc?.version === "2012-10-17");
      }),
  );
  return uniqueKeys(keys).filter((k) => !given.has(k.toLowerCase()));
}

/** A boundary allows when one of its statements allows and none denies (PermissionsBoundaryDecisionDetail). */
function boundaryAllows(c: Compiled, env: EvalEnv): boolean | undefined {
  const set = c.sets.permissionsBoundary;
  if (set === undefined) return undefined;
  const hits = statementsOf(set, env).filter((st) => matchStatement(st, env) !== undefined);
  return hits.some((st) => st.effect === "Allow") && !hits.some((st) => st.effect === "Deny");
}

/** One EvaluationResult; a named resource also gets its ResourceSpecificResults entry (recorded AWS answer, 2020). */
function resultFor(sim: Simulation, c: Compiled, action: string, resource: string): Output {
  const req = { action, resource, principalArn: sim.callerArn, principalAccount: sim.accountId, context: sim.context };
  const env = createEnv(req);
  const decision = evaluate(req, c.sets);
  const matched = decidingStatements(c, env, decision).map((st) => statementOut(sim, st));
  const missing = missingKeys(sim, c, env);
  const allowedByBoundary = boundaryAllows(c, env);
  const boundary = allowedByBoundary === undefined ? {} : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: allowedByBoundary } };
  const out: Output = {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: DECISION[decision.effect],
    MatchedStatements: matched,
    MissingContextValues: missing,
    ...boundary,
  };
  if (resource === "*") return out;
  // Same-account simulations of a named resource carry an empty EvalDecisionDetails (IAM API reference).
  const specific = { EvalResourceName: resource, EvalResourceDecision: out["EvalDecision"], MatchedStatements: matched, MissingContextValues: missing, ...boundary };
  return { ...out, EvalDecisionDetails: {}, ResourceSpecificResults: [specific] };
}

/** Every action against every resource, actions outermost, in request order. */
export function simulate(sim: Simulation, actions: readonly string[], resources: readonly string[]): Output[] {
  let exact: Compiled | undefined;
  let wildcard: Compiled | undefined;
  const compiled = (r: string): Compiled =>
    r === "*" ? (wildcard ??= compileFor(sim, true)) : (exact ??= compileFor(sim, false));
  return actions.flatMap((a) => resources.map((r) => resultFor(sim, compiled(r), a, r)));
}
