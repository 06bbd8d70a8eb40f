// Permissions boundaries given to CreateUser / CreateRole: a managed policy of this account.
import type { OperationContext } from "../../server/context.js";
import { boundaryArnNotValid, noSuchEntity } from "./errors.js";
import { parsePolicyArn } from "./names.js";
import { findEntityByArn } from "./store.js";

/** The boundary ARN to store, or undefined; a malformed or unknown policy is refused with AWS's wording. */
export async function resolveBoundary(ctx: OperationContext, arn: string | undefined): Promise<string | undefined> {
  if (arn === undefined) return undefined;
  if (parsePolicyArn(arn) === undefined) throw boundaryArnNotValid(arn);
  const policy = await findEntityByArn(ctx.tx, ctx.accountId, "policy", arn);
  if (!policy) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  return arn;
}
