// The per-request view statements are matched against: lower-cased action, case-insensitive keys, caller.
import type { ConditionEnv } from "./conditions.js";
import { describePrincipal } from "./principal.js";
import type { PrincipalInfo } from "./principal.js";
import type { VarLookup } from "./template.js";
import type { ContextValue, RequestContext } from "./types.js";

export interface EvalEnv extends ConditionEnv {
  readonly actionLower: string;
  readonly service: string;
  readonly resource: string;
  readonly principal: PrincipalInfo;
}

/** A single value usable as a policy variable; lists (multi-valued keys) cannot be (IAM user guide). */
function variableValue(v: ContextValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (v !== undefined && v.length === 1) return v[0];
  return undefined;
}

/**
 * Case-insensitive key access, built on first use so condition-free evaluations skip it. Plain loops
 * and no spreads: this runs for every authorisation of every request.
 */
export function contextEnv(
  context: Readonly<Record<string, ContextValue>>,
  defaults: Readonly<Record<string, string>> = {},
): ConditionEnv {
  let lower: Map<string, ContextValue> | undefined;
  const value = (keyLower: string): ContextValue => {
    if (lower === undefined) {
      lower = new Map();
      for (const k in defaults) lower.set(k, defaults[k]);
      for (const k in context) lower.set(k.toLowerCase(), context[k]);
    }
    return lower.get(keyLower);
  };
  const lookup: VarLookup = (keyLower) => variableValue(value(keyLower));
  return { value, lookup };
}

/**
 * One key, case-insensitively, without building the whole map (the last spelling wins, as in the map).
 * aws:userid is needed for every evaluation, while most evaluations never look up anything else.
 */
function scanKey(context: Readonly<Record<string, ContextValue>>, keyLower: string): ContextValue {
  let found: ContextValue;
  for (const k in context) {
    if (k.length === keyLower.length && k.toLowerCase() === keyLower) found = context[k];
  }
  return found;
}

/** The service prefix of a lower-cased action (the whole action without one): compiled statements are bucketed by it. */
export function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(":");
  return colon < 0 ? actionLower : actionLower.slice(0, colon);
}

export function createEnv(req: RequestContext): EvalEnv {
  const actionLower = req.action.toLowerCase();
  // For role sessions aws:PrincipalArn is the role's ARN (with path), which only the caller knows.
  const isSession = req.principalArn.includes(":assumed-role/");
  const defaults: Record<string, string> = { "aws:principalaccount": req.principalAccount };
  if (!isSession) defaults["aws:principalarn"] = req.principalArn;
  const cond = contextEnv(req.context, defaults);
  const userId = variableValue(scanKey(req.context, "aws:userid"));
  return {
    value: cond.value,
    lookup: cond.lookup,
    actionLower,
    service: serviceOf(actionLower),
    resource: req.resource,
    principal: describePrincipal(req.principalArn, req.principalAccount, userId),
  };
}
