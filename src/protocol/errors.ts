// The one error type for AWS-visible failures; codecs turn it into __type JSON or Query XML.

export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra modelled members sent beside the message (e.g. SSM ValidationException.ReasonCode). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** JSON member that carries the message: "message" (most) or "Message" (per the error shape). */
  readonly messageField: "message" | "Message";
  /** true for faults (5xx): Query <Type>Receiver</Type>. */
  readonly isFault: boolean;
  /** When set, audit/log may record this text instead of `message` (never contains secrets either way). */

  constructor(
    code: string,
    message: string,
    opts: { status?: number; extra?: Record<string, unknown>; messageField?: "message" | "Message" } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = opts.status ?? 400;
    this.extra = opts.extra ?? {};
    this.messageField = opts.messageField ?? "message";
    this.isFault = this.status >= 500;
  }
}

export const serviceError = (
  code: string,
  message: string,
  opts?: { status?: number; extra?: Record<string, unknown>; messageField?: "message" | "Message" },
): ServiceError => new ServiceError(code, message, opts);

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

// Errors every JSON 1.1 service shares (protocol.md §1, §2.3, §4).
export const unknownOperation = (): ServiceError => serviceError("UnknownOperationException", "");
export const serializationException = (message: string): ServiceError =>
  serviceError("SerializationException", message);
export const validationException = (message: string, messageField: "message" | "Message" = "message"): ServiceError =>
  serviceError("ValidationException", message, { messageField });
export const internalFailure = (requestId: string): ServiceError =>
  serviceError("InternalFailure", `An internal error occurred. Request id: ${requestId}`, { status: 500 });
