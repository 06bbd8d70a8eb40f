// SSM's AWS-visible errors with AWS's exact texts (ssm.md; message member per protocol.md §2.3).
import { serviceError, type ServiceError } from "../../protocol/errors.js";
import { GENERIC_NAME_MESSAGE, MAX_ARN_LENGTH, PATH_MESSAGE, RESERVED_ROOT_MESSAGE, type NameProblem } from "./names.js";

/** Shapes whose modelled message member is lower-case `message` (and the unmodelled ones, which AWS sends that way). */
const lower = (code: string, message: string): ServiceError => serviceError(code, message, { status: 400, messageField: "message" });
/** Shapes modelled with `Message`: ValidationException, AccessDeniedException, InternalServerError, InvalidFilterValue, InvalidNextToken, TooManyUpdates. */
const upper = (code: string, message: string, status = 400): ServiceError => serviceError(code, message, { status, messageField: "Message" });

export const validation = (message: string): ServiceError => upper("ValidationException", message);
export const internalServerError = (requestId: string): ServiceError =>
  upper("InternalServerError", `An internal error occurred. Request id: ${requestId}`, 500);
export const invalidNextToken = (): ServiceError => upper("InvalidNextToken", "The specified token isn't valid.");
export const tooManyUpdates = (): ServiceError =>
  upper("TooManyUpdates", "There are concurrent updates for a resource that supports one update at a time.");

export const parameterNotFound = (name: string): ServiceError => lower("ParameterNotFound", `Parameter ${name} not found.`);
export const referenceNotFound = (path: string): ServiceError =>
  lower("ParameterNotFound", `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${path} not found.`);
export const parameterVersionNotFound = (version: number | string, name: string): ServiceError =>
  lower("ParameterVersionNotFound", `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
export const parameterAlreadyExists = (): ServiceError =>
  lower("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
export const parameterMaxVersionLimitExceeded = (name: string, oldest: number): ServiceError =>
  lower(
    "ParameterMaxVersionLimitExceeded",
    `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
  );
export const standardLimitExceeded = (limit: number): ServiceError =>
  lower(
    "ParameterLimitExceeded",
    `You have reached the maximum number of standard parameters for this AWS account and Region (${limit}). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).`,
  );
export const advancedLimitExceeded = (limit: number): ServiceError =>
  lower(
    "ParameterLimitExceeded",
    `You have reached the maximum number of advanced parameters for this AWS account and Region (${limit}). To add more parameters, delete existing advanced parameters.`,
  );
export const labelLimitExceeded = (): ServiceError =>
  lower(
    "ParameterVersionLabelLimitExceeded",
    "An error occurred (ParameterVersionLabelLimitExceeded) when calling the LabelParameterVersion operation: A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.",
  );
export const hierarchyLevelLimitExceeded = (): ServiceError =>
  lower(
    "HierarchyLevelLimitExceededException",
    "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.",
  );
export const invalidAllowedPattern = (): ServiceError =>
  lower("InvalidAllowedPatternException", "The request doesn't meet the regular expression requirement.");
/** Ours, not AWS's: an AllowedPattern whose match did not finish in time (allowed-pattern.ts says why). */
export const patternTooComplex = (pattern: string, limitMs: number): ServiceError =>
  validation(`AllowedPattern ${pattern} is too complex: matching it against the value did not finish within ${limitMs} ms. Simplify the pattern.`);
