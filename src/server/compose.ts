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
import { bootSeal } from "../crypto/seal/boot.js";
import { describeSeal, envPassphrase, type PassphraseSource } from "../crypto/seal/index.js";
import { SealManager } from "../crypto/seal/manager.js";
import type { Job } from "../jobs/types.js";
import { createKmsService } from "../services/kms/index.js";
import { createSsmService } from "../services/ssm/index.js";
import type { ServiceDeps } from "../services/deps.js";
import { SqliteStorage } from "../storage/sqlite/index.js";
import type { Storage } from "../storage/types.js";
import { createAdminHandler } from "./admin.js";
import { createHttpServer } from "./http-server.js";
import { resolveAccountId, resolveRootCredentials } from "./identity-bootstrap.js";
import { createPipeline, type HttpResponse, type RawRequest } from "./pipeline.js";
import { sealedApiResponse } from "./sealed.js";

export interface RunningServer {
  readonly port: number;
  readonly accountId: string;
  close(): Promise<void>;
}

/** What the server may ask its operator for at start (the CLI supplies a terminal prompt). */
export interface StartIo {
  readonly passphrase?: PassphraseSource;
}

/** The storage engine for a data directory (the one place that picks an engine). */
export function openStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return new SqliteStorage(dataDir);
}

export async function startServer(config: Config, logger: Logger = pino({ level: config.logLevel }), io: StartIo = {}): Promise<RunningServer> {
  const storage = openStorage(config.dataDir);
  try {
    return await startOnStorage(storage, config, logger, io);
  } catch (e) {
    await storage.close();
    throw e;
  }
}

async function startOnStorage(storage: Storage, config: Config, logger: Logger, io: StartIo): Promise<RunningServer> {
  const accountId = await resolveAccountId(storage, config.accountId);
  const root = resolveRootCredentials(config.dataDir, { id: config.rootAccessKeyId, secret: config.rootSecretAccessKey });
  if (root.generated) {
    process.stderr.write(
      `\nparamstore: root credentials for account ${accountId} (shown once; also in ${config.dataDir}/credentials, profile "paramstore"):\n` +
        `  aws_access_key_id     = ${root.accessKeyId}\n  aws_secret_access_key = ${root.secretAccessKey}\n\n`,
    );
  }
  const barrier = await Barrier.attach(storage);
  const seal = await bootSeal({ storage, barrier, dataDir: config.dataDir, logger }, config.seal, io.passphrase ?? envPassphrase(process.env));
  if (seal.config.mode === "file") {
    logger.warn({ seal: "file", created: seal.created }, "DEVELOPMENT SEAL: the root key is stored in a plain file in the data directory; use --seal passphrase or shamir in production");
  } else {
    logger.info({ seal: seal.config.mode, created: seal.created }, `sealed by ${describeSeal(seal.config)}`);
  }

  const clock = (): Date => new Date();
  const credentials = chainResolvers([rootResolver(accountId, root.accessKeyId, root.secretAccessKey)]);
  // Services are built at the first unseal, not at boot: some decrypt barrier data when created, and a
  // sealed server has no keys (ARCHITECTURE.md §5). A later seal keeps them; the pipeline refuses calls.
  let api: { handle: (raw: RawRequest) => Promise<HttpResponse>; timers: NodeJS.Timeout[] } | undefined;
  const buildApi = async (): Promise<void> => {
    if (api) return;
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
      credentials,
      authorizer: rootOnlyAuthorizer,
      audit,
      internal: { kms: kms.internal },
      isSealed: () => barrier.isSealed,
      clock,
      logger,
    });
    api = { handle, timers: jobs.map((job) => startJob(job, clock, logger, () => barrier.isSealed)) };
  };
  if (!seal.sealed) await buildApi();
  const manager = new SealManager({ storage, barrier, dataDir: config.dataDir, logger, config: seal.config, clock, afterUnseal: buildApi });
  const admin = createAdminHandler({ manager, credentials, clock, logger });
  const handle = (raw: RawRequest): Promise<HttpResponse> =>
    api && !barrier.isSealed ? api.handle(raw) : Promise.resolve(sealedApiResponse(raw));
  const tls = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
  const server = createHttpServer({
    tls,
    handle,
    logger,
    plain: async (req, body) => {
      if (req.method === "GET" && (req.url === "/health" || req.url?.startsWith("/health?"))) {
        const sealed = barrier.isSealed;
        return { status: sealed ? 503 : 200, headers: { "content-type": "application/json" }, body: JSON.stringify(sealed ? { status: "sealed" } : { status: "ok", accountId }) };
      }
      return admin(req, body);
    },
  });
  await listen(server, config.port, config.host);
  const port = (server.address() as AddressInfo).port; // listening on TCP, so an AddressInfo
  logger.info({ port, host: config.host, accountId, tls: !!tls, dataDir: config.dataDir, sealed: barrier.isSealed }, "paramstore listening");
  if (barrier.isSealed) logSealed(logger, manager, `${tls ? "https" : "http"}://${config.host}:${port}`);
  return {
    port,
    accountId,
    async close() {
      api?.timers.forEach(clearInterval);
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

function logSealed(logger: Logger, manager: SealManager, endpoint: string): void {
  const st = manager.status();
  const need = st.threshold === undefined ? "" : ` (${st.threshold} of ${st.shares} shares)`;
  logger.warn({ sealed: true, seal: st.mode }, `SEALED: the API refuses every call until \`paramstore operator unseal --endpoint ${endpoint}\`${need}`);
}

/** Runs a job on its interval; never while sealed (jobs decrypt and write through the barrier). */
function startJob(job: Job, clock: () => Date, logger: Logger, isSealed: () => boolean): NodeJS.Timeout {
  let running = false;
  const t = setInterval(() => {
    if (running || isSealed()) return;
    running = true;
    job.run(clock()).catch((e: unknown) => logger.error({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "job failed"))
      .finally(() => { running = false; });
  }, job.intervalMs);
  t.unref();
  return t;
}
