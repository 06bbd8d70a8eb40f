// TagResource / UntagResource (secretsmanager.md §2.14), and the resource-policy operations (§2.15).
import { parsePolicyDocument, type PolicyDocument } from "../../policy/index.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { findSecret, noteResource, authorizeOn, requireSecret, scopeOf } from "./access.js";
import { malformedPolicy, POLICY_SYNTAX_ERROR, publicPolicy, secretNotFound } from "./errors.js";
import { guessArn } from "./names.js";
import { deleteTags, putTags, tagsOf, updateSecret } from "./store.js";
import { checkTags, requestTagContext, tagsInput } from "./tag-rules.js";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

// A secret marked for deletion can be neither tagged nor untagged: AWS answers InvalidRequestException (LocalStack's
// AWS-validated test_tag_untag_resource_on_deleted_secret); requireSecret refuses it with AWS's deleted-secret text.
export async function tagResource(ctx: WriteContext, input: Input): Promise<Output> {
  const tags = tagsInput(input.Tags);
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:TagResource", { context: requestTagContext(tags) });
  checkTags(tags, await tagsOf(ctx.tx, scopeOf(ctx), secret.arn));
  await putTags(ctx.tx, scopeOf(ctx), secret.arn, tags);
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { lastChangedAt: ctx.now.getTime(), tagsSet: true });
  return {};
}

export async function untagResource(ctx: WriteContext, input: Input): Promise<Output> {
  const keys = Array.isArray(input.TagKeys) ? input.TagKeys.filter((k): k is string => typeof k === "string") : [];
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:UntagResource", { context: { "aws:TagKeys": keys } });
  await deleteTags(ctx.tx, scopeOf(ctx), secret.arn, keys);
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { lastChangedAt: ctx.now.getTime(), tagsSet: true });
  return {};
}

export async function getResourcePolicy(ctx: OperationContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:GetResourcePolicy", { deleted: "allow", replica: "allow" });
  return { ARN: secret.arn, Name: secret.name, ...(secret.resourcePolicy !== undefined ? { ResourcePolicy: secret.resourcePolicy } : {}) };
}

/** A statement that allows everyone (Principal "*" or {"AWS": "*"}) without conditions: "broad access". */
function isPublic(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.effect === "Allow" && s.conditions.length === 0 && (s.principal?.wildcard === true || (s.principal?.aws ?? []).includes("*")));
}

function parseResourcePolicy(text: string): PolicyDocument {
  const parsed = parsePolicyDocument(text, "resource");
  if ("error" in parsed) throw malformedPolicy();
  return parsed.document;
}

export async function putResourcePolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:PutResourcePolicy", {
    context: { "secretsmanager:BlockPublicPolicy": input.BlockPublicPolicy === true },
  });
  const text = str(input.ResourcePolicy);
  const doc = parseResourcePolicy(text);
  if (input.BlockPublicPolicy === true && isPublic(doc)) throw publicPolicy();
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { resourcePolicy: text, lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn, Name: secret.name };
}

export async function deleteResourcePolicy(ctx: WriteContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:DeleteResourcePolicy");
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { resourcePolicy: null, lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn, Name: secret.name };
}

/**
 * ValidateResourcePolicy needs secretsmanager:PutResourcePolicy as well as its own action ("Required permissions:
 * secretsmanager:ValidateResourcePolicy and secretsmanager:PutResourcePolicy", botocore model / API reference).
 */
const VALIDATE_ACTIONS = ["secretsmanager:ValidateResourcePolicy", "secretsmanager:PutResourcePolicy"] as const;

/** Checks a policy without storing it: grammar problems come back as ValidationErrors, not as an error. */
export async function validateResourcePolicy(ctx: OperationContext, input: Input): Promise<Output> {
  if (input.SecretId !== undefined) {
    const secret = await findSecret(ctx, str(input.SecretId));
    if (!secret) {
      for (const action of VALIDATE_ACTIONS) await ctx.authorize(action, guessArn(scopeOf(ctx), str(input.SecretId)));
      throw secretNotFound();
    }
    noteResource(ctx, secret.arn);
    for (const action of VALIDATE_ACTIONS) await authorizeOn(ctx, action, secret);
  } else {
    for (const action of VALIDATE_ACTIONS) await ctx.authorize(action, "*");
  }
  const parsed = parsePolicyDocument(str(input.ResourcePolicy), "resource");
  if ("error" in parsed) {
    return { PolicyValidationPassed: false, ValidationErrors: [{ CheckName: "POLICY_SYNTAX", ErrorMessage: POLICY_SYNTAX_ERROR }] };
  }
  return { PolicyValidationPassed: true, ValidationErrors: [] };
}
