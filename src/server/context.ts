// What one request carries through the pipeline: identity, time, scope, and audit notes.
import type { ReadTx, WriteTx } from "../storage/types.js";
import type { KmsInternal } from "../services/kms/internal.js";
import type { SecretsReference } from "../services/ssm/secrets-reference.js";

export interface RoleSession {
  readonly roleArn: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly sessionName: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Session policy JSON passed to AssumeRole, if any; narrows the role's permissions. */
  readonly sessionPolicy?: string;
}

/** The authenticated caller (CloudTrail userIdentity types). */
export interface Principal {
  readonly type: "Root" | "IAMUser" | "AssumedRole";
  readonly accountId: string;
  readonly arn: string;
  /** CloudTrail principalId: account id (root), AIDA… (user), AROA…:session (role session). */
  readonly principalId: string;
  readonly userName?: string;
  readonly accessKeyId: string;
  /** Present for credentials issued by STS (AssumeRole / GetSessionToken). */
  readonly session?: RoleSession;
  readonly isTemporary: boolean;
}

/** A resource touched by the call, for the audit record's `resources`. */
export interface AuditResource {
  readonly ARN: string;
  readonly accountId: string;
  readonly type: string;
}

/** Audit facts an operation adds while it runs (read by the audit stage). */
export interface AuditNotes {
  resources: AuditResource[];
  /** Overrides the redacted request parameters when the service knows better. */
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  /** Extra events caused by this call (e.g. the KMS Decrypt an SSM read triggers). */
  related: RelatedEvent[];
}

export interface RelatedEvent {
  readonly eventSource: string;
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown>;
  readonly resources: AuditResource[];
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface RequestInfo {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly isTls: boolean;
  /** Over TLS: what CloudTrail records as tlsDetails. */
  readonly tls?: TlsDetails;
}

export interface TlsDetails {
  readonly tlsVersion: string;
  readonly cipherSuite: string;
  readonly clientProvidedHostHeader: string;
}

export interface AuthzOptions {
  /** Condition keys for this check (kms:EncryptionContext:…, kms:ViaService, ssm:Recursive …). */
  readonly context?: Readonly<Record<string, string | string[] | boolean | number | undefined>>;
  /** Resource policy text (KMS key policy, secret resource policy, role trust policy for sts:AssumeRole) evaluated with identity policies. */
  readonly resourcePolicy?: { readonly kind: "kms-key" | "generic" | "role-trust"; readonly document: string };
  /** Text used in place of the generic AccessDenied message's `on resource:` part, if AWS differs. */
  readonly errorCode?: string;
}

export interface Authorize {
  (action: string, resource: string, opts?: AuthzOptions): Promise<void>;
}

/** Handed to every operation: read or write transaction, caller, scope, clock. */
export interface OperationContext<Tx extends ReadTx = ReadTx> {
  readonly request: RequestInfo;
  readonly principal: Principal;
  readonly accountId: string;
  readonly region: string;
  readonly now: Date;
  readonly tx: Tx;
  readonly authorize: Authorize;
  readonly audit: AuditNotes;
  readonly services: InternalServices;
}

export type WriteContext = OperationContext<WriteTx>;

/** Narrow in-process handles between services (filled in by compose.ts). */
export interface InternalServices {
  readonly kms: KmsInternal;
  /** Secrets Manager as SSM's `/aws/reference/secretsmanager/` path reads it; absent until that service exists. */
  readonly secretsmanager?: SecretsReference;
}

export const newAuditNotes = (): AuditNotes => ({ resources: [], related: [] });
