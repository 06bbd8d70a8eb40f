// KMS's own CloudTrail events (eventType AwsServiceEvent): RotateKey (automatic and on demand) and DeleteKey at
// the end of a deletion window, recorded in the transaction of the change they report.
import { randomUUID } from "node:crypto";
import { serviceEventInput } from "../../audit/call-events.js";
import type { AuditSink } from "../../audit/sink.js";
import { newAuditNotes, type AuditResource } from "../../server/context.js";
import type { WriteTx } from "../../storage/types.js";
import type { ServiceDefinition } from "../types.js";
import type { KmsRuntime } from "./runtime.js";
import type { KmsKey } from "./store.js";

/** A service-generated CloudTrail event (eventType AwsServiceEvent, cloudtrail.md §4). */
export interface KmsServiceEvent {
  readonly accountId: string;
  readonly region: string;
  readonly eventName: "RotateKey" | "DeleteKey";
  readonly eventTime: Date;
  readonly resources: readonly AuditResource[];
  readonly responseElements: Readonly<Record<string, unknown>> | null;
  readonly serviceEventDetails?: Readonly<Record<string, unknown>>;
}

/** Written in the job's transaction, so the change and its record commit together. */
export type ServiceEventRecorder = (tx: WriteTx, event: KmsServiceEvent) => Promise<void>;

/** Who KMS's own events name as actor, source and user agent (the developer guide's RotateKey / DeleteKey examples). */
const AWS_INTERNAL = "AWS Internal";

/**
 * Records a service event through the ordinary audit sink, as AWS logs them: no caller and no request,
 * "AWS Internal" as actor, the key in resources, and no requestID.
 */
export function serviceEventRecorder(audit: () => AuditSink, service: ServiceDefinition): ServiceEventRecorder {
  return async (tx, e) => {
    const notes = newAuditNotes();
    notes.resources.push(...e.resources);
    notes.responseElements = e.responseElements;
    const input = serviceEventInput({ invokedBy: AWS_INTERNAL, ...(e.serviceEventDetails ? { serviceEventDetails: e.serviceEventDetails } : {}) });
    const request = { requestId: randomUUID(), receivedAt: e.eventTime, sourceIp: AWS_INTERNAL, userAgent: AWS_INTERNAL, isTls: false };
    await audit().recordInTx(tx, { service, operation: e.eventName, request, input, accountId: e.accountId, region: e.region, notes, readOnly: false, serviceEvent: true });
  };
}

/**
 * The two events as the KMS developer guide shows them today. RotateKey (eventVersion 1.11 example):
 * responseElements null, serviceEventDetails {rotationType, keyOrigin, previousKeyMaterialId,
 * currentKeyMaterialId, keyId (bare id)}. DeleteKey: no serviceEventDetails; "entries recorded on or after
 * December 2022 include the key ARN ... in the responseElements.keyId value".
 */
export function rotateKeyEvent(key: KmsKey, rotationType: "AUTOMATIC" | "ON_DEMAND", previousMaterialId: string | undefined, currentMaterialId: string | undefined, at: Date): KmsServiceEvent {
  const serviceEventDetails: Record<string, unknown> = { rotationType, keyOrigin: key.origin };
  if (previousMaterialId !== undefined) serviceEventDetails.previousKeyMaterialId = previousMaterialId;
  if (currentMaterialId !== undefined) serviceEventDetails.currentKeyMaterialId = currentMaterialId;
  serviceEventDetails.keyId = key.keyId;
  return { ...eventBase(key, at), eventName: "RotateKey", responseElements: null, serviceEventDetails };
}

export function deleteKeyEvent(key: KmsKey, at: Date): KmsServiceEvent {
  return { ...eventBase(key, at), eventName: "DeleteKey", responseElements: { keyId: key.arn } };
}

const eventBase = (key: KmsKey, at: Date) => ({
  accountId: key.accountId, region: key.region, eventTime: at,
  resources: [{ accountId: key.accountId, type: "AWS::KMS::Key", ARN: key.arn }],
});

export type EmitServiceEvent = (tx: WriteTx, event: KmsServiceEvent) => Promise<void>;

/** Records through the audit sink, or (no trail configured) only logs the event. */
export function serviceEventEmitter(rt: Pick<KmsRuntime, "logger">, record: ServiceEventRecorder | undefined): EmitServiceEvent {
  return async (tx, event) => {
    if (record) await record(tx, event);
    else rt.logger.info({ event: event.eventName, key: event.resources[0]?.ARN }, "kms service event");
  };
}
