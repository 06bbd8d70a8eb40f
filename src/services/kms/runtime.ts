// What every KMS operation shares: material store, storage (for managed-key creation), config.
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { OperationContext } from "../../server/context.js";
import type { ReadTx, Storage, WriteTx } from "../../storage/types.js";
import type { KmsScope } from "./ids.js";
import type { KeyCache } from "./key-cache.js";
import type { MaterialStore } from "./material.js";
import type { KeyFacts } from "./store-aliases.js";
import type { KmsKey } from "./store.js";

export interface KmsRuntime {
  readonly materials: MaterialStore;
  /** Key rows and their aliases/tags for the crypto hot path (key-lookup.ts; freshness rules in key-cache.ts). */
  readonly cache: { readonly keys: KeyCache<KmsKey>; readonly facts: KeyCache<KeyFacts> };
  readonly storage: Pick<Storage, "write">;
  readonly config: Pick<Config, "awsManagedKeysOpen">;
  readonly logger: Pick<Logger, "info" | "warn" | "error">;
}

export const scopeOf = (ctx: Pick<OperationContext, "accountId" | "region">): KmsScope => ({ accountId: ctx.accountId, region: ctx.region });

export { isWriteTx } from "../../storage/types.js";

export const DAY_MS = 86_400_000;

/** Adds the key to the audit record's resources (cloudtrail.md §1: AWS::KMS::Key). */
export function noteKey(ctx: Pick<OperationContext, "audit">, key: KmsKey): void {
  if (ctx.audit.resources.some((r) => r.ARN === key.arn)) return;
  ctx.audit.resources.push({ ARN: key.arn, accountId: key.accountId, type: "AWS::KMS::Key" });
}
