// Audit records for what the rotation machinery does on its own (AWS's RotationStarted / RotationSucceeded /
// RotationFailed / RotationAbandoned service events), written through the ordinary audit sink.
import { newAuditNotes } from "../../../server/context.js";
import { SECRET_RESOURCE_TYPE, type Scope } from "../names.js";
import { rotationPrincipal, serviceRequest, type ServiceCallDeps } from "./service-api.js";

export type RotationEventName = "RotationStarted" | "RotationSucceeded" | "RotationFailed" | "RotationAbandoned" | "RotationSkipped";

export interface RotationFacts {
  readonly scope: Scope;
  readonly arn: string;
  readonly token?: string;
  readonly lambdaArn?: string;
  readonly details?: Record<string, unknown>;
}

/** Records one service event; an audit failure is logged, never allowed to break the rotation bookkeeping. */
export async function recordRotationEvent(deps: ServiceCallDeps & { readonly logger: { error: (o: object, m: string) => void } }, name: RotationEventName, f: RotationFacts): Promise<void> {
  const now = deps.clock();
  const notes = newAuditNotes();
  notes.resources.push({ ARN: f.arn, accountId: f.scope.accountId, type: SECRET_RESOURCE_TYPE });
  notes.requestParameters = { secretId: f.arn, ...(f.token ? { clientRequestToken: f.token } : {}), ...(f.lambdaArn ? { rotationLambdaARN: f.lambdaArn } : {}) };
  notes.responseElements = null;
  notes.additionalEventData = { eventType: "AwsServiceEvent", invokedBy: "secretsmanager.amazonaws.com", ...(f.details ?? {}) };
  try {
    await deps.audit().record({
      service: deps.definition(),
      operation: name,
      request: serviceRequest(now),
      accountId: f.scope.accountId,
      region: f.scope.region,
      principal: rotationPrincipal(f.scope.accountId, "secretsmanager", now),
      notes,
      readOnly: false,
    });
  } catch (e) {
    deps.logger.error({ event: name, secret: f.arn, err: e instanceof Error ? e.message : String(e) }, "rotation audit record could not be written");
  }
}
