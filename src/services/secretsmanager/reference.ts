// Parameter Store's `/aws/reference/secretsmanager/<secret-id>[:<selector>]` (ssm.md §11): GetSecretValue for the
// caller (secretsmanager:GetSecretValue + kms:Decrypt through ctx.authorize), null when nothing is there.
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext } from "../../server/context.js";
import type { SecretsReference, SecretReferenceValue } from "../ssm/secrets-reference.js";
import { findSecret, scopeOf } from "./access.js";
import { EVENT_SOURCE, SECRET_RESOURCE_TYPE } from "./names.js";
import { readValue } from "./read-value.js";
import type { SmRuntime } from "./runtime.js";
import { getVersion, stagesOf } from "./store-versions.js";

/** Codes that mean "no such secret, version or label" (SSM answers ParameterNotFound), not a refusal. */
const ABSENT = new Set(["ResourceNotFoundException", "InvalidRequestException", "ValidationException"]);

/** A selector is a version id when such a version exists, otherwise a staging label. */
async function selection(ctx: OperationContext, secretId: string, selector: string | undefined): Promise<{ versionId?: string; stage?: string }> {
  if (selector === undefined) return {};
  const secret = await findSecret(ctx, secretId);
  if (secret && (await getVersion(ctx.tx, scopeOf(ctx), secret.arn, selector))) return { versionId: selector };
  return { stage: selector };
}

export function secretsReference(rt: SmRuntime): SecretsReference {
  return {
    async getSecretForParameter(ctx, req): Promise<SecretReferenceValue | null> {
      try {
        const sel = await selection(ctx, req.secretId, req.selector);
        const r = await readValue(ctx, rt, req.secretId, sel.versionId, sel.stage);
        ctx.audit.related.push({
          eventSource: EVENT_SOURCE,
          eventName: "GetSecretValue",
          requestParameters: { secretId: req.secretId, ...(sel.versionId ? { versionId: sel.versionId } : {}), ...(sel.stage ? { versionStage: sel.stage } : {}) },
          resources: [{ ARN: r.secret.arn, accountId: ctx.accountId, type: SECRET_RESOURCE_TYPE }],
        });
        const all = await stagesOf(ctx.tx, scopeOf(ctx), r.secret.arn);
        return {
          arn: r.secret.arn,
          name: r.secret.name,
          versionId: r.version.versionId,
          ...(r.value.kind === "string" ? { secretString: r.value.text } : { secretBinary: r.value.bytes }),
          versionStages: r.stages,
          createdDate: new Date(r.version.createdAt),
          versionIdsToStages: Object.fromEntries(all),
        };
      } catch (e) {
        if (isServiceError(e) && ABSENT.has(e.code)) return null;
        throw e;
      }
    },
  };
}
