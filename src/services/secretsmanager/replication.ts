// Multi-Region secrets (AWS user guide "Replicate secrets across Regions"): a replica is a real secret in another
// Region of the same account, with the primary's name and ARN suffix, PrimaryRegion set and its own KMS key.
// paramstore is one store, so every change on a primary is copied to its replicas inside the same transaction
// (syncReplicas, run after each write operation by index.ts): a replica is InSync as soon as the call returns.
// Replicated: values and labels, description, type, tags and the resource policy (the guide: "the encrypted secret
// data and metadata such as tags and resource policies"); not the rotation configuration (rotation runs on the primary
// only and its new values arrive as versions). Replicas refuse changes (access.ts requireSecret).
import { isServiceError } from "../../protocol/errors.js";
import type { WriteContext } from "../../server/context.js";
import type { ReadTx } from "../../storage/types.js";
import type { Input, Output, WriteOperation } from "../types.js";
import { requireSecret, scopeOf } from "./access.js";
import { checkKmsKey, openValue, sealValue } from "./envelope.js";
import { invalidReplicaRegion, notAReplica } from "./errors.js";
import { customKeyId, type Scope } from "./names.js";
import type { SmRuntime } from "./runtime.js";
import {
  findSecretByArn, findSecretByName, insertSecret, purgeSecret, replaceTags, setReplicas, tagsOf, updateSecret, type ReplicaConfig, type SecretRow,
} from "./store.js";
import { deleteVersion, hasValue, insertVersion, listVersions, resealVersion, stagesOf, writeStages, type VersionRow } from "./store-versions.js";
import { keyForNewVersion } from "./versions.js";
import { replicationStatus, type ReplicationStatus } from "./view.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The replica's ARN: the primary's with the Region changed (same name and random suffix, as AWS does). */
export function replicaArn(primaryArn: string, region: string): string {
  const parts = primaryArn.split(":");
  parts[3] = region;
  return parts.join(":");
}

const regionOfArn = (arn: string): string => arn.split(":")[3] ?? "";

/** The same caller and transaction, acting in another Region (KMS keys and the aws/secretsmanager key are per Region). */
const inRegion = (ctx: WriteContext, region: string): WriteContext => ({ ...ctx, region });

const scopeIn = (ctx: WriteContext, region: string): Scope => ({ accountId: ctx.accountId, region });

/**
 * StatusMessage when the target Region already holds a secret of that name and ForceOverwriteReplicaSecret is not set
 * (moto's text, with the real name where moto prints a fixed one; AWS's own wording is not recorded).
 */
const nameTakenMessage = (name: string, region: string): string => `Replication failed: Secret name ${name} already exists in region ${region}.`;

/** AddReplicaRegions as given (model-validated ReplicaRegionType); the primary's own Region is refused. */
export function replicaRegionsInput(input: Input, primaryRegion: string): ReplicaConfig[] {
  if (!Array.isArray(input.AddReplicaRegions)) return [];
  const out = input.AddReplicaRegions.flatMap((r: unknown) => {
    const { Region, KmsKeyId } = (r ?? {}) as { Region?: unknown; KmsKeyId?: unknown };
    return typeof Region === "string" ? [{ Region, ...(typeof KmsKeyId === "string" && KmsKeyId !== "" ? { KmsKeyId } : {}) }] : [];
  });
  if (out.some((r) => r.Region === primaryRegion)) throw invalidReplicaRegion();
  return out.filter((r, i) => out.findIndex((o) => o.Region === r.Region) === i);
}

/** Condition keys of a request that adds replicas (user guide "Prevent AWS Secrets Manager replication"). */
export function replicationContext(replicas: readonly ReplicaConfig[], input: Input): Record<string, string[] | boolean> {
  return {
    "secretsmanager:AddReplicaRegions": replicas.map((r) => r.Region),
    ...(input.ForceOverwriteReplicaSecret !== undefined ? { "secretsmanager:ForceOverwriteReplicaSecret": input.ForceOverwriteReplicaSecret === true } : {}),
  };
}

/** Copies one primary version to the replica, re-encrypted under the replica's key in its Region. */
async function copyVersion(ctx: WriteContext, rt: SmRuntime, primary: SecretRow, replica: SecretRow, v: VersionRow, existing: VersionRow | undefined): Promise<void> {
  const rscope = scopeIn(ctx, replica.region);
  if (!hasValue(v)) {
    // The empty version a rotation stages before its function stores the value: copied as it is.
    if (!existing) await insertVersion(ctx.tx, rscope, replica.arn, { ...v, lastAccessedAt: undefined });
    return;
  }
  const value = await openValue(ctx, rt.barrier, { scope: scopeOf(ctx), arn: primary.arn, versionId: v.versionId }, v.sealed);
  const rctx = inRegion(ctx, replica.region);
  const key = await keyForNewVersion(rctx, replica.kmsKeyId);
  const { sealed, keyArn } = await sealValue(rctx, rt.barrier, { scope: rscope, arn: replica.arn, versionId: v.versionId }, key.keyId, value);
  if (existing) await resealVersion(ctx.tx, rscope, replica.arn, v.versionId, keyArn, key.isDefault, sealed);
  else await insertVersion(ctx.tx, rscope, replica.arn, { versionId: v.versionId, createdAt: v.createdAt, kmsKeyArn: keyArn, isDefaultKey: key.isDefault, sealed });
}

