// AWS managed keys (`alias/aws/ssm`, `alias/aws/secretsmanager`), created on first use (kms.md §6).
import { randomUUID } from "node:crypto";
import type { OperationContext } from "../../server/context.js";
import type { WriteTx } from "../../storage/types.js";
import { managedAlias, type KmsScope } from "./ids.js";
import { awsManagedKeyPolicy, defaultKeyPolicy } from "./key-policy.js";
import { DAY_MS, isWriteTx, scopeOf, type KmsRuntime } from "./runtime.js";
import { insertAlias } from "./store-aliases.js";
import { getKey, getManagedKey, insertKey, type KmsKey, type ManagedService } from "./store.js";

/** AWS's wording; describe-key outputs recorded from AWS read "…protects my Secrets Manager data…". */
const DESCRIPTION: Readonly<Record<ManagedService, string>> = {
  ssm: "Default master key that protects my SSM parameters when no other key is defined",
  secretsmanager: "Default master key that protects my Secrets Manager data when no other key is defined",
};

/** AWS rotates its managed keys every year; so do we (GetKeyRotationStatus reports true). */
const MANAGED_ROTATION_DAYS = 365;

/**
 * The policy a key is judged by. Managed keys' policies are not stored but derived from the
 * configuration, so switching `awsManagedKeysOpen` takes effect for existing keys too.
 */
export function effectivePolicy(rt: KmsRuntime, key: KmsKey): string {
  if (key.keyManager !== "AWS" || key.managedService === undefined) return key.policy;
  return rt.config.awsManagedKeysOpen
    ? awsManagedKeyPolicy(key.managedService, key.accountId, key.region)
    : defaultKeyPolicy(key.accountId);
}

/**
 * The managed key of `service`, creating it if needed. In a read operation (DescribeKey on the
 * predefined alias) the creation runs as its own small write: it is idempotent (unique per
 * account, region and service), so a concurrent creator simply wins.
 */
export async function ensureManagedKey(rt: KmsRuntime, ctx: OperationContext, service: ManagedService): Promise<KmsKey> {
  const scope = scopeOf(ctx);
  const existing = await getManagedKey(ctx.tx, scope, service);
  if (existing) return existing;
  const nowMs = ctx.now.getTime();
  if (isWriteTx(ctx.tx)) return createManagedKey(rt, ctx.tx, scope, service, nowMs);
  return rt.storage.write((tx) => createManagedKey(rt, tx, scope, service, nowMs));
}

async function createManagedKey(rt: KmsRuntime, tx: WriteTx, scope: KmsScope, service: ManagedService, nowMs: number): Promise<KmsKey> {
  const keyId = randomUUID();
  const inserted = await insertKey(tx, {
    ...scope,
    keyId,
    description: DESCRIPTION[service],
    keyUsage: "ENCRYPT_DECRYPT",
    keySpec: "SYMMETRIC_DEFAULT",
    origin: "AWS_KMS",
    keyManager: "AWS",
    managedService: service,
    keyState: "Enabled",
    multiRegion: false,
    policy: defaultKeyPolicy(scope.accountId),
    createdAt: nowMs,
    rotationEnabled: true,
    rotationPeriodDays: MANAGED_ROTATION_DAYS,
    nextRotationAt: nowMs + MANAGED_ROTATION_DAYS * DAY_MS,
    currentVersion: 1,
    onDemandRotations: 0,
  });
  if (inserted) {
    await rt.materials.create(tx, scope, keyId, 1, "INITIAL", nowMs);
    await insertAlias(tx, scope, { aliasName: managedAlias(service), keyId, createdAt: nowMs, updatedAt: nowMs });
  }
  const key = inserted ? await getKey(tx, scope, keyId) : await getManagedKey(tx, scope, service);
  if (!key) throw new Error(`managed key for ${service} vanished while being created`);
  return key;
}
