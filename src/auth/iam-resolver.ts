// Credential resolver for IAM user access keys (AKIA…) and STS sessions (ASIA…), with a small cache keyed by
// IAM's change counter: any IAM change (key deleted or deactivated, role deleted) invalidates it at once.
import type { IamInternal } from "../services/iam/internal.js";
import type { StsInternal } from "../services/sts/internal.js";
import type { ReadTx, Storage } from "../storage/types.js";
import type { CredentialResolver, ResolvedCredential } from "./credentials.js";

export interface IamResolverDeps {
  readonly storage: Pick<Storage, "read">;
  readonly iam: Pick<IamInternal, "version" | "accessKey">;
  readonly sts: Pick<StsInternal, "resolve">;
  readonly maxEntries?: number;
  /** Registers a callback run when the barrier seals: cached secrets are dropped then. */
  readonly onSeal?: (fn: () => void) => void;
  /** Test-only (compose.ts, NODE_ENV=test): sessions count as expired this much earlier. */
  readonly expiryOffsetMs?: number;
}

interface Entry {
  readonly version: number;
  readonly cred: ResolvedCredential;
}

const ID_SHAPE = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

export function createIamResolver(deps: IamResolverDeps): CredentialResolver {
  const cache = new Map<string, Entry>();
  const max = deps.maxEntries ?? 10_000;
  // Entries hold secret access keys in clear: a sealed server keeps none of them.
  deps.onSeal?.(() => cache.clear());

  function remember(id: string, entry: Entry): void {
    cache.delete(id);
    if (cache.size >= max) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(id, entry);
  }

  const offset = deps.expiryOffsetMs ?? 0;
  const shifted = (cred: ResolvedCredential | null): ResolvedCredential | null =>
    offset === 0 || cred?.expiresAt === undefined ? cred : { ...cred, expiresAt: new Date(cred.expiresAt.getTime() - offset) };

  return async (accessKeyId, tx) => {
    if (!ID_SHAPE.test(accessKeyId)) return null;
    return shifted(await (tx ? lookup(accessKeyId, tx) : deps.storage.read((own) => lookup(accessKeyId, own))));
  };

  async function lookup(accessKeyId: string, tx: ReadTx): Promise<ResolvedCredential | null> {
    // Read the counter before the credential: data read afterwards is at least as new as the counter,
    // so an entry can never outlive the change that made it stale.
    const version = await deps.iam.version(tx);
    const hit = cache.get(accessKeyId);
    if (hit !== undefined && hit.version === version) return hit.cred;
    cache.delete(accessKeyId);
    const cred = accessKeyId.startsWith("ASIA") ? await deps.sts.resolve(tx, accessKeyId) : await deps.iam.accessKey(tx, accessKeyId);
    // Unknown keys are not cached: a key created later must work at once.
    if (cred === null) return null;
    const versioned = { ...cred, iamVersion: version };
    remember(accessKeyId, { version, cred: versioned });
    return versioned;
  }
}
