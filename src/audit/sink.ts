// How the pipeline hands each call's facts to the audit trail (audit/ implements it).
import type { ServiceError } from "../protocol/errors.js";
import type { AuditNotes, Principal, RequestInfo } from "../server/context.js";
import type { Input, Output, ServiceDefinition } from "../services/types.js";
import type { WriteTx } from "../storage/types.js";

export interface CallRecord {
  readonly service: ServiceDefinition;
  readonly operation: string;
  readonly request: RequestInfo;
  readonly accountId: string;
  readonly region: string;
  readonly principal?: Principal;
  readonly input?: Input;
  readonly output?: Output;
  readonly error?: ServiceError;
  readonly notes: AuditNotes;
  readonly readOnly: boolean;
  /**
   * A service acting on its own (automatic key rotation, a policy-driven deletion): recorded as
   * eventType AwsServiceEvent, the service as invokedBy, no caller, no request parameters (cloudtrail.md §4).
   * Also assumed for a call without principal whose source is the service itself.
   */
  readonly serviceEvent?: boolean;
}

export interface AuditSink {
  /** Inside a write operation's own transaction: the change and its record commit together. */
  recordInTx(tx: WriteTx, call: CallRecord): Promise<void>;
  /**
   * Reads and failures: group-committed with the other calls of the moment. Fail-closed (default):
   * resolves once committed and rejects when the record cannot be written, so the call is refused.
   * Fail-open: resolves at once; a failed write is logged and retried.
   */
  record(call: CallRecord): Promise<void>;
}