/** Never quotes the value (cloudtrail.md §3: no secret in error messages). */
export const parameterPatternMismatch = (pattern: string): ServiceError =>
  lower("ParameterPatternMismatchException", `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
export const invalidKeyId = (message: string): ServiceError => lower("InvalidKeyId", message);
/**
 * SSM's model gives AccessDeniedException a `Message` member, and AWS's JSON services send it that way
 * (`{"__type":"AccessDeniedException","Message":"User: ... is not authorized ..."}`, recorded from EMR).
 */
export const accessDenied = (message: string): ServiceError => upper("AccessDeniedException", message);

export const policyType = (): ServiceError =>
  lower(
    "InvalidPolicyTypeException",
    "The policy type isn't supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.",
  );
export const policyAttribute = (): ServiceError => lower("InvalidPolicyAttributeException", "A policy attribute or its value is invalid.");
export const incompatiblePolicy = (): ServiceError =>
  lower(
    "IncompatiblePolicyException",
    "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again.",
  );
export const policiesLimitExceeded = (): ServiceError =>
  lower("PoliciesLimitExceededException", "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.");

export const invalidFilterKey = (message: string): ServiceError => lower("InvalidFilterKey", message);
export const invalidFilterOption = (message: string): ServiceError => lower("InvalidFilterOption", message);
export const invalidFilterValue = (message: string): ServiceError => upper("InvalidFilterValue", message);
export const invalidResourceId = (): ServiceError => lower("InvalidResourceId", "Invalid Resource Id");
export const invalidResourceType = (): ServiceError => lower("InvalidResourceType", "Invalid Resource Type");
export const tooManyTags = (): ServiceError => lower("TooManyTagsError", "You can't add more than 50 tags to a resource.");
export const serviceSettingNotFound = (id: string): ServiceError =>
  upper(
    "ServiceSettingNotFound",
    `The specified service setting wasn't found. Either the service name or the setting hasn't been provisioned by the Amazon Web Services service team. SettingId: ${id}`,
  );

// PutParameter texts (ssm.md §3, §4, §5, §6.1).
export const TAGS_WITH_OVERWRITE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";
/** The model gives Value no minimum, so this model-style text is ours to send (moto's wording, ssm.md §13). */
export const EMPTY_VALUE = "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.";
export const TYPE_REQUIRED = "A parameter type is required when you create a parameter.";
export const STANDARD_TOO_LARGE =
  "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html";
export const ADVANCED_TOO_LARGE = "Advanced tier parameters support a maximum parameter value of 8192 characters.";
export const NO_DOWNGRADE =
  "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. Be aware that standard parameters have a value limit of 4096 characters.";
export const POLICIES_NEED_ADVANCED =
  "Parameter policies are supported only for the advanced-parameter tier. To use parameter policies, upgrade the parameter to the advanced-parameter tier or use the Intelligent-Tiering option.";
export const unsupportedDataType = (dataType: string): string =>
  `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`;
export const EC2_IMAGE_NEEDS_STRING = "The aws:ec2:image data type is supported only for parameters of type String.";
export const EC2_IMAGE_FORMAT =
  "The parameter value isn't a valid Amazon Machine Image (AMI) ID. AMI IDs have the format ami-0123456789abcdef0.";
export const RESERVED_TAG_KEY = "Tag keys can't be prefixed with \"aws:\" (case-insensitive); that prefix is reserved for AWS use.";
export const FILTERS_EXCLUSIVE = "You can use either Filters or ParameterFilters in a single request.";
export const COMMON_PATH_FILTER =
  `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.`;
export const REFERENCE_NEEDS_DECRYPTION = "WithDecryption flag must be True for retrieving a Secret Manager secret.";

export const invalidPath = (): ServiceError => validation(PATH_MESSAGE);
export const invalidName = (): ServiceError => validation(GENERIC_NAME_MESSAGE);

/** A PutParameter name rule broken (ssm.md §2). */
export function nameProblemError(problem: NameProblem): ServiceError {
  switch (problem.kind) {
    case "invalid":
      return validation(GENERIC_NAME_MESSAGE);
    case "reserved-root":
      return validation(RESERVED_ROOT_MESSAGE);
    case "reserved-aws":
      return accessDenied(`No access to reserved parameter name: ${problem.name}.`);
    case "too-deep":
      return hierarchyLevelLimitExceeded();
    case "too-long":
      return validation(
        `Parameter name: can't be longer than ${MAX_ARN_LENGTH} characters including the ARN prefix (arn:aws:ssm:<region>:<account-id>:parameter/).`,
      );
  }
}
