// TagResource, UntagResource, ListResourceTags and the tag rules (kms.md §10).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizeKey, tagConditions } from "./authz.js";
import { limitExceeded, tagException } from "./errors.js";
import { optNumber, reqString, stringList, tagsOf, type KmsTag } from "./input.js";
import { decodeMarker, LIMITS, page, pageLimit } from "./markers.js";
import { requireNotPending, resolveKey } from "./resolve.js";
import { noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import { deleteTag, listTags, putTag } from "./store-aliases.js";

export const MAX_TAGS = 50;

/**
 * Validates tags to add to a key that has `existing` tag keys; returns them. Pure.
 * Texts and their order as AWS answers (recorded responses): a key given twice in one request, more
 * than 50 in one request, then the reserved `aws:` prefix in any letter case.
 */
export function checkNewTags(existing: readonly string[], incoming: readonly KmsTag[]): KmsTag[] {
  if (new Set(incoming.map((t) => t.TagKey)).size < incoming.length) throw tagException("Duplicate tag keys");
  if (incoming.length > MAX_TAGS) throw tagException("Too many tags");
  for (const t of incoming) {
    if (t.TagKey.toLowerCase().startsWith("aws:")) throw tagException("Tags beginning with aws: are reserved");
  }
  // Existing tags plus new keys over the quota (no recorded text: the quota error of kms.md §10).
  const total = new Set([...existing, ...incoming.map((t) => t.TagKey)]).size;
  if (total > MAX_TAGS) throw limitExceeded(`A KMS key can have at most ${MAX_TAGS} tags.`);
  return [...incoming];
}

export function tagOperations(rt: KmsRuntime): { read: Record<string, ReadOperation>; write: Record<string, WriteOperation> } {
  return {
    read: { ListResourceTags: async (ctx, input) => listResourceTags(rt, ctx, input) },
    write: {
      TagResource: async (ctx, input) => tagResource(rt, ctx, input),
      UntagResource: async (ctx, input) => untagResource(rt, ctx, input),
    },
  };
}

async function tagResource(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  const incoming = tagsOf(input, "Tags");
  await authorizeKey(rt, ctx, { action: "kms:TagResource", key, conditions: tagConditions(incoming) });
  noteKey(ctx, key);
  requireNotPending(key);
  const scope = scopeOf(ctx);
  const existing = (await listTags(ctx.tx, scope, key.keyId)).map((t) => t.TagKey);
  for (const t of checkNewTags(existing, incoming)) await putTag(ctx.tx, scope, key.keyId, t.TagKey, t.TagValue);
  return {};
}

async function untagResource(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  const tagKeys = stringList(input, "TagKeys");
  await authorizeKey(rt, ctx, { action: "kms:UntagResource", key, conditions: tagKeys.length > 0 ? { "aws:TagKeys": tagKeys } : {} });
  noteKey(ctx, key);
  requireNotPending(key);
  for (const k of tagKeys) await deleteTag(ctx.tx, scopeOf(ctx), key.keyId, k);
  return {};
}

async function listResourceTags(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:ListResourceTags", key });
  noteKey(ctx, key);
  const limit = pageLimit(optNumber(input, "Limit"), LIMITS.tags);
  const after = decodeMarker("tags", input["Marker"]);
  // Sorted and compared in JS so the marker comparison and the order agree for any characters.
  const sorted = (await listTags(ctx.tx, scopeOf(ctx), key.keyId)).sort((a, b) => (a.TagKey < b.TagKey ? -1 : 1));
  const all = sorted.filter((t) => t.TagKey > after);
  const { items, ...more } = page(all.slice(0, limit + 1), limit, "tags", (t) => t.TagKey);
  return { Tags: items, ...more };
}
