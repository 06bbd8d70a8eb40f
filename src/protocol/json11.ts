// AWS JSON 1.1 framing and envelopes (protocol.md §2): X-Amz-Target routing, __type errors.
import { ServiceError, serializationException } from "./errors.js";

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Splits `AmazonSSM.GetParameter` at the last dot. */
export function parseTarget(target: string): { prefix: string; operation: string } | null {
  const dot = target.lastIndexOf(".");
  if (dot <= 0 || dot === target.length - 1) return null;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** Body bytes -> JSON object; empty body is `{}`. Anything else is a SerializationException. */
export function decodeJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw serializationException("");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw serializationException("Start of structure or map found where not expected.");
  }
  return value;
}

export function encodeJsonError(err: ServiceError): string {
  const body: Record<string, unknown> = { __type: err.code };
  // AWS omits the member when there is no text (InvalidCiphertextException, UnknownOperationException).
  if (err.message !== "") body[err.messageField] = err.message;
  for (const [k, v] of Object.entries(err.extra)) body[k] = v;
  return JSON.stringify(body);
}
