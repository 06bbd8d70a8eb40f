// TagPolicy, UntagPolicy, ListPolicyTags: tags of customer managed policies, whose keys are case-sensitive.
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { changed, checkPolicyTags, paginate, requestTagContext, str, stringsOf, tagList, tagsOf } from "./common.js";
import { tagQuota } from "./errors.js";
import { authorizedPolicy, writablePolicy } from "./managed-policies.js";
import { listTags, putTags, removeTags, type TagRow } from "./store.js";

const MAX_TAGS = 50;

export async function tagPolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const tags = tagsOf(input);
  const policy = await writablePolicy(ctx, "iam:TagPolicy", str(input, "PolicyArn") ?? "", { context: requestTagContext(tags) });
  checkPolicyTags(tags);
  const keys = new Set([...(await listTags(ctx.tx, ctx.accountId, policy.entity_id)).map((t) => t.tag_key), ...tags.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS) throw tagQuota();
  await putTags(ctx.tx, ctx.accountId, policy.entity_id, tags, { caseSensitive: true });
  await changed(ctx);
  return {};
}

export async function untagPolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const keys = stringsOf(input, "TagKeys");
  const policy = await writablePolicy(ctx, "iam:UntagPolicy", str(input, "PolicyArn") ?? "", { context: { "aws:TagKeys": keys } });
  await removeTags(ctx.tx, ctx.accountId, policy.entity_id, keys, { caseSensitive: true });
  await changed(ctx);
  return {};
}

/**
 * Shorter keys first, then by key: AWS lists DeptID before Department (AWS CLI list-policy-tags.rst; LocalStack's
 * provider, written against recorded AWS answers, sorts policy tags the same way).
 */
const tagOrder = (t: TagRow): string => `${String(t.tag_key.length).padStart(3, "0")}:${t.tag_key}`;

export async function listPolicyTags(ctx: OperationContext, input: Input): Promise<Output> {
  const policy = await authorizedPolicy(ctx, "iam:ListPolicyTags", str(input, "PolicyArn") ?? "");
  const tags = [...(await listTags(ctx.tx, ctx.accountId, policy.entity_id))].sort((a, b) => (tagOrder(a) < tagOrder(b) ? -1 : 1));
  const { page, ...more } = paginate("ListPolicyTags", tags, tagOrder, input);
  return { Tags: tagList(page), ...more };
}
