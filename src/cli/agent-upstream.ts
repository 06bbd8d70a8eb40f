// The agent's two upstream calls, from the extension's query strings to GetParameter / GetSecretValue,
// and their answers back to the services' own JSON bodies (status and body of errors kept).
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { CachedAnswer } from "./agent-cache.js";
import { errorCode } from "./aws-options.js";

export class BadRequest extends Error {}

/** `/systemsmanager/parameters/get?name=&withDecryption=&version=&label=` -> GetParameter (version/label as a selector). */
export async function getParameter(ssm: Pick<SSMClient, "send">, query: URLSearchParams): Promise<CachedAnswer> {
  const name = query.get("name");
  if (!name) throw new BadRequest("name is required");
  const version = query.get("version") || undefined;
  const label = query.get("label") || undefined;
  if (version && label) throw new BadRequest("give version or label, not both");
  const selector = version ? `:${version}` : label ? `:${label}` : "";
  const withDecryption = (query.get("withDecryption") ?? "").toLowerCase() === "true";
  return call(() => ssm.send(new GetParameterCommand({ Name: `${name}${selector}`, WithDecryption: withDecryption })));
}

/** `/secretsmanager/get?secretId=&versionId=&versionStage=` -> GetSecretValue. */
export async function getSecretValue(sm: Pick<SecretsManagerClient, "send">, query: URLSearchParams): Promise<CachedAnswer> {
  const secretId = query.get("secretId");
  if (!secretId) throw new BadRequest("secretId is required");
  const versionId = query.get("versionId") || undefined;
  const versionStage = query.get("versionStage") || undefined;
  return call(() => sm.send(new GetSecretValueCommand({ SecretId: secretId, ...(versionId ? { VersionId: versionId } : {}), ...(versionStage ? { VersionStage: versionStage } : {}) })));
}

async function call(send: () => Promise<object>): Promise<CachedAnswer> {
  try {
    return { status: 200, body: JSON.stringify(toWire(await send())) };
  } catch (e) {
    return upstreamError(e);
  }
}

/** An SDK output back in AWS JSON 1.1 form: no $metadata, timestamps as epoch seconds, blobs as base64. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "$metadata" && v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** The service's status and JSON 1.1 error body (`__type`, `message`); 502 when the service was not reached. */
function upstreamError(e: unknown): CachedAnswer {
  const status = (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode; // set on every SDK service exception
  const message = (e as { message?: unknown } | null)?.message;
  if (typeof status === "number") {
    return { status, body: JSON.stringify({ __type: errorCode(e), message: typeof message === "string" ? message : "" }) };
  }
  return { status: 502, body: JSON.stringify({ __type: "UpstreamUnreachable", message: `the upstream endpoint could not be reached: ${errorCode(e)}` }) };
}
