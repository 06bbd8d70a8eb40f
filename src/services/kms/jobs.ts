// Background work of the key service: end of deletion windows, automatic rotation (kms.md §8, §9).
// Each key is handled in its own short write transaction that re-checks the key, so a key
// re-enabled or cancelled meanwhile is left alone and several servers may run the job safely.
import type { Job } from "../../jobs/types.js";
import type { Storage, WriteTx } from "../../storage/types.js";
import { nextAfterRotation, rotateMaterial } from "./rotation.js";
import type { KmsRuntime } from "./runtime.js";
import { deleteKeyEvent, rotateKeyEvent, serviceEventEmitter, type EmitServiceEvent, type ServiceEventRecorder } from "./service-events.js";
import { deleteKeyEverywhere, getKey, keysDueForDeletion, keysDueForRotation, updateKey, type KmsKey, type ScopedKeyId } from "./store.js";

export const DEFAULT_JOB_INTERVAL_MS = 60_000;

export function kmsJobs(rt: KmsRuntime, storage: Pick<Storage, "read" | "write">, record: ServiceEventRecorder | undefined, intervalMs = DEFAULT_JOB_INTERVAL_MS): Job[] {
  const emit = serviceEventEmitter(rt, record);

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

async function destroyIfDue(tx: WriteTx, id: ScopedKeyId, now: Date, emit: EmitServiceEvent): Promise<boolean> {
  const key = await getKey(tx, id, id.keyId);
  if (!key || key.keyState !== "PendingDeletion" || key.deletionDate === undefined || key.deletionDate > now.getTime()) return false;
  await deleteKeyEverywhere(tx, id, id.keyId);
  await emit(tx, deleteKeyEvent(key, now));
  return true;
}

async function rotateIfDue(rt: KmsRuntime, tx: WriteTx, id: ScopedKeyId, now: Date, emit: EmitServiceEvent): Promise<void> {
  const key = await getKey(tx, id, id.keyId);
  const nowMs = now.getTime();
  if (!key || !key.rotationEnabled || key.keyState !== "Enabled" || key.nextRotationAt === undefined || key.nextRotationAt > nowMs) return;
  await rotateMaterial(rt, tx, key, "AUTOMATIC", nowMs);
  await updateKey(tx, key, { nextRotationAt: nextAfterRotation(key, nowMs) });
  // Re-read in the same transaction: the new material is now the key's current one.
  const rotated = await getKey(tx, id, id.keyId);
  await emit(tx, rotateKeyEvent(key, "AUTOMATIC", key.currentMaterialId, rotated?.currentMaterialId, now));
}
