// KMS service definition (TrentService). Operations live in the files beside this one.
import { migrateEpochs } from "../../storage/read-cache.js";
import type { AuditSink } from "../../audit/sink.js";
import type { Job } from "../../jobs/types.js";
import { kmsModel } from "../../protocol/models/kms.js";
import type { ServiceDeps } from "../deps.js";
import type { ServiceDefinition } from "../types.js";
import { aliasOperations } from "./aliases.js";
import { kmsAuthorization } from "./authorization.js";
import { cryptoOperations } from "./crypto-ops.js";
import { deletionOperations } from "./deletion.js";
import { kmsInternal as internalError } from "./errors.js";
import { createKmsInternal } from "./internal-impl.js";
import type { KmsInternal } from "./internal.js";
import { DEFAULT_JOB_INTERVAL_MS, kmsJobs } from "./jobs.js";
import { serviceEventEmitter, serviceEventRecorder, type EmitServiceEvent } from "./service-events.js";
import { KeyCache } from "./key-cache.js";
import { keyOperations } from "./keys.js";
import { createMaterialStore } from "./material.js";
import { policyOperations } from "./policies.js";
import { rotationOperations } from "./rotation.js";
import type { KmsRuntime } from "./runtime.js";
import { KMS_MIGRATION, kmsDdl } from "./schema.js";
import type { KeyFacts } from "./store-aliases.js";
import type { KmsKey } from "./store.js";
import { tagOperations } from "./tags.js";

export type { KmsServiceEvent, ServiceEventRecorder } from "./service-events.js";

export interface KmsService {
  readonly definition: ServiceDefinition;
  readonly internal: KmsInternal;
  readonly jobs?: Job[];
}

export interface KmsOptions {
  /** The audit sink, for the RotateKey / DeleteKey events the jobs cause; without it they are only logged. */
  readonly audit?: () => AuditSink;
  /** How often the deletion and rotation jobs look for due keys. */
  readonly jobIntervalMs?: number;
}

export async function createKmsService(deps: ServiceDeps, options: KmsOptions = {}): Promise<KmsService> {
  await deps.storage.migrate(KMS_MIGRATION, kmsDdl(deps.storage.engine));
  await migrateEpochs(deps.storage);
  const materials = createMaterialStore(deps.barrier);
  // Unwrapped key material must not outlive the barrier's keys (ARCHITECTURE.md §5).
  deps.barrier.onSeal(() => materials.clear());
  const cache = { keys: new KeyCache<KmsKey>(), facts: new KeyCache<KeyFacts>() };
  const rt: KmsRuntime = { materials, cache, storage: deps.storage, config: deps.config, logger: deps.logger };
  const keys = keyOperations(rt);
  const aliases = aliasOperations(rt);
  // RotateKeyOnDemand records its own RotateKey service event; the recorder needs the finished definition.
  let emit: EmitServiceEvent | undefined;
  const rotation = rotationOperations(rt, (tx, event) => (emit ? emit(tx, event) : Promise.resolve()));
  const policies = policyOperations(rt);
  const tags = tagOperations(rt);
  const definition: ServiceDefinition = {
    name: "kms",
    model: kmsModel,
    eventSource: "kms.amazonaws.com",
    readOperations: { ...keys.read, ...aliases.read, ...rotation.read, ...policies.read, ...tags.read, ...cryptoOperations(rt) },
    writeOperations: { ...keys.write, ...aliases.write, ...rotation.write, ...policies.write, ...tags.write, ...deletionOperations(rt) },
    authorization: kmsAuthorization,
    internalError,
    accessDeniedCode: "AccessDeniedException",
  };
  const recorder = options.audit && serviceEventRecorder(options.audit, definition);
  emit = serviceEventEmitter(rt, recorder);
  return {
    definition,
    internal: createKmsInternal(rt),
    jobs: kmsJobs(rt, deps.storage, recorder, options.jobIntervalMs ?? DEFAULT_JOB_INTERVAL_MS),
  };
}
