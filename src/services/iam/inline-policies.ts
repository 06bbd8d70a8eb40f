// Put/Get/Delete/List{User,Group,Role}Policy: inline policies, one implementation for the three owners.
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { boundaryContext } from "./boundary.js";
import { authorizedEntity, changed, paginate, str } from "./common.js";
import { noSuchInlinePolicy } from "./errors.js";
import { checkIdentityPolicy, checkInlineTotal, type InlineOwner } from "./policy-docs.js";
import { deleteInline, getInline, listInline, putInline } from "./store-policies.js";

const LABEL: Readonly<Record<InlineOwner, string>> = { user: "User", group: "Group", role: "Role" };

export interface InlineOperations {
  readonly read: Record<string, ReadOperation>;
  readonly write: Record<string, WriteOperation>;
}

function forOwner(owner: InlineOwner): InlineOperations {
  const label = LABEL[owner];
  const nameMember = `${label}Name`;
  // Writes carry the owner's boundary as iam:PermissionsBoundary (IAM condition key of Put/Delete{User,Role}Policy).
  const ownerOf = (ctx: OperationContext, op: string, input: Input, write = false) =>
    authorizedEntity(ctx, `iam:${op}`, owner, str(input, nameMember) ?? "", (row) => (write ? boundaryContext(row?.permissions_boundary) : {}));

  async function put(ctx: WriteContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `Put${label}Policy`, input, true);
    const policyName = str(input, "PolicyName") ?? "";
    const document = str(input, "PolicyDocument") ?? "";
    checkIdentityPolicy(document);
    const others = (await listInline(ctx.tx, ctx.accountId, entity.entity_id)).filter((p) => p.policy_name !== policyName);
    checkInlineTotal(owner, entity.name, [...others.map((p) => p.document), document]);
    await putInline(ctx.tx, ctx.accountId, entity.entity_id, policyName, document);
    await changed(ctx);
    return {};
  }

  async function get(ctx: OperationContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `Get${label}Policy`, input);
    const policyName = str(input, "PolicyName") ?? "";
    const row = await getInline(ctx.tx, ctx.accountId, entity.entity_id, policyName);
    if (!row) throw noSuchInlinePolicy(owner, policyName);
    return { [nameMember]: entity.name, PolicyName: row.policy_name, PolicyDocument: row.document };
  }

  async function remove(ctx: WriteContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `Delete${label}Policy`, input, true);
    const policyName = str(input, "PolicyName") ?? "";
    if (!(await deleteInline(ctx.tx, ctx.accountId, entity.entity_id, policyName))) throw noSuchInlinePolicy(owner, policyName);
    await changed(ctx);
    return {};
  }

  async function list(ctx: OperationContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `List${label}Policies`, input);
    const rows = await listInline(ctx.tx, ctx.accountId, entity.entity_id);
    const { page, ...more } = paginate(`List${label}Policies`, rows, (r) => r.policy_name, input);
    return { PolicyNames: page.map((r) => r.policy_name), ...more };
  }

  return {
    read: { [`Get${label}Policy`]: get, [`List${label}Policies`]: list },
    write: { [`Put${label}Policy`]: put, [`Delete${label}Policy`]: remove },
  };
}

export const inlinePolicyOperations: readonly InlineOperations[] = (["user", "group", "role"] as const).map(forOwner);
