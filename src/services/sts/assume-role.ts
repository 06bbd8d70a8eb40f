// AssumeRole (iam.md §10): trust policy + identity policy decide, then a session with the role's permissions
// narrowed by any session policies is issued.
import type { Barrier } from "../../crypto/barrier.js";
import { POLICY_SIZE_LIMITS, policySizeChars } from "../../policy/index.js";
import { parsePolicyDocument } from "../../policy/index.js";
import { isServiceError, serviceError } from "../../protocol/errors.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { IamInternal } from "../iam/internal.js";
import { assumedRoleArn, isArn } from "../iam/names.js";
import type { Input, Output } from "../types.js";
import { issueCredentials } from "./credentials.js";
import {
  assumeRoleDenied, duplicateSessionTagKeys, durationOverChainLimit, durationOverRoleMax, malformedPolicyDocument, packedPolicyTooLarge,
  roleArnInvalid, rootCannotAssume, transitiveKeyConflict, transitiveKeyNotTagged, validationError,
} from "./errors.js";
import { getSession } from "./store.js";
import type { TokenMinter } from "./tokens.js";

type Tag = { readonly Key: string; readonly Value: string };
const CHAINED_MAX_SECONDS = 3600;

const text = (input: Input, m: string): string | undefined => (typeof input[m] === "string" ? (input[m] as string) : undefined);
const list = <T>(input: Input, m: string): T[] => (Array.isArray(input[m]) ? (input[m] as T[]) : []); // shapes validated by the codec

/**
 * Session tags: keys unique case-insensitively, and every transitive key among them (case-insensitively too);
 * returns the transitive keys as the tags spell them.
 */
function checkSessionTags(tags: readonly Tag[], transitive: readonly string[]): string[] {
  const keys = new Map(tags.map((t) => [t.Key.toLowerCase(), t.Key]));
  if (keys.size !== tags.length) throw duplicateSessionTagKeys();
  return transitive.map((k) => {
    const key = keys.get(k.toLowerCase());
    if (key === undefined) throw transitiveKeyNotTagged();
    return key;
  });
}

/**
 * The transitive tags of a calling role session: they pass on down a role chain, stay transitive, and the request
 * may not set a tag of the same key, whatever its case (IAM user guide, "Chaining roles with session tags";
 * LocalStack test_sts snapshot recorded against AWS, 2025-04).
 */
async function incomingTransitiveTags(ctx: OperationContext, requested: readonly Tag[]): Promise<Tag[]> {
  if (ctx.principal.type !== "AssumedRole") return [];
  const caller = await getSession(ctx.tx, ctx.principal.accessKeyId);
  if (!caller || caller.transitive_tag_keys === null || caller.tags === null) return [];
  const values = JSON.parse(caller.tags) as Record<string, string>; // our own JSON (store.ts)
  const incoming: Tag[] = [];
  for (const key of JSON.parse(caller.transitive_tag_keys) as string[]) {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value !== undefined) incoming.push({ Key: key, Value: value });
  }
  const taken = new Set(incoming.map((t) => t.Key.toLowerCase()));
  if (requested.some((t) => taken.has(t.Key.toLowerCase()))) throw transitiveKeyConflict();
  return incoming;
}

/** MFA is not supported: a code cannot be checked, so it is refused rather than ignored. */
export function refuseMfa(input: Input): void {
  if (input["SerialNumber"] !== undefined || input["TokenCode"] !== undefined) {
    throw serviceError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", { status: 403 });
  }
}

/** Trust-policy conditions may test these (iam.md §4.1: sts:ExternalId, sts:RoleSessionName, request tags). */
function trustContext(input: Input, tags: readonly Tag[]): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = { "sts:RoleSessionName": text(input, "RoleSessionName") ?? "" };
  const externalId = text(input, "ExternalId");
  if (externalId !== undefined) ctx["sts:ExternalId"] = externalId;
  const sourceIdentity = text(input, "SourceIdentity");
  if (sourceIdentity !== undefined) ctx["sts:SourceIdentity"] = sourceIdentity;
  const transitive = list<string>(input, "TransitiveTagKeys");
  if (transitive.length > 0) ctx["sts:TransitiveTagKeys"] = transitive;
  if (tags.length > 0) ctx["aws:TagKeys"] = tags.map((t) => t.Key);
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}

