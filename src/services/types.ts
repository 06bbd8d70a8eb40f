// What a service hands the pipeline: its model, operations, read-only set and authorisation map.
import type { ServiceModel } from "../protocol/model-types.js";
import type { ServiceError } from "../protocol/errors.js";
import type { IssueFormatter } from "../protocol/shapes.js";
import type { AuthzOptions, OperationContext, WriteContext } from "../server/context.js";

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

/** Handlers get input already validated against the model (protocol/shapes.ts). */
export type ReadOperation = (ctx: OperationContext, input: Input) => Promise<Output>;
export type WriteOperation = (ctx: WriteContext, input: Input) => Promise<Output>;

/** One IAM check stage 5 performs before the operation runs. */
export interface AuthzCheck {
  readonly action: string;
  readonly resource: string;
  readonly options?: AuthzOptions;
}

export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

export interface ServiceDefinition {
  /** SigV4 signing name and the key used in routing: ssm, kms, secretsmanager, cloudtrail, iam, sts. */
  readonly name: string;
  readonly model: ServiceModel;
  /** CloudTrail eventSource, e.g. ssm.amazonaws.com. */
  readonly eventSource: string;
  /** Operations that run in storage.read (their audit event is group-committed apart). */
  readonly readOperations: Readonly<Record<string, ReadOperation>>;
  /** Operations that run in storage.write, atomically with their audit event. */
  readonly writeOperations: Readonly<Record<string, WriteOperation>>;
  /** Stage 5: the checks the request itself names. Operations may call ctx.authorize for more. */
  readonly authorization: (operation: string, input: Input, scope: Scope) => AuthzCheck[];
  /** The service's modelled 5xx (SSM InternalServerError, KMS KMSInternalException …). */
  readonly internalError: (requestId: string) => ServiceError;
  /** Access denied error code for this service (AccessDeniedException; IAM/STS: AccessDenied). */
  readonly accessDeniedCode: string;
  /** The member its message goes in, when the model names it `Message` (SSM); `message` otherwise. */
  readonly accessDeniedMessageField?: "message" | "Message";
  /** Rewrites a validation message where AWS's text differs from the generic model wording. */
  readonly formatIssue?: IssueFormatter;
  /**
   * Further X-Amz-Target prefixes routed here: smithy clients send the service shape name
   * (`CloudTrail_20131101.LookupEvents`) where botocore sends the model's full targetPrefix.
   */
  readonly targetAliases?: readonly string[];
}
