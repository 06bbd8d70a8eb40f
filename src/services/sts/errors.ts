// STS errors with AWS's texts (iam.md §10; protocol.md §5.3). Query access errors are AccessDenied / 403.
import { serviceError, type ServiceError } from "../../protocol/errors.js";

const accessDenied = (message: string): ServiceError => serviceError("AccessDenied", message, { status: 403 });
export const validationError = (message: string): ServiceError => serviceError("ValidationError", message, { status: 400 });

/** A RoleArn that is not an ARN (LocalStack snapshot recorded against AWS STS, 2025-07). */
export const roleArnInvalid = (arn: string): ServiceError => validationError(`${arn} is invalid`);
const invalidParameterValue = (message: string): ServiceError => serviceError("InvalidParameterValue", message, { status: 400 });
/** Session tag texts recorded against AWS STS (LocalStack test_sts.snapshot.json, 2025-04). */
export const duplicateSessionTagKeys = (): ServiceError =>
  invalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
export const transitiveKeyNotTagged = (): ServiceError =>
  invalidParameterValue("The specified transitive tag key must be included in the requested tags.");
/** A chained AssumeRole may not reset a tag the calling session passes on (LocalStack test_sts snapshot, AWS 2025-04). */
export const transitiveKeyConflict = (): ServiceError =>
  invalidParameterValue(
    "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
  );
export const rootCannotAssume = (): ServiceError => accessDenied("Roles may not be assumed by root accounts.");
/** One text for every refusal, so a missing role and a refusing trust policy look alike (iam.md §8). */
export const assumeRoleDenied = (principalArn: string, roleArn: string, action = "sts:AssumeRole"): ServiceError =>
  accessDenied(`User: ${principalArn} is not authorized to perform: ${action} on resource: ${roleArn}`);
export const sessionCredentialsRefused = (): ServiceError => accessDenied("Cannot call GetSessionToken with session credentials");

export const durationOverRoleMax = (): ServiceError =>
  validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
export const durationOverChainLimit = (): ServiceError =>
  validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
export const malformedPolicyDocument = (message: string): ServiceError => serviceError("MalformedPolicyDocument", message, { status: 400 });
export const packedPolicyTooLarge = (percent: number): ServiceError =>
  serviceError("PackedPolicyTooLarge", `Packed policy consumes ${percent}% of allotted space, please use smaller policy set.`, { status: 400 });
