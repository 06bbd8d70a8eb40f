// PURE: a secret's metadata as DescribeSecret / ListSecrets print it (secretsmanager.md §2.6): only members with a
// value, never the secret value. Rotation members appear once rotation was configured.
import { displayedNextRotation, scheduleDays } from "./rotation/schedule.js";
import type { SecretRow, Tag } from "./store.js";
import type { StageMap } from "./store-versions.js";

export const FAILURE_NOTE_KEY = "paramstore:LastRotationFailure";

export interface ReplicationStatus {
  readonly Region: string;
  readonly KmsKeyId: string;
  readonly Status: "InSync" | "Failed" | "InProgress";
  readonly StatusMessage?: string;
  readonly LastAccessedDate?: Date;
}

/** What AWS prints for a replica without a KmsKeyId (CLI examples: describe-secret, replicate-secret-to-regions). */
export const DEFAULT_REPLICA_KEY = "alias/aws/secretsmanager";
/** StatusMessage of a healthy replica (AWS API reference / CLI describe-secret examples). */
export const REPLICATION_SUCCEEDED = "Replication succeeded";

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

export function rotationRules(s: SecretRow): Record<string, unknown> | undefined {
  if (s.rotationDays === undefined && s.rotationSchedule === undefined) return undefined;
  const days = s.rotationDays ?? (s.rotationSchedule !== undefined ? scheduleDays(s.rotationSchedule) : undefined);
  return {
    ...(days !== undefined ? { AutomaticallyAfterDays: days } : {}),
    ...(s.rotationDuration !== undefined ? { Duration: s.rotationDuration } : {}),
    ...(s.rotationSchedule !== undefined ? { ScheduleExpression: s.rotationSchedule } : {}),
  };
}

/**
 * A primary's ReplicationStatus: one entry per replica Region, with the day the replica was last read there.
 * Replication is synchronous in paramstore (replication.ts), so a replica is InSync unless it could not be made.
 */
export function replicationStatus(s: SecretRow, accessed: ReadonlyMap<string, number> = new Map()): ReplicationStatus[] | undefined {
  if (!s.replicas || s.replicas.length === 0) return undefined;
  return s.replicas.map((r) => ({
    Region: r.Region,
    KmsKeyId: r.KmsKeyId ?? DEFAULT_REPLICA_KEY,
    Status: r.Status ?? "InSync",
    StatusMessage: r.StatusMessage ?? REPLICATION_SUCCEEDED,
    ...(accessed.has(r.Region) ? { LastAccessedDate: date(accessed.get(r.Region)) } : {}),
  }));
}

function rotationView(s: SecretRow): Record<string, unknown> {
  if (s.rotationEnabled === undefined) return {};
  const rules = { days: s.rotationDays, schedule: s.rotationSchedule, duration: s.rotationDuration };
  return {
    RotationEnabled: s.rotationEnabled,
    ...(s.rotationLambdaArn ? { RotationLambdaARN: s.rotationLambdaArn } : {}),
    ...(rotationRules(s) ? { RotationRules: rotationRules(s) } : {}),
    ...(s.rotationFailure ? { ExternalSecretRotationMetadata: [{ Key: FAILURE_NOTE_KEY, Value: s.rotationFailure.slice(0, 2048) }] } : {}),
    LastRotatedDate: s.rotationEnabled ? date(s.lastRotatedAt) : undefined,
    NextRotationDate: s.rotationEnabled && s.nextRotationAt !== undefined ? displayedNextRotation(rules, new Date(s.nextRotationAt)) : undefined,
  };
}

/** DescribeSecret's members (ListSecrets renames VersionIdsToStages and drops ReplicationStatus). */
export function describeView(s: SecretRow, tags: readonly Tag[], stages: StageMap, accessed?: ReadonlyMap<string, number>): Record<string, unknown> {
  const replication = replicationStatus(s, accessed);
  return {
    ARN: s.arn,
    Name: s.name,
    ...(s.type !== undefined && s.type !== "" ? { Type: s.type } : {}),
    ...(s.description !== undefined && s.description !== "" ? { Description: s.description } : {}),
    ...(s.kmsKeyId !== undefined && s.kmsKeyId !== "" ? { KmsKeyId: s.kmsKeyId } : {}),
    ...rotationView(s),
    LastChangedDate: date(s.lastChangedAt),
    LastAccessedDate: date(s.lastAccessedAt),
    DeletedDate: date(s.deletedAt),
    ...(tags.length > 0 || s.tagsSet === true ? { Tags: tags } : {}),
    ...(stages.size > 0 ? { VersionIdsToStages: Object.fromEntries(stages) } : {}),
    ...(s.owningService !== undefined ? { OwningService: s.owningService } : {}),
    CreatedDate: date(s.createdAt),
    ...(s.primaryRegion !== undefined ? { PrimaryRegion: s.primaryRegion } : {}),
    ...(replication ? { PrimaryRegion: s.region, ReplicationStatus: replication } : {}),
  };
}

export function listEntryView(s: SecretRow, tags: readonly Tag[], stages: StageMap): Record<string, unknown> {
  const { VersionIdsToStages, ReplicationStatus: _r, ...rest } = describeView(s, tags, stages);
  return { ...rest, ...(VersionIdsToStages !== undefined ? { SecretVersionsToStages: VersionIdsToStages } : {}) };
}
