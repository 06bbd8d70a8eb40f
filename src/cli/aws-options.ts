// Where the app-side commands (exec, render, agent) find the AWS endpoint, region and credentials,
// and the official SDK clients built from them: any SSM / Secrets Manager endpoint, ours or AWS's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";

export const AWS_OPTIONS = {
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  "data-dir": { type: "string" },
} as const;

export const AWS_OPTIONS_USAGE = `connection (every command):
  --endpoint URL   default $PARAMSTORE_ENDPOINT, $AWS_ENDPOINT_URL_SSM / _SECRETS_MANAGER (per service),
                   $AWS_ENDPOINT_URL, else http://127.0.0.1:4583; "aws" for AWS's own regional endpoints
  --region R       default $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1
  --profile P      a profile of the shared AWS files; otherwise the standard AWS credential chain
  --data-dir D     use D/credentials (profile "paramstore"), the root credentials the server wrote
`;

export interface AwsOptionValues {
  readonly endpoint?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly "data-dir"?: string;
}

interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface ClientSettings {
  /** Per service; undefined: the SDK's own resolution (AWS's regional endpoint). */
  readonly ssmEndpoint: string | undefined;
  readonly secretsEndpoint: string | undefined;
  readonly region: string;
  readonly profile?: string;
  readonly credentials?: StaticCredentials;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:4583";

export function clientSettings(values: AwsOptionValues, env: NodeJS.ProcessEnv): ClientSettings {
  const chosen = values.endpoint ?? nonEmpty(env.PARAMSTORE_ENDPOINT);
  const fallback = nonEmpty(env.AWS_ENDPOINT_URL) ?? DEFAULT_ENDPOINT;
  const pick = (serviceVariable: string | undefined): string | undefined => {
    const url = chosen ?? nonEmpty(serviceVariable) ?? fallback;
    return url === "aws" ? undefined : url;
  };
  const region = values.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? "us-east-1";
  const dataDir = values["data-dir"];
  return {
    ssmEndpoint: pick(env.AWS_ENDPOINT_URL_SSM),
    secretsEndpoint: pick(env.AWS_ENDPOINT_URL_SECRETS_MANAGER),
    region,
    ...(values.profile ? { profile: values.profile } : {}),
    ...(dataDir ? { credentials: dataDirCredentials(dataDir) } : {}),
  };
}

const common = (s: ClientSettings) => ({
  region: s.region,
  ...(s.profile ? { profile: s.profile } : {}),
  ...(s.credentials ? { credentials: s.credentials } : {}),
});

export const ssmClient = (s: ClientSettings): SSMClient => (quietSdk(), new SSMClient({ ...common(s), ...(s.ssmEndpoint ? { endpoint: s.ssmEndpoint } : {}) }));
export const secretsClient = (s: ClientSettings): SecretsManagerClient =>
  (quietSdk(), new SecretsManagerClient({ ...common(s), ...(s.secretsEndpoint ? { endpoint: s.secretsEndpoint } : {}) }));

/**
 * The SDK warns on stderr, on every run, that its releases after January 2027 need Node 22: noise in the
 * output of every app these commands wrap, for a pinned dependency. Set it explicitly to see the warning.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

/** The [paramstore] profile of the credentials file the server writes into its data directory. */
export function dataDirCredentials(dataDir: string): StaticCredentials {
  const file = join(dataDir, "credentials");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`cannot read ${file}: give the server's --data-dir, or credentials through the AWS environment`);
  }
  const profile = iniSection(text, "paramstore");
  const accessKeyId = profile.aws_access_key_id;
  const secretAccessKey = profile.aws_secret_access_key;
  if (!accessKeyId || !secretAccessKey) throw new Error(`${file} has no [paramstore] profile with aws_access_key_id and aws_secret_access_key`);
  return { accessKeyId, secretAccessKey };
}

function iniSection(text: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inside = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) { inside = header[1] === name; continue; }
    const kv = inside ? /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line) : null;
    if (kv?.[1] && kv[2] !== undefined) out[kv[1]] = kv[2].trim();
  }
  return out;
}

const nonEmpty = (v: string | undefined): string | undefined => (v ? v : undefined);

/** An AWS error's code (ParameterNotFound, ResourceNotFoundException) or a network code: never its message. */
export function errorCode(e: unknown): string {
  if (typeof e === "object" && e !== null) {
    const code = (e as { code?: unknown }).code; // Node system errors carry `code`
    const name = (e as { name?: unknown }).name;
    if (typeof name === "string" && name !== "Error" && name !== "TypeError") return name;
    if (typeof code === "string") return code;
    const cause = (e as { cause?: unknown }).cause;
    if (cause) return errorCode(cause);
    if (typeof name === "string") return name;
  }
  return "UnknownError";
}
