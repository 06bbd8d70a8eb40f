// Audit records for what the rotation machinery does on its own (AWS's RotationStarted / RotationSucceeded /
// RotationFailed / RotationAbandoned service events), written through the ordinary audit sink.
//
// Shape as in AWS's records (a RotationSucceeded record in the AWS Database blog's multi-user rotation post,
// a RotationFailed record quoted by users): userIdentity {accountId, invokedBy: "secretsmanager.amazonaws.com"},
// that name as sourceIPAddress and userAgent, requestParameters and responseElements null,
// additionalEventData {SecretId: <secret ARN>}, requestID "Rotation-<secret ARN>-<token>", no resources;
// RotationFailed adds errorMessage "Error when executing lambda <function ARN> during <step> step" (no errorCode).
import { randomUUID } from "node:crypto";
import { serviceEventInput } from "../../../audit/call-events.js";
import { newAuditNotes } from "../../../server/context.js";
import type { Scope } from "../names.js";
import { findSecretByArn } from "../store.js";
import { serviceRequest, type ServiceCallDeps } from "./service-api.js";

export type RotationEventName = "RotationStarted" | "RotationSucceeded" | "RotationFailed" | "RotationAbandoned" | "RotationSkipped";

export interface RotationFacts {
  readonly scope: Scope;
  readonly arn: string;
  readonly token?: string;
  readonly lambdaArn?: string;
  readonly details?: Record<string, unknown>;
}

type Deps = ServiceCallDeps & { readonly logger: { error: (o: object, m: string) => void } };

/** AWS's text names the function and the step only: no reason, so nothing a rotator said (or leaked) reaches the trail. */
async function failureText(deps: Deps, f: RotationFacts): Promise<string> {
  const lambdaArn = f.lambdaArn ?? (await deps.rt.storage.read((tx) => findSecretByArn(tx, f.scope, f.arn)))?.rotationLambdaArn ?? "";
  const step = typeof f.details?.["step"] === "string" ? f.details["step"] : "createSecret";
  return `Error when executing lambda ${lambdaArn} during ${step} step`;
}

/** Records one service event; an audit failure is logged, never allowed to break the rotation bookkeeping. */
export async function recordRotationEvent(deps: Deps, name: RotationEventName, f: RotationFacts): Promise<void> {
  try {
    const notes = newAuditNotes();
    notes.responseElements = null;
    // RotationSkipped is paramstore's own event (a scheduled start found AWSPENDING taken): it keeps its reason.
    notes.additionalEventData = { SecretId: f.arn, ...(name === "RotationSkipped" && typeof f.details?.["reason"] === "string" ? { reason: f.details["reason"] } : {}) };
    const input = serviceEventInput({
      requestId: `Rotation-${f.arn}-${f.token ?? randomUUID()}`,
      ...(name === "RotationFailed" ? { errorMessage: await failureText(deps, f) } : {}),
    });
    await deps.audit().record({
      service: deps.definition(),
      operation: name,
      request: serviceRequest(deps.clock()),
      input,
      accountId: f.scope.accountId,
      region: f.scope.region,
      notes,
      readOnly: false,
      serviceEvent: true,
    });
  } catch (e) {
    deps.logger.error({ event: name, secret: f.arn, err: e instanceof Error ? e.message : String(e) }, "rotation audit record could not be written");
  }
}
