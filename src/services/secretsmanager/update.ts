// UpdateSecret and UpdateSecretVersionStage (secretsmanager.md §2.5, §2.12).
import type { WriteContext } from "../../server/context.js";
import { isServiceError } from "../../protocol/errors.js";
import type { Input, Output } from "../types.js";
import { requireSecret, scopeOf } from "./access.js";
import { checkKmsKey, openValue, sealValue, valueOf } from "./envelope.js";
import {
  bothValues,
  currentCannotBeRemoved,
  notAValidVersion,
  removeFromRequired,
  stageLimit,
  stageNotOnVersion,
  tokenRequired,
} from "./errors.js";
import { customKeyId } from "./names.js";
import type { SmRuntime } from "./runtime.js";
import { CURRENT, detachLabel, holderOf, moveLabel, overLabelLimit, PENDING, PREVIOUS } from "./stages.js";
import { updateSecret, type SecretRow } from "./store.js";
import { getVersion, hasValue, resealVersion, stagesOf, writeStages } from "./store-versions.js";
import { addVersion, checkValueSize, keyForNewVersion, replayedVersion } from "./versions.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * After a key change AWS re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions when the caller may use
 * both keys; a KMS refusal leaves that version under its old key (UpdateSecret KmsKeyId docs).
 */
async function reencryptLabelled(ctx: WriteContext, rt: SmRuntime, secret: SecretRow): Promise<void> {
  const scope = scopeOf(ctx);
  const stages = await stagesOf(ctx.tx, scope, secret.arn);
  const ids = new Set([CURRENT, PENDING, PREVIOUS].map((l) => holderOf(stages, l)).filter((x): x is string => x !== undefined));
  const key = await keyForNewVersion(ctx, secret.kmsKeyId);
  for (const versionId of ids) {
    const version = await getVersion(ctx.tx, scope, secret.arn, versionId);
    if (!version || !hasValue(version)) continue;
    const id = { scope, arn: secret.arn, versionId };
    try {
      const value = await openValue(ctx, rt.barrier, id, version.sealed);
      const { sealed, keyArn } = await sealValue(ctx, rt.barrier, id, key.keyId, value);
      await resealVersion(ctx.tx, scope, secret.arn, versionId, keyArn, key.isDefault, sealed);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      rt.logger.info({ secret: secret.arn, versionId, code: e.code }, "secret version left under its previous KMS key");
    }
  }
}

export function updateSecretOp(rt: SmRuntime) {
  return async function updateSecretHandler(ctx: WriteContext, input: Input): Promise<Output> {
    if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
    const value = valueOf(input);
    if (value) checkValueSize(value);
    const token = str(input.ClientRequestToken);
    if (value && token === undefined) throw tokenRequired();
    const kmsKeyId = str(input.KmsKeyId);
    const context = kmsKeyId !== undefined ? { "secretsmanager:KmsKeyId": kmsKeyId } : {};
    const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:UpdateSecret", { context });
    if (value && token !== undefined && (await replayedVersion(ctx, rt, secret, token, value))) return { ARN: secret.arn, Name: secret.name, VersionId: token };
    const scope = scopeOf(ctx);
    const keyChanged = kmsKeyId !== undefined && customKeyId(kmsKeyId) !== secret.kmsKeyId;
    const updated: SecretRow = { ...secret, kmsKeyId: kmsKeyId === undefined ? secret.kmsKeyId : customKeyId(kmsKeyId) };
    await updateSecret(ctx.tx, scope, secret.arn, {
      lastChangedAt: ctx.now.getTime(),
      ...(input.Description !== undefined ? { description: str(input.Description) ?? null } : {}),
      ...(kmsKeyId !== undefined ? { kmsKeyId: customKeyId(kmsKeyId) ?? null } : {}),
      ...(input.Type !== undefined ? { type: str(input.Type) ?? null } : {}),
    });
    if (keyChanged) {
      if (updated.kmsKeyId !== undefined) await checkKmsKey(ctx, updated.kmsKeyId);
      await reencryptLabelled(ctx, rt, updated);
    }
    if (!value || token === undefined) return { ARN: secret.arn, Name: secret.name };
    await addVersion(ctx, rt, updated, { versionId: token, value, stages: [CURRENT] });
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  };
}

export async function updateSecretVersionStage(ctx: WriteContext, input: Input): Promise<Output> {
  const stage = str(input.VersionStage) ?? "";
  const removeFrom = str(input.RemoveFromVersionId);
  const moveTo = str(input.MoveToVersionId);
  const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:UpdateSecretVersionStage", {
    context: { "secretsmanager:VersionStage": stage },
  });
  const scope = scopeOf(ctx);
  const before = await stagesOf(ctx.tx, scope, secret.arn);
  for (const id of [removeFrom, moveTo]) {
    if (id !== undefined && !(await getVersion(ctx.tx, scope, secret.arn, id))) throw notAValidVersion(id);
  }
  const holder = holderOf(before, stage);
  if (removeFrom !== undefined && holder !== removeFrom) throw stageNotOnVersion(stage, removeFrom);
  let next = before;
  if (moveTo !== undefined) {
    if (holder !== undefined && holder !== moveTo && removeFrom === undefined) throw removeFromRequired(stage, holder);
    next = moveLabel(before, stage, moveTo);
  } else if (removeFrom !== undefined) {
    if (stage === CURRENT) throw currentCannotBeRemoved();
    next = detachLabel(before, removeFrom, stage);
  }
  if (overLabelLimit(next) !== undefined) throw stageLimit();
  await writeStages(ctx.tx, scope, secret.arn, before, next);
  await updateSecret(ctx.tx, scope, secret.arn, { lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn, Name: secret.name };
}
