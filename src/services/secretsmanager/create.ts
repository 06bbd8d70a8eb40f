// CreateSecret (secretsmanager.md §2.1): idempotent on ClientRequestToken, ARN with a fresh random suffix.
import type { WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { noteResource, scopeOf } from "./access.js";
import { valueOf, type SecretValue } from "./envelope.js";
import { bothValues, invalidName, nameScheduledForDeletion, secretExists, tokenRequired } from "./errors.js";
import { customKeyId, isValidName, randomSuffix, secretArn } from "./names.js";
import type { SmRuntime } from "./runtime.js";
import { CURRENT } from "./stages.js";
import { findSecretByArn, findSecretByName, insertSecret, putTags, type ReplicaConfig, type SecretRow, type Tag } from "./store.js";
import { checkTags, requestTagContext, tagsInput } from "./tag-rules.js";
import { addReplicas, replicaRegionsInput, replicationContext, replicationStatusOf } from "./replication.js";
import { addVersion, checkValueSize, replayedVersion } from "./versions.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

async function response(ctx: WriteContext, secret: SecretRow, versionId: string | undefined): Promise<Output> {
  const replication = (secret.replicas ?? []).length > 0 ? await replicationStatusOf(ctx, secret) : undefined;
  return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}), ReplicationStatus: replication };
}

/** A name that exists: an identical retry replays the first answer, anything else is refused (AWS-verified). */
async function existing(ctx: WriteContext, rt: SmRuntime, secret: SecretRow, token: string | undefined, value: SecretValue | undefined): Promise<Output> {
  noteResource(ctx, secret.arn);
  await ctx.authorize("secretsmanager:CreateSecret", secret.arn, { context: { "secretsmanager:Name": secret.name } });
  if (secret.deletedAt !== undefined) throw nameScheduledForDeletion();
  if (token !== undefined && value !== undefined && (await replayedVersion(ctx, rt, secret, token, value))) return response(ctx, secret, token);
  if (token !== undefined && value === undefined && secret.createToken === token) return response(ctx, secret, undefined);
  throw secretExists(secret.name);
}

/** CreateSecret, plus TagResource for tags and ReplicateSecretToRegions for replicas (Service Authorization Reference). */
async function authorizeCreate(ctx: WriteContext, arn: string, name: string, input: Input, tags: readonly Tag[], replicas: readonly ReplicaConfig[]): Promise<void> {
  const context = {
    "secretsmanager:Name": name,
    ...(replicas.length > 0 ? replicationContext(replicas, input) : {}),
    ...(str(input.KmsKeyId) !== undefined ? { "secretsmanager:KmsKeyId": str(input.KmsKeyId) } : {}),
    ...(str(input.Description) !== undefined ? { "secretsmanager:Description": str(input.Description) } : {}),
    ...requestTagContext(tags),
  };
  await ctx.authorize("secretsmanager:CreateSecret", arn, { context });
  if (tags.length > 0) await ctx.authorize("secretsmanager:TagResource", arn, { context });
  if (replicas.length > 0) await ctx.authorize("secretsmanager:ReplicateSecretToRegions", arn, { context });
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
    const replicas = replicaRegionsInput(input, ctx.region);
    const arn = secretArn(scopeOf(ctx), name, randomSuffix(rt.randomBytes));
    noteResource(ctx, arn);
    await authorizeCreate(ctx, arn, name, input, tags, replicas);
    const now = ctx.now.getTime();
    const kmsKeyId = customKeyId(str(input.KmsKeyId));
    const secret: SecretRow = {
      accountId: ctx.accountId, region: ctx.region, arn, name, createdAt: now, lastChangedAt: now,
      description: str(input.Description), kmsKeyId, type: str(input.Type),
      createToken: value ? undefined : token,
      tagsSet: Array.isArray(input.Tags),
    };
    await insertSecret(ctx.tx, secret);
    if (tags.length > 0) await putTags(ctx.tx, scopeOf(ctx), arn, tags);
    if (value && token) await addVersion(ctx, rt, secret, { versionId: token, value, stages: [CURRENT] });
    // Replicas are made from the stored secret (value and tags included), as ReplicateSecretToRegions would.
    const created = (await findSecretByArn(ctx.tx, scopeOf(ctx), arn)) ?? secret;
    const all = replicas.length > 0 ? await addReplicas(ctx, rt, created, replicas, input.ForceOverwriteReplicaSecret === true) : [];
    return response(ctx, { ...created, replicas: all }, value ? token : undefined);
  };
}
