// Secrets Manager errors with AWS's texts (secretsmanager.md). Every modelled shape carries `Message`.
import { serviceError, type ServiceError } from "../../protocol/errors.js";
import { INVALID_NAME_MESSAGE } from "./names.js";

const sm = (code: string, message: string, status = 400): ServiceError => serviceError(code, message, { status, messageField: "Message" });

export const internalServiceError = (requestId: string): ServiceError =>
  sm("InternalServiceError", `An internal error occurred. Request id: ${requestId}`, 500);

export const secretNotFound = (): ServiceError => sm("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
export const versionIdNotFound = (versionId: string): ServiceError =>
  sm("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
export const stageNotFound = (stage: string): ServiceError =>
  sm("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
/**
 * A rotation function that does not exist: AWS cannot tell a missing function from one whose policy refuses
 * secretsmanager.amazonaws.com, and answers AccessDeniedException (recorded AWS response; moto's
 * ResourceNotFoundException text is not what AWS sends).
 */
export const lambdaNotFound = (): ServiceError =>
  sm("AccessDeniedException", "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.");

export const markedForDeletion = (): ServiceError =>
  sm("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
export const alreadyMarkedDeleted = (): ServiceError =>
  sm("InvalidRequestException", "You tried to perform the operation on a secret that's currently marked deleted.");
export const nameScheduledForDeletion = (): ServiceError =>
  sm("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
export const stageVersionMismatch = (): ServiceError =>
  sm("InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId.");
/** A raw request without ClientRequestToken (SDKs always fill it in); RotateSecret sends it as InvalidParameterException (recorded AWS responses). */
const TOKEN_REQUIRED = "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
export const tokenRequired = (): ServiceError => sm("InvalidRequestException", TOKEN_REQUIRED);
export const rotationTokenRequired = (): ServiceError => sm("InvalidParameterException", TOKEN_REQUIRED);
export const valueRequired = (): ServiceError => sm("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
export const rotationInProgress = (): ServiceError => sm("InvalidRequestException", "Previous rotation request is still in progress.");
/** AWS's text (sic: "configuredand"), quoted by moto from AWS's answer to CancelRotateSecret. */
export const noRotationConfigured = (): ServiceError =>
  sm(
    "InvalidRequestException",
    "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configuredand you didn't include such an ARN as a parameter in this call.",
  );

export const secretExists = (name: string): ServiceError =>
  sm("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
export const tokenInUse = (token: string, arn: string): ServiceError =>
  sm("ResourceExistsException", `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`);

const invalidRequest = (message: string): ServiceError => sm("InvalidRequestException", message);
export const invalidParameter = (message: string): ServiceError => sm("InvalidParameterException", message);
export const bothValues = (): ServiceError =>
  invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
export const recoveryWindowRange = (): ServiceError =>
  invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
export const forceWithWindow = (): ServiceError =>
  invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
export const removeFromRequired = (stage: string, versionId: string): ServiceError =>
  invalidParameter(
    `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
  );
export const stageNotOnVersion = (stage: string, versionId: string): ServiceError =>
  invalidParameter(`Version stage ${stage} not found in version ${versionId}`);
export const notAValidVersion = (versionId: string): ServiceError => invalidParameter(`Not a valid version: ${versionId}`);
export const currentCannotBeRemoved = (): ServiceError =>
  invalidParameter("You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.");
export const passwordTooShort = (): ServiceError => invalidParameter("Password length is too short based on the required types.");
export const noCharacters = (): ServiceError =>
  invalidParameter("The password can't be generated because every character type was excluded.");
export const batchListAndFilters = (): ServiceError =>
  invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
export const batchMaxWithoutFilters = (): ServiceError =>
  invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
export const invalidReplicaRegion = (): ServiceError => invalidParameter("Invalid replica region.");
/** Any change made through a replica (observed AWS answers: cloud-nuke#435, terraform-aws-secrets-manager#188). */
export const replicaOperation = (): ServiceError =>
  invalidParameter("Operation not permitted on a replica secret. Call must be made in primary secret's region.");
/** DeleteSecret on a primary that still has replicas (observed AWS answer, cloud-nuke#435). */
export const deleteWithReplicas = (arn: string, regions: readonly string[]): ServiceError =>
  invalidParameter(`You can't delete secret ${arn} that still has replica regions [${regions.join(", ")}].`);
/** StopReplicationToReplica on a secret that is not a replica (AWS's text not recorded). */
export const notAReplica = (): ServiceError => invalidRequest("The secret is not a replica secret. Call StopReplicationToReplica in the replica's Region.");
export const reservedTagKey = (): ServiceError => invalidParameter("Tag keys can't start with the prefix aws:.");
export const tooManyTags = (): ServiceError => invalidParameter("A secret can have at most 50 tags.");

export const invalidNextToken = (): ServiceError => sm("InvalidNextTokenException", "The NextToken value is invalid.");

export const versionLimit = (): ServiceError =>
  sm("LimitExceededException", "You can't create more than 100 versions of a secret within 24 hours.");
export const stageLimit = (): ServiceError => sm("LimitExceededException", "A version of a secret can have at most 20 staging labels.");

/**
 * Secrets Manager's own text for a resource policy it cannot parse or whose grammar is wrong (not IAM's "Syntax errors
 * in policy."): AWS's user guide ("Managing a resource-based policy", Syntax Error example with Effect
 * "AllowSomething") and real PutResourcePolicy failures reported against AWS.
 */
export const POLICY_SYNTAX_ERROR = "This resource policy contains a syntax error.";
export const malformedPolicy = (): ServiceError => sm("MalformedPolicyDocumentException", POLICY_SYNTAX_ERROR);
export const publicPolicy = (): ServiceError =>
  sm("PublicPolicyException", "BlockPublicPolicy is enabled, and the resource policy grants broad access to the secret.");

export const invalidName = (): ServiceError => serviceError("ValidationException", INVALID_NAME_MESSAGE, { status: 400 });

/** KMS refused the caller (observed text for GetSecretValue and CreateSecret). */
export const kmsAccessDenied = (): ServiceError => serviceError("AccessDeniedException", "Access to KMS is not allowed", { status: 400 });
export const encryptionFailure = (): ServiceError =>
  sm(
    "EncryptionFailure",
    "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.",
  );
export const decryptionFailure = (): ServiceError =>
  sm("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
