// Composition root: storage, barrier, services, pipeline, HTTP listener, jobs.
import { readFileSync } from "node:fs";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { Config } from "../config.js";
import { rootOnlyAuthorizer } from "../auth/authorizer.js";
import { chainResolvers, rootResolver } from "../auth/credentials.js";
import { createAuditSink } from "../audit/index.js";
import { Barrier } from "../crypto/barrier.js";
import { loadOrCreateKeyFile } from "../crypto/seal/key-file.js";
import type { Job } from "../jobs/types.js";
import { createKmsService } from "../services/kms/index.js";
import { createSsmService } from "../services/ssm/index.js";
import type { ServiceDeps } from "../services/deps.js";
import { SqliteStorage } from "../storage/sqlite/index.js";
import { createHttpServer } from "./http-server.js";
import { resolveAccountId, resolveRootCredentials } from "./identity-bootstrap.js";
import { createPipeline } from "./pipeline.js";

export interface RunningServer {
  readonly port: number;
  readonly accountId: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const storage = new SqliteStorage(config.dataDir);
  const accountId = await resolveAccountId(storage, config.accountId);
  const root = resolveRootCredentials(config.dataDir, { id: config.rootAccessKeyId, secret: config.rootSecretAccessKey });
  if (root.generated) {
    process.stderr.write(
      `\nparamstore: root credentials for account ${accountId} (shown once; also in ${config.dataDir}/credentials, profile "paramstore"):\n` +
        `  aws_access_key_id     = ${root.accessKeyId}\n  aws_secret_access_key = ${root.secretAccessKey}\n\n`,
    );
  }
  const { rootKey, created } = loadOrCreateKeyFile(config.dataDir);
  logger.warn({ seal: "file", created }, "DEVELOPMENT SEAL: the root key is stored in a plain file in the data directory; use --seal passphrase or shamir in production");
  const barrier = await Barrier.open(storage, rootKey);
  rootKey.fill(0);

  const clock = (): Date => new Date();
  const deps: ServiceDeps = { storage, barrier, accountId, config, logger, clock };
  const kms = await createKmsService(deps);
  const ssm = await createSsmService(deps);
  const services = [ssm.definition, kms.definition];
  const jobs: Job[] = [...(kms.jobs ?? []), ...(ssm.jobs ?? [])];
  const audit = await createAuditSink(deps);

  const handle = createPipeline({
    accountId,
    services,
    storage,
    credentials: chainResolvers([rootResolver(accountId, root.accessKeyId, root.secretAccessKey)]),
    authorizer: rootOnlyAuthorizer,
    audit,
    internal: { kms: kms.internal },
    isSealed: () => barrier.isSealed,
    clock,
    logger,
  });
  const tls = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
  const server = createHttpServer({
    tls,
    handle,
    logger,
    plain: async (req) => {
      if (req.method === "GET" && (req.url === "/health" || req.url?.startsWith("/health?"))) {
        const sealed = barrier.isSealed;
        return { status: sealed ? 503 : 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ status: sealed ? "sealed" : "ok", accountId }) };
      }
      return null;
    },
  });
  await listen(server, config.port, config.host);
  const timers = jobs.map((job) => startJob(job, clock, logger));
  const port = (server.address() as AddressInfo).port; // listening on TCP, so an AddressInfo
  logger.info({ port, host: config.host, accountId, tls: !!tls, dataDir: config.dataDir }, "paramstore listening");
  return {
    port,
    accountId,
    async close() {
      timers.forEach(clearInterval);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await storage.close();
      barrier.seal();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function startJob(job: Job, clock: () => Date, logger: Logger): NodeJS.Timeout {
  let running = false;
  const t = setInterval(() => {
    if (running) return;
    running = true;
    job.run(clock()).catch((e: unknown) => logger.error({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "job failed"))
      .finally(() => { running = false; });
  }, job.intervalMs);
  t.unref();
  return t;
}
