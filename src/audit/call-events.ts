// PURE: the records one pipeline call produces — the related calls a service made for the caller
// (KMS Decrypt for an SSM read …), then the call itself. Ids come from the injected generator.
import type { CallRecord } from "./sink.js";
import { apiCallRecord, isReadOnlyEvent, relatedRecord, serviceEventRecord, toJsonObject, type CloudTrailRecord, type JsonObject } from "./event.js";
import { requestParameters, responseElements, scrubMessage, SECRET_MEMBERS } from "./redact.js";

const SECRET_KEYS = new Set([...SECRET_MEMBERS].map((m) => m.toLowerCase()));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

/**
 * Service-supplied overrides are plain objects: drop any key named like a secret member, at any depth,
 * and remember the strings dropped so no error message can carry them either.
 */
function withoutSecretKeys(value: Readonly<Record<string, unknown>>, dropped: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(k.toLowerCase())) {
      if (typeof v === "string" && v !== "") dropped.push(v);
      continue;
    }
    out[k] = isRecord(v) ? withoutSecretKeys(v, dropped) : v;
  }
  return out;
}

function requestElements(call: CallRecord, secrets: string[]): JsonObject | null {
  const { model } = call.service;
  // Redaction still runs when a service overrides, to learn which secret strings to scrub from messages.
  const redacted = requestParameters(model, call.operation, call.input, { placeholder: call.service.name === "ssm" });
  secrets.push(...redacted.secrets);
  const override = call.notes.requestParameters;
  return override === undefined ? redacted.value : toJsonObject(withoutSecretKeys(override, secrets));
}

function resultElements(call: CallRecord, secrets: string[]): JsonObject | null {
  if (call.error || isReadOnlyEvent(call.operation)) return null;
  const override = call.notes.responseElements;
  if (override !== undefined) return override === null ? null : toJsonObject(withoutSecretKeys(override, secrets));
  return responseElements(call.service.model, call.operation, call.output).value;
}

const isServiceEvent = (call: CallRecord): boolean =>
  call.serviceEvent === true || (call.principal === undefined && !call.error && call.request.sourceIp === call.service.eventSource);

/**
 * A service event has no request, so its `input` carries the event's own facts instead (build it with
 * serviceEventInput). Who acted defaults to the request's source: the service's DNS name.
 */
export interface ServiceEventInput {
  /** "AWS Internal" in KMS's service events; Secrets Manager's name the service itself (the default). */
  readonly invokedBy?: string;
  readonly serviceEventDetails?: Readonly<Record<string, unknown>>;
  readonly errorMessage?: string;
  /** Written as requestID when AWS writes one (Secrets Manager's rotation events); absent otherwise. */
  readonly requestId?: string;
}

export const serviceEventInput = (facts: ServiceEventInput): Record<string, unknown> => ({ ...facts });

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function serviceEventFor(call: CallRecord, now: Date, newId: () => string): CloudTrailRecord {
  const input = call.input ?? {};
  const details = input["serviceEventDetails"];
  const extra = call.notes.additionalEventData;
  const response = call.notes.responseElements;
  return serviceEventRecord({
    eventSource: call.service.eventSource, eventName: call.operation, accountId: call.accountId, region: call.region,
    invokedBy: text(input["invokedBy"]) ?? call.request.sourceIp,
    resources: call.notes.resources,
    errorMessage: text(input["errorMessage"]),
    responseElements: response ? toJsonObject(withoutSecretKeys(response, [])) : null,
    additionalEventData: extra ? toJsonObject(withoutSecretKeys(extra, [])) : undefined,
    requestId: text(input["requestId"]),
    serviceEventDetails: isRecord(details) ? toJsonObject(withoutSecretKeys(details, [])) : undefined,
  }, newId(), now);
}

/** Every record for one call, oldest first (related calls happened during the call). Hot path: no spreads. */
export function recordsForCall(call: CallRecord, now: Date, newId: () => string): CloudTrailRecord[] {
  if (isServiceEvent(call)) return [serviceEventFor(call, now, newId)];
  const secrets: string[] = [];
  const requestParams = requestElements(call, secrets);
  const responseParams = resultElements(call, secrets);
  const out: CloudTrailRecord[] = [];
  const notes = call.notes;
  if (notes.related.length > 0) {
    // Secrets of every part are gathered before any message is scrubbed.
    const related = notes.related.map((r) => ({ r, params: withoutSecretKeys(r.requestParameters, secrets) }));
    const who = { accountId: call.accountId, region: call.region, request: call.request, principal: call.principal };
    for (const { r, params } of related) {
      const errorMessage = r.errorMessage === undefined ? undefined : scrubMessage(r.errorMessage, secrets);
      const rel = { eventSource: r.eventSource, eventName: r.eventName, requestParameters: params, resources: r.resources, errorCode: r.errorCode, errorMessage };
      out.push(relatedRecord(who, rel, call.service.eventSource, { eventId: newId(), requestId: newId() }, now));
    }
  }
  const err = call.error;
  out.push(apiCallRecord({
    accountId: call.accountId,
    region: call.region,
    request: call.request,
    principal: call.principal,
    additionalEventData: notes.additionalEventData ? toJsonObject(notes.additionalEventData) : undefined,
    eventSource: call.service.eventSource,
    eventName: call.operation,
    requestParameters: requestParams,
    responseElements: responseParams,
    error: err ? { code: err.code, message: scrubMessage(err.message, secrets) } : undefined,
    resources: notes.resources,
  }, { eventId: newId(), requestId: call.request.requestId }, now));
  return out;
}
