// CloudTrail service definition (JSON 1.1, target prefix com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101):
// LookupEvents over the audit trail, authorised by cloudtrail:LookupEvents on "*" (iam.md §6.4).
import { cloudTrailModel } from "../../protocol/models/cloudtrail.js";
import type { ServiceModel, Shape } from "../../protocol/model-types.js";
import type { ServiceDefinition } from "../types.js";
import { internalFailure } from "./errors.js";
import { lookupEvents } from "./lookup-events.js";

/**
 * CloudTrail answers out-of-range MaxResults, unknown attribute keys, bad attribute values and other
 * event categories with its own exceptions (cloudtrail.md §5), not with a ValidationException: those
 * constraints are checked by lookup-events.ts, so stage 4 must not check them first.
 */
const CHECKED_BY_HANDLER: Readonly<Record<string, Shape>> = {
  MaxResults: { type: "integer" },
  LookupAttributeKey: { type: "string" },
  LookupAttributeValue: { type: "string" },
  EventCategory: { type: "string" },
};

export const cloudTrailServedModel: ServiceModel = {
  ...cloudTrailModel,
  shapes: { ...cloudTrailModel.shapes, ...CHECKED_BY_HANDLER },
};

/** `settle` writes queued read events before a lookup (the audit writer's flush). */
export function createCloudTrailService(settle: () => Promise<void> = async () => undefined): ServiceDefinition {
  return {
    name: "cloudtrail",
    model: cloudTrailServedModel,
    eventSource: "cloudtrail.amazonaws.com",
    readOperations: { LookupEvents: lookupEvents(settle) },
    writeOperations: {},
    authorization: () => [{ action: "cloudtrail:LookupEvents", resource: "*" }],
    internalError: internalFailure,
    accessDeniedCode: "AccessDeniedException",
    // botocore sends com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>, the JS SDK v3 the shape name.
    targetAliases: ["CloudTrail_20131101"],
  };
}
