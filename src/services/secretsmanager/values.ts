// GetSecretValue, BatchGetSecretValue, PutSecretValue (secretsmanager.md §2.2–§2.4).
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { requireSecret, scopeOf } from "./access.js";
import { valueOf } from "./envelope.js";
import { batchListAndFilters, batchMaxWithoutFilters, bothValues, tokenRequired, valueRequired } from "./errors.js";
import { filtersOf } from "./filters.js";
import { listMatching, validateFilters } from "./list.js";
import { EVENT_SOURCE, SECRET_RESOURCE_TYPE } from "./names.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { readValue, valueOutput } from "./read-value.js";
import type { SmRuntime } from "./runtime.js";
import { CURRENT } from "./stages.js";
import { stagesOf } from "./store-versions.js";
import { addVersion, checkValueSize, replayedVersion } from "./versions.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const BATCH_DEFAULT_MAX = 20;

export function getSecretValueOp(rt: SmRuntime) {
  return async function getSecretValue(ctx: OperationContext, input: Input): Promise<Output> {
    const r = await readValue(ctx, rt, str(input.SecretId) ?? "", str(input.VersionId), str(input.VersionStage));
    ctx.audit.responseElements = null;
    return valueOutput(r);
  };
}

/** One secret of a batch: its value, or an Errors entry (the call itself succeeds). */
async function batchOne(ctx: OperationContext, rt: SmRuntime, secretId: string): Promise<{ value?: Output; error?: Output }> {
  try {
    const r = await readValue(ctx, rt, secretId);
    relatedGet(ctx, secretId, r.secret.arn);
    return { value: valueOutput(r) };
  } catch (e) {
    if (!isServiceError(e)) throw e;
    relatedGet(ctx, secretId, undefined, e.code, e.message);
    return { error: { SecretId: secretId, ErrorCode: e.code, Message: e.message } };
  }
}

/** AWS writes one GetSecretValue event per secret of a batch (secretsmanager.md §2.3). */
function relatedGet(ctx: OperationContext, secretId: string, arn: string | undefined, errorCode?: string, errorMessage?: string): void {
  ctx.audit.related.push({
    eventSource: EVENT_SOURCE,
    eventName: "GetSecretValue",
    requestParameters: { secretId },
    resources: arn === undefined ? [] : [{ ARN: arn, accountId: ctx.accountId, type: SECRET_RESOURCE_TYPE }],
    ...(errorCode !== undefined ? { errorCode, errorMessage } : {}),
  });
}

export function batchGetSecretValueOp(rt: SmRuntime) {
  return async function batchGetSecretValue(ctx: OperationContext, input: Input): Promise<Output> {
    const ids = Array.isArray(input.SecretIdList) ? input.SecretIdList.filter((x): x is string => typeof x === "string") : undefined;
    const hasFilters = Array.isArray(input.Filters) && input.Filters.length > 0;
    if (ids !== undefined && ids.length > 0 && hasFilters) throw batchListAndFilters();
    if (input.MaxResults !== undefined && !hasFilters) throw batchMaxWithoutFilters();
    ctx.audit.responseElements = null;
    let targets: string[] = ids ?? [];
    let nextToken: string | undefined;
    if (hasFilters) {
      const filters = filtersOf(input.Filters);
      validateFilters(filters);
      await ctx.authorize("secretsmanager:ListSecrets", "*");
      const offset = decodePageToken(str(input.NextToken));
      const max = typeof input.MaxResults === "number" ? input.MaxResults : BATCH_DEFAULT_MAX;
      const all = (await listMatching(ctx, filters, false)).map((s) => s.arn);
      targets = all.slice(offset, offset + max);
      nextToken = offset + max < all.length ? encodePageToken(offset + max) : undefined;
    }
    const SecretValues: Output[] = [];
    const Errors: Output[] = [];
    for (const id of targets) {
      const r = await batchOne(ctx, rt, id);
      if (r.value) SecretValues.push(r.value);
      if (r.error) Errors.push(r.error);
    }
    return { SecretValues, Errors, ...(nextToken ? { NextToken: nextToken } : {}) };
  };
}

export function putSecretValueOp(rt: SmRuntime) {
  return async function putSecretValue(ctx: WriteContext, input: Input): Promise<Output> {
    if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
    const value = valueOf(input);
    if (!value) throw valueRequired();
    checkValueSize(value);
    const token = str(input.ClientRequestToken);
    if (token === undefined) throw tokenRequired();
    const requested = Array.isArray(input.VersionStages) ? input.VersionStages.filter((x): x is string => typeof x === "string") : undefined;
    const context = requested ? { "secretsmanager:VersionStage": requested } : {};
    const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:PutSecretValue", { context });
    const replay = await replayedVersion(ctx, rt, secret, token, value);
    if (replay) {
      const stages = (await stagesOf(ctx.tx, scopeOf(ctx), secret.arn)).get(token) ?? [];
      return { ARN: secret.arn, Name: secret.name, VersionId: token, ...(stages.length > 0 ? { VersionStages: stages } : {}) };
    }
    const stages = await addVersion(ctx, rt, secret, { versionId: token, value, stages: requested ?? [CURRENT] });
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stages };
  };
}
