// Shared pieces of the IAM/STS black-box tests (not a test file itself): ARNs, AccessDenied texts, policies and
// principals; error assertions are in ../helpers/assertions.ts.
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { Creds } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";

export const userArn = (name: string, path = "/"): string => `arn:aws:iam::${ACCOUNT_ID}:user${path}${name}`;
export const roleArn = (name: string, path = "/"): string => `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`;
export const sessionArn = (role: string, session: string): string => `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role}/${session}`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT_ID}:root`;

/** The JSON-1.1 AccessDenied text of iam.md §8 (implicit deny by identity policies). */
export const deniedText = (principal: string, action: string, resource: string, source = "identity-based"): string =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no ${source} policy allows the ${action} action`;
export const explicitDenyText = (principal: string, action: string, resource: string, source = "an identity-based"): string =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in ${source} policy`;

export const policy = (...statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = "*", extra: object = {}): object => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = "*", extra: object = {}): object => ({ Effect: "Deny", Action: action, Resource: resource, ...extra });

/** Creates a user (optionally with one inline policy and groups) and returns its fresh access key. */
export async function newUser(iam: IAMClient, name: string, opts: { policy?: string; groups?: string[]; path?: string } = {}): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name, ...(opts.path ? { Path: opts.path } : {}) }));
  if (opts.policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "inline", PolicyDocument: opts.policy }));
  for (const g of opts.groups ?? []) await iam.send(new AddUserToGroupCommand({ GroupName: g, UserName: name }));
  const out = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const key = out.AccessKey;
  assert.ok(key?.AccessKeyId && key.SecretAccessKey, "CreateAccessKey returned a key");
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

/** Session credentials from AssumeRole. */
export async function assume(sts: STSClient, arn: string, session: string, extra: Partial<{ DurationSeconds: number; Policy: string }> = {}): Promise<Creds> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: session, ...extra }));
  const c = out.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, "AssumeRole returned credentials");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** A trust policy letting `principal` (ARN or account root) assume the role. */
export const trust = (principal: string | string[], extra: object = {}): string =>
  policy({ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole", ...extra });

/** URL-decodes the policy documents IAM returns (the JS SDK hands them over encoded, protocol.md §5.2). */
export const decodeDoc = (encoded: string | undefined): unknown => JSON.parse(decodeURIComponent(encoded ?? ""));
