// Access key id -> secret + principal. Resolvers are chained: root credentials, then IAM/STS.
import type { Principal } from "../server/context.js";
import type { ReadTx } from "../storage/types.js";

export interface ResolvedCredential {
  readonly secretAccessKey: string;
  readonly principal: Principal;
  /** Temporary credentials: the session token the request must carry. */
  readonly sessionToken?: string;
  readonly expiresAt?: Date;
  /** IAM's change counter as read for this lookup: the authorizer reuses it instead of reading it again. */
  readonly iamVersion?: number;
}

/** `tx`: the request's read transaction, when it has one (lookups then share its epoch read). */
export type CredentialResolver = (accessKeyId: string, tx?: ReadTx) => Promise<ResolvedCredential | null>;

export function rootResolver(accountId: string, accessKeyId: string, secretAccessKey: string): CredentialResolver {
  const principal: Principal = {
    type: "Root",
    accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    principalId: accountId,
    accessKeyId,
    isTemporary: false,
  };
  const cred: ResolvedCredential = { secretAccessKey, principal };
  return async (id) => (id === accessKeyId ? cred : null);
}

export function chainResolvers(resolvers: CredentialResolver[]): CredentialResolver {
  return async (id, tx) => {
    for (const r of resolvers) {
      const found = await r(id, tx);
      if (found) return found;
    }
    return null;
  };
}
