// Secrets Manager service definition (secretsmanager.md). Operations live in the files beside this one; rotation
// (runner, schedule, built-in and webhook rotators) under rotation/.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { migrateEpochs } from "../../storage/read-cache.js";
import type { AuditSink } from "../../audit/sink.js";
import type { Job } from "../../jobs/types.js";
import { secretsManagerModel } from "../../protocol/models/secretsmanager.js";
import type { InternalServices } from "../../server/context.js";
import type { ServiceDeps } from "../deps.js";
import type { SecretsReference } from "../ssm/secrets-reference.js";
import type { AuthzCheck, ReadOperation, ServiceDefinition, WriteOperation } from "../types.js";
import { createSecretOp } from "./create.js";
import { deleteSecret, purgeJob, restoreSecret } from "./delete.js";
import { describeSecret, listSecretVersionIds } from "./describe.js";
import { internalServiceError } from "./errors.js";
import { listSecrets } from "./list.js";
import { EVENT_SOURCE } from "./names.js";
import { getRandomPassword } from "./password.js";
import { secretsReference } from "./reference.js";
import { removeRegionsFromReplication, replicateSecretToRegionsOp, stopReplicationToReplica, withReplicaSync } from "./replication.js";
import { createRegistry, type Rotator } from "./rotation/registry.js";
import { cancelRotateSecret, rotateSecretOp } from "./rotation/rotate.js";
import { mysqlRotators } from "./rotation/rotators/mysql.js";
import { postgresRotators } from "./rotation/rotators/postgres.js";
import { webhookConfigFromEnv, webhookRotator } from "./rotation/rotators/webhook.js";
import { createRotationRunner } from "./rotation/runner.js";
import { smEpochDdl, SM_EPOCH_MIGRATION } from "./read-cache.js";
import type { SmRuntime } from "./runtime.js";
import {
  secretsManagerDdl, SM_DDL_MASTER, SM_DDL_REPLICAS, SM_DDL_TAGS, SM_MIGRATION, SM_MIGRATION_MASTER, SM_MIGRATION_REPLICAS, SM_MIGRATION_TAGS,
} from "./schema.js";
import { deleteResourcePolicy, getResourcePolicy, putResourcePolicy, tagResource, untagResource, validateResourcePolicy } from "./tags.js";
import { updateSecretOp, updateSecretVersionStage } from "./update.js";
import { batchGetSecretValueOp, getSecretValueOp, putSecretValueOp } from "./values.js";

export interface SecretsManagerService {
  readonly definition: ServiceDefinition;
  readonly jobs: Job[];
  /** The `/aws/reference/secretsmanager/` reader handed to SSM as InternalServices.secretsmanager. */
  readonly internal: SecretsReference;
}

export interface SecretsManagerHooks {
  /** The audit sink (rotation steps and service events are recorded like API calls). */
  readonly audit: () => AuditSink;
  /** The composed in-process services (rotations call KMS for the values they read and write). */
  readonly internal: () => InternalServices;
  readonly env?: NodeJS.ProcessEnv;
}

/** Operations on `*` (no resource type): authorised in stage 5. Everything else is authorised on the secret. */
const RESOURCELESS = new Set(["ListSecrets", "GetRandomPassword", "BatchGetSecretValue"]);

const TimingSchema = z.object({
  retrySeconds: z.array(z.number().min(0).max(86_400)).max(10),
  pollSeconds: z.number().min(0.05).max(3600),
  stepTimeoutSeconds: z.number().min(1).max(900),
});

/**
 * Rotation timing from the environment (defaults: retries after 30 s and 2 min, poll every 5 s, 60 s per step):
 * PARAMSTORE_ROTATION_RETRY_SECONDS="30,120", PARAMSTORE_ROTATION_POLL_SECONDS, PARAMSTORE_ROTATION_STEP_TIMEOUT_SECONDS.
 */
