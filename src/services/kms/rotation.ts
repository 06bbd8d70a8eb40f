// Enable/DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations (kms.md §8).
// Rotation adds a material version that new encryptions use; older versions stay for decryption.
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { WriteTx } from "../../storage/types.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizeKey } from "./authz.js";
import { conflict, invalidMarker, limitExceeded, unsupported } from "./errors.js";
import { optNumber, optString, reqString } from "./input.js";
import { decodeMarker, LIMITS, page, pageLimit } from "./markers.js";
import { requireUsable, resolveKey } from "./resolve.js";
import { DAY_MS, noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import { rotateKeyEvent, type EmitServiceEvent } from "./service-events.js";
import { getKey, listMaterials, updateKey, type KmsKey, type RotationType } from "./store.js";

const DEFAULT_PERIOD_DAYS = 365;
const MAX_ON_DEMAND = 25;

export function rotationOperations(rt: KmsRuntime, emit: EmitServiceEvent): { read: Record<string, ReadOperation>; write: Record<string, WriteOperation> } {
  return {
    read: {
      GetKeyRotationStatus: async (ctx, input) => getKeyRotationStatus(rt, ctx, input),
      ListKeyRotations: async (ctx, input) => listKeyRotations(rt, ctx, input),
    },
    write: {
      EnableKeyRotation: async (ctx, input) => setRotation(rt, ctx, input, true),
      DisableKeyRotation: async (ctx, input) => setRotation(rt, ctx, input, false),
      RotateKeyOnDemand: async (ctx, input) => rotateKeyOnDemand(rt, ctx, input, emit),
    },
  };
}

/** Adds a new current material version (rotation of any kind). */
export async function rotateMaterial(rt: KmsRuntime, tx: WriteTx, key: KmsKey, type: RotationType, nowMs: number): Promise<void> {
  const version = key.currentVersion + 1;
  // Two servers rotating the same key at once: the second finds the version taken (kms.md §8).
  if (!(await rt.materials.create(tx, key, key.keyId, version, type, nowMs))) throw conflict(`A key rotation is already in progress for ${key.arn}.`);
  await updateKey(tx, key, { currentVersion: version, ...(type === "ON_DEMAND" ? { onDemandRotations: key.onDemandRotations + 1 } : {}) });
}

/** The next automatic rotation date after the job rotated a key (no catch-up storms after downtime). */
export const nextAfterRotation = (key: KmsKey, nowMs: number): number => nowMs + (key.rotationPeriodDays ?? DEFAULT_PERIOD_DAYS) * DAY_MS;

async function setRotation(rt: KmsRuntime, ctx: WriteContext, input: Input, enable: boolean): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  // AWS rotates its managed keys itself; the toggles are refused (kms.md §6).
  if (key.keyManager === "AWS") throw unsupported(`${key.arn} is an AWS managed key; its automatic rotation cannot be changed.`);
  const period = optNumber(input, "RotationPeriodInDays") ?? DEFAULT_PERIOD_DAYS;
  const action = enable ? "kms:EnableKeyRotation" : "kms:DisableKeyRotation";
  await authorizeKey(rt, ctx, { action, key, conditions: enable ? { "kms:RotationPeriodInDays": period } : {} });
  noteKey(ctx, key);
  requireUsable(key);
  if (!enable) {
    await updateKey(ctx.tx, key, { rotationEnabled: false, rotationPeriodDays: null, nextRotationAt: null });
    return {};
  }
  // A new period on an already rotating key keeps the schedule's anchor (last rotation or enabling).
  const nowMs = ctx.now.getTime();
  const anchor = key.rotationEnabled && key.nextRotationAt !== undefined && key.rotationPeriodDays !== undefined
    ? key.nextRotationAt - key.rotationPeriodDays * DAY_MS
    : nowMs;
  await updateKey(ctx.tx, key, { rotationEnabled: true, rotationPeriodDays: period, nextRotationAt: anchor + period * DAY_MS });
  return {};
}

async function getKeyRotationStatus(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:GetKeyRotationStatus", key });
  noteKey(ctx, key);
  // While pending deletion the status reads false; CancelKeyDeletion brings the setting back (§8).
  const enabled = key.rotationEnabled && key.keyState !== "PendingDeletion";
  // KeyId is the key ARN, as RotateKeyOnDemand's: in LocalStack's AWS-recorded snapshots of
  // test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_{disabled,enabled} both
  // calls answer the same KeyId string (one placeholder; distinct values get distinct ones).
  if (!enabled) return { KeyRotationEnabled: false, KeyId: key.arn };
  return {
    KeyRotationEnabled: true,
    KeyId: key.arn,
    ...(key.rotationPeriodDays !== undefined ? { RotationPeriodInDays: key.rotationPeriodDays } : {}),
    ...(key.nextRotationAt !== undefined ? { NextRotationDate: new Date(key.nextRotationAt) } : {}),
  };
}

async function rotateKeyOnDemand(rt: KmsRuntime, ctx: WriteContext, input: Input, emit: EmitServiceEvent): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:RotateKeyOnDemand", key });
  noteKey(ctx, key);
  requireUsable(key);
  if (key.onDemandRotations >= MAX_ON_DEMAND) {
    throw limitExceeded(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
  }
  await rotateMaterial(rt, ctx.tx, key, "ON_DEMAND", ctx.now.getTime());
  // Besides the caller's RotateKeyOnDemand record, KMS logs the rotation itself as a RotateKey service event
  // with rotationType ON_DEMAND (developer guide, ct-rotatekey, second example).
  const rotated = await getKey(ctx.tx, scopeOf(ctx), key.keyId);
  await emit(ctx.tx, rotateKeyEvent(key, "ON_DEMAND", key.currentMaterialId, rotated?.currentMaterialId, ctx.now));
  // The key ARN whatever form was given: LocalStack's test_rotate_on_demand_returns_arn_for_key_id,
  // validated against AWS (2025-11-06), calls with the key id and asserts KeyId == the key's Arn.
  return { KeyId: key.arn };
}

async function listKeyRotations(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:ListKeyRotations", key });
  noteKey(ctx, key);
  const limit = pageLimit(optNumber(input, "Limit"), LIMITS.rotations);
  const marker = decodeMarker("rotations", input["Marker"]);
  if (marker !== "" && !/^\d+$/.test(marker)) throw invalidMarker();
  // ROTATIONS_ONLY (default) leaves out the first material; ALL_KEY_MATERIAL includes it.
  const from = Math.max(marker === "" ? 0 : Number(marker), optString(input, "IncludeKeyMaterial") === "ALL_KEY_MATERIAL" ? 0 : 1);
  const rows = await listMaterials(ctx.tx, scopeOf(ctx), key.keyId, from, limit + 1);
  const { items, ...more } = page(rows, limit, "rotations", (m) => String(m.version));
  const Rotations = items.map((m) => ({
    KeyId: key.keyId,
    KeyMaterialId: m.materialId,
    KeyMaterialState: m.version === key.currentVersion ? "CURRENT" : "NON_CURRENT",
    ...(m.rotationType === "INITIAL" ? {} : { RotationDate: new Date(m.createdAt), RotationType: m.rotationType }),
  }));
  return { Rotations, ...more };
}
