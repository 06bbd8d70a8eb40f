// Permissions boundaries: a managed policy (this account's or AWS managed), given at CreateUser / CreateRole or set and removed later
// with Put/Delete{User,Role}PermissionsBoundary. The policy engine reads the stored ARN (internal.ts policiesOf).
import type { AuthzOptions, OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { authorizedEntity, changed, str } from "./common.js";
import { boundaryArnNotValid, noSuchEntity } from "./errors.js";
import type { InlineOperations } from "./inline-policies.js";
import { parsePolicyArn } from "./names.js";
import { setBoundary, type EntityRow } from "./store.js";
import { findPolicy } from "./store-policies.js";

/** The boundary ARN to store, or undefined; a malformed or unknown policy is refused with AWS's wording. */
export async function resolveBoundary(ctx: OperationContext, arn: string | undefined): Promise<string | undefined> {
  if (arn === undefined) return undefined;
  if (parsePolicyArn(arn) === undefined) throw boundaryArnNotValid(arn);
  const policy = await findPolicy(ctx.tx, ctx.accountId, arn);
  if (!policy) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  return arn;
}

/**
 * iam:PermissionsBoundary: the boundary a call sets, or the one the entity has, so that policies can require it
 * ("Permissions boundaries for IAM entities", delegation example: CreateUser / PutUserPermissionsBoundary only with
 * the company boundary). Absent when there is none, as AWS leaves the key out.
 */
export const boundaryContext = (arn: string | null | undefined): AuthzOptions =>
  arn === null || arn === undefined ? {} : { context: { "iam:PermissionsBoundary": arn } };

type Owner = "user" | "role";
const LABEL: Readonly<Record<Owner, string>> = { user: "User", role: "Role" };

/**
 * Put<Kind>PermissionsBoundary replaces the boundary; Delete<Kind>PermissionsBoundary removes it and succeeds when
 * there is none (LocalStack test_iam_roles snapshot, permissions boundary lifecycle and errors, recorded 2026-02).
 */
function forOwner(owner: Owner): InlineOperations {
  const label = LABEL[owner];
  const entity = (ctx: OperationContext, op: string, input: Input, options: (row: EntityRow | undefined) => AuthzOptions) =>
    authorizedEntity(ctx, `iam:${op}${label}PermissionsBoundary`, owner, str(input, `${label}Name`) ?? "", options);

  async function put(ctx: WriteContext, input: Input): Promise<Output> {
    const arn = str(input, "PermissionsBoundary") ?? "";
    const row = await entity(ctx, "Put", input, () => boundaryContext(arn));
    await setBoundary(ctx.tx, ctx.accountId, row.entity_id, (await resolveBoundary(ctx, arn)) ?? null);
    await changed(ctx);
    return {};
  }

  async function remove(ctx: WriteContext, input: Input): Promise<Output> {
    const row = await entity(ctx, "Delete", input, (r) => boundaryContext(r?.permissions_boundary));
    if (row.permissions_boundary === null) return {};
    await setBoundary(ctx.tx, ctx.accountId, row.entity_id, null);
    await changed(ctx);
    return {};
  }

  return { read: {}, write: { [`Put${label}PermissionsBoundary`]: put, [`Delete${label}PermissionsBoundary`]: remove } };
}

export const boundaryOperations: readonly InlineOperations[] = (["user", "role"] as const).map(forOwner);
