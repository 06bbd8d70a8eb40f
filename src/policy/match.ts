// Action (case-insensitive) and resource (case-sensitive, ARN-segment-wise) matching (iam.md §3).
import { compilePattern, noVariables, substitute } from "./template.js";
import type { StringTest, VarLookup } from "./template.js";

/** Takes the lower-cased action name. */
export type ActionTest = (actionLower: string) => boolean;
export type ResourceTest = (resource: string, lookup: VarLookup) => boolean;

const isWild = (s: string): boolean => s.includes("*") || s.includes("?");

/** Any of the patterns matches; exact names go through a Set, wildcards through one regex each. */
export function compileActionPatterns(patterns: readonly string[]): ActionTest {
  const exact = new Set<string>();
  const globs: StringTest[] = [];
  let matchesAll = false;
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower === "*") matchesAll = true;
    else if (isWild(lower)) globs.push(compilePattern(lower, { mode: "glob", variables: false }));
    else exact.add(lower);
  }
  if (matchesAll) return () => true;
  if (globs.length === 0) return (a) => exact.has(a);
  return (a) => exact.has(a) || globs.some((g) => g(a, noVariables));
}

/** The lower-cased service prefix a pattern is confined to, or undefined when it may match any service. */
export function actionService(pattern: string): string | undefined {
  const colon = pattern.indexOf(":");
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  return isWild(service) ? undefined : service;
}

/** Any of the patterns matches. `variables` is true for Version 2012-10-17 documents (iam.md §3.3). */
export function compileResourcePatterns(patterns: readonly string[], variables: boolean): ResourceTest {
  if (patterns.includes("*")) return () => true;
  const tests = patterns.map((p) => compilePattern(p, { mode: "arn", variables }));
  if (tests.length === 1 && tests[0] !== undefined) return tests[0];
  return (resource, lookup) => tests.some((t) => t(resource, lookup));
}

/** Convenience for callers and tests: does one action pattern match an action? */
export const actionMatches = (pattern: string, action: string): boolean =>
  compileActionPatterns([pattern])(action.toLowerCase());

/** A lookup over a plain record whose keys are matched case-insensitively. */
export function recordLookup(values: Readonly<Record<string, string>>): VarLookup {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return (key) => lower.get(key);
}

/** Convenience for callers and tests: does one resource pattern match a resource (variables from `vars`)? */
export const resourceMatches = (
  pattern: string,
  resource: string,
  vars: Readonly<Record<string, string>> | undefined = undefined,
): boolean => compileResourcePatterns([pattern], vars !== undefined)(resource, recordLookup(vars ?? {}));

/** Substitutes `${...}` variables and escapes; undefined if a variable has no value (iam.md §3.3). */
export const substituteVariables = (text: string, vars: Readonly<Record<string, string>>): string | undefined =>
  substitute(text, recordLookup(vars));