async function trustAllows(ctx: OperationContext, action: string, roleArn: string, trust: string, context: Record<string, string | string[]>): Promise<void> {
  try {
    await ctx.authorize(action, roleArn, { resourcePolicy: { kind: "role-trust", document: trust }, context });
  } catch (e) {
    if (isServiceError(e) && e.code === "AccessDenied") throw assumeRoleDenied(ctx.principal.arn, roleArn, action);
    throw e;
  }
}

function sessionDuration(ctx: OperationContext, input: Input, roleMax: number): number {
  const requested = typeof input["DurationSeconds"] === "number" ? input["DurationSeconds"] : undefined;
  const duration = requested ?? 3600;
  if (ctx.principal.type === "AssumedRole" && duration > CHAINED_MAX_SECONDS) throw durationOverChainLimit();
  if (duration > roleMax) throw durationOverRoleMax();
  return duration;
}

/** Session policy checks; returns the packed size percentage AWS reports (our packing: characters, not compressed). */
function checkSessionPolicies(input: Input, tags: readonly Tag[]): number | undefined {
  const policy = text(input, "Policy");
  const arns = list<{ arn?: string }>(input, "PolicyArns").map((p) => p.arn ?? "");
  if (policy !== undefined) {
    if (policy.length > POLICY_SIZE_LIMITS.sessionPolicyChars) {
      throw validationError(`1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${POLICY_SIZE_LIMITS.sessionPolicyChars}`);
    }
    const parsed = parsePolicyDocument(policy, "identity");
    if ("error" in parsed) throw malformedPolicyDocument(parsed.error);
  }
  if (policy === undefined && arns.length === 0 && tags.length === 0) return undefined;
  const packed = (policy === undefined ? 0 : policySizeChars(policy)) + arns.join("").length + tags.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  const percent = Math.ceil((packed * 100) / POLICY_SIZE_LIMITS.sessionPolicyChars);
  if (percent > 100) throw packedPolicyTooLarge(percent);
  return percent;
}

export function assumeRoleOperation(deps: { barrier: Barrier; tokens: TokenMinter; iam: IamInternal }) {
  return async function assumeRole(ctx: WriteContext, input: Input): Promise<Output> {
    const roleArn = text(input, "RoleArn") ?? "";
    if (!isArn(roleArn)) throw roleArnInvalid(roleArn);
    if (ctx.principal.type === "Root") throw rootCannotAssume();
    const sessionName = text(input, "RoleSessionName") ?? "";
    const tags = list<Tag>(input, "Tags");
    const transitiveKeys = checkSessionTags(tags, list<string>(input, "TransitiveTagKeys"));
    const incoming = await incomingTransitiveTags(ctx, tags);
    const role = await deps.iam.roleByArn(ctx.tx, roleArn);
    if (!role) throw assumeRoleDenied(ctx.principal.arn, roleArn);
    const context = trustContext(input, tags);
    await trustAllows(ctx, "sts:AssumeRole", roleArn, role.trustPolicy, context);
    if (tags.length > 0) await trustAllows(ctx, "sts:TagSession", roleArn, role.trustPolicy, context);
    if (text(input, "SourceIdentity") !== undefined) await trustAllows(ctx, "sts:SetSourceIdentity", roleArn, role.trustPolicy, context);
    refuseMfa(input);
    const duration = sessionDuration(ctx, input, role.maxSessionDuration);
    const packedPolicySize = checkSessionPolicies(input, tags);
    const policy = text(input, "Policy");
    const sourceIdentity = text(input, "SourceIdentity");
    const policyArns = list<{ arn?: string }>(input, "PolicyArns").map((p) => p.arn ?? "");
    const creds = await issueCredentials(ctx, deps, {
      kind: "role", ownerId: role.roleId, sessionName, policyArns,
      tags: Object.fromEntries([...incoming, ...tags].map((t) => [t.Key, t.Value])),
      transitiveTagKeys: [...incoming.map((t) => t.Key), ...transitiveKeys],
      ...(policy === undefined ? {} : { sessionPolicy: policy }),
      ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    }, duration);
    // The record lists the assumed role, as AWS's AssumeRole example in "CloudTrail record contents" shows.
    ctx.audit.resources.push({ accountId: ctx.accountId, type: "AWS::IAM::Role", ARN: role.arn });
    const assumedRoleUser = { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: assumedRoleArn(ctx.accountId, role.roleName, sessionName) };
    return {
      Credentials: creds,
      AssumedRoleUser: assumedRoleUser,
      ...(packedPolicySize === undefined ? {} : { PackedPolicySize: packedPolicySize }),
      ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
    };
  };
}