function rotationTiming(env: NodeJS.ProcessEnv): z.infer<typeof TimingSchema> {
  const retry = env.PARAMSTORE_ROTATION_RETRY_SECONDS;
  const parsed = TimingSchema.safeParse({
    retrySeconds: retry === undefined ? [30, 120] : retry.trim() === "" ? [] : retry.split(",").map((x) => Number(x.trim())),
    pollSeconds: env.PARAMSTORE_ROTATION_POLL_SECONDS === undefined ? 5 : Number(env.PARAMSTORE_ROTATION_POLL_SECONDS),
    stepTimeoutSeconds: env.PARAMSTORE_ROTATION_STEP_TIMEOUT_SECONDS === undefined ? 60 : Number(env.PARAMSTORE_ROTATION_STEP_TIMEOUT_SECONDS),
  });
  if (!parsed.success) throw new Error(`invalid configuration: rotation timing: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

function rotators(env: NodeJS.ProcessEnv): Rotator[] {
  const webhooks = Object.entries(webhookConfigFromEnv(env)).map(([name, cfg]) => webhookRotator(name, cfg));
  return [...postgresRotators, ...mysqlRotators, ...webhooks];
}

export async function createSecretsManagerService(deps: ServiceDeps, hooks: SecretsManagerHooks): Promise<SecretsManagerService> {
  const env = hooks.env ?? process.env;
  await deps.storage.migrate(SM_MIGRATION, secretsManagerDdl(deps.storage.engine));
  await deps.storage.migrate(SM_MIGRATION_MASTER, SM_DDL_MASTER);
  await deps.storage.migrate(SM_MIGRATION_TAGS, SM_DDL_TAGS);
  await deps.storage.migrate(SM_MIGRATION_REPLICAS, SM_DDL_REPLICAS);
  await migrateEpochs(deps.storage);
  await deps.storage.migrate(SM_EPOCH_MIGRATION, smEpochDdl(deps.storage.engine));
  let wake: () => void = () => undefined;
  const rt: SmRuntime = {
    barrier: deps.barrier,
    storage: deps.storage,
    logger: deps.logger,
    randomBytes,
    rotators: createRegistry(rotators(env)),
    wakeRotation: () => { if (!deps.barrier.isSealed) wake(); },
  };
  const readOperations: Record<string, ReadOperation> = {
    GetSecretValue: getSecretValueOp(rt),
    BatchGetSecretValue: batchGetSecretValueOp(rt),
    DescribeSecret: describeSecret,
    ListSecrets: listSecrets,
    ListSecretVersionIds: listSecretVersionIds,
    GetRandomPassword: getRandomPassword,
    GetResourcePolicy: getResourcePolicy,
    ValidateResourcePolicy: validateResourcePolicy,
  };
  // Every write is followed by the copy of what it changed to the secret's replicas (replication.ts).
  const writes: Record<string, WriteOperation> = {
    CreateSecret: createSecretOp(rt),
    PutSecretValue: putSecretValueOp(rt),
    UpdateSecret: updateSecretOp(rt),
    UpdateSecretVersionStage: updateSecretVersionStage,
    DeleteSecret: deleteSecret,
    RestoreSecret: restoreSecret,
    RotateSecret: rotateSecretOp(rt),
    CancelRotateSecret: cancelRotateSecret,
    TagResource: tagResource,
    UntagResource: untagResource,
    PutResourcePolicy: putResourcePolicy,
    DeleteResourcePolicy: deleteResourcePolicy,
    ReplicateSecretToRegions: replicateSecretToRegionsOp(rt),
    RemoveRegionsFromReplication: removeRegionsFromReplication,
    StopReplicationToReplica: stopReplicationToReplica,
  };
  const writeOperations = Object.fromEntries(Object.entries(writes).map(([name, op]) => [name, withReplicaSync(rt, op)]));
  const definition: ServiceDefinition = {
    name: "secretsmanager",
    model: secretsManagerModel,
    eventSource: EVENT_SOURCE,
    readOperations,
    writeOperations,
    authorization: (op): AuthzCheck[] => (RESOURCELESS.has(op) ? [{ action: `secretsmanager:${op}`, resource: "*" }] : []),
    internalError: internalServiceError,
    accessDeniedCode: "AccessDeniedException",
  };
  const timing = rotationTiming(env);
  const runner = createRotationRunner(
    { rt, audit: hooks.audit, definition: () => definition, internal: hooks.internal, clock: deps.clock, logger: deps.logger },
    { retryDelaysMs: timing.retrySeconds.map((s) => s * 1000), stepTimeoutMs: timing.stepTimeoutSeconds * 1000, intervalMs: timing.pollSeconds * 1000 },
  );
  wake = runner.wake;
  deps.logger.info({ rotators: rt.rotators.names() }, "secrets manager rotation functions");
  return { definition, jobs: [runner.job, purgeJob(deps.storage, deps.logger)], internal: secretsReference(rt) };
}
