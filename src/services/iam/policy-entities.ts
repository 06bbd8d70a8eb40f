// ListEntitiesForPolicy: the groups, users and roles a managed policy (customer or AWS managed) is attached to, or bounds.
import type { OperationContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { paginate, str } from "./common.js";
import { notAttachable } from "./errors.js";
import { underPath } from "./names.js";
import type { EntityRow } from "./store.js";
import { entitiesAttached, entitiesBounded, findPolicy } from "./store-policies.js";

/** Response order of the three lists; the Marker runs over them as one list in this order. */
const KINDS = ["group", "user", "role"] as const;
const FILTER: Readonly<Record<string, (typeof KINDS)[number]>> = { Group: "group", User: "user", Role: "role" };

/**
 * Without PolicyUsageFilter (or with PermissionsPolicy) the entities the policy is attached to; with
 * PermissionsBoundary the users and roles it bounds. EntityFilter LocalManagedPolicy / AWSManagedPolicy answer
 * empty lists, and an unknown policy is "does not exist or is not attachable" (LocalStack provider and
 * test_iam_policies TestListEntitiesForPolicy, recorded against AWS). PathPrefix applies to the entities' paths.
 */
export async function listEntitiesForPolicy(ctx: OperationContext, input: Input): Promise<Output> {
  const arn = str(input, "PolicyArn") ?? "";
  await ctx.authorize("iam:ListEntitiesForPolicy", arn);
  const policy = await findPolicy(ctx.tx, ctx.accountId, arn);
  if (!policy) throw notAttachable(arn);
  const filter = str(input, "EntityFilter");
  const boundaries = str(input, "PolicyUsageFilter") === "PermissionsBoundary";
  const rows = boundaries ? await entitiesBounded(ctx.tx, ctx.accountId, arn) : await entitiesAttached(ctx.tx, ctx.accountId, policy.entity_id);
  const prefix = str(input, "PathPrefix");
  const wanted = (r: EntityRow): boolean =>
    (filter === undefined || FILTER[filter] === r.kind) && underPath(r.path, prefix);
  const ordered = KINDS.flatMap((kind) => rows.filter((r) => r.kind === kind && wanted(r)));
  const { page, ...more } = paginate("ListEntitiesForPolicy", ordered, (r) => `${KINDS.indexOf(r.kind as (typeof KINDS)[number])}:${r.name_lower}`, input);
  const of = (kind: (typeof KINDS)[number]): EntityRow[] => page.filter((r) => r.kind === kind);
  return {
    PolicyGroups: of("group").map((g) => ({ GroupName: g.name, GroupId: g.entity_id })),
    PolicyUsers: of("user").map((u) => ({ UserName: u.name, UserId: u.entity_id })),
    PolicyRoles: of("role").map((r) => ({ RoleName: r.name, RoleId: r.entity_id })),
    ...more,
  };
}
