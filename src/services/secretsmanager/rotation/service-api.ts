// The Secrets Manager API as a built-in rotator sees it (what a rotation Lambda calls with its execution role):
// each call is its own short transaction, authorised as the rotation role, and audited like any API call.
import { randomUUID } from "node:crypto";
import type { AuditSink } from "../../../audit/sink.js";
import { isServiceError, type ServiceError } from "../../../protocol/errors.js";
import {
  newAuditNotes,
  type AuditNotes,
  type InternalServices,
  type OperationContext,
  type Principal,
  type RequestInfo,
  type WriteContext,
} from "../../../server/context.js";
import type { ReadTx } from "../../../storage/types.js";
import type { Input, Output, ServiceDefinition } from "../../types.js";
import { EVENT_SOURCE, type Scope } from "../names.js";
import { findSecret } from "../access.js";
import { generatePassword, passwordOptions } from "../password.js";
import { readValue } from "../read-value.js";
import type { SmRuntime } from "../runtime.js";
import { findSecretByArn } from "../store.js";
import { stagesOf, type StageMap } from "../store-versions.js";
import { updateSecretVersionStage } from "../update.js";
import { putSecretValueOp } from "../values.js";

export interface SecretVersionView {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly secretString?: string;
}

export interface RotationApi {
  /** GetSecretValue by version id and/or stage; undefined when that version or label does not exist. */
  getSecret(sel: { versionId?: string; stage?: string }): Promise<SecretVersionView | undefined>;
  /** PutSecretValue(ClientRequestToken, SecretString, VersionStages): idempotent for the same token and value. */
  putSecretValue(token: string, secretString: string, stages: readonly string[]): Promise<void>;
  /** DescribeSecret's VersionIdsToStages. */
  versionStages(): Promise<StageMap>;
  updateSecretVersionStage(stage: string, moveTo?: string, removeFrom?: string): Promise<void>;
  /** GetRandomPassword with the given options (AWS defaults otherwise). */
  randomPassword(options?: Input): string;
  /** A GetSecretValue on another secret (multi-user rotators read the master secret named in `masterarn`). */
  getOtherSecret(secretId: string): Promise<SecretVersionView | undefined>;
}

export interface ServiceCallDeps {
  readonly rt: SmRuntime;
  readonly audit: () => AuditSink;
  readonly definition: () => ServiceDefinition;
  readonly internal: () => InternalServices;
  readonly clock: () => Date;
}

const ROLE_NAME = "paramstore-secrets-rotation";

