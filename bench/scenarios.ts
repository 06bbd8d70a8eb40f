// What the benchmark measures: each scenario seeds its data on a target and pre-signs its requests.
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { signJson, type PreparedRequest, type SignerCreds } from "./sign.js";

/** Extra paramstore runs beside the default one (audit on, root credentials). */
export type Variant = "audit-off" | "user";

export interface Scenario {
  readonly name: string;
  readonly goal?: string;
  readonly variants?: readonly Variant[];
  /** false: moto_server cannot serve it meaningfully. */
  readonly moto?: boolean;
  seed(endpoint: string, creds: SignerCreds): Promise<unknown>;
  requests(port: number, seeded: unknown, creds: SignerCreds): Promise<PreparedRequest[]>;
}

const client = <T>(C: new (cfg: object) => T, endpoint: string, creds: SignerCreds): T =>
  new C({ endpoint, region: "us-east-1", credentials: creds, maxAttempts: 3 });

async function putAll(ssm: SSMClient, items: Array<{ Name: string; Value: string; Type: "String" | "SecureString" }>): Promise<void> {
  for (let i = 0; i < items.length; i += 16) {
    await Promise.all(items.slice(i, i + 16).map((it) => ssm.send(new PutParameterCommand({ ...it, Overwrite: true }))));
  }
}

const ssmReq = (port: number, op: string, body: unknown, c: SignerCreds): Promise<PreparedRequest> => signJson(port, "ssm", `AmazonSSM.${op}`, body, c);
const kmsReq = (port: number, op: string, body: unknown, c: SignerCreds): Promise<PreparedRequest> => signJson(port, "kms", `TrentService.${op}`, body, c);

const SECURE_COUNT = 1000;
const secureName = (i: number): string => `/bench/secure/p${String(i).padStart(4, "0")}`;
let runId = 0;

async function newKey(endpoint: string, creds: SignerCreds): Promise<string> {
  const out = await client(KMSClient, endpoint, creds).send(new CreateKeyCommand({ Description: "bench" }));
  return out.KeyMetadata?.KeyId ?? "";
}

export const scenarios: Scenario[] = [
  {
    name: "GetParameter String",
    async seed(e, c) { await putAll(client(SSMClient, e, c), [{ Name: "/bench/string", Value: "x".repeat(64), Type: "String" }]); return null; },
    requests: async (port, _s, c) => [await ssmReq(port, "GetParameter", { Name: "/bench/string" }, c)],
  },
  {
    name: "GetParameter decrypt, 1,000 SecureStrings",
    goal: "≥ 0.4 × node:http, ≥ 20 × moto; audit on ≥ 0.8 × off; user ≥ 0.9 × root",
    variants: ["audit-off", "user"],
    async seed(e, c) {
      await putAll(client(SSMClient, e, c), Array.from({ length: SECURE_COUNT }, (_, i) => ({ Name: secureName(i), Value: `secret-value-${i}-${"s".repeat(32)}`, Type: "SecureString" as const })));
      return null;
    },
    requests: (port, _s, c) => Promise.all(Array.from({ length: SECURE_COUNT }, (_, i) => ssmReq(port, "GetParameter", { Name: secureName(i), WithDecryption: true }, c))),
  },
  {
    name: "GetParametersByPath (10 per page)",
    async seed(e, c) {
      await putAll(client(SSMClient, e, c), Array.from({ length: 10 }, (_, i) => ({ Name: `/bench/path/p${i}`, Value: `value-${i}`, Type: "String" as const })));
      return null;
    },
    requests: async (port, _s, c) => [await ssmReq(port, "GetParametersByPath", { Path: "/bench/path", Recursive: true }, c)],
  },
  {
    name: "PutParameter (durable), 16 connections",
    goal: "≥ 1,000/s",
    variants: ["audit-off"],
    async seed() { runId += 1; return runId; },
    requests: (port, seeded, c) => Promise.all(Array.from({ length: 4000 }, (_, i) => ssmReq(port, "PutParameter", { Name: `/bench/put/r${String(seeded)}/p${i}`, Value: `v${i}`, Type: "String", Overwrite: true }, c))),
  },
  {
    name: "KMS Decrypt, 1 KB",
    goal: "≥ 0.5 × node:http",
    async seed(e, c) {
      const { EncryptCommand } = await import("@aws-sdk/client-kms");
      const kms = client(KMSClient, e, c);
      const KeyId = await newKey(e, c);
      const out = await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.alloc(1024, 7) }));
      return Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString("base64");
    },
    requests: async (port, blob, c) => [await kmsReq(port, "Decrypt", { CiphertextBlob: blob }, c)],
  },
  {
    name: "KMS GenerateDataKey AES_256",
    async seed(e, c) { return newKey(e, c); },
    requests: async (port, keyId, c) => [await kmsReq(port, "GenerateDataKey", { KeyId: keyId, KeySpec: "AES_256" }, c)],
  },
  {
    name: "Secrets Manager GetSecretValue",
    goal: "≥ 0.4 × node:http",
    async seed(e, c) {
      runId += 1;
      const name = `bench/secret-${runId}`;
      await client(SecretsManagerClient, e, c).send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ username: "app", password: "p".repeat(24) }) }));
      return name;
    },
    requests: async (port, name, c) => [await signJson(port, "secretsmanager", "secretsmanager.GetSecretValue", { SecretId: name }, c)],
  },
];
