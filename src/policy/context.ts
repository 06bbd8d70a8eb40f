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

/** Case-insensitive key access, built on first use so condition-free evaluations skip it. */
export function contextEnv(
  context: Readonly<Record<string, ContextValue>>,
  defaults: Readonly<Record<string, string>> = {},
): ConditionEnv {
  let lower: Map<string, ContextValue> | undefined;
  const value = (keyLower: string): ContextValue => {
    if (lower === undefined) {
      lower = new Map(Object.entries(defaults));
      for (const [k, v] of Object.entries(context)) lower.set(k.toLowerCase(), v);
    }
    return lower.get(keyLower);
  };
  const lookup: VarLookup = (keyLower) => variableValue(value(keyLower));
  return { value, lookup };
}

export function createEnv(req: RequestContext): EvalEnv {
  const actionLower = req.action.toLowerCase();
  const colon = actionLower.indexOf(":");
  // For role sessions aws:PrincipalArn is the role's ARN (with path), which only the caller knows.
  const isSession = req.principalArn.includes(":assumed-role/");
  const cond = contextEnv(req.context, {
    "aws:principalaccount": req.principalAccount,
    ...(isSession ? {} : { "aws:principalarn": req.principalArn }),
  });
  const userId = variableValue(cond.value("aws:userid"));
  return {
    ...cond,
    actionLower,
    service: colon < 0 ? actionLower : actionLower.slice(0, colon),
    resource: req.resource,
    principal: describePrincipal(req.principalArn, req.principalAccount, userId),
  };
}
