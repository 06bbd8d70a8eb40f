// What the credential resolver, the authorizer and STS may ask of IAM (in-process; reads through a given tx).
import type { Barrier } from "../../crypto/barrier.js";
import type { Principal } from "../../server/context.js";
import type { ReadTx } from "../../storage/types.js";
import { accessKeyAad } from "./access-keys.js";
import { findEntityByArn, findEntityById, groupsOfUser, iamEpoch, listTags, type EntityRow } from "./store.js";
import { getAccessKey } from "./store-keys.js";
import { attachedDocuments, defaultDocumentByArn, listInline } from "./store-policies.js";

export interface RoleInfo {
  readonly roleId: string;
  readonly roleName: string;
  readonly arn: string;
  readonly trustPolicy: string;
  readonly maxSessionDuration: number;
}

export interface UserInfo {
  readonly userId: string;
  readonly userName: string;
  readonly arn: string;
}

/** A policy text as stored, with the name the audit and logs use for it. */
export interface PolicyText {
  readonly name: string;
  readonly document: string;
}

export interface PrincipalPolicies {
  readonly identity: readonly PolicyText[];
  readonly boundary?: PolicyText;
  /** Tags of the user or role (aws:PrincipalTag/*). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface IamInternal {
  /** The account's IAM change counter: caches of credentials and policies are valid for one value. */
  version(tx: ReadTx): Promise<number>;
  /** A long-term access key of an IAM user; null when unknown or Inactive (protocol.md §6.5 step 7). */
  accessKey(tx: ReadTx, accessKeyId: string): Promise<{ secretAccessKey: string; principal: Principal } | null>;
  user(tx: ReadTx, userId: string): Promise<UserInfo | undefined>;
  role(tx: ReadTx, roleId: string): Promise<RoleInfo | undefined>;
  roleByArn(tx: ReadTx, arn: string): Promise<RoleInfo | undefined>;
  /** Identity policies (inline, attached, groups'), the permissions boundary and tags of a user or role. */
  policiesOf(tx: ReadTx, entityId: string): Promise<PrincipalPolicies>;
  /** The default version of a managed policy (session PolicyArns); undefined when it does not exist. */
  managedPolicy(tx: ReadTx, arn: string): Promise<PolicyText | undefined>;
}

const roleInfo = (r: EntityRow): RoleInfo => ({
  roleId: r.entity_id,
  roleName: r.name,
  arn: r.arn,
  trustPolicy: r.trust_policy ?? "",
  maxSessionDuration: r.max_session_duration ?? 3600,
});

export function createIamInternal(accountId: string, barrier: Barrier): IamInternal {
  async function documentsOf(tx: ReadTx, entityId: string, owner: string): Promise<PolicyText[]> {
    const inline = await listInline(tx, accountId, entityId);
    const attached = await attachedDocuments(tx, accountId, entityId);
    return [
      ...inline.map((p) => ({ name: `${owner}/${p.policy_name}`, document: p.document })),
      ...attached.map((p) => ({ name: p.arn, document: p.document })),
    ];
  }

  return {
    version: (tx) => iamEpoch.read(tx),

    async accessKey(tx, accessKeyId) {
      const key = await getAccessKey(tx, accessKeyId);
      if (!key || key.account_id !== accountId || key.status !== "Active") return null;
      const user = await findEntityById(tx, accountId, key.user_id);
      if (!user) return null;
      const secret = barrier.decrypt(accessKeyAad(accessKeyId), key.secret);
      const principal: Principal = {
        type: "IAMUser", accountId, arn: user.arn, principalId: user.entity_id, userName: user.name, accessKeyId, isTemporary: false,
      };
      const secretAccessKey = secret.toString("utf8");
      secret.fill(0);
      return { secretAccessKey, principal };
    },

    async user(tx, userId) {
      const u = await findEntityById(tx, accountId, userId);
      return u && u.kind === "user" ? { userId: u.entity_id, userName: u.name, arn: u.arn } : undefined;
    },

    async role(tx, roleId) {
      const r = await findEntityById(tx, accountId, roleId);
      return r && r.kind === "role" ? roleInfo(r) : undefined;
    },

    async roleByArn(tx, arn) {
      const r = await findEntityByArn(tx, accountId, "role", arn);
      return r ? roleInfo(r) : undefined;
    },

    async policiesOf(tx, entityId) {
      const entity = await findEntityById(tx, accountId, entityId);
      if (!entity) return { identity: [], tags: {} };
      const identity = await documentsOf(tx, entityId, `${entity.kind}/${entity.name}`);
      if (entity.kind === "user") {
        for (const g of await groupsOfUser(tx, accountId, entityId)) identity.push(...(await documentsOf(tx, g.entity_id, `group/${g.name}`)));
      }
      const tags = Object.fromEntries((await listTags(tx, accountId, entityId)).map((t) => [t.tag_key, t.tag_value]));
      const boundaryDoc = entity.permissions_boundary === null ? undefined : await defaultDocumentByArn(tx, accountId, entity.permissions_boundary);
      const boundary = boundaryDoc === undefined || entity.permissions_boundary === null
        ? undefined
        : { name: entity.permissions_boundary, document: boundaryDoc.document };
      return { identity, tags, ...(boundary === undefined ? {} : { boundary }) };
    },

    async managedPolicy(tx, arn) {
      const p = await defaultDocumentByArn(tx, accountId, arn);
      return p ? { name: arn, document: p.document } : undefined;
    },
  };
}
