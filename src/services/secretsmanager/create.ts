// CreateSecret (secretsmanager.md §2.1): idempotent on ClientRequestToken, ARN with a fresh random suffix.
import type { WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { noteResource, scopeOf } from "./access.js";
import { valueOf, type SecretValue } from "./envelope.js";
import { bothValues, invalidName, invalidReplicaRegion, nameScheduledForDeletion, secretExists, tokenRequired } from "./errors.js";
import { customKeyId, isValidName, randomSuffix, secretArn } from "./names.js";
import type { SmRuntime } from "./runtime.js";
import { CURRENT } from "./stages.js";
import { findSecretByName, insertSecret, putTags, type ReplicaConfig, type SecretRow, type Tag } from "./store.js";
import { checkTags, requestTagContext, tagsInput } from "./tag-rules.js";
import { replicationStatus } from "./view.js";
import { addVersion, checkValueSize, replayedVersion } from "./versions.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function replicasOf(input: Input, region: string): ReplicaConfig[] {
  if (!Array.isArray(input.AddReplicaRegions)) return [];
  const out = input.AddReplicaRegions.flatMap((r: unknown) => {
    const { Region, KmsKeyId } = (r ?? {}) as { Region?: unknown; KmsKeyId?: unknown }; // model-validated ReplicaRegionType
    return typeof Region === "string" ? [{ Region, ...(typeof KmsKeyId === "string" && KmsKeyId !== "" ? { KmsKeyId } : {}) }] : [];
  });
  if (out.some((r) => r.Region === region)) throw invalidReplicaRegion();
  return out;
}

function response(secret: SecretRow, versionId: string | undefined): Output {
  return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}), ReplicationStatus: replicationStatus(secret) };
}

/** A name that exists: an identical retry replays the first answer, anything else is refused (AWS-verified). */
async function existing(ctx: WriteContext, rt: SmRuntime, secret: SecretRow, token: string | undefined, value: SecretValue | undefined): Promise<Output> {
  noteResource(ctx, secret.arn);
  await ctx.authorize("secretsmanager:CreateSecret", secret.arn, { context: { "secretsmanager:Name": secret.name } });
  if (secret.deletedAt !== undefined) throw nameScheduledForDeletion();
  if (token !== undefined && value !== undefined && (await replayedVersion(ctx, rt, secret, token, value))) return response(secret, token);
  if (token !== undefined && value === undefined && secret.createToken === token) return response(secret, undefined);
  throw secretExists(secret.name);
}

async function authorizeCreate(ctx: WriteContext, arn: string, name: string, input: Input, tags: readonly Tag[]): Promise<void> {
  const context = {
    "secretsmanager:Name": name,
    ...(str(input.KmsKeyId) !== undefined ? { "secretsmanager:KmsKeyId": str(input.KmsKeyId) } : {}),
    ...(str(input.Description) !== undefined ? { "secretsmanager:Description": str(input.Description) } : {}),
    ...requestTagContext(tags),
  };
  await ctx.authorize("secretsmanager:CreateSecret", arn, { context });
  if (tags.length > 0) await ctx.authorize("secretsmanager:TagResource", arn, { context });
}

export function createSecretOp(rt: SmRuntime) {
  return async function createSecret(ctx: WriteContext, input: Input): Promise<Output> {
    const name = str(input.Name) ?? "";
    if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
    if (!isValidName(name)) throw invalidName();
    const value = valueOf(input);
    if (value) checkValueSize(value);
    const token = str(input.ClientRequestToken);
    if (value && token === undefined) throw tokenRequired();
    const tags = tagsInput(input.Tags);
    checkTags(tags, []);
    const found = await findSecretByName(ctx.tx, scopeOf(ctx), name);
    if (found) return existing(ctx, rt, found, token, value);
    const replicas = replicasOf(input, ctx.region);
    const arn = secretArn(scopeOf(ctx), name, randomSuffix(rt.randomBytes));
    noteResource(ctx, arn);
    await authorizeCreate(ctx, arn, name, input, tags);
    const now = ctx.now.getTime();
    const kmsKeyId = customKeyId(str(input.KmsKeyId));
    const secret: SecretRow = {
      accountId: ctx.accountId, region: ctx.region, arn, name, createdAt: now, lastChangedAt: now,
      description: str(input.Description), kmsKeyId, type: str(input.Type), replicas,
      createToken: value ? undefined : token,
      tagsSet: Array.isArray(input.Tags),
    };
    await insertSecret(ctx.tx, secret);
    if (tags.length > 0) await putTags(ctx.tx, scopeOf(ctx), arn, tags);
    if (value && token) await addVersion(ctx, rt, secret, { versionId: token, value, stages: [CURRENT] });
    return response(secret, value ? token : undefined);
  };
}
