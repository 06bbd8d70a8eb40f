// UpdateUser / UpdateGroup: a new name and/or path. The entity keeps its id, so access keys, inline and attached
// policies, group memberships and tags follow it; the old name answers NoSuchEntity afterwards.
import type { WriteContext } from "../../server/context.js";
import type { Input } from "../types.js";
import { changed, str } from "./common.js";
import { entityArn } from "./names.js";
import { findEntity, renameEntity, type EntityRow } from "./store.js";

/**
 * The caller needs the action on the new ARN as well as the old one (UpdateUser / UpdateGroup API reference: "to
 * change Bob to Robert, the entity making the request must have permission on Bob and Robert"). Another entity of
 * the kind with the new name, in any case, is EntityAlreadyExists 409 (LocalStack test_iam_groups snapshot
 * "update-duplicate-name"); a change of case only renames.
 */
export async function renameOperation(
  ctx: WriteContext,
  action: string,
  row: EntityRow,
  input: Input,
  members: { readonly name: string; readonly exists: (name: string) => Error },
): Promise<void> {
  const name = str(input, members.name) ?? row.name;
  const path = str(input, "NewPath") ?? row.path;
  const arn = entityArn(ctx.accountId, row.kind, path, name);
  if (arn !== row.arn) await ctx.authorize(action, arn);
  const other = await findEntity(ctx.tx, ctx.accountId, row.kind, name);
  if (other !== undefined && other.entity_id !== row.entity_id) throw members.exists(name);
  if (arn === row.arn) return;
  await renameEntity(ctx.tx, ctx.accountId, row.entity_id, { name, path, arn });
  await changed(ctx);
}
