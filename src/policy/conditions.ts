// Condition blocks: operators with IfExists and ForAnyValue:/ForAllValues:, keys looked up case-insensitively (iam.md §4).
import { BASE_OPERATORS } from "./condition-ops.js";
import { contextEnv } from "./context.js";
import type { BaseOperator } from "./condition-ops.js";
import { allResolvable, requiredVariables } from "./template.js";
import type { VarLookup } from "./template.js";
import type { ConditionClause, ContextValue } from "./types.js";

export interface ParsedOperator {
  readonly set?: "any" | "all";
  /** "Null" or a key of BASE_OPERATORS. */
  readonly base: string;
  readonly ifExists: boolean;
}

/** What a condition sees of the request. */
export interface ConditionEnv {
  /** Takes a lower-cased key. */
  readonly value: (keyLower: string) => ContextValue;
  readonly lookup: VarLookup;
}

export type ConditionTest = (env: ConditionEnv) => boolean;

const SET_PREFIXES: readonly (readonly [string, "any" | "all"])[] = [
  ["ForAnyValue:", "any"],
  ["ForAllValues:", "all"],
];
const IF_EXISTS = "IfExists";

/** Splits `ForAllValues:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let set: "any" | "all" | undefined;
  for (const [prefix, kind] of SET_PREFIXES) {
    if (rest.startsWith(prefix)) {
      set = kind;
      rest = rest.slice(prefix.length);
      break;
    }
  }
  const ifExists = rest.endsWith(IF_EXISTS) && rest.length > IF_EXISTS.length;
  const base = ifExists ? rest.slice(0, -IF_EXISTS.length) : rest;
  if (base === "Null") return ifExists || set !== undefined ? undefined : { base, ifExists };
  if (!BASE_OPERATORS.has(base)) return undefined;
  return { ...(set === undefined ? {} : { set }), base, ifExists };
}

/** Request values as strings; undefined when the key is absent (an empty list counts as absent). */
export function requestValues(v: ContextValue): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return [v];
  if (typeof v === "boolean" || typeof v === "number") return [String(v)];
  return v.length === 0 ? undefined : v;
}

function nullTest(key: string, values: readonly string[]): ConditionTest {
  const wants = values.map((v) => v.toLowerCase()).filter((v) => v === "true" || v === "false");
  return (env) => {
    const absent = requestValues(env.value(key)) === undefined;
    return wants.some((w) => (w === "true") === absent);
  };
}

function operatorTest(op: ParsedOperator, base: BaseOperator, clause: ConditionClause, variables: boolean): ConditionTest {
  const key = clause.key.toLowerCase();
  const withVariables = variables && base.takesVariables;
  const tests = clause.values.map((v) => base.compile(v, withVariables));
  const needed = withVariables ? clause.values.flatMap(requiredVariables) : [];
  const anyPolicyValue = (r: string, lookup: VarLookup): boolean => tests.some((t) => t(r, lookup));
  const hit = (r: string, lookup: VarLookup): boolean => anyPolicyValue(r, lookup) !== base.negated;
  return (env) => {
    if (needed.length > 0 && !allResolvable(needed, env.lookup)) return false;
    const values = requestValues(env.value(key));
    if (values === undefined) return op.ifExists || op.set === "all" || (op.set === undefined && base.negated);
    if (op.set === "all") return values.every((r) => hit(r, env.lookup));
    if (op.set === "any") return values.some((r) => hit(r, env.lookup));
    // Single-valued operator on a list: positive = some value matches; negated = none does.
    return values.some((r) => anyPolicyValue(r, env.lookup)) !== base.negated;
  };
}

/** One operator/key pair; values OR, except negated operators where they act as "none of". */
export function compileClause(clause: ConditionClause, variables: boolean): ConditionTest {
  const op = parseOperator(clause.operator);
  if (op === undefined) return () => false; // validation rejects unknown operators; hand-built documents fail closed
  if (op.base === "Null") return nullTest(clause.key.toLowerCase(), clause.values);
  const base = BASE_OPERATORS.get(op.base);
  return base === undefined ? () => false : operatorTest(op, base, clause, variables);
}

/** All clauses must hold (operators and keys AND together). */
export function compileConditions(clauses: readonly ConditionClause[], variables: boolean): ConditionTest | undefined {
  if (clauses.length === 0) return undefined;
  const tests = clauses.map((c) => compileClause(c, variables));
  if (tests.length === 1 && tests[0] !== undefined) return tests[0];
  return (env) => tests.every((t) => t(env));
}

/** Convenience for callers and tests: evaluates a Condition map against a context record. */
export function conditionHolds(
  condition: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>,
  context: Readonly<Record<string, ContextValue>>,
): boolean {
  const clauses = Object.entries(condition).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, v]) => ({ operator, key, values: typeof v === "string" ? [v] : v })),
  );
  return compileConditions(clauses, true)?.(contextEnv(context)) ?? true;
}
