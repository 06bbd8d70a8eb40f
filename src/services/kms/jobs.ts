// Background work of the key service: end of deletion windows, automatic rotation (kms.md §8, §9).
// Each key is handled in its own short write transaction that re-checks the key, so a key
// re-enabled or cancelled meanwhile is left alone and several servers may run the job safely.
import { randomUUID } from "node:crypto";
import type { AuditSink } from "../../audit/sink.js";
import type { Job } from "../../jobs/types.js";
import { newAuditNotes, type AuditResource } from "../../server/context.js";
import type { ServiceDefinition } from "../types.js";
import type { Storage, WriteTx } from "../../storage/types.js";
import { nextAfterRotation, rotateMaterial } from "./rotation.js";
import type { KmsRuntime } from "./runtime.js";
import { deleteKeyEverywhere, getKey, keysDueForDeletion, keysDueForRotation, updateKey, type KmsKey, type ScopedKeyId } from "./store.js";

/** A service-generated CloudTrail event (eventType AwsServiceEvent, cloudtrail.md §4). */
export interface KmsServiceEvent {
  readonly accountId: string;
  readonly region: string;
  readonly eventName: "RotateKey" | "DeleteKey";
  readonly eventTime: Date;
  readonly resources: readonly AuditResource[];
  readonly additionalEventData: Readonly<Record<string, unknown>>;
}

/** Written in the job's transaction, so the change and its record commit together. */
export type ServiceEventRecorder = (tx: WriteTx, event: KmsServiceEvent) => Promise<void>;

/**
 * Records a service event through the ordinary audit sink, as AWS logs them: no caller (KMS acted on its
 * own), source kms.amazonaws.com, requestParameters null, the key in resources and additionalEventData.
 */
export function serviceEventRecorder(audit: () => AuditSink, service: ServiceDefinition): ServiceEventRecorder {
  return async (tx, e) => {
    const notes = newAuditNotes();
    notes.resources.push(...e.resources);
    notes.responseElements = null;
    notes.additionalEventData = e.additionalEventData;
    const request = { requestId: randomUUID(), receivedAt: e.eventTime, sourceIp: service.eventSource, userAgent: service.eventSource, isTls: false };
    await audit().recordInTx(tx, { service, operation: e.eventName, request, accountId: e.accountId, region: e.region, notes, readOnly: false });
  };
}

export const DEFAULT_JOB_INTERVAL_MS = 60_000;

export function kmsJobs(rt: KmsRuntime, storage: Pick<Storage, "read" | "write">, record: ServiceEventRecorder | undefined, intervalMs = DEFAULT_JOB_INTERVAL_MS): Job[] {
  const emit = async (tx: WriteTx, key: KmsKey, eventName: KmsServiceEvent["eventName"], now: Date): Promise<void> => {
    const event: KmsServiceEvent = {
      accountId: key.accountId,
      region: key.region,
      eventName,
      eventTime: now,
      resources: [{ ARN: key.arn, accountId: key.accountId, type: "AWS::KMS::Key" }],
      additionalEventData: { keyId: key.arn },
    };
    if (record) await record(tx, event);
    else rt.logger.info({ event: eventName, key: key.arn }, "kms service event");
  };

  return [
    {
      name: "kms-key-deletion",
      intervalMs,
      async run(now) {
        for (const id of await storage.read((tx) => keysDueForDeletion(tx, now.getTime()))) {
          const deleted = await perKey(rt, id, "deletion", () => storage.write((tx) => destroyIfDue(tx, id, now, emit)));
          // Only after the commit: the material is gone for good, drop (and zero) the cached copies.
          if (deleted === true) rt.materials.forgetKey(id, id.keyId);
        }
      },
    },
    {
      name: "kms-key-rotation",
      intervalMs,
      async run(now) {
        for (const id of await storage.read((tx) => keysDueForRotation(tx, now.getTime()))) {
          await perKey(rt, id, "rotation", () => storage.write((tx) => rotateIfDue(rt, tx, id, now, emit)));
        }
      },
    },
  ];
}

/** One key's failure (a concurrent rotation, say) is logged and does not hold up the others. */
async function perKey<T>(rt: KmsRuntime, id: ScopedKeyId, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    rt.logger.warn({ job: `kms-key-${what}`, keyId: id.keyId, region: id.region, err: e instanceof Error ? e.message : String(e) }, "kms job skipped a key");
    return undefined;
  }
}

type Emit = (tx: WriteTx, key: KmsKey, eventName: KmsServiceEvent["eventName"], now: Date) => Promise<void>;

async function destroyIfDue(tx: WriteTx, id: ScopedKeyId, now: Date, emit: Emit): Promise<boolean> {
  const key = await getKey(tx, id, id.keyId);
  if (!key || key.keyState !== "PendingDeletion" || key.deletionDate === undefined || key.deletionDate > now.getTime()) return false;
  await deleteKeyEverywhere(tx, id, id.keyId);
  await emit(tx, key, "DeleteKey", now);
  return true;
}

async function rotateIfDue(rt: KmsRuntime, tx: WriteTx, id: ScopedKeyId, now: Date, emit: Emit): Promise<void> {
  const key = await getKey(tx, id, id.keyId);
  const nowMs = now.getTime();
  if (!key || !key.rotationEnabled || key.keyState !== "Enabled" || key.nextRotationAt === undefined || key.nextRotationAt > nowMs) return;
  await rotateMaterial(rt, tx, key, "AUTOMATIC", nowMs);
  await updateKey(tx, key, { nextRotationAt: nextAfterRotation(key, nowMs) });
  await emit(tx, key, "RotateKey", now);
}
