// IAM errors with AWS's texts (iam.md §9) and the model's wire codes and statuses (protocol.md §5.3).
import { serviceError, type ServiceError } from "../../protocol/errors.js";
import { accessDeniedMessage } from "../../policy/messages.js";

export const noSuchEntity = (message: string): ServiceError => serviceError("NoSuchEntity", message, { status: 404 });
const alreadyExists = (message: string): ServiceError => serviceError("EntityAlreadyExists", message, { status: 409 });
const deleteConflict = (message: string): ServiceError => serviceError("DeleteConflict", message, { status: 409 });
export const limitExceeded = (message: string): ServiceError => serviceError("LimitExceeded", message, { status: 409 });
export const invalidInput = (message: string): ServiceError => serviceError("InvalidInput", message, { status: 400 });
export const malformedPolicyDocument = (message: string): ServiceError =>
  serviceError("MalformedPolicyDocument", message, { status: 400 });
/** Query services answer model-independent validation with `ValidationError` (protocol.md §5.4). */
export const validationError = (message: string): ServiceError => serviceError("ValidationError", message, { status: 400 });

export const noSuchUser = (name: string): ServiceError => noSuchEntity(`The user with name ${name} cannot be found.`);
export const noSuchRole = (name: string): ServiceError => noSuchEntity(`The role with name ${name} cannot be found.`);
export const noSuchGroup = (name: string): ServiceError => noSuchEntity(`The group with name ${name} cannot be found.`);
export const noSuchPolicy = (arn: string): ServiceError => noSuchEntity(`Policy ${arn} was not found.`);
export const notAttachable = (arn: string): ServiceError => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const noSuchPolicyVersion = (arn: string, versionId: string): ServiceError =>
  noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const noSuchInlinePolicy = (kind: "user" | "group" | "role", policyName: string): ServiceError =>
  noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
/** With the final period AWS sends today (LocalStack snapshot recorded 2026-02, test_iam_users.snapshot.json). */
export const noSuchAccessKey = (id: string): ServiceError => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

export const userExists = (name: string): ServiceError => alreadyExists(`User with name ${name} already exists.`);
export const roleExists = (name: string): ServiceError => alreadyExists(`Role with name ${name} already exists.`);
export const groupExists = (name: string): ServiceError => alreadyExists(`Group with name ${name} already exists.`);
export const policyExists = (name: string): ServiceError =>
  alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);

export const mustDeleteAccessKeys = (): ServiceError => deleteConflict("Cannot delete entity, must delete access keys first.");
export const mustDeletePolicies = (): ServiceError => deleteConflict("Cannot delete entity, must delete policies first.");
export const mustDetachPolicies = (): ServiceError => deleteConflict("Cannot delete entity, must detach all policies first.");
export const mustRemoveFromGroups = (): ServiceError => deleteConflict("Cannot delete entity, must remove users from group first.");
export const policyAttached = (): ServiceError => deleteConflict("Cannot delete a policy attached to entities.");
export const policyHasVersions = (): ServiceError =>
  deleteConflict(
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
export const deleteDefaultVersion = (): ServiceError => deleteConflict("Cannot delete the default version of a policy.");

export const accessKeyQuota = (): ServiceError => limitExceeded("Cannot exceed quota for AccessKeysPerUser: 2");
export const attachedQuota = (kind: "user" | "group" | "role"): ServiceError =>
  limitExceeded(`Cannot exceed quota for PoliciesPer${kind === "user" ? "User" : kind === "group" ? "Group" : "Role"}: 10`);
export const inlineSizeQuota = (kind: "user" | "group" | "role", limit: number, name: string): ServiceError =>
  limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${name}`);
/** AWS's text for an oversized trust policy (kubeflow/dashboard#29 quotes it from CreateRole/UpdateAssumeRolePolicy). */
export const trustSizeQuota = (limit: number): ServiceError => limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${limit}`);
export const managedSizeQuota = (): ServiceError => limitExceeded("Cannot exceed quota for PolicySize: 6144");
export const versionQuota = (): ServiceError =>
  limitExceeded("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
export const tagQuota = (): ServiceError => limitExceeded("The number of tags has reached the maximum limit.");
export const duplicateTagKeys = (): ServiceError => invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
/** Managed policy tag keys are case-sensitive, and the text says so by omission (AWS recording 2026-02). */
export const duplicatePolicyTagKeys = (): ServiceError => invalidInput("Duplicate tag keys found.");

/** A PolicyArn that is not an ARN at all: Attach*Policy answers ValidationError (AWS, 2026 recording). */
export const policyArnNotValid = (arn: string): ServiceError => validationError(`ARN ${arn} is not valid.`);
/** A PermissionsBoundary that is not a managed policy ARN answers InvalidInput with the same text. */
export const boundaryArnNotValid = (arn: string): ServiceError => invalidInput(`ARN ${arn} is not valid.`);

/** GetUser / CreateAccessKey / ListAccessKeys without UserName from a role session (AWS wording). */
export const mustSpecifyUserName = (): ServiceError => validationError("Must specify userName when calling with non-User credentials");
export const invalidMarker = (): ServiceError => invalidInput("Invalid Marker.");
/**
 * GetAccessKeyLastUsed for a key id this account does not have: AWS answers AccessDenied naming the key, not
 * NoSuchEntity, and without the colon after "perform" (LocalStack test_iam_users snapshot recorded 2026-02-24).
 */
export const lastUsedKeyDenied = (callerArn: string, id: string): ServiceError =>
  serviceError("AccessDenied", `User: ${callerArn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${id}`, { status: 403 });

/**
 * A change to an AWS managed policy (delete, new or default version, tags): the policy belongs to AWS, not to the
 * caller's account, and no resource-based policy lets an account change it, whatever its identity policies allow.
 * The resource is named "policy <arn>" as AWS names policies in IAM denials (recorded GetPolicy denials on
 * arn:aws:iam::aws:policy/…); AWS's exact text for this refusal was not found recorded, hence the engine's wording.
 */
export const awsManagedDenied = (callerArn: string, action: string, arn: string): ServiceError =>
  serviceError(
    "AccessDenied",
    accessDeniedMessage(callerArn, action, `policy ${arn}`, { effect: "ImplicitDeny", deniedBy: "resource-based" }),
    { status: 403 },
  );
