// CloudTrail LookupEvents errors. CloudTrail's error shapes have no modelled members: the message goes
// out as `Message` (protocol.md §2.3). Texts are unverified against AWS (cloudtrail.md §5) except
// where a CloudTrail-compatible service's error table gives a wording (marked below).
import { serviceError, type ServiceError } from "../../protocol/errors.js";

const ct = (code: string, message: string, status = 400): ServiceError => serviceError(code, message, { status, messageField: "Message" });

export const tooManyLookupAttributes = (): ServiceError =>
  ct("InvalidLookupAttributesException", "You can specify only one lookup attribute.");
// These two texts follow a CloudTrail-compatible service's table (likely AWS's own wording).
export const invalidLookupAttributeKey = (_key: string): ServiceError =>
  ct("InvalidLookupAttributesException", "Lookup attribute key is not valid.");
export const invalidLookupAttributeValue = (): ServiceError =>
  ct("InvalidLookupAttributesException", "Lookup attribute value is not valid.");
export const invalidTimeRange = (): ServiceError =>
  ct("InvalidTimeRangeException", "The start time must be earlier than or equal to the end time.");
// Wording from the same table.
export const invalidMaxResults = (value: number): ServiceError =>
  ct("InvalidMaxResultsException", `A max results value of ${value} is invalid. Specify max results between 1 and 50.`);
export const invalidNextToken = (): ServiceError =>
  ct("InvalidNextTokenException", "The NextToken is not valid. Pass the token with the same parameters as the request that returned it.");
export const invalidEventCategory = (value: string): ServiceError =>
  ct("InvalidEventCategoryException", `Event category ${value} is not valid. The only valid event category is insight.`);
export const internalFailure = (requestId: string): ServiceError =>
  ct("InternalFailure", `An internal error occurred. Request id: ${requestId}`, 500);
