// SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysForPrincipalPolicy, GetContextKeysForCustomPolicy:
// reads that run the policy engine over a principal's stored policies and/or policies given as text. The principal's
// policies come from IamInternal.policiesOf, the same assembly the authorizer evaluates real requests with.
import { parsePolicyDocument, policyContextKeys, statementPositions, uniqueKeys, type ContextValue, type PolicyDocument } from "../../policy/index.js";
import type { OperationContext } from "../../server/context.js";
import type { Input, Output, ReadOperation } from "../types.js";
import { paginate, str, stringsOf } from "./common.js";
import { invalidInput, noSuchGroup, noSuchRole, noSuchUser } from "./errors.js";
import type { IamInternal, PolicyText } from "./internal.js";
import { simulate, type SimPolicy, type SimRole, type Simulation } from "./simulation.js";
import { findEntityByArn } from "./store.js";

const SOURCE_ARN = /^arn:[^:]+:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/;
const NOT_FOUND = { user: noSuchUser, group: noSuchGroup, role: noSuchRole } as const;

/** AWS refuses a resource policy without an IAM user to stand for its Principal (ScottLogic's 2025 write-up quotes it). */
const invalidCaller = () => invalidInput("Invalid caller - Caller must be an IAM user in this context.");
const USER_ARN = /^arn:[^:]+:iam::\d{12}:user\//;

/** A policy given as text; a malformed one is InvalidInput with the engine's MalformedPolicyDocument text. */
function given(text: string, id: string, role: SimRole): SimPolicy {
  const r = parsePolicyDocument(text, role === "resource" ? "resource" : "identity");
  if ("error" in r) throw invalidInput(r.error);
  return { id, role, document: r.document, spans: statementPositions(text) };
}

/**
 * A stored policy, named as AWS names it: inline ones `<kind>_<owner>_<policy>` (recorded answer naming
 * "role_<role>_<policy>"), managed ones by policy name (AdministratorAccess). internal.ts names inline policies
 * `<kind>/<owner>/<policy>` and managed ones by ARN; none of these names can contain "/" themselves.
 */
function stored(t: PolicyText, role: SimRole): SimPolicy[] {
  const id = t.name.startsWith("arn:") ? t.name.slice(t.name.lastIndexOf("/") + 1) : t.name.split("/").join("_");
  const r = parsePolicyDocument(t.document, "identity");
  return "error" in r ? [] : [{ id, role, document: r.document, spans: statementPositions(t.document) }];
}

const inputList = (input: Input, member: string, role: SimRole): SimPolicy[] =>
  stringsOf(input, member).map((text, i) => given(text, `${member}.${i + 1}`, role));

/** ContextEntries as request context: list types (and several values) stay lists, others are single values. */
function contextOf(input: Input): Record<string, ContextValue> {
  const entries = Array.isArray(input["ContextEntries"]) ? (input["ContextEntries"] as Record<string, unknown>[]) : [];
  const out: Record<string, ContextValue> = {};
  for (const e of entries) {
    const name = typeof e["ContextKeyName"] === "string" ? e["ContextKeyName"] : undefined;
    if (name === undefined) continue;
    const values = Array.isArray(e["ContextKeyValues"]) ? e["ContextKeyValues"].map(String) : [];
    const list = typeof e["ContextKeyType"] === "string" && e["ContextKeyType"].endsWith("List");
    out[name] = list || values.length !== 1 ? values : values[0];
  }
  return out;
}

/** The entity behind PolicySourceArn, after authorising `action` on it (no existence oracle for the unauthorised). */
async function sourceEntity(ctx: OperationContext, action: string, arn: string) {
  await ctx.authorize(action, arn);
  const m = SOURCE_ARN.exec(arn);
  const kind = m?.[2] as "user" | "group" | "role" | undefined;
  if (m === null || kind === undefined) throw invalidInput(`ARN ${arn} is not valid.`);
  const row = m[1] === ctx.accountId ? await findEntityByArn(ctx.tx, ctx.accountId, kind, arn) : undefined;
  if (row === undefined) throw NOT_FOUND[kind](m[3] ?? arn);
  return { row, kind };
}

