// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey (iam.md §9), GetAccessKeyLastUsed. Secrets live only behind the barrier.
import { randomBytes } from "node:crypto";
import type { Barrier } from "../../crypto/barrier.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { authorizedEntity, changed, paginate, str, stamp } from "./common.js";
import { accessKeyQuota, invalidInput, lastUsedKeyDenied, noSuchAccessKey, validationError } from "./errors.js";
import type { KeyUsageTracker, KeyUse } from "./key-usage.js";
import { accessKeyId, secretAccessKey } from "./names.js";
import { findEntityById, type EntityRow } from "./store.js";
import {
  deleteAccessKey, getAccessKey, getKeyLastUse, insertAccessKey, listAccessKeys, setAccessKeyStatus, type AccessKeyRow, type KeyLastUseRow,
} from "./store-keys.js";
import { callerUser } from "./users.js";

export const MAX_KEYS_PER_USER = 2;

/** Barrier AAD binding a secret to its access key row. */
export const accessKeyAad = (id: string): string => `iam_access_keys/${id}`;

/** The user an access-key call acts on: UserName, else the caller (iam.md §6.5); authorised on that user. */
async function targetUser(ctx: OperationContext, action: string, input: Input): Promise<EntityRow | "root"> {
  const name = str(input, "UserName");
  if (name !== undefined) return authorizedEntity(ctx, action, "user", name);
  const own = await callerUser(ctx);
  await ctx.authorize(action, own === "root" ? `arn:aws:iam::${ctx.accountId}:root` : own.arn);
  return own;
}

const metadata = (k: AccessKeyRow, userName: string): Output => ({
  UserName: userName,
  AccessKeyId: k.access_key_id,
  Status: k.status,
  CreateDate: new Date(k.created_at),
});

export function accessKeyOperations(barrier: Barrier) {
  async function createAccessKey(ctx: WriteContext, input: Input): Promise<Output> {
    const user = await targetUser(ctx, "iam:CreateAccessKey", input);
    if (user === "root") throw invalidInput("The account root's access key is configured on the server (PARAMSTORE_ROOT_ACCESS_KEY_ID); create access keys for IAM users.");
    if ((await listAccessKeys(ctx.tx, ctx.accountId, user.entity_id)).length >= MAX_KEYS_PER_USER) throw accessKeyQuota();
    const id = accessKeyId("AKIA", randomBytes(16));
    const secret = secretAccessKey(randomBytes(30));
    const createdAt = stamp(ctx);
    await insertAccessKey(ctx.tx, {
      accessKeyId: id, accountId: ctx.accountId, userId: user.entity_id, createdAt,
      secret: barrier.encrypt(accessKeyAad(id), Buffer.from(secret, "utf8")),
    });
    await changed(ctx);
    // The audit trail drops SecretAccessKey by the model's sensitive flag (audit/redact.ts, cloudtrail.md §3).
    return { AccessKey: { UserName: user.name, AccessKeyId: id, Status: "Active", SecretAccessKey: secret, CreateDate: new Date(createdAt) } };
  }

  return { createAccessKey };
}

export async function listAccessKeysOp(ctx: OperationContext, input: Input): Promise<Output> {
  const user = await targetUser(ctx, "iam:ListAccessKeys", input);
  if (user === "root") {
    const own = ctx.principal.isTemporary ? [] : [{ AccessKeyId: ctx.principal.accessKeyId, Status: "Active" }];
    return { AccessKeyMetadata: own, IsTruncated: false };
  }
  const keys = await listAccessKeys(ctx.tx, ctx.accountId, user.entity_id);
  const { page, ...more } = paginate("ListAccessKeys", keys, (k) => `${k.created_at}|${k.access_key_id}`, input);
  return { AccessKeyMetadata: page.map((k) => metadata(k, user.name)), ...more };
}

/** The key, which must belong to the target user; otherwise it "cannot be found" (no cross-user oracle). */
async function ownedKey(ctx: OperationContext, action: string, input: Input): Promise<AccessKeyRow> {
  const id = str(input, "AccessKeyId") ?? "";
  const user = await targetUser(ctx, action, input);
  const key = await getAccessKey(ctx.tx, id);
  if (user === "root" || !key || key.account_id !== ctx.accountId || key.user_id !== user.entity_id) throw noSuchAccessKey(id);
  return key;
}

export async function updateAccessKey(ctx: WriteContext, input: Input): Promise<Output> {
  const status = str(input, "Status") ?? "";
  if (status !== "Active" && status !== "Inactive") {
    throw validationError(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
  }
  const key = await ownedKey(ctx, "iam:UpdateAccessKey", input);
  await setAccessKeyStatus(ctx.tx, key.access_key_id, status);
  await changed(ctx);
  return {};
}

export async function deleteAccessKeyOp(ctx: WriteContext, input: Input): Promise<Output> {
  const key = await ownedKey(ctx, "iam:DeleteAccessKey", input);
  await deleteAccessKey(ctx.tx, key.access_key_id);
  await changed(ctx);
  return {};
}

/**
 * AWS answers to the minute: every LastUsedDate it shows has zero seconds (API reference and CLI examples
 * `2015-03-13T10:45:00Z`, `2015-06-16T22:45:00Z`; real outputs in turbot/steampipe-plugin-aws#2054), while
 * CreateDate keeps its seconds.
 */
const toMinute = (t: number): Date => new Date(Math.floor(t / 60_000) * 60_000);

/** The newer of the stored use and the one noted since the last flush. */
function latestUse(stored: KeyLastUseRow | undefined, noted: Readonly<KeyUse> | undefined): { at: number; service: string; region: string } | undefined {
  const storedAt = stored?.last_used_at ? Date.parse(stored.last_used_at) : undefined;
  if (noted && (storedAt === undefined || noted.at.getTime() >= storedAt)) return { at: noted.at.getTime(), service: noted.service, region: noted.region };
  if (!stored || storedAt === undefined) return undefined;
  return { at: storedAt, service: stored.last_used_service ?? "N/A", region: stored.last_used_region ?? "N/A" };
}

/**
 * GetAccessKeyLastUsed, authorised on the owning user. A key never used answers ServiceName and Region "N/A"
 * without LastUsedDate (botocore AccessKeyLastUsed docs). Uses not yet flushed come from the tracker. An unknown key
 * is refused as AccessDenied, as AWS does, so the answer does not tell which key ids exist elsewhere.
 */
export function lastUsedOperation(usage: Pick<KeyUsageTracker, "pending">) {
  return async function getAccessKeyLastUsed(ctx: OperationContext, input: Input): Promise<Output> {
    const id = str(input, "AccessKeyId") ?? "";
    const key = await getAccessKey(ctx.tx, id);
    const user = key && key.account_id === ctx.accountId ? await findEntityById(ctx.tx, ctx.accountId, key.user_id) : undefined;
    if (!user) throw lastUsedKeyDenied(ctx.principal.arn, id);
    await ctx.authorize("iam:GetAccessKeyLastUsed", user.arn);
    const use = latestUse(await getKeyLastUse(ctx.tx, id), usage.pending(id));
    return {
      UserName: user.name,
      AccessKeyLastUsed: use
        ? { LastUsedDate: toMinute(use.at), ServiceName: use.service, Region: use.region }
        : { ServiceName: "N/A", Region: "N/A" },
    };
  };
}
