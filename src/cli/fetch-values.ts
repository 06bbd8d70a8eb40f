// Reads parameters and secrets through the official clients; a failure names what was read and
// the AWS error code, never a value or the service's message.
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, GetParametersByPathCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { errorCode } from "./aws-options.js";

export class FetchError extends Error {}

export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

/** Every parameter under `path` (one level, or all with `recursive`), decrypted, across all pages. */
export async function parametersByPath(ssm: Pick<SSMClient, "send">, path: string, recursive: boolean): Promise<NamedValue[]> {
  const out: NamedValue[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: recursive, WithDecryption: true, ...(nextToken ? { NextToken: nextToken } : {}) }));
    } catch (e) {
      throw new FetchError(`cannot read parameters under ${path}: ${errorCode(e)}`);
    }
    for (const p of page.Parameters ?? []) {
      if (p.Name !== undefined && p.Value !== undefined) out.push({ name: p.Name, value: p.Value });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return out;
}

export async function parameter(ssm: Pick<SSMClient, "send">, name: string): Promise<string> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (out.Parameter?.Value === undefined) throw new FetchError(`parameter ${name} has no value`);
    return out.Parameter.Value;
  } catch (e) {
    if (e instanceof FetchError) throw e;
    throw new FetchError(`cannot read parameter ${name}: ${errorCode(e)}`);
  }
}

export async function secretString(sm: Pick<SecretsManagerClient, "send">, id: string): Promise<string> {
  try {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: id }));
    if (out.SecretString === undefined) throw new FetchError(`secret ${id} has no SecretString (binary secrets are not supported here)`);
    return out.SecretString;
  } catch (e) {
    if (e instanceof FetchError) throw e;
    throw new FetchError(`cannot read secret ${id}: ${errorCode(e)}`);
  }
}
