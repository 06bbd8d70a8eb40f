// PutParameter (ssm.md §6.1): every check first, then one version written — a throw rolls the transaction back.
import type { WriteContext } from "../../server/context.js";
import type { KeyRef } from "../kms/internal.js";
import type { Input, WriteOperation } from "../types.js";
import { checkAllowedPattern } from "./allowed-pattern.js";
import type { SsmEnv } from "./env.js";
import * as E from "./errors.js";
import { optBool, optString, reqString, structList } from "./input.js";
import { checkPutName, parameterArn, parentOf, type Scope } from "./names.js";
import { decodeStored, encodeStored, expirationMs, nextNotificationMs, parsePolicies, restartNoChange, type StoredPolicy } from "./policies.js";
import { defaultTier } from "./settings.js";
import * as store from "./store.js";
import { checkTags, type Tag } from "./tags.js";
import { chooseTier, tierProblem, type Tier } from "./tiers.js";
import { kmsFailure, sealPlain, sealSecure } from "./value-crypto.js";

export const MAX_VERSIONS = 100;
const DATA_TYPES = new Set(["text", "aws:ec2:image", "aws:ssm:integration"]);
const AMI_ID = /^ami-[0-9a-f]{8,17}$/;
const DEFAULT_KEY = "alias/aws/ssm";

interface PutRequest {
  readonly value: string;
  readonly type?: string;
  readonly description?: string;
  readonly keyId?: string;
  readonly overwrite: boolean;
  readonly allowedPattern?: string;
  readonly tags: Tag[];
  readonly tier?: string;
  readonly policies?: string;
  readonly dataType?: string;
}

const readRequest = (input: Input): PutRequest => ({
  value: reqString(input, "Value"),
  type: optString(input, "Type"),
  description: optString(input, "Description"),
  keyId: optString(input, "KeyId"),
  overwrite: optBool(input, "Overwrite") ?? false,
  allowedPattern: optString(input, "AllowedPattern"),
  tags: structList(input, "Tags").map((t) => ({ Key: String(t["Key"]), Value: String(t["Value"] ?? "") })),
  tier: optString(input, "Tier"),
  policies: optString(input, "Policies"),
  dataType: optString(input, "DataType"),
});

/** The metadata the new version will carry: given members, else the current version's (ssm.md §6.1 overwrite). */
interface Plan {
  readonly type: string;
  readonly dataType: string;
  readonly description: string | null;
  readonly allowedPattern: string | null;
  readonly keyId: string | null;
  readonly policies: StoredPolicy[];
  readonly tier: Tier;
}

export function putParameter(env: SsmEnv): WriteOperation {
  return async (ctx, input) => {
    const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
    if (reqString(input, "Value") === "") throw E.validation(E.EMPTY_VALUE);
    const checked = checkPutName(reqString(input, "Name"), scope);
    if (!checked.ok) throw E.nameProblemError(checked.problem);
    const { key, name } = checked.value;
    const req = readRequest(input);
    if (req.overwrite && req.tags.length > 0) throw E.validation(E.TAGS_WITH_OVERWRITE);
    if (req.dataType !== undefined && req.dataType !== "" && !DATA_TYPES.has(req.dataType)) throw E.validation(E.unsupportedDataType(req.dataType));
    const existing = await store.getParameter(ctx.tx, scope, key);
    if (existing && !req.overwrite) throw E.parameterAlreadyExists();
    if (!existing && req.type === undefined) throw E.validation(E.TYPE_REQUIRED);
    const plan = await planVersion(ctx, env, scope, req, existing);
    checkValue(plan, req.value);
    if (!existing) checkTags(req.tags, new Set());
    const version = existing ? existing.version + 1 : 1;
    const dropOldest = existing ? await oldestToDrop(ctx, scope, key, name) : null;
    const arn = parameterArn(scope, key);
    const keyRef = plan.type === "SecureString" ? await resolveKey(ctx, plan.keyId ?? DEFAULT_KEY) : null;
    const ref = { accountId: scope.accountId, region: scope.region, key, version };
    const sealed = keyRef ? await sealSecure(ctx, env.barrier, ref, arn, plan.tier, keyRef, req.value) : sealPlain(env.barrier, ref, req.value);
    const nowMs = ctx.now.getTime();
    const row = { name_key: key, version, type: plan.type, tier: plan.tier, data_type: plan.dataType, description: plan.description, allowed_pattern: plan.allowedPattern, key_id: plan.keyId, key_arn: keyRef?.keyArn ?? null, policies: encodeStored(plan.policies), modified_ms: nowMs, modified_user: ctx.principal.arn };
    if (dropOldest !== null) await store.deleteVersion(ctx.tx, scope, key, dropOldest);
    await store.insertVersion(ctx.tx, scope, { ...row, value: sealed });
    await store.upsertParameter(ctx.tx, scope, { ...row, name: existing?.name ?? name, parent: parentOf(key), expires_ms: expirationMs(plan.policies), notify_ms: nextNotificationMs(plan.policies, nowMs) });
    for (const t of existing ? [] : req.tags) await store.putTag(ctx.tx, scope, key, t.Key, t.Value);
    ctx.audit.resources.push({ ARN: arn, accountId: scope.accountId, type: "AWS::SSM::Parameter" });
    return { Version: version, Tier: plan.tier };
  };
}

