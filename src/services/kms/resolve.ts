// KeyId input -> key, with the NotFound texts of kms.md §1, and the key-state rules of §4.
import type { OperationContext } from "../../server/context.js";
import { aliasNotFound, disabled, invalidArnRegion, invalidKeyId, keyDoesNotExist, pendingDeletion } from "./errors.js";
import { managedServiceOf, parseKeyIdentifier } from "./ids.js";
import { ensureManagedKey } from "./managed.js";
import { scopeOf, type KmsRuntime } from "./runtime.js";
import { getAlias } from "./store-aliases.js";
import { getKey, type KmsKey } from "./store.js";

export interface Resolved {
  readonly key: KmsKey;
  /** The alias name the request used, for kms:RequestAlias. */
  readonly requestAlias?: string;
}

/**
 * "any": key id, key ARN, alias name or alias ARN (Encrypt, Decrypt, DescribeKey …);
 * "keys": key id or key ARN only — an alias there is `Invalid keyId '<value>'`.
 * A predefined managed alias (`alias/aws/ssm`) that has no key yet creates it (kms.md §6).
 */
export async function resolveKey(rt: KmsRuntime, ctx: OperationContext, raw: string, accepts: "any" | "keys"): Promise<Resolved> {
  const scope = scopeOf(ctx);
  const id = parseKeyIdentifier(raw, scope);
  switch (id.kind) {
    case "invalid":
      throw invalidKeyId(raw);
    case "missing-key":
      throw keyDoesNotExist(id.display);
    case "other-region":
      throw invalidArnRegion(id.region);
    case "key": {
      const key = await getKey(ctx.tx, scope, id.keyId);
      if (!key) throw keyDoesNotExist(id.display);
      return { key };
    }
    case "alias": {
      if (accepts === "keys") throw invalidKeyId(raw);
      if (!id.inScope) throw aliasNotFound(id.aliasArn);
      const alias = await getAlias(ctx.tx, scope, id.aliasName);
      const key = alias ? await getKey(ctx.tx, scope, alias.keyId) : await managedFor(rt, ctx, id.aliasName);
      if (!key) throw aliasNotFound(id.aliasArn);
      return { key, requestAlias: id.aliasName };
    }
  }
}

async function managedFor(rt: KmsRuntime, ctx: OperationContext, aliasName: string): Promise<KmsKey | undefined> {
  const service = managedServiceOf(aliasName);
  return service === undefined ? undefined : ensureManagedKey(rt, ctx, service);
}

/** Cryptographic operations need an Enabled key (kms.md §4 [1], [3]). */
export function requireUsable(key: KmsKey): void {
  if (key.keyState === "Disabled") throw disabled(key.arn);
  if (key.keyState === "PendingDeletion") throw pendingDeletion(key.arn);
}

/** Management operations refused while the key waits for deletion (kms.md §4 [3]). */
export function requireNotPending(key: KmsKey): void {
  if (key.keyState === "PendingDeletion") throw pendingDeletion(key.arn);
}
