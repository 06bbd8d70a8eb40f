// The base condition operators (iam.md §4): how a policy value compiles and when a request value matches it.
import { cidrContains, parseCidr, parseIp } from "./ip.js";
import { compilePattern } from "./template.js";
import type { MatchMode, VarLookup } from "./template.js";

/** Does one request value match one policy value? */
export type ValueTest = (requestValue: string, lookup: VarLookup) => boolean;

export interface BaseOperator {
  /** Negated operators are true when no policy value matches (and when the key is absent). */
  readonly negated: boolean;
  /** Policy variables are substituted only for string and ARN operators (IAM user guide). */
  readonly takesVariables: boolean;
  readonly compile: (policyValue: string, variables: boolean) => ValueTest;
}

const never: ValueTest = () => false;
const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const EPOCH = /^\s*-?\d+(\.\d+)?\s*$/;

export const parseNumber = (s: string): number | undefined => (NUMBER.test(s) ? Number(s) : undefined);

/** ISO-8601 text or epoch seconds → epoch milliseconds. */
export function parseDate(s: string): number | undefined {
  const ms = EPOCH.test(s) ? Number(s) * 1000 : Date.parse(s.trim());
  return Number.isFinite(ms) ? ms : undefined;
}

const stringCompile =
  (mode: MatchMode, ignoreCase: boolean) =>
  (policyValue: string, variables: boolean): ValueTest =>
    compilePattern(policyValue, { mode, variables, ignoreCase });

type Compare = (request: number, policy: number) => boolean;
const orderedCompile =
  (parse: (s: string) => number | undefined, cmp: Compare) =>
  (policyValue: string): ValueTest => {
    const p = parse(policyValue);
    if (p === undefined) return never;
    return (r) => {
      const n = parse(r);
      return n !== undefined && cmp(n, p);
    };
  };

function boolCompile(policyValue: string): ValueTest {
  const p = policyValue.toLowerCase();
  return (r) => r.toLowerCase() === p;
}

function binaryCompile(policyValue: string): ValueTest {
  const p = Buffer.from(policyValue, "base64");
  return (r) => Buffer.from(r, "base64").equals(p);
}

function ipCompile(policyValue: string): ValueTest {
  const block = parseCidr(policyValue);
  if (block === undefined) return never;
  return (r) => {
    const ip = parseIp(r);
    return ip !== undefined && cidrContains(block, ip);
  };
}

const op = (negated: boolean, compile: BaseOperator["compile"], takesVariables = false): BaseOperator => ({
  negated,
  compile,
  takesVariables,
});

const eq: Compare = (a, b) => a === b;
const lt: Compare = (a, b) => a < b;
const le: Compare = (a, b) => a <= b;
const gt: Compare = (a, b) => a > b;
const ge: Compare = (a, b) => a >= b;

function orderedFamily(prefix: string, parse: (s: string) => number | undefined): [string, BaseOperator][] {
  const c = (cmp: Compare): BaseOperator["compile"] => orderedCompile(parse, cmp);
  return [
    [`${prefix}Equals`, op(false, c(eq))],
    [`${prefix}NotEquals`, op(true, c(eq))],
    [`${prefix}LessThan`, op(false, c(lt))],
    [`${prefix}LessThanEquals`, op(false, c(le))],
    [`${prefix}GreaterThan`, op(false, c(gt))],
    [`${prefix}GreaterThanEquals`, op(false, c(ge))],
  ];
}

/** Keyed by the operator name as AWS spells it (operator names are case-sensitive; Null is handled apart). */
export const BASE_OPERATORS: ReadonlyMap<string, BaseOperator> = new Map<string, BaseOperator>([
  ["StringEquals", op(false, stringCompile("literal", false), true)],
  ["StringNotEquals", op(true, stringCompile("literal", false), true)],
  ["StringEqualsIgnoreCase", op(false, stringCompile("literal", true), true)],
  ["StringNotEqualsIgnoreCase", op(true, stringCompile("literal", true), true)],
  ["StringLike", op(false, stringCompile("glob", false), true)],
  ["StringNotLike", op(true, stringCompile("glob", false), true)],
  ...orderedFamily("Numeric", parseNumber),
  ...orderedFamily("Date", parseDate),
  ["Bool", op(false, boolCompile)],
  ["BinaryEquals", op(false, binaryCompile)],
  ["IpAddress", op(false, ipCompile)],
  ["NotIpAddress", op(true, ipCompile)],
  ["ArnEquals", op(false, stringCompile("arn", false), true)],
  ["ArnLike", op(false, stringCompile("arn", false), true)],
  ["ArnNotEquals", op(true, stringCompile("arn", false), true)],
  ["ArnNotLike", op(true, stringCompile("arn", false), true)],
]);
