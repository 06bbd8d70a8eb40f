// What the credential resolver and the authorizer ask of STS: a session's credential and its extra policies.
import type { ResolvedCredential } from "../../auth/credentials.js";
import type { Barrier } from "../../crypto/barrier.js";
import type { Principal } from "../../server/context.js";
import type { ReadTx } from "../../storage/types.js";
import type { IamInternal } from "../iam/internal.js";
import { assumedRoleArn, rootArn } from "../iam/names.js";
import { getSession, type SessionRow } from "./store.js";
import type { TokenMinter } from "./tokens.js";

export interface SessionExtras {
  /** AssumeRole `Policy`. */
  readonly policy?: string;
  /** AssumeRole `PolicyArns`. */
  readonly policyArns: readonly string[];
  /** Session tags (override the role's tags of the same key). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface StsInternal {
  /** The credential of an ASIA key, or null when unknown or its role/user is gone. Expiry is the pipeline's check. */
  resolve(tx: ReadTx, accessKeyId: string): Promise<ResolvedCredential | null>;
  extras(tx: ReadTx, accessKeyId: string): Promise<SessionExtras | undefined>;
}

/** Barrier AAD binding a session secret to its row. */
export const sessionAad = (accessKeyId: string): string => `sts_sessions/${accessKeyId}`;

const parseJson = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T)); // our own JSON

export function createStsInternal(accountId: string, barrier: Barrier, iam: IamInternal, tokens: TokenMinter): StsInternal {
  async function principalOf(tx: ReadTx, s: SessionRow): Promise<Principal | null> {
    const issuedAt = new Date(s.issued_at);
    const expiresAt = new Date(s.expires_at);
    const base = { accountId, accessKeyId: s.access_key_id, isTemporary: true } as const;
    if (s.kind === "root") {
      // GetSessionToken sessions carry only the times (RoleSession's role fields stay empty, context.ts).
      const session = { roleArn: "", roleName: "", roleId: "", sessionName: "", issuedAt, expiresAt };
      return { ...base, type: "Root", arn: rootArn(accountId), principalId: accountId, session };
    }
    if (s.kind === "user") {
      const user = await iam.user(tx, s.owner_id);
      if (!user) return null;
      const session = { roleArn: "", roleName: "", roleId: "", sessionName: "", issuedAt, expiresAt };
      return { ...base, type: "IAMUser", arn: user.arn, principalId: user.userId, userName: user.userName, session };
    }
    const role = await iam.role(tx, s.owner_id);
    if (!role) return null; // a deleted role ends its sessions at once
    const session = {
      roleArn: role.arn, roleName: role.roleName, roleId: role.roleId, sessionName: s.session_name, issuedAt, expiresAt,
      ...(s.session_policy === null ? {} : { sessionPolicy: s.session_policy }),
    };
    return {
      ...base, type: "AssumedRole", arn: assumedRoleArn(accountId, role.roleName, s.session_name),
      principalId: `${role.roleId}:${s.session_name}`, session,
    };
  }

  return {
    async resolve(tx, accessKeyId) {
      const s = await getSession(tx, accessKeyId);
      if (!s || s.account_id !== accountId) return null;
      const principal = await principalOf(tx, s);
      if (!principal) return null;
      const secret = barrier.decrypt(sessionAad(accessKeyId), s.secret);
      const secretAccessKey = secret.toString("utf8");
      secret.fill(0);
      return { secretAccessKey, principal, sessionToken: tokens.mint(accessKeyId, s.issued_at), expiresAt: new Date(s.expires_at) };
    },

    async extras(tx, accessKeyId) {
      const s = await getSession(tx, accessKeyId);
      if (!s) return undefined;
      return {
        ...(s.session_policy === null ? {} : { policy: s.session_policy }),
        policyArns: parseJson<string[]>(s.policy_arns, []),
        tags: parseJson<Record<string, string>>(s.tags, {}),
      };
    },
  };
}
