// AddTagsToResource / RemoveTagsFromResource / ListTagsForResource for parameters (ssm.md §6.10).
import type { OperationContext } from "../../server/context.js";
import type { ReadOperation, WriteOperation } from "../types.js";
import { invalidResourceId, invalidResourceType, RESERVED_TAG_KEY, tooManyTags, validation } from "./errors.js";
import { reqString, stringList, structList } from "./input.js";
import { parseReadRef, type Scope } from "./names.js";
import * as store from "./store.js";

export const MAX_TAGS = 50;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Resource types SSM can tag but paramstore does not host: AWS answers "no such id" for them. */
const OTHER_TAGGABLE = new Set(["Document", "ManagedInstance", "MaintenanceWindow", "PatchBaseline", "OpsItem", "OpsMetadata"]);

/** `aws:` keys are AWS's; at most 50 distinct keys counting the ones the resource already has. */
export function checkTags(tags: readonly Tag[], existingKeys: ReadonlySet<string>): void {
  if (tags.some((t) => t.Key.toLowerCase().startsWith("aws:"))) throw validation(RESERVED_TAG_KEY);
  const keys = new Set(existingKeys);
  for (const t of tags) keys.add(t.Key);
  if (keys.size > MAX_TAGS) throw tooManyTags();
}

/** ResourceType + ResourceId → the tagged parameter's key, or the AWS error for anything else. */
async function resolveResource(ctx: OperationContext, type: string, id: string): Promise<string> {
  if (type !== "Parameter") throw OTHER_TAGGABLE.has(type) ? invalidResourceId() : invalidResourceType();
  const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
  const ref = parseReadRef(id, scope, false);
  if (ref.kind !== "parameter") throw invalidResourceId();
  const p = await store.getParameter(ctx.tx, scope, ref.key);
  if (!p) throw invalidResourceId();
  return p.name_key;
}

const scopeOf = (ctx: OperationContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

export const addTagsToResource: WriteOperation = async (ctx, input) => {
  const key = await resolveResource(ctx, reqString(input, "ResourceType"), reqString(input, "ResourceId"));
  const tags = structList(input, "Tags").map((t) => ({ Key: String(t["Key"]), Value: String(t["Value"] ?? "") }));
  const existing = await store.listTags(ctx.tx, scopeOf(ctx), key);
  checkTags(tags, new Set(existing.map((t) => t.Key)));
  for (const t of tags) await store.putTag(ctx.tx, scopeOf(ctx), key, t.Key, t.Value);
  return {};
};

export const removeTagsFromResource: WriteOperation = async (ctx, input) => {
  const key = await resolveResource(ctx, reqString(input, "ResourceType"), reqString(input, "ResourceId"));
  for (const k of new Set(stringList(input, "TagKeys"))) await store.deleteTag(ctx.tx, scopeOf(ctx), key, k);
  return {};
};

export const listTagsForResource: ReadOperation = async (ctx, input) => {
  const key = await resolveResource(ctx, reqString(input, "ResourceType"), reqString(input, "ResourceId"));
  return { TagList: await store.listTags(ctx.tx, scopeOf(ctx), key) };
};
