// Permissions boundaries given to CreateUser / CreateRole: a managed policy of this account.
import { serviceError } from "../../protocol/errors.js";
import type { OperationContext } from "../../server/context.js";
import { findEntityByArn } from "./store.js";

/** The boundary ARN to store, or undefined; an unknown policy is refused with AWS's wording. */
export async function resolveBoundary(ctx: OperationContext, arn: string | undefined): Promise<string | undefined> {
  if (arn === undefined) return undefined;
  const policy = await findEntityByArn(ctx.tx, ctx.accountId, "policy", arn);
  if (!policy) throw serviceError("NoSuchEntity", `Scope ARN: ${arn} does not exist or is not attachable.`, { status: 404 });
  return arn;
}
