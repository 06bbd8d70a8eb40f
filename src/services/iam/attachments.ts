// Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies (iam.md §9).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizedEntity, changed, paginate, str, stamp } from "./common.js";
import { attachedQuota, noSuchPolicy, notAttachable, policyArnNotValid } from "./errors.js";
import { isArn } from "./names.js";
import type { InlineOperations } from "./inline-policies.js";
import type { InlineOwner } from "./policy-docs.js";
import { boundaryContext } from "./boundary.js";
import type { EntityRow } from "./store.js";
import { attach, attachedPolicies, detach, findPolicy } from "./store-policies.js";

const LABEL: Readonly<Record<InlineOwner, string>> = { user: "User", group: "Group", role: "Role" };
export const MAX_ATTACHED = 10;

function forOwner(owner: InlineOwner): InlineOperations {
  const label = LABEL[owner];
  const ownerOf = (ctx: OperationContext, op: string, input: Input) => {
    const policyArn = str(input, "PolicyArn");
    // iam:PolicyARN lets policies restrict which managed policies may be attached, iam:PermissionsBoundary to
    // entities with a given boundary (IAM condition keys of Attach/Detach{User,Role}Policy).
    const options = (row: EntityRow | undefined) =>
      policyArn === undefined ? {} : { context: { "iam:PolicyARN": policyArn, ...boundaryContext(row?.permissions_boundary).context } };
    return authorizedEntity(ctx, `iam:${op}`, owner, str(input, `${label}Name`) ?? "", options);
  };

  async function attachOp(ctx: WriteContext, input: Input): Promise<Output> {
    const arn = str(input, "PolicyArn") ?? "";
    if (!isArn(arn)) throw policyArnNotValid(arn);
    const entity = await ownerOf(ctx, `Attach${label}Policy`, input);
    const policy = await findPolicy(ctx.tx, ctx.accountId, arn);
    if (!policy) throw notAttachable(arn);
    const current = await attachedPolicies(ctx.tx, ctx.accountId, entity.entity_id);
    if (current.some((p) => p.entity_id === policy.entity_id)) return {};
    if (current.length >= MAX_ATTACHED) throw attachedQuota(owner);
    await attach(ctx.tx, ctx.accountId, entity.entity_id, policy.entity_id, stamp(ctx));
    await changed(ctx);
    return {};
  }

  async function detachOp(ctx: WriteContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `Detach${label}Policy`, input);
    const arn = str(input, "PolicyArn") ?? "";
    const policy = await findPolicy(ctx.tx, ctx.accountId, arn);
    if (!policy || !(await detach(ctx.tx, ctx.accountId, entity.entity_id, policy.entity_id))) throw noSuchPolicy(arn);
    await changed(ctx);
    return {};
  }

  async function listOp(ctx: OperationContext, input: Input): Promise<Output> {
    const entity = await ownerOf(ctx, `ListAttached${label}Policies`, input);
    const prefix = str(input, "PathPrefix") ?? "/";
    const rows = (await attachedPolicies(ctx.tx, ctx.accountId, entity.entity_id)).filter((p) => p.path.startsWith(prefix));
    const { page, ...more } = paginate(`ListAttached${label}Policies`, rows, (r) => r.name_lower, input);
    return { AttachedPolicies: page.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...more };
  }

  return {
    read: { [`ListAttached${label}Policies`]: listOp },
    write: { [`Attach${label}Policy`]: attachOp, [`Detach${label}Policy`]: detachOp },
  };
}

export const attachmentOperations: readonly InlineOperations[] = (["user", "group", "role"] as const).map(forOwner);