function boundaryInput(input: Input): SimPolicy[] {
  const list = inputList(input, "PermissionsBoundaryPolicyInputList", "boundary");
  if (list.length > 1) throw invalidInput("The list of Permissions Boundary policies cannot exceed 1 items.");
  return list;
}

/** Runs the simulation and pages its results (Marker / MaxItems over the action × resource list). */
function answer(ctx: OperationContext, input: Input, policies: SimPolicy[], caller: string | undefined): Output {
  const resourcePolicy = str(input, "ResourcePolicy");
  const callerArn = str(input, "CallerArn") ?? caller;
  if (resourcePolicy !== undefined && (callerArn === undefined || !USER_ARN.test(callerArn))) throw invalidCaller();
  const all = resourcePolicy === undefined ? policies : [...policies, given(resourcePolicy, "ResourcePolicy", "resource")];
  const sim: Simulation = {
    policies: all,
    callerArn: callerArn ?? `arn:aws:iam::${ctx.accountId}:root`,
    accountId: ctx.accountId,
    context: contextOf(input),
  };
  const resources = stringsOf(input, "ResourceArns");
  const results = simulate(sim, stringsOf(input, "ActionNames"), resources.length > 0 ? resources : ["*"]);
  const keyed = results.map((r, i) => ({ r, key: String(i).padStart(8, "0") }));
  const { page, ...more } = paginate("Simulate", keyed, (x) => x.key, input);
  return { EvaluationResults: page.map((x) => x.r), ...more };
}

/**
 * The entity's identity policies (a user's include its groups'; a managed policy attached to both counts once), then
 * PolicyInputList, and the stored boundary.
 */
async function principalPolicies(ctx: OperationContext, internal: Pick<IamInternal, "policiesOf">, entityId: string, input: Input) {
  const own = await internal.policiesOf(ctx.tx, entityId);
  const texts = own.identity.filter((t, i) => own.identity.findIndex((o) => o.name === t.name) === i);
  const identity = [...texts.flatMap((t) => stored(t, "identity")), ...inputList(input, "PolicyInputList", "identity")];
  return { identity, boundary: own.boundary === undefined ? [] : stored(own.boundary, "boundary") };
}

const keysOf = (docs: readonly PolicyDocument[]): Output => ({ ContextKeyNames: uniqueKeys(docs.flatMap(policyContextKeys)) });

export function simulatorOperations(internal: Pick<IamInternal, "policiesOf">): Record<string, ReadOperation> {
  return {
    async SimulatePrincipalPolicy(ctx, input) {
      const arn = str(input, "PolicySourceArn") ?? "";
      const { row, kind } = await sourceEntity(ctx, "iam:SimulatePrincipalPolicy", arn);
      const { identity, boundary } = await principalPolicies(ctx, internal, row.entity_id, input);
      // A boundary given in the request replaces the entity's own (SimulatePrincipalPolicy API reference).
      const override = boundaryInput(input);
      return answer(ctx, input, [...identity, ...(override.length > 0 ? override : boundary)], kind === "user" ? row.arn : undefined);
    },

    async SimulateCustomPolicy(ctx, input) {
      await ctx.authorize("iam:SimulateCustomPolicy", "*");
      return answer(ctx, input, [...inputList(input, "PolicyInputList", "identity"), ...boundaryInput(input)], undefined);
    },

    async GetContextKeysForPrincipalPolicy(ctx, input) {
      const { row } = await sourceEntity(ctx, "iam:GetContextKeysForPrincipalPolicy", str(input, "PolicySourceArn") ?? "");
      const { identity } = await principalPolicies(ctx, internal, row.entity_id, input);
      return keysOf(identity.map((p) => p.document));
    },

    async GetContextKeysForCustomPolicy(ctx, input) {
      await ctx.authorize("iam:GetContextKeysForCustomPolicy", "*");
      return keysOf(inputList(input, "PolicyInputList", "identity").map((p) => p.document));
    },
  };
}