/** Makes the replica equal to the primary: metadata, tags, versions (new ones only: values never change) and labels. */
async function copyToReplica(ctx: WriteContext, rt: SmRuntime, primary: SecretRow, replica: SecretRow): Promise<void> {
  const pscope = scopeOf(ctx);
  const rscope = scopeIn(ctx, replica.region);
  await updateSecret(ctx.tx, rscope, replica.arn, {
    description: primary.description ?? null, type: primary.type ?? null, lastChangedAt: primary.lastChangedAt,
    resourcePolicy: primary.resourcePolicy ?? null, tagsSet: primary.tagsSet === true,
  });
  await replaceTags(ctx.tx, rscope, replica.arn, await tagsOf(ctx.tx, pscope, primary.arn));
  const theirs = new Map((await listVersions(ctx.tx, rscope, replica.arn)).map((v) => [v.versionId, v]));
  const ours = await listVersions(ctx.tx, pscope, primary.arn);
  for (const v of ours) {
    const existing = theirs.get(v.versionId);
    if (existing && (hasValue(existing) || !hasValue(v))) continue;
    await copyVersion(ctx, rt, primary, replica, v, existing);
  }
  const kept = new Set(ours.map((v) => v.versionId));
  for (const id of theirs.keys()) if (!kept.has(id)) await deleteVersion(ctx.tx, rscope, replica.arn, id);
  await writeStages(ctx.tx, rscope, replica.arn, await stagesOf(ctx.tx, rscope, replica.arn), await stagesOf(ctx.tx, pscope, primary.arn));
}

/** Copies and reports the outcome: a KMS refusal or failure in the replica Region makes that replica Failed, not the call. */
async function refresh(ctx: WriteContext, rt: SmRuntime, primary: SecretRow, replica: SecretRow, config: ReplicaConfig): Promise<ReplicaConfig> {
  const base: ReplicaConfig = { Region: config.Region, ...(config.KmsKeyId !== undefined ? { KmsKeyId: config.KmsKeyId } : {}) };
  try {
    await copyToReplica(ctx, rt, primary, replica);
    return base;
  } catch (e) {
    if (!isServiceError(e)) throw e;
    rt.logger.info({ secret: primary.arn, region: config.Region, code: e.code }, "secret replication failed");
    return { ...base, Status: "Failed", StatusMessage: e.message };
  }
}

/** Creates the replica in `config.Region` (or reports why not) and returns its ReplicationStatus entry. */
async function createReplica(ctx: WriteContext, rt: SmRuntime, primary: SecretRow, config: ReplicaConfig, force: boolean): Promise<ReplicaConfig> {
  const rscope = scopeIn(ctx, config.Region);
  const taken = await findSecretByName(ctx.tx, rscope, primary.name);
  if (taken && !force) return { ...config, Status: "Failed", StatusMessage: nameTakenMessage(primary.name, config.Region) };
  if (taken) await purgeSecret(ctx.tx, rscope, taken.arn);
  if (config.KmsKeyId !== undefined) {
    try {
      await checkKmsKey(inRegion(ctx, config.Region), config.KmsKeyId);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      return { ...config, Status: "Failed", StatusMessage: e.message };
    }
  }
  const replica: SecretRow = {
    accountId: ctx.accountId, region: config.Region, arn: replicaArn(primary.arn, config.Region), name: primary.name,
    createdAt: ctx.now.getTime(), lastChangedAt: primary.lastChangedAt, kmsKeyId: customKeyId(config.KmsKeyId),
    owningService: primary.owningService, primaryRegion: primary.region,
  };
  await insertSecret(ctx.tx, replica);
  return refresh(ctx, rt, primary, replica, config);
}

/** Adds replicas to a primary (CreateSecret, ReplicateSecretToRegions); Regions it already replicates to are kept as they are. */
export async function addReplicas(ctx: WriteContext, rt: SmRuntime, primary: SecretRow, configs: readonly ReplicaConfig[], force: boolean): Promise<ReplicaConfig[]> {
  const all = [...(primary.replicas ?? [])];
  for (const config of configs) {
    if (all.some((r) => r.Region === config.Region)) continue;
    all.push(await createReplica(ctx, rt, primary, config, force));
  }
  await setReplicas(ctx.tx, scopeOf(ctx), primary.arn, all);
  return all;
}

