// DescribeSecret and ListSecretVersionIds (secretsmanager.md §2.6, §2.8): metadata only, also for secrets
// marked for deletion (that is how callers see DeletedDate).
import type { OperationContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { requireSecret, scopeOf } from "./access.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { tagsOf } from "./store.js";
import { hasValue, listVersions, stagesOf } from "./store-versions.js";
import { replicaLastAccess } from "./replication.js";
import { describeView } from "./view.js";

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const DEFAULT_MAX = 100;
/** What ListSecretVersionIds names the AWS managed key by (as AWS prints it). */
const DEFAULT_KEY_NAME = "DefaultEncryptionKey";

export async function describeSecret(ctx: OperationContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:DescribeSecret", { deleted: "allow", replica: "allow" });
  const scope = scopeOf(ctx);
  return describeView(secret, await tagsOf(ctx.tx, scope, secret.arn), await stagesOf(ctx.tx, scope, secret.arn), await replicaLastAccess(ctx, secret));
}

export async function listSecretVersionIds(ctx: OperationContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:ListSecretVersionIds", { deleted: "allow", replica: "allow" });
  const scope = scopeOf(ctx);
  const stages = await stagesOf(ctx.tx, scope, secret.arn);
  const versions = (await listVersions(ctx.tx, scope, secret.arn)).filter((v) => input.IncludeDeprecated === true || stages.has(v.versionId));
  const offset = decodePageToken(typeof input.NextToken === "string" ? input.NextToken : undefined);
  const max = typeof input.MaxResults === "number" ? input.MaxResults : DEFAULT_MAX;
  const page = versions.slice(offset, offset + max);
  return {
    Versions: page.map((v) => ({
      VersionId: v.versionId,
      ...(stages.has(v.versionId) ? { VersionStages: stages.get(v.versionId) } : {}),
      ...(v.lastAccessedAt !== undefined ? { LastAccessedDate: new Date(v.lastAccessedAt) } : {}),
      CreatedDate: new Date(v.createdAt),
      // A version a rotation staged but has not filled yet is encrypted under no key.
      ...(hasValue(v) ? { KmsKeyIds: [v.isDefaultKey ? DEFAULT_KEY_NAME : v.kmsKeyArn] } : {}),
    })),
    ...(offset + max < versions.length ? { NextToken: encodePageToken(offset + max) } : {}),
    ARN: secret.arn,
    Name: secret.name,
  };
}