async function planVersion(ctx: WriteContext, env: SsmEnv, scope: Scope, req: PutRequest, existing: store.ParamRow | undefined): Promise<Plan> {
  // Any type change is allowed on overwrite: AWS accepts SecureString -> String in place (Terraform's
  // TestAccSSMParameter_updateType runs exactly that PutParameter against AWS).
  const type = req.type ?? existing?.type ?? "String";
  const dataType = req.dataType || existing?.data_type || "text";
  if (dataType === "aws:ec2:image" && type !== "String") throw E.validation(E.EC2_IMAGE_NEEDS_STRING);
  const policies = policiesFor(req, existing, ctx.now.getTime());
  const valueBytes = Buffer.byteLength(req.value, "utf8");
  const hasPolicies = policies.length > 0;
  const fallbackTier = req.tier === undefined ? await defaultTier(ctx.tx, scope) : "Standard";
  const choice = chooseTier(req.tier, existing?.tier, fallbackTier, valueBytes, hasPolicies);
  const problem = tierProblem(choice.tier, existing?.tier, valueBytes, hasPolicies);
  if (problem !== null) throw E.validation(problem);
  // Only after validation: a quota answer must not hide a bad request. Moving to Advanced never adds a problem.
  const tier = await applyQuota(ctx, env, scope, choice.tier, choice.intelligent, existing?.tier);
  return {
    type,
    dataType,
    description: req.description !== undefined ? req.description || null : existing?.description ?? null,
    allowedPattern: req.allowedPattern !== undefined ? req.allowedPattern || null : existing?.allowed_pattern ?? null,
    keyId: keyIdFor(type, req.keyId, existing),
    policies,
    tier,
  };
}

/**
 * Only SecureStrings have a key. AWS accepts a KeyId with String/StringList but neither keeps nor returns it
 * (DescribeParameters omits it: Terraform's perma-diff in terraform-provider-aws#21095). Overwrites keep the key.
 */
function keyIdFor(type: string, given: string | undefined, existing: store.ParamRow | undefined): string | null {
  if (type !== "SecureString") return null;
  return given ?? (existing?.type === "SecureString" ? existing.key_id : null) ?? DEFAULT_KEY;
}

/** New `Policies` replace the old ones; omitted, the old ones stay (with NoChangeNotification's clock restarted). */
function policiesFor(req: PutRequest, existing: store.ParamRow | undefined, nowMs: number): StoredPolicy[] {
  if (req.policies === undefined) return restartNoChange(decodeStored(existing?.policies ?? null));
  const parsed = parsePolicies(req.policies, nowMs);
  if (!parsed.ok) throw parsed.error;
  return parsed.policies;
}

/** Quotas apply when a parameter enters a tier; Intelligent-Tiering sidesteps a full Standard tier (ssm.md §4). */
async function applyQuota(ctx: WriteContext, env: SsmEnv, scope: Scope, tier: Tier, intelligent: boolean, current: string | undefined): Promise<Tier> {
  if (current === tier) return tier;
  if (tier === "Standard" && (await store.countTier(ctx.tx, scope, "Standard")) >= env.maxStandardParameters) {
    if (!intelligent) throw E.standardLimitExceeded(env.maxStandardParameters);
    tier = "Advanced";
  }
  if (tier === "Advanced" && current !== "Advanced" && (await store.countTier(ctx.tx, scope, "Advanced")) >= env.maxAdvancedParameters) {
    throw E.advancedLimitExceeded(env.maxAdvancedParameters);
  }
  return tier;
}

/** Data type format and AllowedPattern (a full match of AWS's Java regex), on create and on every overwrite. */
function checkValue(plan: Plan, value: string): void {
  if (plan.dataType === "aws:ec2:image" && !AMI_ID.test(value)) throw E.validation(E.EC2_IMAGE_FORMAT);
  if (plan.allowedPattern !== null) checkAllowedPattern(plan.allowedPattern, value);
}

/** At 100 versions the oldest goes — unless it carries a label (ssm.md §6.1). */
async function oldestToDrop(ctx: WriteContext, scope: Scope, key: string, name: string): Promise<number | null> {
  const { count, oldest } = await store.versionStats(ctx.tx, scope, key);
  if (count < MAX_VERSIONS) return null;
  const labels = await store.labelsByVersion(ctx.tx, scope, key, oldest, oldest);
  if ((labels.get(oldest)?.length ?? 0) > 0) throw E.parameterMaxVersionLimitExceeded(name, oldest);
  return oldest;
}

/** `alias/aws/ssm` is the AWS managed key, created on first use; anything else must resolve now (ssm.md §8). */
async function resolveKey(ctx: WriteContext, keyId: string): Promise<KeyRef> {
  try {
    return keyId === DEFAULT_KEY ? await ctx.services.kms.managedKey(ctx, "ssm") : await ctx.services.kms.resolveKey(ctx, keyId);
  } catch (e) {
    throw kmsFailure(e, ctx);
  }
}
