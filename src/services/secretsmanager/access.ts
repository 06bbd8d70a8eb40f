// Finds the secret a SecretId names and authorises the call on its ARN, with the secret's resource policy and
// condition keys (iam.md §6.3). A missing secret is authorised on the ARN it would have, so callers without
// permission learn nothing about existence.
import type { AuthzOptions, OperationContext } from "../../server/context.js";
import { invalidName, markedForDeletion, replicaOperation, secretNotFound } from "./errors.js";
import { guessArn, secretLookup, SECRET_RESOURCE_TYPE, type Scope } from "./names.js";
import { secretByArn, secretByName, tagsFor } from "./read-cache.js";
import type { SecretRow, Tag } from "./store.js";

type ContextValues = NonNullable<AuthzOptions["context"]>;

export const scopeOf = (ctx: OperationContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

/** The secret named by `secretId` (full ARN, partial ARN or name), or undefined. Invalid names are a ValidationException. */
export async function findSecret(ctx: OperationContext, secretId: string): Promise<SecretRow | undefined> {
  const { lookup, problem } = secretLookup(scopeOf(ctx), secretId);
  if (problem) throw invalidName();
  if (lookup.arn !== undefined) {
    const byArn = await secretByArn(ctx.tx, scopeOf(ctx), lookup.arn);
    if (byArn) return byArn;
  }
  return lookup.name !== undefined ? secretByName(ctx.tx, scopeOf(ctx), lookup.name) : undefined;
}

/** Condition keys every check on an existing secret carries. */
export function secretContext(secret: SecretRow, tags: readonly Tag[]): ContextValues {
  const out: Record<string, string | string[] | boolean | number | undefined> = {
    "secretsmanager:SecretId": secret.arn,
    "secretsmanager:resource/AllowRotationLambdaArn": secret.rotationLambdaArn,
  };
  for (const t of tags) {
    out[`aws:ResourceTag/${t.Key}`] = t.Value;
    out[`secretsmanager:ResourceTag/${t.Key}`] = t.Value;
  }
  return out;
}

export async function authorizeOn(ctx: OperationContext, action: string, secret: SecretRow, extra: ContextValues = {}): Promise<void> {
  // A never-tagged secret has no tags (schema.ts, tags_set): no query for its resource-tag condition keys.
  const tags = secret.tagsSet === true ? await tagsFor(ctx.tx, scopeOf(ctx), secret.arn) : [];
  const opts: AuthzOptions = {
    context: { ...secretContext(secret, tags), ...extra },
    ...(secret.resourcePolicy !== undefined ? { resourcePolicy: { kind: "generic", document: secret.resourcePolicy } } : {}),
  };
  await ctx.authorize(action, secret.arn, opts);
}

export function noteResource(ctx: OperationContext, arn: string): void {
  if (!ctx.audit.resources.some((r) => r.ARN === arn)) {
    ctx.audit.resources.push({ ARN: arn, accountId: ctx.accountId, type: SECRET_RESOURCE_TYPE });
  }
}

export interface RequireOptions {
  /** Extra condition keys (secretsmanager:VersionStage …). */
  readonly context?: ContextValues;
  /** Refuse secrets marked for deletion with this error (default: the AWS "marked for deletion" text). */
  readonly deleted?: "refuse" | "allow" | (() => Error);
  /** Reads pass "allow"; everything else is refused on a replica (changes are made on the primary only). */
  readonly replica?: "refuse" | "allow";
}

/** Resolves, authorises `secretsmanager:<action>`, and (unless allowed) refuses a secret marked for deletion. */
export async function requireSecret(ctx: OperationContext, secretId: string, action: string, opts: RequireOptions = {}): Promise<SecretRow> {
  const secret = await findSecret(ctx, secretId);
  if (!secret) {
    await ctx.authorize(action, guessArn(scopeOf(ctx), secretId), { context: opts.context ?? {} });
    throw secretNotFound();
  }
  noteResource(ctx, secret.arn);
  await authorizeOn(ctx, action, secret, opts.context);
  const deleted = opts.deleted ?? "refuse";
  if (secret.primaryRegion !== undefined && opts.replica !== "allow") throw replicaOperation();
  if (secret.deletedAt !== undefined && deleted !== "allow") throw deleted === "refuse" ? markedForDeletion() : deleted();
  return secret;
}
