// `paramstore agent`: a local caching agent with the HTTP interface of the AWS Parameters and Secrets
// Lambda Extension, for apps that already speak it (or want a cache without an SDK).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LruTtlCache } from "./agent-cache.js";
import { agentHandler } from "./agent-server.js";
import { AWS_OPTIONS, AWS_OPTIONS_USAGE, clientSettings, secretsClient, ssmClient } from "./aws-options.js";

export const AGENT_USAGE = `usage: paramstore agent [--listen 127.0.0.1:2773] [--ttl SECONDS] [--max-entries N] [--token T]

Serves GET /systemsmanager/parameters/get?name=N&withDecryption=true&version=&label= and
GET /secretsmanager/get?secretId=ID&versionId=&versionStage= as the AWS Parameters and Secrets
Lambda Extension does: the GetParameter / GetSecretValue JSON body, cached per request for the TTL
(least recently used dropped past --max-entries), upstream errors passed through with their status.
Every request needs the header X-Aws-Parameters-Secrets-Token (401 without it): --token, else
$PARAMSTORE_AGENT_TOKEN, else a random token written to a 0600 file whose path is printed.
  --listen HOST:PORT  default 127.0.0.1:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, else 127.0.0.1:2773
  --ttl SECONDS       both caches; default $SSM_PARAMETER_STORE_TTL / $SECRETS_MANAGER_TTL, else 300; 0 disables
  --max-entries N     default $PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE, else 1000; 0 disables
  PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED=false disables the cache.

${AWS_OPTIONS_USAGE}`;

interface AgentConfig {
  readonly host: string;
  readonly port: number;
  readonly ssmTtlSeconds: number;
  readonly secretsTtlSeconds: number;
  readonly maxEntries: number;
}

export async function runAgent(argv: string[]): Promise<number> {
  if (argv[0] === "help" || argv.includes("--help")) return usage(0);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { ...AWS_OPTIONS, listen: { type: "string" }, ttl: { type: "string" }, "max-entries": { type: "string" }, token: { type: "string" } },
  });
  const config = agentConfig(values, process.env);
  const settings = clientSettings(values, process.env);
  const { token, cleanup } = agentToken(values.token ?? process.env.PARAMSTORE_AGENT_TOKEN);
  const ssm = ssmClient(settings);
  const sm = secretsClient(settings);
  const server = createServer(
    agentHandler({ ssm, sm, token, cache: new LruTtlCache(config.maxEntries), ssmTtlSeconds: config.ssmTtlSeconds, secretsTtlSeconds: config.secretsTtlSeconds, nowMs: () => Date.now() }),
  );
  try {
    await listen(server, config.host, config.port);
  } catch (e) {
    cleanup();
    throw e;
  }
  const { port } = server.address() as AddressInfo; // a TCP listener
  const where = config.host.includes(":") ? `[${config.host}]` : config.host;
  process.stderr.write(`paramstore agent: listening on http://${where}:${port} (upstream ${settings.ssmEndpoint ?? "AWS"}, ttl ${config.ssmTtlSeconds}s/${config.secretsTtlSeconds}s, ${config.maxEntries} entries)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  ssm.destroy();
  sm.destroy();
  cleanup();
  return 0;
}

function agentConfig(values: { listen?: string; ttl?: string; "max-entries"?: string }, env: NodeJS.ProcessEnv): AgentConfig {
  const listen = values.listen ?? `127.0.0.1:${env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || "2773"}`;
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!host || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--listen ${listen}: expected HOST:PORT`);
  const cacheOff = (env.PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED ?? "").toLowerCase() === "false";
  return {
    host,
    port,
    ssmTtlSeconds: seconds("--ttl", values.ttl ?? env.SSM_PARAMETER_STORE_TTL, 300),
    secretsTtlSeconds: seconds("--ttl", values.ttl ?? env.SECRETS_MANAGER_TTL, 300),
    maxEntries: cacheOff ? 0 : seconds("--max-entries", values["max-entries"] ?? env.PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE, 1000),
  };
}

/** A non-negative integer flag or variable (seconds or a count), its default when unset. */
function seconds(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${raw}: expected a whole number >= 0`);
  return n;
}

/** The given token, or a random one in a fresh 0700 directory's 0600 file (removed when the agent stops). */
function agentToken(given: string | undefined): { token: string; cleanup: () => void } {
  if (given) return { token: given, cleanup: () => undefined };
  const token = randomBytes(32).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), "paramstore-agent-"));
  const file = join(dir, "token");
  writeFileSync(file, token, { mode: 0o600, flag: "wx" });
  process.stderr.write(`paramstore agent: token in ${file} (send it as X-Aws-Parameters-Secrets-Token)\n`);
  return { token, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => { server.off("error", reject); resolve(); });
  });
}

function usage(code: number): number {
  process.stderr.write(AGENT_USAGE);
  return code;
}
