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
}

export interface AuditSink {
  /** Inside a write operation's own transaction: the change and its record commit together. */
  recordInTx(tx: WriteTx, call: CallRecord): Promise<void>;
  /** Reads and failures: group-committed; resolves once durable. */
  record(call: CallRecord): Promise<void>;
}