/** The replica of `primary` in `region`, if one exists (a Failed entry may have none). */
async function replicaIn(ctx: WriteContext, primary: SecretRow, region: string): Promise<SecretRow | undefined> {
  const found = await findSecretByArn(ctx.tx, scopeIn(ctx, region), replicaArn(primary.arn, region));
  return found?.primaryRegion === primary.region ? found : undefined;
}

/** Region -> the day each replica was last read there (ReplicationStatus LastAccessedDate). */
export async function replicaLastAccess(ctx: { readonly tx: ReadTx; readonly accountId: string }, primary: SecretRow): Promise<Map<string, number>> {
  const accessed = new Map<string, number>();
  for (const r of primary.replicas ?? []) {
    const row = await findSecretByArn(ctx.tx, { accountId: ctx.accountId, region: r.Region }, replicaArn(primary.arn, r.Region));
    if (row?.primaryRegion === primary.region && row.lastAccessedAt !== undefined) accessed.set(r.Region, row.lastAccessedAt);
  }
  return accessed;
}

/** ReplicationStatus as answered (an empty list once the last replica is gone). */
export async function replicationStatusOf(ctx: { readonly tx: ReadTx; readonly accountId: string }, primary: SecretRow): Promise<ReplicationStatus[]> {
  return replicationStatus(primary, await replicaLastAccess(ctx, primary)) ?? [];
}

/** Brings every replica of the secret `arn` (in the caller's Region) up to date; a no-op for other secrets. */
export async function syncReplicas(ctx: WriteContext, rt: SmRuntime, arn: string): Promise<void> {
  const primary = await findSecretByArn(ctx.tx, scopeOf(ctx), arn);
  if (!primary?.replicas || primary.replicas.length === 0) return;
  const next: ReplicaConfig[] = [];
  for (const config of primary.replicas) {
    const replica = await replicaIn(ctx, primary, config.Region);
    next.push(replica ? await refresh(ctx, rt, primary, replica, config) : config);
  }
  if (JSON.stringify(next) !== JSON.stringify(primary.replicas)) await setReplicas(ctx.tx, scopeOf(ctx), arn, next);
}

/** Runs a write operation, then replicates whatever it changed (the secrets it noted in its audit resources). */
export function withReplicaSync(rt: SmRuntime, op: WriteOperation): WriteOperation {
  return async (ctx, input) => {
    const out = await op(ctx, input);
    const touched = ctx.audit.resources.filter((r) => r.accountId === ctx.accountId && regionOfArn(r.ARN) === ctx.region);
    for (const r of touched) await syncReplicas(ctx, rt, r.ARN);
    return out;
  };
}

export function replicateSecretToRegionsOp(rt: SmRuntime) {
  return async function replicateSecretToRegions(ctx: WriteContext, input: Input): Promise<Output> {
    const configs = replicaRegionsInput(input, ctx.region);
    const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:ReplicateSecretToRegions", {
      context: replicationContext(configs, input),
    });
    const replicas = await addReplicas(ctx, rt, secret, configs, input.ForceOverwriteReplicaSecret === true);
    return { ARN: secret.arn, ReplicationStatus: await replicationStatusOf(ctx, { ...secret, replicas }) };
  };
}

export async function removeRegionsFromReplication(ctx: WriteContext, input: Input): Promise<Output> {
  const regions = Array.isArray(input.RemoveReplicaRegions) ? input.RemoveReplicaRegions.filter((r): r is string => typeof r === "string") : [];
  const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:RemoveRegionsFromReplication");
  for (const region of regions) {
    const replica = await replicaIn(ctx, secret, region);
    if (replica) await purgeSecret(ctx.tx, scopeIn(ctx, region), replica.arn);
  }
  const rest = (secret.replicas ?? []).filter((r) => !regions.includes(r.Region));
  await setReplicas(ctx.tx, scopeOf(ctx), secret.arn, rest);
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn, ReplicationStatus: await replicationStatusOf(ctx, { ...secret, replicas: rest }) };
}

/** Called in the replica's Region: the replica becomes a standalone secret and leaves its primary's replica list. */
export async function stopReplicationToReplica(ctx: WriteContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:StopReplicationToReplica", { replica: "allow" });
  if (secret.primaryRegion === undefined) throw notAReplica();
  const pscope = scopeIn(ctx, secret.primaryRegion);
  const primary = await findSecretByArn(ctx.tx, pscope, replicaArn(secret.arn, secret.primaryRegion));
  if (primary) await setReplicas(ctx.tx, pscope, primary.arn, (primary.replicas ?? []).filter((r) => r.Region !== ctx.region));
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { primaryRegion: null, lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn };
}
