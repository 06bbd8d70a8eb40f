// KMS errors with AWS's exact texts (kms.md §1, §4, §11). All KMS shapes carry `message`.
import { serviceError, type ServiceError } from "../../protocol/errors.js";

/** AWS quotes the value (recorded responses, e.g. `Invalid keyId 'fake-key-id'`). */
export const invalidKeyId = (raw: string): ServiceError => serviceError("NotFoundException", `Invalid keyId '${raw}'`);
/** A key ARN naming another Region (recorded from AWS). */
export const invalidArnRegion = (region: string): ServiceError => serviceError("NotFoundException", `Invalid arn ${region}`);
export const keyDoesNotExist = (arn: string): ServiceError => serviceError("NotFoundException", `Key '${arn}' does not exist`);
export const aliasNotFound = (aliasArn: string): ServiceError => serviceError("NotFoundException", `Alias ${aliasArn} is not found.`);
export const noSuchPolicy = (): ServiceError => serviceError("NotFoundException", "No such policy exists");

export const disabled = (arn: string): ServiceError => serviceError("DisabledException", `${arn} is disabled.`);
export const pendingDeletion = (arn: string): ServiceError => serviceError("KMSInvalidStateException", `${arn} is pending deletion.`);
export const notPendingDeletion = (arn: string): ServiceError => serviceError("KMSInvalidStateException", `${arn} is not pending deletion.`);

/** Never says which check failed (kms.md §5.2). */
export const invalidCiphertext = (): ServiceError => serviceError("InvalidCiphertextException", "");
export const incorrectKey = (): ServiceError =>
  serviceError("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
/** Ciphertext naming a key that is not here: deliberately the same as "not allowed" (kms.md §5.2). */
export const ciphertextKeyUnknown = (): ServiceError =>
  serviceError(
    "AccessDeniedException",
    "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
  );

export const aliasExists = (aliasArn: string): ServiceError =>
  serviceError("AlreadyExistsException", `An alias with the name ${aliasArn} already exists`);
export const notAuthorized = (): ServiceError => serviceError("NotAuthorizedException", "");

/** An alias name without the `alias/` prefix (recorded from AWS CreateAlias). */
export const aliasPrefixRequired = (): ServiceError =>
  serviceError(
    "ValidationException",
    'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
  );
export const aliasInvalidCharacters = (name: string): ServiceError =>
  serviceError("ValidationException", `${name} contains invalid characters for an alias`);
export const aliasTargetIsAlias = (): ServiceError => serviceError("ValidationException", "Aliases must refer to keys. Not aliases");
export const numberOfBytesOrKeySpec = (): ServiceError =>
  serviceError("ValidationException", "Please specify either number of bytes or key spec.");
export const numberOfBytesRequired = (): ServiceError => serviceError("ValidationException", "NumberOfBytes is required.");
export const validation = (message: string): ServiceError => serviceError("ValidationException", message);

export const limitExceeded = (message: string): ServiceError => serviceError("LimitExceededException", message);
export const malformedPolicy = (message: string): ServiceError => serviceError("MalformedPolicyDocumentException", message);
export const unsupported = (message: string): ServiceError => serviceError("UnsupportedOperationException", message);
export const invalidKeyUsage = (message: string): ServiceError => serviceError("InvalidKeyUsageException", message);
export const tagException = (message: string): ServiceError => serviceError("TagException", message);
export const conflict = (message: string): ServiceError => serviceError("ConflictException", message);
export const invalidMarker = (): ServiceError => serviceError("InvalidMarkerException", "Invalid marker");
export const dryRun = (): ServiceError =>
  serviceError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");

/** AccessDenied as the key policy of an AWS managed key would give it (kms.md §6). */
export const managedKeyDenied = (principalArn: string, action: string, arn: string): ServiceError =>
  serviceError(
    "AccessDeniedException",
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
  );

export const kmsInternal = (requestId: string): ServiceError =>
  serviceError("KMSInternalException", `An internal error occurred. Request id: ${requestId}`, { status: 500 });
