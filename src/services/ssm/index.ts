// SSM Parameter Store service definition (AmazonSSM). Operations live in the files beside this one.
import { migrateEpochs } from "../../storage/read-cache.js";
import type { Job } from "../../jobs/types.js";
import { ssmModel } from "../../protocol/models/ssm.js";
import type { ServiceDeps } from "../deps.js";
import type { ServiceDefinition } from "../types.js";
import { authorization } from "./actions.js";
import { getParametersByPath } from "./by-path.js";
import { describeParameters } from "./describe.js";
import { createSsmEnv } from "./env.js";
import { internalServerError } from "./errors.js";
import { getParameterHistory } from "./history.js";
import { labelParameterVersion, unlabelParameterVersion } from "./labels.js";
import { deleteParameter, deleteParameters, getParameter, getParameters } from "./parameters.js";
import { policyJob } from "./policy-job.js";
import { putParameter } from "./put-parameter.js";
import { SSM_MIGRATION, ssmSchema } from "./schema.js";
import { getServiceSetting, resetServiceSetting, updateServiceSetting } from "./settings.js";
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from "./tags.js";
import { formatSsmIssue } from "./validation-format.js";

export type { SecretsReference, SecretReferenceValue } from "./secrets-reference.js";

export interface SsmService {
  readonly definition: ServiceDefinition;
  readonly jobs?: Job[];
}

export async function createSsmService(deps: ServiceDeps): Promise<SsmService> {
  await deps.storage.migrate(SSM_MIGRATION, ssmSchema(deps.storage.engine));
  await migrateEpochs(deps.storage);
  const env = createSsmEnv(deps.barrier, deps.logger);
  const definition: ServiceDefinition = {
    name: "ssm",
    model: ssmModel,
    eventSource: "ssm.amazonaws.com",
    readOperations: {
      GetParameter: getParameter(env),
      GetParameters: getParameters(env),
      GetParametersByPath: getParametersByPath(env),
      DescribeParameters: describeParameters,
      GetParameterHistory: getParameterHistory(env),
      ListTagsForResource: listTagsForResource,
      GetServiceSetting: getServiceSetting,
    },
    writeOperations: {
      PutParameter: putParameter(env),
      DeleteParameter: deleteParameter,
      DeleteParameters: deleteParameters,
      LabelParameterVersion: labelParameterVersion,
      UnlabelParameterVersion: unlabelParameterVersion,
      AddTagsToResource: addTagsToResource,
      RemoveTagsFromResource: removeTagsFromResource,
      UpdateServiceSetting: updateServiceSetting,
      ResetServiceSetting: resetServiceSetting,
    },
    authorization,
    internalError: internalServerError,
    accessDeniedCode: "AccessDeniedException",
    accessDeniedMessageField: "Message",
    formatIssue: formatSsmIssue,
  };
  return { definition, jobs: [policyJob(deps.storage, env)] };
}
