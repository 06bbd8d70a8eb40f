// IAM service definition (Query, 2010-05-08). IAM is global per account; every operation authorises itself
// (iam.md §6.5) because the target ARN carries the entity's stored path, known only after a lookup.
import { migrateEpochs } from "../../storage/read-cache.js";
import { iamModel } from "../../protocol/models/iam.js";
import { serviceError } from "../../protocol/errors.js";
import type { ServiceDeps } from "../deps.js";
import type { ReadOperation, ServiceDefinition, WriteOperation } from "../types.js";
import { accountDetailsOperation } from "./account-details.js";
import { getAccountSummary } from "./account-summary.js";
import { accessKeyOperations, deleteAccessKeyOp, lastUsedOperation, listAccessKeysOp, updateAccessKey } from "./access-keys.js";
import { attachmentOperations } from "./attachments.js";
import { boundaryOperations } from "./boundary.js";
import { addUserToGroup, createGroup, deleteGroup, getGroup, listGroups, listGroupsForUser, removeUserFromGroup, updateGroup } from "./groups.js";
import { inlinePolicyOperations } from "./inline-policies.js";
import { createIamInternal, type IamInternal } from "./internal.js";
import { createKeyUsageTracker, type KeyUsageTracker } from "./key-usage.js";
import { createPolicy, deletePolicy, getPolicy, listPolicies } from "./managed-policies.js";
import { listEntitiesForPolicy } from "./policy-entities.js";
import { listPolicyTags, tagPolicy, untagPolicy } from "./policy-tags.js";
import { createPolicyVersion, deletePolicyVersion, getPolicyVersion, listPolicyVersions, setDefaultPolicyVersion } from "./policy-versions.js";
import {
  createRole, deleteRole, getRoleOperation, listRoles, listRoleTags, tagRole, untagRole, updateAssumeRolePolicy, updateRole, updateRoleDescription,
} from "./roles.js";
import { simulatorOperations } from "./simulator.js";
import { IAM_DDL, IAM_KEY_USE_DDL, IAM_KEY_USE_MIGRATION, IAM_MIGRATION, IAM_ROLE_USE_DDL, IAM_ROLE_USE_MIGRATION } from "./schema.js";
import { bumpVersion } from "./store.js";
import { formatIamIssue } from "./validation-format.js";
import { createUser, deleteUser, getUser, listUsers, listUserTags, tagUser, untagUser, updateUser } from "./users.js";

export interface IamService {
  readonly definition: ServiceDefinition;
  readonly internal: IamInternal;
  /** Access-key last use: the pipeline notes each authenticated call; its job and a final flush store them. */
  readonly keyUsage: KeyUsageTracker;
}

export async function createIamService(deps: ServiceDeps): Promise<IamService> {
  await deps.storage.migrate(IAM_MIGRATION, IAM_DDL);
  await migrateEpochs(deps.storage);
  await deps.storage.migrate(IAM_KEY_USE_MIGRATION, IAM_KEY_USE_DDL);
  await deps.storage.migrate(IAM_ROLE_USE_MIGRATION, IAM_ROLE_USE_DDL);
  // The account's IAM record (change counter, creation date GetUser shows for root) exists from the first start.
  await deps.storage.write((tx) => bumpVersion(tx, deps.accountId, new Date(Math.floor(deps.clock().getTime() / 1000) * 1000).toISOString()));
  const keys = accessKeyOperations(deps.barrier);
  const internal = createIamInternal(deps.accountId, deps.barrier);
  const keyUsage = createKeyUsageTracker(deps.storage);
  const readOperations: Record<string, ReadOperation> = {
    GetUser: getUser, ListUsers: listUsers, ListUserTags: listUserTags, ListAccessKeys: listAccessKeysOp,
    GetAccessKeyLastUsed: lastUsedOperation(keyUsage),
    GetGroup: getGroup, ListGroups: listGroups, ListGroupsForUser: listGroupsForUser,
    GetPolicy: getPolicy, ListPolicies: listPolicies, GetPolicyVersion: getPolicyVersion, ListPolicyVersions: listPolicyVersions,
    ListPolicyTags: listPolicyTags, ListEntitiesForPolicy: listEntitiesForPolicy,
    GetRole: getRoleOperation(keyUsage), ListRoles: listRoles, ListRoleTags: listRoleTags,
    GetAccountSummary: getAccountSummary, GetAccountAuthorizationDetails: accountDetailsOperation(keyUsage),
  };
  const writeOperations: Record<string, WriteOperation> = {
    CreateUser: createUser, UpdateUser: updateUser, DeleteUser: deleteUser, TagUser: tagUser, UntagUser: untagUser,
    CreateAccessKey: keys.createAccessKey, UpdateAccessKey: updateAccessKey, DeleteAccessKey: deleteAccessKeyOp,
    CreateGroup: createGroup, UpdateGroup: updateGroup, DeleteGroup: deleteGroup, AddUserToGroup: addUserToGroup, RemoveUserFromGroup: removeUserFromGroup,
    CreatePolicy: createPolicy, DeletePolicy: deletePolicy, CreatePolicyVersion: createPolicyVersion,
    DeletePolicyVersion: deletePolicyVersion, SetDefaultPolicyVersion: setDefaultPolicyVersion, TagPolicy: tagPolicy, UntagPolicy: untagPolicy,
    CreateRole: createRole, DeleteRole: deleteRole, UpdateRole: updateRole, UpdateRoleDescription: updateRoleDescription,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
    TagRole: tagRole, UntagRole: untagRole,
  };
  // The simulator's operations are reads: they evaluate policies and change nothing.
  Object.assign(readOperations, simulatorOperations(internal));
  for (const group of [...inlinePolicyOperations, ...attachmentOperations, ...boundaryOperations]) {
    Object.assign(readOperations, group.read);
    Object.assign(writeOperations, group.write);
  }
  checkCoverage(readOperations, writeOperations);
  return {
    definition: {
      name: "iam",
      model: iamModel,
      eventSource: "iam.amazonaws.com",
      readOperations,
      writeOperations,
      authorization: () => [],
      internalError: () => serviceError("ServiceFailure", "Request processing has failed due to an unknown error, exception or failure.", { status: 500 }),
      accessDeniedCode: "AccessDenied",
      formatIssue: formatIamIssue,
    },
    internal,
    keyUsage,
  };
}

/** Every modelled operation has exactly one handler (a missing one is a boot failure, ARCHITECTURE §3). */
function checkCoverage(read: Record<string, unknown>, write: Record<string, unknown>): void {
  for (const op of Object.keys(iamModel.operations)) {
    if ((op in read) === (op in write)) throw new Error(`IAM operation ${op} needs exactly one handler`);
  }
  for (const op of [...Object.keys(read), ...Object.keys(write)]) {
    if (!(op in iamModel.operations)) throw new Error(`IAM handler ${op} has no model entry`);
  }
}
