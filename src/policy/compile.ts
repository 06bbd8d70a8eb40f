// Compiles policy documents once into statements grouped by action service, so a request checks few (ARCHITECTURE §8).
import { compileConditions } from "./conditions.js";
import type { ConditionTest } from "./conditions.js";
import type { EvalEnv } from "./context.js";
import { actionService, compileActionPatterns, compileResourcePatterns } from "./match.js";
import type { ActionTest, ResourceTest } from "./match.js";
import { compileNotPrincipal, compilePrincipal } from "./principal.js";
import type { PrincipalMatch, PrincipalTest } from "./principal.js";
import { allResolvable, requiredVariables } from "./template.js";
import type { Effect, NamedPolicy, PolicyDocument, PolicyStatement, StatementRef } from "./types.js";

export interface CompiledStatement {
  readonly ref: StatementRef;
  readonly effect: Effect;
  readonly action: ActionTest;
  readonly resource: ResourceTest;
  /** Absent for identity-style statements (no Principal element). */
  readonly principal?: PrincipalTest;
  readonly condition?: ConditionTest;
  /** Has a condition or a policy variable: its match depends on the request context, not only action and resource. */
  readonly usesContext: boolean;
}

export interface StatementBucket {
  readonly deny: readonly CompiledStatement[];
  readonly allow: readonly CompiledStatement[];
  /** No statement here uses the request context: identity and resource decide alone (the authorizer may memoise). */
  readonly contextFree: boolean;
}

export interface CompiledPolicySet {
  /** Statements that can match actions of a service (lower-cased), in document order. */
  readonly byService: ReadonlyMap<string, StatementBucket>;
  /** Statements for services no Action names literally (NotAction, `*`). */
  readonly anyService: StatementBucket;
  readonly statementCount: number;
}

/** How a statement names the caller: via its Principal element, or "identity" when it has none. */
export type StatementMatch = PrincipalMatch | "identity";

const never = (): boolean => false;
const always = (): boolean => true;

function actionTest(s: PolicyStatement): ActionTest {
  if (s.action !== undefined) return compileActionPatterns(s.action);
  if (s.notAction === undefined) return never; // resource/key policies may omit Action: ineffective (kms.md §7)
  const excluded = compileActionPatterns(s.notAction);
  return (a) => !excluded(a);
}

function resourceTest(s: PolicyStatement, doc: PolicyDocument, variables: boolean): ResourceTest {
  if (s.resource !== undefined) return compileResourcePatterns(s.resource, variables);
  if (s.notResource === undefined) return doc.kind === "trust" ? always : never;
  const excluded = compileResourcePatterns(s.notResource, variables);
  const needed = variables ? s.notResource.flatMap(requiredVariables) : [];
  // An unresolvable variable invalidates the statement rather than widening a NotResource.
  return (r, lookup) => allResolvable(needed, lookup) && !excluded(r, lookup);
}

function principalTest(s: PolicyStatement, doc: PolicyDocument): PrincipalTest | undefined {
  if (s.principal !== undefined) return compilePrincipal(s.principal);
  if (s.notPrincipal !== undefined) {
    const applies = compileNotPrincipal(s.notPrincipal);
    return (p) => (applies(p) ? "any" : undefined);
  }
  return doc.kind === "identity" ? undefined : () => undefined;
}

function compileStatement(s: PolicyStatement, index: number, policy: NamedPolicy): CompiledStatement {
  const doc = policy.document;
  const variables = doc.version === "2012-10-17";
  const ref: StatementRef = { policyName: policy.name, policyType: policy.type, index, ...(s.sid ? { sid: s.sid } : {}) };
  const principal = principalTest(s, doc);
  const condition = compileConditions(s.conditions, variables);
  const patterns = [...(s.resource ?? []), ...(s.notResource ?? [])];
  return {
    ref,
    effect: s.effect,
    action: actionTest(s),
    resource: resourceTest(s, doc, variables),
    ...(principal === undefined ? {} : { principal }),
    ...(condition === undefined ? {} : { condition }),
    usesContext: condition !== undefined || (variables && patterns.some((r) => r.includes("${"))),
  };
}

/** Services a statement is confined to, or undefined when it may apply to any service. */
function servicesOf(s: PolicyStatement): string[] | undefined {
  if (s.action === undefined) return s.notAction === undefined ? [] : undefined;
  const services = s.action.map(actionService);
  return services.every((x): x is string => x !== undefined) ? services : undefined;
}

interface MutableBucket {
  deny: CompiledStatement[];
  allow: CompiledStatement[];
  contextFree: boolean;
}
const emptyBucket = (): MutableBucket => ({ deny: [], allow: [], contextFree: true });
const add = (b: MutableBucket, st: CompiledStatement): void => {
  (st.effect === "Deny" ? b.deny : b.allow).push(st);
  if (st.usesContext) b.contextFree = false;
};

export function compilePolicies(policies: readonly NamedPolicy[]): CompiledPolicySet {
  const entries = policies.flatMap((p) =>
    p.document.statements.map((s, i) => ({ compiled: compileStatement(s, i, p), services: servicesOf(s) })),
  );
  const byService = new Map<string, MutableBucket>();
  for (const e of entries) for (const svc of e.services ?? []) byService.set(svc, emptyBucket());
  const anyService = emptyBucket();
  for (const e of entries) {
    if (e.services !== undefined) {
      for (const svc of new Set(e.services)) add(byService.get(svc) ?? emptyBucket(), e.compiled);
      continue;
    }
    add(anyService, e.compiled);
    for (const bucket of byService.values()) add(bucket, e.compiled);
  }
  return { byService, anyService, statementCount: entries.length };
}

export const emptyPolicySet: CompiledPolicySet = compilePolicies([]);

/** The statements worth checking for an action; document order is kept so the reported statement is stable. */
export const candidates = (set: CompiledPolicySet, service: string): StatementBucket =>
  set.byService.get(service) ?? set.anyService;

/** Does the statement apply to the request, and how does it name the caller? */
export function matchStatement(st: CompiledStatement, env: EvalEnv): StatementMatch | undefined {
  if (!st.action(env.actionLower)) return undefined;
  const how: StatementMatch | undefined = st.principal === undefined ? "identity" : st.principal(env.principal);
  if (how === undefined) return undefined;
  if (!st.resource(env.resource, env.lookup)) return undefined;
  if (st.condition !== undefined && !st.condition(env)) return undefined;
  return how;
}