/** The identity rotations run as: a session of the rotation role named after the rotator (like a Lambda's role). */
export function rotationPrincipal(accountId: string, sessionName: string, now: Date): Principal {
  const roleArn = `arn:aws:iam::${accountId}:role/${ROLE_NAME}`;
  return {
    type: "AssumedRole",
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${ROLE_NAME}/${sessionName}`,
    principalId: `AROAPARAMSTOREROTATION:${sessionName}`,
    accessKeyId: "",
    isTemporary: true,
    session: { roleArn, roleName: ROLE_NAME, roleId: "AROAPARAMSTOREROTATION", sessionName, issuedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) },
  };
}

export function serviceRequest(now: Date): RequestInfo {
  return { requestId: randomUUID(), receivedAt: now, sourceIp: EVENT_SOURCE, userAgent: EVENT_SOURCE, isTls: false };
}

/** An operation context for work the service does itself: its own authority, so every check passes. */
export function serviceContext<T extends ReadTx>(deps: ServiceCallDeps, tx: T, scope: Scope, principal: Principal, request: RequestInfo, notes: AuditNotes): OperationContext<T> {
  return {
    request, principal, accountId: scope.accountId, region: scope.region, now: deps.clock(), tx,
    authorize: async () => undefined,
    audit: notes,
    services: deps.internal(),
  };
}

type CallBase = Omit<Parameters<AuditSink["record"]>[0], "readOnly" | "output" | "error">;

function callBase(deps: ServiceCallDeps, scope: Scope, principal: Principal, operation: string, input: Input): { base: CallBase; request: RequestInfo; notes: AuditNotes } {
  const request = serviceRequest(deps.clock());
  const notes = newAuditNotes();
  return { request, notes, base: { service: deps.definition(), operation, request, accountId: scope.accountId, region: scope.region, principal, input, notes } };
}

async function recordFailure(deps: ServiceCallDeps, base: CallBase, e: unknown, readOnly: boolean): Promise<void> {
  const error: ServiceError | undefined = isServiceError(e) ? e : undefined;
  if (error) await deps.audit().record({ ...base, error, readOnly }).catch(() => undefined);
}

/** Runs one mutating API call as `principal` in its own transaction, audited in that transaction. */
export async function serviceWrite<T extends Output>(deps: ServiceCallDeps, scope: Scope, principal: Principal, operation: string, input: Input, fn: (ctx: WriteContext) => Promise<T>): Promise<T> {
  const { base, request, notes } = callBase(deps, scope, principal, operation, input);
  try {
    return await deps.rt.storage.write(async (tx) => {
      const out = await fn(serviceContext(deps, tx, scope, principal, request, notes));
      await deps.audit().recordInTx(tx, { ...base, output: out, readOnly: false });
      return out;
    });
  } catch (e) {
    await recordFailure(deps, base, e, false);
    throw e;
  }
}

/** Runs one reading API call as `principal` in a read transaction; the audit record is group-committed. */
export async function serviceRead<T>(deps: ServiceCallDeps, scope: Scope, principal: Principal, operation: string, input: Input, fn: (ctx: OperationContext) => Promise<T>): Promise<T> {
  const { base, request, notes } = callBase(deps, scope, principal, operation, input);
  try {
    const out = await deps.rt.storage.read((tx) => fn(serviceContext(deps, tx, scope, principal, request, notes)));
    await deps.audit().record({ ...base, readOnly: true });
    return out;
  } catch (e) {
    await recordFailure(deps, base, e, true);
    throw e;
  }
}

const isNotFound = (e: unknown): boolean => isServiceError(e) && e.code === "ResourceNotFoundException";

export function rotationApi(deps: ServiceCallDeps, scope: Scope, arn: string, principal: Principal): RotationApi {
  const put = putSecretValueOp(deps.rt);
  const view = async (secretId: string, sel: { versionId?: string; stage?: string }): Promise<SecretVersionView | undefined> => {
    const input = { SecretId: secretId, ...(sel.versionId ? { VersionId: sel.versionId } : {}), ...(sel.stage ? { VersionStage: sel.stage } : {}) };
    try {
      return await serviceRead(deps, scope, principal, "GetSecretValue", input, async (ctx) => {
        const r = await readValue(ctx, deps.rt, secretId, sel.versionId, sel.stage);
        return { versionId: r.version.versionId, stages: r.stages, ...(r.value.kind === "string" ? { secretString: r.value.text } : {}) };
      });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };
  return {
    getSecret: (sel) => view(arn, sel),
    async getOtherSecret(secretId) {
      // Confused-deputy guard: only the master secret approved at RotateSecret time (by a caller allowed to read it).
      const approved = await deps.rt.storage.read(async (tx) => {
        const ctx = serviceContext(deps, tx, scope, principal, serviceRequest(deps.clock()), newAuditNotes());
        const [rotating, master] = await Promise.all([findSecretByArn(tx, scope, arn), findSecret(ctx, secretId)]);
        return master !== undefined && rotating?.rotationMasterArn === master.arn;
      });
      if (!approved) {
        throw new Error(`the master secret ${secretId} was not approved for this rotation; call RotateSecret again (its caller must be allowed to read the master secret)`);
      }
      return view(secretId, {});
    },
    async putSecretValue(token, secretString, stages) {
      const input = { SecretId: arn, ClientRequestToken: token, SecretString: secretString, VersionStages: [...stages] };
      await serviceWrite(deps, scope, principal, "PutSecretValue", input, (ctx) => put(ctx, input));
    },
    versionStages: () => deps.rt.storage.read((tx) => stagesOf(tx, scope, arn)),
    async updateSecretVersionStage(stage, moveTo, removeFrom) {
      const input = { SecretId: arn, VersionStage: stage, ...(moveTo ? { MoveToVersionId: moveTo } : {}), ...(removeFrom ? { RemoveFromVersionId: removeFrom } : {}) };
      await serviceWrite(deps, scope, principal, "UpdateSecretVersionStage", input, (ctx) => updateSecretVersionStage(ctx, input));
    },
    randomPassword: (options = {}) => generatePassword(passwordOptions(options)),
  };
}
