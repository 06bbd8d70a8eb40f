// What the benchmark measures: each scenario seeds its data and pre-signs its requests.
import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { signJson, type PreparedRequest, type SignerCreds } from "./sign.js";

export interface Target {
  readonly port: number;
  client(service: string): SSMClient;
}

export interface Scenario {
  readonly name: string;
  readonly goal?: string;
  readonly connections?: number;
  /** false: moto_server cannot serve it meaningfully. */
  readonly moto?: boolean;
  seed(target: Target, creds: SignerCreds): Promise<unknown>;
  requests(port: number, seeded: unknown, creds: SignerCreds): Promise<PreparedRequest[]>;
  /** Size of paramstore's answer, so the bare server sends as many bytes. */
  responseBytes(port: number, sample: PreparedRequest | undefined): Promise<number>;
}

const ssm = (port: number, op: string, body: unknown, creds: SignerCreds): Promise<PreparedRequest> =>
  signJson(port, "ssm", `AmazonSSM.${op}`, body, creds);

async function measure(port: number, r: PreparedRequest | undefined): Promise<number> {
  if (!r) return 0;
  const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
  return (await res.arrayBuffer()).byteLength;
}

async function putAll(client: SSMClient, items: Array<{ Name: string; Value: string; Type: "String" | "SecureString" }>): Promise<void> {
  for (let i = 0; i < items.length; i += 16) {
    await Promise.all(items.slice(i, i + 16).map((it) => client.send(new PutParameterCommand({ ...it, Overwrite: true }))));
  }
}

const SECURE_COUNT = 1000;
let runId = 0;

export const scenarios: Scenario[] = [
  {
    name: "GetParameter String",
    async seed(t) { await putAll(t.client("ssm"), [{ Name: "/bench/string", Value: "x".repeat(64), Type: "String" }]); return null; },
    requests: async (port, _s, c) => [await ssm(port, "GetParameter", { Name: "/bench/string" }, c)],
    responseBytes: measure,
  },
  {
    name: "GetParameter decrypt, 1,000 SecureStrings",
    goal: "≥ 0.4 × node:http, ≥ 20 × moto",
    async seed(t) {
      const items = Array.from({ length: SECURE_COUNT }, (_, i) => ({ Name: `/bench/secure/p${String(i).padStart(4, "0")}`, Value: `secret-value-${i}-${"s".repeat(32)}`, Type: "SecureString" as const }));
      await putAll(t.client("ssm"), items);
      return null;
    },
    requests: (port, _s, c) => Promise.all(Array.from({ length: SECURE_COUNT }, (_, i) => ssm(port, "GetParameter", { Name: `/bench/secure/p${String(i).padStart(4, "0")}`, WithDecryption: true }, c))),
    responseBytes: measure,
  },
  {
    name: "GetParametersByPath (10 per page)",
    async seed(t) {
      await putAll(t.client("ssm"), Array.from({ length: 10 }, (_, i) => ({ Name: `/bench/path/p${i}`, Value: `value-${i}`, Type: "String" as const })));
      return null;
    },
    requests: async (port, _s, c) => [await ssm(port, "GetParametersByPath", { Path: "/bench/path", Recursive: true }, c)],
    responseBytes: measure,
  },
  {
    name: "PutParameter (durable), 16 connections",
    goal: "≥ 1,000/s",
    async seed() { runId += 1; return runId; },
    requests: (port, seeded, c) => Promise.all(Array.from({ length: 4000 }, (_, i) => ssm(port, "PutParameter", { Name: `/bench/put/r${String(seeded)}/p${i}`, Value: `v${i}`, Type: "String", Overwrite: true }, c))),
    responseBytes: measure,
  },
];
