// Shared bits of the Secrets Manager black-box tests (not a test file): rotation function ARNs, DescribeSecret and
// an audit-trail reader; error assertions and waits are in ../helpers/assertions.ts.
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeSecretCommand, type DescribeSecretCommandOutput, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clientConfig } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";

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
