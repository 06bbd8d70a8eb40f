// Shared bits of the Secrets Manager black-box tests (not a test file): error assertions, waits with deadlines,
// rotation function ARNs, and an audit-trail reader.
import assert from "node:assert/strict";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeSecretCommand, type DescribeSecretCommandOutput, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clientConfig } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";

interface AwsError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const isAwsError = (e: unknown): e is AwsError => e instanceof Error && "$metadata" in e;

/** The call fails with exactly this AWS error code, HTTP status and message. */
export async function rejectsWith(call: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<AwsError> {
  let caught: unknown;
  try {
    await call;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${name}, but the call succeeded`);
  assert.ok(isAwsError(caught), `expected an AWS error, got ${String(caught)}`);
  assert.equal(caught.name, name, `code (message: ${caught.message})`);
  assert.equal(caught.$metadata?.httpStatusCode, status, "HTTP status");
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** Polls `probe` until it returns a value; fails after `ms` with what it was waiting for. */
export async function waitUntil<T>(probe: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const lambdaArn = (name: string, region = REGION): string => `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;

export const SECRET_ARN = new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:`);

export const describe = (sm: SecretsManagerClient, id: string): Promise<DescribeSecretCommandOutput> => sm.send(new DescribeSecretCommand({ SecretId: id }));

/** The rotation-failure note paramstore adds to DescribeSecret (ExternalSecretRotationMetadata). */
export function failureNote(d: DescribeSecretCommandOutput): string | undefined {
  return d.ExternalSecretRotationMetadata?.find((m) => m.Key === "paramstore:LastRotationFailure")?.Value;
}

/** CloudTrail records with this event name (newest first), parsed. */
export async function auditEvents(server: TestServer, eventName: string): Promise<Array<Record<string, unknown>>> {
  const ct = new CloudTrailClient(clientConfig(server));
  const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }] }));
  return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? "{}") as Record<string, unknown>); // CloudTrailEvent is a JSON object text
}

export const uniqueName = (prefix: string): string => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
