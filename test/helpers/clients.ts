// Official AWS SDK v3 clients pointed at a test server.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, REGION, type TestServer } from "./server.js";

export interface Creds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const ROOT_CREDS: Creds = { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: ROOT_SECRET_ACCESS_KEY };

/** Shared client settings: endpoint override, fixed region, no retries (tests assert first answers). */
export function clientConfig(server: TestServer, creds: Creds = ROOT_CREDS, region = REGION) {
  return { endpoint: server.endpoint, region, credentials: creds, maxAttempts: 1 };
}

export const ssmClient = (server: TestServer, creds?: Creds, region?: string): SSMClient => new SSMClient(clientConfig(server, creds, region));
export const kmsClient = (server: TestServer, creds?: Creds, region?: string): KMSClient => new KMSClient(clientConfig(server, creds, region));
export const iamClient = (server: TestServer, creds?: Creds, region?: string): IAMClient => new IAMClient(clientConfig(server, creds, region));
export const stsClient = (server: TestServer, creds?: Creds, region?: string): STSClient => new STSClient(clientConfig(server, creds, region));
export const secretsClient = (server: TestServer, creds?: Creds, region?: string): SecretsManagerClient =>
  new SecretsManagerClient(clientConfig(server, creds, region));
export const cloudtrailClient = (server: TestServer, creds?: Creds, region?: string): CloudTrailClient =>
  new CloudTrailClient(clientConfig(server, creds, region));
